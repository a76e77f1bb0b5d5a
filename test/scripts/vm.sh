# host: vms
# Virtual machines beside containers: QEMU/KVM under libvirt on the simulated host.
# A VM is one qemu-system-x86_64 process on the host running its own guest kernel;
# its disk is an image file on the host, its NIC a tap device on virbr0.
virsh net-list
grep -c -w vmx /proc/cpuinfo
grep -o -w -E 'vmx|ept' /proc/cpuinfo | sort | uniq -c
lsmod | grep kvm
systemd-detect-virt
ip -d link show virbr0
ip addr show virbr0
virsh list --all
free -m
virt-install --name web --memory 1024 --os-variant debian12 --import
virt-install --name web --memory 1024 --disk size=10 --os-variant plan9 --import
virt-install --name web --memory 1024 --disk size=10 --os-variant debian12
virt-install --name web --memory 1024 --vcpus 1 --disk size=10 --os-variant debian12 --import --noautoconsole
virt-install --name web --memory 1024 --vcpus 1 --disk size=10 --os-variant debian12 --import --noautoconsole
virsh list
virsh domstate web
sleep 30
virsh list --all
free -m
ps -eo pid,user,rss,comm | grep -E 'libvirtd|dnsmasq|qemu'
virsh dominfo web
virsh dommemstat web
virsh domifaddr web
ip link show vnet0
ip link show virbr0
ls -l /var/lib/libvirt/images
qemu-img info /var/lib/libvirt/images/web.qcow2
qemu-img info -U /var/lib/libvirt/images/web.qcow2
virsh console web
virsh console web
  hostname
  systemd-detect-virt
  grep -c hypervisor /proc/cpuinfo
  echo 'written in the guest' > /root/note.txt
  ^]
virsh suspend web
virsh list
virsh resume web
virsh resume web
virsh shutdown web
sleep 10
virsh list --all
free -m
ip link show vnet0
ls -l /var/lib/libvirt/images
virsh dommemstat web
virsh start web
virsh start web
sleep 30
virsh console web
  cat /root/note.txt
  ^]
virsh destroy web
virsh destroy web
ls -l /var/lib/libvirt/images
virsh start web
sleep 40
virsh managedsave web
virsh dominfo web
virsh list --all
free -m
ls -l /var/lib/libvirt/qemu/save
virsh undefine web
virsh start web
virsh list
virsh destroy web
virsh undefine web --remove-all-storage
virsh list --all
ls /var/lib/libvirt/images
virsh dominfo nosuch
virsh shutdown nosuch
virsh start
virsh frobnicate

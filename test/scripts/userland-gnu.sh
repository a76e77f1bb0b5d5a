# The host's GNU/Debian userland reading the kernel model.
sleep 1000 &
ps aux
ps -o pid,ppid,stat,comm
ls -l /etc/hostname /usr/bin/bash
ls -la /root
stat /etc/os-release
df -h
free -m
top -b -n 1 | head -12
pstree
id
uname -a
ip link
ip route get 8.8.8.8
iptables -t nat -L -n
lsns -t pid
cat /proc/1/status | grep -E '^(Name|Pid|PPid|Cap)'
cat /sys/fs/cgroup/system.slice/docker.service/cgroup.procs
find /etc -maxdepth 1 -name 'host*'
echo hello | tee /tmp/x | wc -c
printf '%s %d\n' answer 42
grep -c root /etc/passwd
cut -d: -f1 /etc/passwd | sort | head -3
ping -c 2 8.8.8.8
nslookup example.com
curl -sI http://example.com
curl -s http://localhost:9
hostname -i
systemctl status docker
kill %1
nosuch
cd /nope

# The same questions asked inside an alpine container: busybox applets, the container's namespaces.
docker run -d --name box alpine sleep 1000
docker exec box ps
docker exec box ps -o pid,comm
docker exec box ls -l /bin/ls /etc/alpine-release
docker exec box cat /etc/os-release
docker exec box hostname
docker exec box id
docker exec box ip addr
docker exec box ip route
docker exec box cat /sys/fs/cgroup/memory.max
docker exec box cat /proc/1/cgroup
docker exec box sh -c 'grep Cap /proc/self/status'
docker exec box ping -c 1 8.8.8.8
docker exec box nslookup example.com
docker exec box df -h /
docker exec box top -b -n 1
docker exec box sh -c 'nosuch; echo $?'
docker exec box hostname newname
docker exec box mount -t tmpfs none /mnt
docker run --rm ubuntu:22.04 ping -c 1 8.8.8.8
docker run --rm ubuntu:22.04 sh -c 'nosuch'
docker run --rm ubuntu:22.04 bash -c 'nosuch'
docker rm -f box

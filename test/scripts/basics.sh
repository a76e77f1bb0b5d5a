# The host: who and where am I?
hostname
id
pwd
echo "hello from $(hostname)"
uname -a
# A variable, a pipe, a status
X=42; echo $X | tr 2 7
false; echo "status $?"
nosuchcommand
sleep 3
date
ls /
cat /etc/os-release
ps -ef
cat /proc/self/status
ip addr
ip route
cat /sys/fs/cgroup/cgroup.controllers
cat /proc/self/cgroup
readlink /proc/self/ns/pid
lsns

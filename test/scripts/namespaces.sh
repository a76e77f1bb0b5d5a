# A UTS namespace: the hostname changes only inside it.
hostname
unshare --uts --fork bash
  hostname container
  hostname
  exit
hostname
# A PID namespace with its own /proc: the shell is PID 1.
unshare --pid --fork --mount-proc bash
  echo $$
  ps -ef
  exit
# A network namespace has only a loopback interface, and it is down.
unshare --net ip addr

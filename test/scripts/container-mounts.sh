# What runc mounts in a container: the overlay root, /proc, /dev, /sys and the
# three files dockerd writes, then the read-only and masked corners of /proc.
docker run --rm alpine cat /proc/self/mountinfo
docker run --rm alpine mount
# A masked file is /dev/null (char 1,3); a masked directory is an empty read-only tmpfs.
docker run --rm alpine ls -l /proc/kcore
docker run --rm alpine head -c 64 /proc/timer_list
docker run --rm alpine ls -A /proc/acpi
docker run --rm alpine touch /proc/acpi/x
# Read-only paths refuse writes, even from root.
docker run --rm alpine sh -c 'echo h > /proc/sysrq-trigger'
docker run --rm alpine sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
# --network host: the host's sysfs superblock (0:20, rw), mounted read-only.
docker run --rm --network host alpine grep -w sysfs /proc/self/mountinfo
# --privileged: no masked or read-only paths, /sys read-write.
docker run --rm --privileged alpine mount
# The host's own /proc has them all.
ls /proc/acpi /proc/bus /proc/scsi
ls -l /proc/kcore
head -3 /proc/timer_list
cat /proc/interrupts

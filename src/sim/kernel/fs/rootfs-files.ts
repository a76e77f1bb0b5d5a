/**
 * The files of the host's root filesystem: a Debian 12 (bookworm) install with
 * merged /usr, a `learner` user and Docker's directories.
 *
 * Models: what `debootstrap bookworm` plus the docker-ce packages leave on
 * disk, reduced to what the course's commands read: os-release, passwd/group/
 * shadow, hosts, resolv.conf (QEMU user networking: host 10.0.2.15/24, gateway
 * 10.0.2.2, DNS 10.0.2.3), home directories, and the programs in /usr/bin and
 * /usr/sbin as sized files without content.
 * SIMPLIFICATIONS: a few dozen programs, not the ~700 of a real install; no
 * shared libraries beyond the loader; sizes are those of the Debian 12 amd64 packages, rounded.
 */

import type { TreeSpec } from './tree.ts';

/** When the host was installed (file times of the rootfs). */
export const INSTALL_EPOCH_MS = Date.UTC(2025, 10, 20, 14, 2, 11);

export const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

const PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin
systemd-timesync:x:997:997:systemd Time Synchronization:/:/usr/sbin/nologin
messagebus:x:100:107::/nonexistent:/usr/sbin/nologin
sshd:x:101:65534::/run/sshd:/usr/sbin/nologin
learner:x:1000:1000:Learner,,,:/home/learner:/bin/bash
`;

const GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
dialout:x:20:
fax:x:21:
voice:x:22:
cdrom:x:24:learner
floppy:x:25:learner
tape:x:26:
sudo:x:27:learner
audio:x:29:learner
dip:x:30:learner
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
shadow:x:42:
utmp:x:43:
video:x:44:learner
sasl:x:45:
plugdev:x:46:learner
staff:x:50:
games:x:60:
users:x:100:learner
nogroup:x:65534:
systemd-journal:x:999:
systemd-network:x:998:
systemd-timesync:x:997:
input:x:996:
sgx:x:995:
kvm:x:994:
render:x:993:
netdev:x:106:learner
messagebus:x:107:
ssh:x:108:
docker:x:992:
learner:x:1000:
`;

const SHADOW = `root:*:20412:0:99999:7:::
daemon:*:20412:0:99999:7:::
bin:*:20412:0:99999:7:::
sys:*:20412:0:99999:7:::
sync:*:20412:0:99999:7:::
games:*:20412:0:99999:7:::
man:*:20412:0:99999:7:::
lp:*:20412:0:99999:7:::
mail:*:20412:0:99999:7:::
news:*:20412:0:99999:7:::
uucp:*:20412:0:99999:7:::
proxy:*:20412:0:99999:7:::
www-data:*:20412:0:99999:7:::
backup:*:20412:0:99999:7:::
list:*:20412:0:99999:7:::
irc:*:20412:0:99999:7:::
_apt:*:20412:0:99999:7:::
nobody:*:20412:0:99999:7:::
systemd-network:!*:20412::::::
systemd-timesync:!*:20412::::::
messagebus:!:20412::::::
sshd:!:20412::::::
learner:$y$j9T$Lr3Jq0nV7b2x1SxkPq0Zl.$0mJ4d6k2q7w9e1r3t5y7u9i1o3p5a7s9d1f3g5h7j9k:20412:0:99999:7:::
`;

function hosts(hostname: string): string {
  return `127.0.0.1\tlocalhost
127.0.1.1\t${hostname}

# The following lines are desirable for IPv6 capable hosts
::1     localhost ip6-localhost ip6-loopback
ff02::1 ip6-allnodes
ff02::2 ip6-allrouters
`;
}

const BASHRC = `# ~/.bashrc: executed by bash(1) for non-login shells.
PS1='\\u@\\h:\\w\\$ '
alias ls='ls --color=auto'
`;

const PROFILE = `# ~/.profile: executed by the command interpreter for login shells.
if [ -n "$BASH_VERSION" ]; then
    if [ -f "$HOME/.bashrc" ]; then
	. "$HOME/.bashrc"
    fi
fi
`;

/** Programs in /usr/bin (name → size in bytes). */
export const USR_BIN: Readonly<Record<string, number>> = {
  bash: 1265648, dash: 125560, cat: 44016, ls: 151344, cp: 151152, mv: 147056, rm: 72752, mkdir: 97552, rmdir: 52528,
  ln: 72880, touch: 97552, chmod: 64816, chown: 72976, chgrp: 68784, stat: 93232, echo: 39760, printf: 72848, env: 48240,
  id: 48304, whoami: 35664, hostname: 22720, uname: 35664, ps: 146928, top: 133272, kill: 31120, pkill: 31048, pgrep: 31048,
  free: 27128, sleep: 39760, true: 31504, false: 31504, grep: 203152, sed: 121288, head: 43952, tail: 68656, wc: 48304,
  sort: 122320, uniq: 43952, cut: 48240, tr: 48304, tee: 39824, find: 224848, xargs: 68656, du: 102736, df: 89392,
  mount: 59704, umount: 39128, findmnt: 68680, lsns: 56064, unshare: 72848, nsenter: 43952, chroot: 43968, mktemp: 43952,
  readlink: 43952, realpath: 43952, basename: 35696, dirname: 35696, pwd: 39760, date: 109744, test: 43952, ip: 791864,
  ping: 89768, curl: 297736, wget: 531240, nc: 43240, ss: 182704, less: 182920, vi: 2795072, nano: 283200, tar: 531128,
  gzip: 98136, which: 1073, su: 72000, sudo: 281624, sh: 0, setpriv: 60448, capsh: 31168, getpcaps: 14592, timeout: 43952,
  yes: 35664, seq: 52336, nproc: 35664, awk: 722448, journalctl: 84960, systemctl: 1247872,
  docker: 40000000, dockerd: 79000000, containerd: 38000000, 'containerd-shim-runc-v2': 11000000, ctr: 21000000,
  runc: 11300000, 'docker-proxy': 2500000, 'docker-init': 764920,
};

/** Programs in /usr/sbin. */
export const USR_SBIN: Readonly<Record<string, number>> = {
  pivot_root: 14648, switch_root: 18744, iptables: 99288, 'iptables-legacy': 99288, 'iptables-nft': 228856, sysctl: 27000,
  init: 0, nologin: 14640, useradd: 149000, groupadd: 84000, mkfs: 14648, 'mkfs.ext4': 137304, losetup: 76000,
  brctl: 60000, bridge: 145000, tc: 604000, agetty: 68000,
};

/** The host's root filesystem as a tree spec. */
export function rootfsSpec(hostname: string): TreeSpec {
  const spec: TreeSpec = {
    bin: { symlink: 'usr/bin' },
    sbin: { symlink: 'usr/sbin' },
    lib: { symlink: 'usr/lib' },
    lib64: { symlink: 'usr/lib64' },
    boot: { dir: true },
    dev: { dir: true },
    etc: { dir: true },
    home: { dir: true },
    media: { dir: true },
    mnt: { dir: true },
    opt: { dir: true },
    proc: { dir: true, mode: 0o555 },
    root: { dir: true, mode: 0o700 },
    run: { dir: true },
    srv: { dir: true },
    sys: { dir: true, mode: 0o555 },
    tmp: { dir: true, mode: 0o1777 },
    usr: { dir: true },
    var: { dir: true },
    'usr/lib/os-release': OS_RELEASE,
    'usr/lib64/ld-linux-x86-64.so.2': { symlink: '/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2' },
    'usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2': { file: null, size: 210968, mode: 0o755 },
    'usr/lib/x86_64-linux-gnu/libc.so.6': { file: null, size: 1922136, mode: 0o755 },
    'usr/local/bin': { dir: true },
    'usr/share/doc': { dir: true },
    'usr/bin/sh': { symlink: 'dash' },
    'etc/os-release': { symlink: '../usr/lib/os-release' },
    'etc/debian_version': '12.11\n',
    'etc/issue': 'Debian GNU/Linux 12 \\n \\l\n\n',
    'etc/hostname': `${hostname}\n`,
    'etc/hosts': hosts(hostname),
    'etc/resolv.conf': 'nameserver 10.0.2.3\n',
    'etc/passwd': PASSWD,
    'etc/group': GROUP,
    'etc/shadow': { file: SHADOW, mode: 0o640, gid: 42 },
    'etc/gshadow': { file: GROUP.replace(/:x:\d+:/g, ':!::'), mode: 0o640, gid: 42 },
    'etc/subuid': 'learner:100000:65536\n',
    'etc/subgid': 'learner:100000:65536\n',
    'etc/shells': '# /etc/shells: valid login shells\n/bin/sh\n/usr/bin/sh\n/bin/bash\n/usr/bin/bash\n/bin/dash\n/usr/bin/dash\n',
    'etc/fstab': '# <file system> <mount point>   <type>  <options>       <dump>  <pass>\n/dev/sda1 /               ext4    errors=remount-ro 0       1\n',
    'etc/mtab': { symlink: '../proc/self/mounts' },
    'etc/machine-id': '5c1f0e6a9b3d4e7f8a2b1c0d9e8f7a6b\n',
    'etc/docker': { dir: true },
    'etc/skel/.bashrc': BASHRC,
    'etc/skel/.profile': PROFILE,
    'root/.bashrc': BASHRC,
    'root/.profile': PROFILE,
    'home/learner': { dir: true, mode: 0o700, uid: 1000, gid: 1000 },
    'home/learner/.bashrc': { file: BASHRC, uid: 1000, gid: 1000 },
    'home/learner/.profile': { file: PROFILE, uid: 1000, gid: 1000 },
    'var/run': { symlink: '/run' },
    'var/lock': { symlink: '/run/lock' },
    'var/tmp': { dir: true, mode: 0o1777 },
    'var/log': { dir: true },
    'var/cache': { dir: true },
    'var/spool': { dir: true },
    'var/mail': { dir: true, mode: 0o2775, gid: 8 },
    'var/backups': { dir: true },
    'var/lib/dpkg': { dir: true },
    'var/lib/containerd': { dir: true, mode: 0o711 },
    'var/lib/docker': { dir: true, mode: 0o710 },
    'var/lib/docker/overlay2': { dir: true, mode: 0o710 },
    'var/lib/docker/overlay2/l': { dir: true, mode: 0o700 },
    'var/lib/docker/containers': { dir: true, mode: 0o710 },
    'var/lib/docker/image/overlay2': { dir: true, mode: 0o700 },
    'var/lib/docker/volumes': { dir: true, mode: 0o701 },
    'var/lib/docker/network/files': { dir: true, mode: 0o750 },
    'var/lib/docker/tmp': { dir: true, mode: 0o700 },
  };
  for (const [name, size] of Object.entries(USR_BIN)) {
    if (name !== 'sh') spec[`usr/bin/${name}`] = { file: null, size, mode: 0o755 };
  }
  for (const [name, size] of Object.entries(USR_SBIN)) {
    if (name !== 'init') spec[`usr/sbin/${name}`] = { file: null, size, mode: 0o755 };
  }
  spec['usr/sbin/init'] = { symlink: '/lib/systemd/systemd' };
  spec['usr/lib/systemd/systemd'] = { file: null, size: 92008, mode: 0o755 };
  spec['usr/bin/su'] = { file: null, size: USR_BIN.su ?? 72000, mode: 0o4755 };
  spec['usr/bin/sudo'] = { file: null, size: USR_BIN.sudo ?? 281624, mode: 0o4755 };
  return spec;
}

/** /dev on the host (devtmpfs): device numbers from Documentation/admin-guide/devices.txt. */
export const DEV_SPEC: TreeSpec = {
  null: { dev: 'char', major: 1, minor: 3, mode: 0o666 },
  zero: { dev: 'char', major: 1, minor: 5, mode: 0o666 },
  full: { dev: 'char', major: 1, minor: 7, mode: 0o666 },
  random: { dev: 'char', major: 1, minor: 8, mode: 0o666 },
  urandom: { dev: 'char', major: 1, minor: 9, mode: 0o666 },
  tty: { dev: 'char', major: 5, minor: 0, mode: 0o666, gid: 5 },
  console: { dev: 'char', major: 5, minor: 1, mode: 0o600 },
  ptmx: { dev: 'char', major: 5, minor: 2, mode: 0o666, gid: 5 },
  kmsg: { dev: 'char', major: 1, minor: 11, mode: 0o644 },
  tty0: { dev: 'char', major: 4, minor: 0, mode: 0o620, gid: 5 },
  tty1: { dev: 'char', major: 4, minor: 1, mode: 0o620, gid: 5 },
  ttyS0: { dev: 'char', major: 4, minor: 64, mode: 0o660, gid: 20 },
  sda: { dev: 'block', major: 8, minor: 0, mode: 0o660, gid: 6 },
  sda1: { dev: 'block', major: 8, minor: 1, mode: 0o660, gid: 6 },
  kvm: { dev: 'char', major: 10, minor: 232, mode: 0o660, gid: 994 },
  'net/tun': { dev: 'char', major: 10, minor: 200, mode: 0o666 },
  fd: { symlink: '/proc/self/fd' },
  stdin: { symlink: '/proc/self/fd/0' },
  stdout: { symlink: '/proc/self/fd/1' },
  stderr: { symlink: '/proc/self/fd/2' },
  core: { symlink: '/proc/kcore' },
  pts: { dir: true },
  shm: { dir: true, mode: 0o1777 },
  mqueue: { dir: true, mode: 0o1777 },
  hugepages: { dir: true },
};

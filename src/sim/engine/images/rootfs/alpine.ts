/**
 * Alpine Linux minirootfs (the single layer of alpine:3.x): musl libc, busybox
 * with its applets as symlinks in /bin, /sbin, /usr/bin and /usr/sbin, apk.
 *
 * Models: alpine-minirootfs-<ver>-x86_64.tar.gz as the alpine image's ADD
 * unpacks it (gitlab.alpinelinux.org/alpine/aports: main/alpine-baselayout,
 * main/busybox busybox.links).
 * SIMPLIFICATIONS: apk's database, certificates and most of /etc are reduced to
 * the files lessons read; applet lists are those of 3.19-3.22 (identical for
 * what is shown); busybox's size is the 3.22 package's.
 */

import type { TreeSpec } from '../../../kernel/fs/tree.ts';
import { applets, blob, dir, exe, link, text } from './common.ts';

export const ALPINE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const BIN_APPLETS = [
  'arch', 'ash', 'base64', 'bbconfig', 'cat', 'chattr', 'chgrp', 'chmod', 'chown', 'cp', 'date', 'dd', 'df', 'dmesg', 'dnsdomainname',
  'dumpkmap', 'echo', 'egrep', 'false', 'fatattr', 'fdflush', 'fgrep', 'fsync', 'getopt', 'grep', 'gunzip', 'gzip', 'hostname', 'ionice',
  'iostat', 'ipcalc', 'kbd_mode', 'kill', 'link', 'linux32', 'linux64', 'ln', 'login', 'ls', 'lsattr', 'lzop', 'makemime', 'mkdir',
  'mknod', 'mktemp', 'more', 'mount', 'mountpoint', 'mpstat', 'mv', 'netstat', 'nice', 'pidof', 'ping', 'ping6', 'pipe_progress',
  'printenv', 'ps', 'pwd', 'reformime', 'rev', 'rm', 'rmdir', 'run-parts', 'sed', 'setpriv', 'setserial', 'sh', 'sleep', 'stat', 'stty',
  'su', 'sync', 'tar', 'touch', 'true', 'umount', 'uname', 'usleep', 'watch', 'zcat',
];

const SBIN_APPLETS = [
  'acpid', 'adjtimex', 'arp', 'blkid', 'blockdev', 'depmod', 'fbsplash', 'fdisk', 'findfs', 'fsck', 'fstrim', 'getty', 'halt', 'hwclock',
  'ifconfig', 'ifdown', 'ifenslave', 'ifup', 'init', 'inotifyd', 'insmod', 'ip', 'ipaddr', 'iplink', 'ipneigh', 'iproute', 'iprule',
  'iptunnel', 'klogd', 'loadkmap', 'logread', 'losetup', 'lsmod', 'mdev', 'mkdosfs', 'mkfs.vfat', 'mkswap', 'modinfo', 'modprobe',
  'nameif', 'nologin', 'pivot_root', 'poweroff', 'raidautorun', 'reboot', 'rmmod', 'route', 'setconsole', 'slattach', 'swapoff', 'swapon',
  'switch_root', 'sysctl', 'syslogd', 'tunctl', 'udhcpc', 'vconfig', 'watchdog',
];

const USR_BIN_APPLETS = [
  '[', '[[', 'awk', 'basename', 'bc', 'beep', 'blkdiscard', 'bunzip2', 'bzcat', 'bzip2', 'cal', 'chvt', 'cksum', 'clear', 'cmp', 'comm',
  'cpio', 'crontab', 'cryptpw', 'cut', 'dc', 'deallocvt', 'diff', 'dirname', 'dos2unix', 'du', 'eject', 'env', 'expand', 'expr', 'factor',
  'fallocate', 'find', 'flock', 'fold', 'free', 'fuser', 'groups', 'hd', 'head', 'hexdump', 'hostid', 'id', 'install', 'ipcrm', 'ipcs',
  'killall', 'last', 'less', 'logger', 'lsof', 'lsusb', 'lzcat', 'lzma', 'lzopcat', 'md5sum', 'mesg', 'microcom', 'mkfifo', 'mkpasswd',
  'nc', 'nl', 'nmeter', 'nohup', 'nproc', 'nsenter', 'nslookup', 'od', 'openvt', 'passwd', 'paste', 'pgrep', 'pkill', 'pmap', 'printf',
  'pscan', 'pstree', 'pwdx', 'readlink', 'realpath', 'renice', 'reset', 'resize', 'seq', 'setkeycodes', 'setsid', 'sha1sum', 'sha256sum',
  'sha3sum', 'sha512sum', 'showkey', 'shred', 'shuf', 'sort', 'split', 'strings', 'sum', 'tac', 'tail', 'tee', 'test', 'time', 'timeout',
  'top', 'tr', 'traceroute', 'traceroute6', 'tree', 'truncate', 'tty', 'ttysize', 'udhcpc6', 'unexpand', 'uniq', 'unix2dos', 'unlink',
  'unlzma', 'unlzop', 'unshare', 'unxz', 'unzip', 'uptime', 'uudecode', 'uuencode', 'vi', 'vlock', 'volname', 'wc', 'wget', 'which',
  'whoami', 'whois', 'xargs', 'xxd', 'xzcat', 'yes',
];

const USR_SBIN_APPLETS = [
  'add-shell', 'addgroup', 'adduser', 'arping', 'brctl', 'chpasswd', 'chroot', 'crond', 'delgroup', 'deluser', 'fbset', 'killall5',
  'loadfont', 'nanddump', 'nandwrite', 'nbd-client', 'ntpd', 'partprobe', 'rdate', 'rdev', 'readahead', 'remove-shell', 'sendmail',
  'setfont', 'setlogcons',
];

/** Every busybox applet an Alpine image links, by directory (for tests and `busybox --list`). */
export const ALPINE_APPLETS = { bin: BIN_APPLETS, sbin: SBIN_APPLETS, 'usr/bin': USR_BIN_APPLETS, 'usr/sbin': USR_SBIN_APPLETS };

export const ALPINE_PASSWD = `root:x:0:0:root:/root:/bin/sh
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/mail:/sbin/nologin
news:x:9:13:news:/usr/lib/news:/sbin/nologin
uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin
cron:x:16:16:cron:/var/spool/cron:/sbin/nologin
ftp:x:21:21::/var/lib/ftp:/sbin/nologin
sshd:x:22:22:sshd:/dev/null:/sbin/nologin
games:x:35:35:games:/usr/games:/sbin/nologin
ntp:x:123:123:NTP:/var/empty:/sbin/nologin
guest:x:405:100:guest:/dev/null:/sbin/nologin
nobody:x:65534:65534:nobody:/:/sbin/nologin
`;

export const ALPINE_GROUP = `root:x:0:root
bin:x:1:root,bin,daemon
daemon:x:2:root,bin,daemon
sys:x:3:root,bin
adm:x:4:root,daemon
tty:x:5:
disk:x:6:root
lp:x:7:lp
kmem:x:9:
wheel:x:10:root
floppy:x:11:root
mail:x:12:mail
news:x:13:news
uucp:x:14:uucp
cron:x:16:cron
console:x:17:
audio:x:18:
cdrom:x:19:
dialout:x:20:root
ftp:x:21:
sshd:x:22:
input:x:23:
tape:x:26:root
video:x:27:root
netdev:x:28:
kvm:x:34:kvm
games:x:35:
shadow:x:42:
www-data:x:82:
users:x:100:games
ntp:x:123:
abuild:x:300:
utmp:x:406:
ping:x:999:
nogroup:x:65533:
nobody:x:65534:
`;

function shadow(passwd: string): string {
  return passwd
    .split('\n')
    .filter(Boolean)
    .map((l) => `${l.split(':')[0]}:${l.startsWith('root:') ? '*' : '!'}::0:::::\n`)
    .join('');
}

export function alpineOsRelease(version: string): string {
  const minor = version.split('.').slice(0, 2).join('.');
  return `NAME="Alpine Linux"
ID=alpine
VERSION_ID=${version}
PRETTY_NAME="Alpine Linux v${minor}"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
`;
}

const PROFILE = `# Append "$1" to $PATH when not already in.
# Copied from Arch Linux, see #4196
append_path () {
    case ":$PATH:" in
        *:"$1":*)
            ;;
        *)
            PATH="\${PATH:+$PATH:}$1"
    esac
}

append_path "/usr/local/sbin"
append_path "/usr/local/bin"
append_path "/usr/sbin"
append_path "/usr/bin"
append_path "/sbin"
append_path "/bin"
unset -f append_path

export PATH
export PAGER=less
umask 022

# set up fallback default PS1
: "\${HOSTNAME:=$(hostname)}"
PS1='\${HOSTNAME%%.*}:$PWD'
[ "$(id -u)" -eq 0 ] && PS1="\${PS1}# " || PS1="\${PS1}\\$ "

# use nicer PS1 for bash and busybox ash
if [ -n "$BASH_VERSION" -o "$BB_ASH_VERSION" ]; then
	PS1='\\h:\\w\\$ '
# use nicer PS1 for zsh
elif [ -n "$ZSH_VERSION" ]; then
	PS1='%m:%~%# '
# set up fallback default PS1
else
	: "\${HOSTNAME:=$(hostname)}"
	PS1='\${HOSTNAME%%.*}:$PWD'
	[ "$(id -u)" -eq 0 ] && PS1="\${PS1}# " || PS1="\${PS1}\\$ "
fi

for script in /etc/profile.d/*.sh ; do
	if [ -r "$script" ] ; then
		. "$script"
	fi
done
unset script
`;

/** The minirootfs of Alpine `version` ("3.22.2"). */
export function alpineRootfs(version: string): TreeSpec {
  const minor = version.split('.').slice(0, 2).join('.');
  const spec: TreeSpec = {
    bin: dir(),
    dev: dir(),
    etc: dir(),
    home: dir(),
    lib: dir(),
    media: dir(),
    'media/cdrom': dir(),
    'media/floppy': dir(),
    'media/usb': dir(),
    mnt: dir(),
    opt: dir(),
    proc: dir(0o555),
    root: dir(0o700),
    run: dir(),
    sbin: dir(),
    srv: dir(),
    sys: dir(0o555),
    tmp: dir(0o1777),
    'usr/bin': dir(),
    'usr/sbin': dir(),
    'usr/lib': dir(),
    'usr/local/bin': dir(),
    'usr/local/lib': dir(),
    'usr/local/share': dir(),
    'usr/share/apk/keys': dir(),
    'usr/share/udhcpc/default.script': text('#!/bin/sh\n# udhcpc script edited by Tim Riker <Tim@Rikers.org>\n', 0o755),
    'var/cache/apk': dir(),
    'var/cache/misc': dir(),
    'var/empty': dir(0o555),
    'var/lib/apk': dir(),
    'var/lib/misc': dir(),
    'var/local': dir(),
    'var/lock': dir(),
    'var/log': dir(),
    'var/mail': dir(),
    'var/opt': dir(),
    'var/run': link('/run'),
    'var/spool/cron/crontabs': link('/etc/crontabs'),
    'var/tmp': dir(0o1777),
    'bin/busybox': exe('busybox', 808_712),
    'sbin/apk': exe('apk', 63_944),
    'sbin/ldconfig': exe('ldconfig', 393),
    'sbin/mkmntdirs': exe('mkmntdirs', 14_248),
    'usr/bin/getconf': exe('getconf', 34_624),
    'usr/bin/getent': exe('getent', 48_280),
    'usr/bin/iconv': exe('iconv', 22_536),
    'usr/bin/ldd': exe('ldd', 42),
    'usr/bin/scanelf': exe('scanelf', 79_384),
    'usr/bin/ssl_client': exe('ssl_client', 14_288),
    'lib/ld-musl-x86_64.so.1': blob(661_144),
    'lib/libc.musl-x86_64.so.1': link('ld-musl-x86_64.so.1'),
    'usr/lib/libcrypto.so.3': blob(4_543_000),
    'usr/lib/libssl.so.3': blob(694_000),
    'usr/lib/libz.so.1': link('libz.so.1.3.1'),
    'usr/lib/libz.so.1.3.1': blob(100_000),
    'usr/lib/libapk.so.2.14.0': blob(218_000),
    'usr/lib/os-release': alpineOsRelease(version),
    'etc/os-release': link('../usr/lib/os-release'),
    'etc/alpine-release': `${version}\n`,
    'etc/issue': `Welcome to Alpine Linux ${minor}\nKernel \\r on \\m (\\l)\n\n`,
    'etc/motd': `Welcome to Alpine!\n\nThe Alpine Wiki contains a large amount of how-to guides and general\ninformation about administrating Alpine systems.\nSee <https://wiki.alpinelinux.org/>.\n\nYou can setup the system with the command: setup-alpine\n\nYou may change this message by editing /etc/motd.\n\n`,
    'etc/hostname': 'localhost\n',
    'etc/hosts': '127.0.0.1\tlocalhost localhost.localdomain\n::1\t\tlocalhost localhost.localdomain\n',
    'etc/passwd': ALPINE_PASSWD,
    'etc/group': ALPINE_GROUP,
    'etc/shadow': text(shadow(ALPINE_PASSWD), 0o640, 0, 42),
    'etc/shells': '# valid login shells\n/bin/sh\n/bin/ash\n',
    'etc/profile': PROFILE,
    'etc/profile.d/color_prompt.sh.disabled': '# Setup a red prompt for root and a green one for users.\n',
    'etc/profile.d/locale.sh': 'export CHARSET=${CHARSET:-UTF-8}\nexport LANG=${LANG:-C.UTF-8}\nexport LC_COLLATE=${LC_COLLATE:-C}\n',
    'etc/fstab': '/dev/cdrom\t/media/cdrom\tiso9660\tnoauto,ro 0 0\n/dev/usbdisk\t/media/usb\tvfat\tnoauto,ro 0 0\n',
    'etc/inittab': '# /etc/inittab\n\n::sysinit:/sbin/openrc sysinit\n::sysinit:/sbin/openrc boot\n::wait:/sbin/openrc default\n',
    'etc/mtab': link('../proc/mounts'),
    'etc/nsswitch.conf': '# musl itself does not support NSS, however some third-party DNS\n# implementations use the nsswitch.conf file to determine what\n# policy to follow.\n# Editing this file is not recommended.\nhosts: files dns\n',
    'etc/securetty': 'console\ntty1\ntty2\ntty3\ntty4\ntty5\ntty6\n',
    'etc/sysctl.conf': '# content of this file will override /etc/sysctl.d/*\n',
    'etc/modules': 'af_packet\nipv6\n',
    'etc/apk/arch': 'x86_64\n',
    'etc/apk/repositories': `https://dl-cdn.alpinelinux.org/alpine/v${minor}/main\nhttps://dl-cdn.alpinelinux.org/alpine/v${minor}/community\n`,
    'etc/apk/world': 'alpine-baselayout\nalpine-keys\napk-tools\nbusybox\nca-certificates-bundle\nlibc-utils\nmusl-utils\n',
    'etc/apk/keys': dir(),
    'etc/apk/protected_paths.d': dir(),
    'etc/busybox-paths.d/busybox': [...BIN_APPLETS.map((a) => `bin/${a}`), ...SBIN_APPLETS.map((a) => `sbin/${a}`), ...USR_BIN_APPLETS.map((a) => `usr/bin/${a}`), ...USR_SBIN_APPLETS.map((a) => `usr/sbin/${a}`)].join('\n') + '\n',
    'etc/crontabs/root': text('# do daily/weekly/monthly maintenance\n# min\thour\tday\tmonth\tweekday\tcommand\n*/15\t*\t*\t*\t*\trun-parts /etc/periodic/15min\n0\t*\t*\t*\t*\trun-parts /etc/periodic/hourly\n0\t2\t*\t*\t*\trun-parts /etc/periodic/daily\n0\t3\t*\t*\t6\trun-parts /etc/periodic/weekly\n0\t5\t1\t*\t*\trun-parts /etc/periodic/monthly\n', 0o600),
    'etc/logrotate.d/acpid': '/var/log/acpid.log {\n\tmissingok\n\tnotifempty\n}\n',
    'etc/modprobe.d/blacklist.conf': '# blacklist modules we do not want\n',
    'etc/modules-load.d': dir(),
    'etc/network/if-up.d': dir(),
    'etc/opt': dir(),
    'etc/periodic/15min': dir(),
    'etc/periodic/daily': dir(),
    'etc/periodic/hourly': dir(),
    'etc/periodic/monthly': dir(),
    'etc/periodic/weekly': dir(),
    'etc/secfixes.d/alpine': 'secfixes:\n',
    'etc/ssl/certs/ca-certificates.crt': blob(222_000, 0o644),
    'etc/ssl/openssl.cnf': '#\n# OpenSSL example configuration file.\n',
    'etc/sysctl.d': dir(),
    'etc/udhcpc/udhcpc.conf': '# udhcpc configuration\n',
    'lib/apk/db/installed': 'P:alpine-baselayout\nP:busybox\nP:musl\nP:apk-tools\n',
    'lib/apk/db/lock': '',
    'lib/apk/db/scripts.tar': blob(10_240, 0o644),
    'lib/apk/db/triggers': '',
    'lib/firmware': dir(),
    'lib/modules-load.d': dir(),
    'lib/sysctl.d/00-alpine.conf': 'net.ipv4.ping_group_range = 999 59999\n',
  };
  Object.assign(spec, applets('bin', BIN_APPLETS), applets('sbin', SBIN_APPLETS), applets('usr/bin', USR_BIN_APPLETS), applets('usr/sbin', USR_SBIN_APPLETS));
  return spec;
}

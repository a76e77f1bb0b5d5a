/**
 * RPM-family base images: Fedora (39-43), CentOS (7, 8) and Oracle Linux 9
 * slim (the base of the mysql image). Merged /usr, bash, coreutils, a package
 * manager (dnf, yum or microdnf) and rpm.
 *
 * Models: the Fedora container base image (fedora-kiwi-descriptions
 * "Container-Base"), centos:7/8 (docker-library/centos, archived) and
 * oraclelinux:9-slim.
 * SIMPLIFICATIONS: program sets are cut down. Fedora's base image has no procps
 * (no ps), no iproute (ip), no iputils (ping) and no hostname command; CentOS 7
 * and 8 images had ps and hostname but no ip or ping; how exact these lists are
 * beyond those facts is uncertain. Oracle Linux slim uses coreutils-single.
 */

import type { TreeSpec } from '../../../kernel/fs/tree.ts';
import { blob, dir, exe, fhsSkeleton, link, programs, text } from './common.ts';
import { DEBIAN_IDS } from './debian.ts';

const CORE = [
  '[', 'arch', 'base64', 'basename', 'cat', 'chgrp', 'chmod', 'chown', 'cksum', 'comm', 'cp', 'cut', 'date', 'dd', 'df', 'dir',
  'dirname', 'du', 'echo', 'env', 'expand', 'expr', 'factor', 'false', 'fmt', 'fold', 'groups', 'head', 'id', 'install', 'join', 'link',
  'ln', 'logname', 'ls', 'md5sum', 'mkdir', 'mkfifo', 'mknod', 'mktemp', 'mv', 'nice', 'nl', 'nohup', 'nproc', 'od', 'paste', 'printenv',
  'printf', 'pwd', 'readlink', 'realpath', 'rm', 'rmdir', 'seq', 'sha1sum', 'sha256sum', 'sha512sum', 'shred', 'shuf', 'sleep', 'sort',
  'split', 'stat', 'stty', 'sum', 'sync', 'tac', 'tail', 'tee', 'test', 'timeout', 'touch', 'tr', 'true', 'truncate', 'tty', 'uname',
  'unexpand', 'uniq', 'unlink', 'users', 'vdir', 'wc', 'who', 'whoami', 'yes',
];

const COMMON = ['bash', 'sh', 'grep', 'egrep', 'fgrep', 'sed', 'gawk', 'awk', 'find', 'xargs', 'tar', 'gzip', 'gunzip', 'zcat', 'rpm', 'rpmkeys', 'rpmquery', 'rpmverify', 'getent', 'ldd', 'locale', 'iconv', 'mount', 'umount', 'su', 'login', 'more', 'curl', 'vi', 'setpriv', 'nsenter', 'unshare', 'findmnt', 'lsblk', 'whereis', 'mountpoint', 'flock', 'logger', 'setsid', 'namei', 'uuidgen', 'ionice', 'chrt', 'taskset', 'renice', 'ipcs', 'ipcrm', 'update-alternatives', 'tput', 'clear', 'reset', 'infocmp'];

const SBIN = ['ldconfig', 'useradd', 'userdel', 'usermod', 'groupadd', 'groupdel', 'groupmod', 'chroot', 'nologin', 'pivot_root', 'switch_root', 'agetty', 'sulogin', 'blkid', 'losetup', 'swapon', 'swapoff', 'mkswap', 'fsck', 'chpasswd', 'newusers', 'pwck', 'grpck', 'vipw', 'runuser', 'alternatives', 'update-alternatives'];

export const FEDORA_PASSWD = `root:x:0:0:Super User:/root:/bin/bash
bin:x:1:1:bin:/bin:/usr/sbin/nologin
daemon:x:2:2:daemon:/sbin:/usr/sbin/nologin
adm:x:3:4:adm:/var/adm:/usr/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/usr/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/spool/mail:/usr/sbin/nologin
operator:x:11:0:operator:/root:/usr/sbin/nologin
games:x:12:100:games:/usr/games:/usr/sbin/nologin
ftp:x:14:50:FTP User:/var/ftp:/usr/sbin/nologin
nobody:x:65534:65534:Kernel Overflow User:/:/usr/sbin/nologin
`;

export const RHEL_GROUP = `root:x:0:
bin:x:1:
daemon:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mem:x:8:
kmem:x:9:
wheel:x:10:
cdrom:x:11:
mail:x:12:
man:x:15:
dialout:x:18:
floppy:x:19:
games:x:20:
tape:x:33:
video:x:39:
ftp:x:50:
lock:x:54:
audio:x:63:
users:x:100:
nobody:x:65534:
utmp:x:22:
utempter:x:35:
input:x:999:
kvm:x:36:
render:x:998:
systemd-journal:x:190:
`;

export const CENTOS_PASSWD = `root:x:0:0:root:/root:/bin/bash
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
adm:x:3:4:adm:/var/adm:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/spool/mail:/sbin/nologin
operator:x:11:0:operator:/root:/sbin/nologin
games:x:12:100:games:/usr/games:/sbin/nologin
ftp:x:14:50:FTP User:/var/ftp:/sbin/nologin
nobody:x:99:99:Nobody:/:/sbin/nologin
systemd-network:x:192:192:systemd Network Management:/:/sbin/nologin
dbus:x:81:81:System message bus:/:/sbin/nologin
`;

export function fedoraOsRelease(v: number): string {
  const end: Record<number, string> = { 39: '2024-11-12', 40: '2025-05-13', 41: '2025-12-15', 42: '2026-05-13', 43: '2026-12-02' };
  const docs = v >= 41 ? `https://docs.fedoraproject.org/en-US/fedora/f${v}/` : `https://docs.fedoraproject.org/en-US/fedora/f${v}/system-administrators-guide/`;
  return `NAME="Fedora Linux"
VERSION="${v} (Container Image)"
RELEASE_TYPE=stable
ID=fedora
VERSION_ID=${v}
VERSION_CODENAME=""
PLATFORM_ID="platform:f${v}"
PRETTY_NAME="Fedora Linux ${v} (Container Image)"
ANSI_COLOR="0;38;2;60;110;180"
LOGO=fedora-logo-icon
CPE_NAME="cpe:/o:fedoraproject:fedora:${v}"
DEFAULT_HOSTNAME="fedora"
HOME_URL="https://fedoraproject.org/"
DOCUMENTATION_URL="${docs}"
SUPPORT_URL="https://ask.fedoraproject.org/"
BUG_REPORT_URL="https://bugzilla.redhat.com/"
REDHAT_BUGZILLA_PRODUCT="Fedora"
REDHAT_BUGZILLA_PRODUCT_VERSION=${v}
REDHAT_SUPPORT_PRODUCT="Fedora"
REDHAT_SUPPORT_PRODUCT_VERSION=${v}
SUPPORT_END=${end[v] ?? ''}
VARIANT="Container Image"
VARIANT_ID=container
`;
}

export const CENTOS7_OS_RELEASE = `NAME="CentOS Linux"
VERSION="7 (Core)"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="7"
PRETTY_NAME="CentOS Linux 7 (Core)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:centos:centos:7"
HOME_URL="https://www.centos.org/"
BUG_REPORT_URL="https://bugs.centos.org/"

CENTOS_MANTISBT_PROJECT="CentOS-7"
CENTOS_MANTISBT_PROJECT_VERSION="7"
REDHAT_SUPPORT_PRODUCT="centos"
REDHAT_SUPPORT_PRODUCT_VERSION="7"

`;

export const CENTOS8_OS_RELEASE = `NAME="CentOS Linux"
VERSION="8"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="8"
PLATFORM_ID="platform:el8"
PRETTY_NAME="CentOS Linux 8"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:centos:centos:8"
HOME_URL="https://centos.org/"
BUG_REPORT_URL="https://bugs.centos.org/"
CENTOS_MANTISBT_PROJECT="CentOS-8"
CENTOS_MANTISBT_PROJECT_VERSION="8"
`;

export const OL9_OS_RELEASE = `NAME="Oracle Linux Server"
VERSION="9.6"
ID="ol"
ID_LIKE="fedora"
VARIANT="Server"
VARIANT_ID="server"
VERSION_ID="9.6"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Oracle Linux Server 9.6"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:oracle:linux:9:6:server"
HOME_URL="https://linux.oracle.com/"
BUG_REPORT_URL="https://github.com/oracle/oracle-linux"

ORACLE_BUGZILLA_PRODUCT="Oracle Linux 9"
ORACLE_BUGZILLA_PRODUCT_VERSION=9.6
ORACLE_SUPPORT_PRODUCT="Oracle Linux"
ORACLE_SUPPORT_PRODUCT_VERSION=9.6
`;

const IDS: Readonly<Record<string, string>> = { ...DEBIAN_IDS, gawk: 'awk', sh: 'bash', alternatives: 'update-alternatives' };

interface RpmFlavour {
  osRelease: string;
  /** /etc/system-release and friends. */
  releaseFile: [string, string];
  passwd: string;
  group: string;
  pkg: readonly string[];
  extraBins?: readonly string[];
  without?: readonly string[];
  extra?: TreeSpec;
}

function rpmRootfs(f: RpmFlavour): TreeSpec {
  const skip = new Set(f.without ?? []);
  const bins = [...CORE, ...COMMON, ...f.pkg, ...(f.extraBins ?? [])].filter((b) => !skip.has(b) && b !== 'sh');
  const spec: TreeSpec = {
    ...fhsSkeleton(true, ['afs']),
    ...programs('usr/bin', bins, IDS),
    ...programs('usr/sbin', SBIN.filter((b) => !skip.has(b)), IDS),
    'usr/bin/bash': exe('bash', 1_406_000),
    'usr/bin/sh': link('bash'),
    'usr/lib/os-release': f.osRelease,
    'etc/os-release': link('../usr/lib/os-release'),
    [`etc/${f.releaseFile[0]}`]: f.releaseFile[1],
    'etc/system-release': link(f.releaseFile[0]),
    'etc/passwd': f.passwd,
    'etc/group': f.group,
    'etc/shadow': text(f.passwd.split('\n').filter(Boolean).map((l) => `${l.split(':')[0]}:${l.startsWith('root:') ? '!locked' : '*'}::0:99999:7:::\n`).join(''), 0o000),
    'etc/gshadow': text(f.group.split('\n').filter(Boolean).map((l) => `${l.split(':')[0]}:::\n`).join(''), 0o000),
    'etc/shells': '/bin/sh\n/bin/bash\n/usr/bin/sh\n/usr/bin/bash\n',
    'etc/hostname': '',
    'etc/profile': '# /etc/profile\n\n# System wide environment and startup programs, for login setup\n',
    'etc/bashrc': '# /etc/bashrc\n\n# System wide functions and aliases\n',
    'etc/nsswitch.conf': 'passwd:     files\nshadow:     files\ngroup:      files\nhosts:      files dns myhostname\n',
    'etc/localtime': link('../usr/share/zoneinfo/UTC'),
    'etc/ld.so.conf': 'include ld.so.conf.d/*.conf\n',
    'etc/ld.so.conf.d': dir(),
    'etc/ld.so.cache': blob(9_000, 0o644),
    'etc/machine-id': '',
    'etc/mtab': link('../proc/self/mounts'),
    'etc/pki/tls/certs': dir(),
    'etc/skel/.bashrc': '# .bashrc\n',
    'etc/skel/.bash_profile': '# .bash_profile\n',
    'etc/yum.repos.d': dir(),
    'usr/share/zoneinfo/UTC': blob(114, 0o644),
    'usr/lib64/libc.so.6': blob(2_400_000),
    'usr/lib64/ld-linux-x86-64.so.2': blob(860_000),
    'usr/lib64/librpm.so.10': blob(500_000),
    'var/lib/rpm': dir(),
    'var/cache/dnf': dir(),
    'var/log': dir(),
    'var/adm': dir(),
    'var/ftp': dir(),
    'var/spool/mail': dir(0o775, 0, 12),
    'var/mail': link('spool/mail'),
    'var/spool/lpd': dir(),
    'root/.bashrc': text('# .bashrc\n\n# User specific aliases and functions\n'),
    'root/.bash_profile': text('# .bash_profile\n'),
  };
  Object.assign(spec, f.extra ?? {});
  return spec;
}

export function fedoraRootfs(v: number): TreeSpec {
  return rpmRootfs({
    osRelease: fedoraOsRelease(v),
    releaseFile: ['fedora-release', `Fedora release ${v} (${v === 43 || v === 42 || v === 41 || v === 40 || v === 39 ? 'Container Image' : ''})\n`],
    passwd: FEDORA_PASSWD,
    group: RHEL_GROUP,
    pkg: v >= 41 ? ['dnf', 'dnf5', 'dnf4', 'yum'] : ['dnf', 'dnf-3', 'yum'],
    extra: { 'etc/dnf/dnf.conf': '[main]\ngpgcheck=True\ninstallonly_limit=3\nclean_requirements_on_remove=True\nbest=False\nskip_if_unavailable=True\ntsflags=nodocs\n' },
  });
}

export function centosRootfs(major: 7 | 8): TreeSpec {
  const release = major === 7 ? 'CentOS Linux release 7.9.2009 (Core)\n' : 'CentOS Linux release 8.4.2105\n';
  return rpmRootfs({
    osRelease: major === 7 ? CENTOS7_OS_RELEASE : CENTOS8_OS_RELEASE,
    releaseFile: ['centos-release', release],
    passwd: CENTOS_PASSWD,
    group: RHEL_GROUP,
    pkg: major === 7 ? ['yum', 'python', 'python2'] : ['dnf', 'yum', 'platform-python'],
    extraBins: ['ps', 'pgrep', 'pkill', 'top', 'free', 'kill', 'uptime', 'w', 'hostname', 'which'],
    without: major === 7 ? ['setpriv'] : [],
    extra: { 'etc/redhat-release': link('centos-release') },
  });
}

export function oracleSlimRootfs(): TreeSpec {
  return rpmRootfs({
    osRelease: OL9_OS_RELEASE,
    releaseFile: ['oracle-release', 'Oracle Linux Server release 9.6\n'],
    passwd: FEDORA_PASSWD.replace('root:x:0:0:Super User:', 'root:x:0:0:root:'),
    group: RHEL_GROUP,
    pkg: ['microdnf'],
    without: ['curl', 'vi', 'more', 'su', 'login'],
    extra: { 'etc/redhat-release': link('oracle-release') },
  });
}

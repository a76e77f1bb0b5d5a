/**
 * Debian and Ubuntu base images: the debootstrap "minbase" variant as
 * debuerreotype (Debian) and Ubuntu's cloud-images rootfs build it: bash, dash
 * as /bin/sh, coreutils, util-linux, grep/sed/findutils, tar/gzip, dpkg and apt;
 * no procps (ps, top), iproute2 (ip), iputils (ping), curl or an editor.
 *
 * Models: debian:{bullseye,bookworm,trixie}[-slim] and ubuntu:{14.04..24.04}.
 * SIMPLIFICATIONS: a selection of each package's files; binary sizes are
 * round figures of the amd64 packages; -slim differs only in lacking
 * /usr/share/doc and /usr/share/man.
 */

import type { TreeSpec } from '../../../kernel/fs/tree.ts';
import { blob, dir, exe, fhsSkeleton, link, programs, text } from './common.ts';

const COREUTILS = [
  '[', 'arch', 'b2sum', 'base32', 'base64', 'basename', 'basenc', 'cat', 'chcon', 'chgrp', 'chmod', 'chown', 'cksum', 'comm', 'cp', 'csplit',
  'cut', 'date', 'dd', 'df', 'dir', 'dircolors', 'dirname', 'du', 'echo', 'env', 'expand', 'expr', 'factor', 'false', 'fmt', 'fold', 'groups',
  'head', 'hostid', 'id', 'install', 'join', 'link', 'ln', 'logname', 'ls', 'md5sum', 'mkdir', 'mkfifo', 'mknod', 'mktemp', 'mv', 'nice',
  'nl', 'nohup', 'nproc', 'numfmt', 'od', 'paste', 'pathchk', 'pinky', 'pr', 'printenv', 'printf', 'ptx', 'pwd', 'readlink', 'realpath',
  'rm', 'rmdir', 'runcon', 'seq', 'sha1sum', 'sha224sum', 'sha256sum', 'sha384sum', 'sha512sum', 'shred', 'shuf', 'sleep', 'sort', 'split',
  'stat', 'stdbuf', 'stty', 'sum', 'sync', 'tac', 'tail', 'tee', 'test', 'timeout', 'touch', 'tr', 'true', 'truncate', 'tsort', 'tty',
  'uname', 'unexpand', 'uniq', 'unlink', 'users', 'vdir', 'wc', 'who', 'whoami', 'yes',
];

/** Programs of the other Priority: required packages (bash, util-linux, grep, sed, findutils, tar, gzip, hostname, debianutils, diffutils, dpkg, apt, perl-base, mawk, login, passwd). */
const OTHER_BIN = [
  'bash', 'dash', 'grep', 'egrep', 'fgrep', 'sed', 'find', 'xargs', 'tar', 'gzip', 'gunzip', 'zcat', 'hostname', 'dnsdomainname',
  'domainname', 'which', 'run-parts', 'savelog', 'tempfile', 'diff', 'cmp', 'diff3', 'sdiff', 'dpkg', 'dpkg-deb', 'dpkg-query', 'dpkg-split',
  'dpkg-divert', 'dpkg-trigger', 'dpkg-statoverride', 'dpkg-maintscript-helper', 'apt', 'apt-get', 'apt-cache', 'apt-config', 'apt-mark',
  'perl', 'mawk', 'mount', 'umount', 'findmnt', 'lsblk', 'more', 'mountpoint', 'nsenter', 'unshare', 'setpriv', 'su', 'login', 'passwd',
  'chfn', 'chsh', 'newgrp', 'gpasswd', 'getent', 'ldd', 'locale', 'iconv', 'ischroot', 'chrt', 'ionice', 'taskset', 'setsid', 'flock',
  'logger', 'mesg', 'wall', 'whereis', 'rev', 'renice', 'script', 'lscpu', 'lsipc', 'lslocks', 'lslogins', 'lsns', 'mcookie', 'namei',
  'prlimit', 'utmpdump', 'wdctl', 'uuidgen', 'ipcs', 'ipcmk', 'ipcrm', 'zgrep', 'zless', 'zmore', 'zdiff', 'gzexe', 'uncompress',
  'znew', 'zcmp', 'zegrep', 'zfgrep', 'zforce', 'debconf', 'debconf-show', 'update-alternatives', 'infocmp', 'tic', 'toe', 'tput', 'tset',
  'clear', 'reset', 'captoinfo', 'infotocap',
];

const SBIN = [
  'ldconfig', 'start-stop-daemon', 'useradd', 'userdel', 'usermod', 'groupadd', 'groupdel', 'groupmod', 'adduser', 'addgroup', 'deluser',
  'delgroup', 'chroot', 'pivot_root', 'switch_root', 'agetty', 'fsck', 'mkfs', 'mkswap', 'swapon', 'swapoff', 'losetup', 'blkid',
  'blockdev', 'nologin', 'shadowconfig', 'pam_getenv', 'unix_chkpwd', 'chpasswd', 'chgpasswd', 'newusers', 'pwck', 'grpck', 'vipw',
  'vigr', 'pwconv', 'pwunconv', 'grpconv', 'grpunconv', 'cpgr', 'cppw', 'runuser', 'sulogin', 'killall5', 'installkernel', 'rmt',
  'remove-shell', 'add-shell', 'update-shells', 'dpkg-preconfigure', 'dpkg-reconfigure', 'pam-auth-update', 'zic', 'iconvconfig',
  'faillock', 'mkhomedir_helper', 'pam_timestamp_check', 'wipefs', 'fstrim', 'hwclock', 'getty', 'ctrlaltdel', 'findfs', 'fsfreeze',
  'raw', 'chmem', 'e2fsck', 'mke2fs', 'tune2fs', 'debugfs', 'dumpe2fs', 'resize2fs',
];

/** Where a non-merged-/usr system (bullseye, Ubuntu <= 18.04) keeps binaries in /bin rather than /usr/bin. */
const ROOT_BIN = new Set([
  'bash', 'cat', 'chgrp', 'chmod', 'chown', 'cp', 'date', 'dd', 'df', 'dir', 'dnsdomainname', 'domainname', 'echo', 'egrep', 'false',
  'fgrep', 'findmnt', 'grep', 'gunzip', 'gzip', 'hostname', 'ln', 'login', 'ls', 'lsblk', 'mkdir', 'mknod', 'mktemp', 'more', 'mount',
  'mountpoint', 'mv', 'pwd', 'readlink', 'rm', 'rmdir', 'run-parts', 'sed', 'sleep', 'stty', 'su', 'sync', 'tar', 'tempfile', 'touch',
  'true', 'umount', 'uname', 'uncompress', 'vdir', 'wdctl', 'which', 'zcat', 'zcmp', 'zdiff', 'zegrep', 'zfgrep', 'zforce', 'zgrep',
  'zless', 'zmore', 'znew', 'gzexe', 'dash',
]);

/** sbin programs that live in /usr/sbin even without merged /usr. */
const USR_SBIN = new Set([
  'useradd', 'userdel', 'usermod', 'groupadd', 'groupdel', 'groupmod', 'adduser', 'addgroup', 'deluser', 'delgroup', 'chroot', 'chpasswd',
  'chgpasswd', 'newusers', 'pwck', 'grpck', 'vipw', 'vigr', 'pwconv', 'pwunconv', 'grpconv', 'grpunconv', 'cpgr', 'cppw', 'runuser',
  'remove-shell', 'add-shell', 'update-shells', 'dpkg-preconfigure', 'dpkg-reconfigure', 'pam-auth-update', 'zic', 'iconvconfig',
  'faillock', 'pam_getenv', 'rmt',
]);

/** Program id of each binary whose name differs from the id the userland registers. */
export const DEBIAN_IDS: Readonly<Record<string, string>> = {
  rbash: 'bash',
  egrep: 'grep',
  fgrep: 'grep',
  '[': 'test',
  dir: 'ls',
  vdir: 'ls',
  gunzip: 'gzip',
  zcat: 'gzip',
  mawk: 'awk',
  dnsdomainname: 'hostname',
  domainname: 'hostname',
};

export const DEBIAN_PASSWD_BASE = `root:x:0:0:root:/root:/bin/bash
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
`;

const GNATS_USER = 'gnats:x:41:41:Gnats Bug-Reporting System (admin):/var/lib/gnats:/usr/sbin/nologin\n';

/** /etc/passwd: newer releases dropped gnats and moved _apt to uid 42. */
export function debianPasswd(o: { gnats: boolean; ircHome: string; aptUid: number; extra?: string }): string {
  return (
    DEBIAN_PASSWD_BASE +
    `irc:x:39:39:ircd:${o.ircHome}:/usr/sbin/nologin\n` +
    (o.gnats ? GNATS_USER : '') +
    (o.aptUid === 42 ? `_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n` : `nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n_apt:x:100:65534::/nonexistent:/usr/sbin/nologin\n`) +
    (o.extra ?? '')
  );
}

export function debianGroup(o: { gnats: boolean; extra?: string }): string {
  const g = [
    'root:x:0:', 'daemon:x:1:', 'bin:x:2:', 'sys:x:3:', 'adm:x:4:', 'tty:x:5:', 'disk:x:6:', 'lp:x:7:', 'mail:x:8:', 'news:x:9:', 'uucp:x:10:',
    'man:x:12:', 'proxy:x:13:', 'kmem:x:15:', 'dialout:x:20:', 'fax:x:21:', 'voice:x:22:', 'cdrom:x:24:', 'floppy:x:25:', 'tape:x:26:',
    'sudo:x:27:', 'audio:x:29:', 'dip:x:30:', 'www-data:x:33:', 'backup:x:34:', 'operator:x:37:', 'list:x:38:', 'irc:x:39:', 'src:x:40:',
    ...(o.gnats ? ['gnats:x:41:'] : []),
    'shadow:x:42:', 'utmp:x:43:', 'video:x:44:', 'sasl:x:45:', 'plugdev:x:46:', 'staff:x:50:', 'games:x:60:', 'users:x:100:', 'nogroup:x:65534:',
  ];
  return g.join('\n') + '\n' + (o.extra ?? '');
}

function shadowOf(passwd: string, day: number): string {
  return passwd
    .split('\n')
    .filter(Boolean)
    .map((l) => `${l.split(':')[0]}:${l.startsWith('root:') ? '*' : '*'}:${day}:0:99999:7:::\n`)
    .join('');
}

export interface DebianFlavour {
  osRelease: string;
  /** /etc/debian_version content. */
  debianVersion: string;
  passwd: string;
  group: string;
  mergedUsr: boolean;
  /** Days since the epoch in /etc/shadow. */
  shadowDay: number;
  slim?: boolean;
  /** Extra files (Ubuntu's /etc/lsb-release, /etc/legal...). */
  extra?: TreeSpec;
  /** Program names this release lacks (old releases). */
  without?: readonly string[];
}

const BASHRC = `# ~/.bashrc: executed by bash(1) for non-login shells.

# Note: PS1 and umask are already set in /etc/profile. You should not
# need this unless you want different defaults for root.
# PS1='\${debian_chroot:+($debian_chroot)}\\h:\\w\\$ '
# umask 022
`;

const PROFILE = `# ~/.profile: executed by Bourne-compatible login shells.

if [ "$BASH" ]; then
  if [ -f ~/.bashrc ]; then
    . ~/.bashrc
  fi
fi

mesg n 2> /dev/null || true
`;

/** A Debian-family root filesystem. */
export function debianFamilyRootfs(f: DebianFlavour): TreeSpec {
  const binDir = f.mergedUsr ? 'usr/bin' : 'bin';
  const sbinDir = f.mergedUsr ? 'usr/sbin' : 'sbin';
  const skip = new Set(f.without ?? []);
  const bins = [...COREUTILS, ...OTHER_BIN].filter((b) => !skip.has(b));
  const spec: TreeSpec = {
    ...fhsSkeleton(f.mergedUsr),
    ...programs(binDir, f.mergedUsr ? bins : bins.filter((b) => ROOT_BIN.has(b)), DEBIAN_IDS),
    ...(f.mergedUsr ? {} : programs('usr/bin', bins.filter((b) => !ROOT_BIN.has(b)), DEBIAN_IDS)),
    ...programs(sbinDir, SBIN.filter((b) => !skip.has(b) && (f.mergedUsr || !USR_SBIN.has(b)))),
    ...(f.mergedUsr ? {} : programs('usr/sbin', SBIN.filter((b) => !skip.has(b) && USR_SBIN.has(b)))),
    [`${binDir}/bash`]: exe('bash', 1_265_648),
    [`${binDir}/rbash`]: link('bash'),
    [`${binDir}/sh`]: link('dash'),
    [`${binDir}/dash`]: exe('dash', 125_560),
    'usr/bin/awk': link('/etc/alternatives/awk'),
    'etc/alternatives/awk': link('/usr/bin/mawk'),
    'usr/bin/mawk': exe('awk', 133_904),
    'usr/bin/pager': link('/etc/alternatives/pager'),
    'etc/alternatives/pager': link('/bin/more'),
    'usr/lib/os-release': f.osRelease,
    'etc/os-release': link('../usr/lib/os-release'),
    'etc/debian_version': f.debianVersion,
    'etc/hostname': '',
    'etc/issue': '',
    'etc/passwd': f.passwd,
    'etc/group': f.group,
    'etc/shadow': text(shadowOf(f.passwd, f.shadowDay), 0o640, 0, 42),
    'etc/gshadow': text(f.group.replace(/:x:\d+:/g, ':*::'), 0o640, 0, 42),
    'etc/shells': '# /etc/shells: valid login shells\n/bin/sh\n/usr/bin/sh\n/bin/bash\n/usr/bin/bash\n/bin/rbash\n/usr/bin/rbash\n/bin/dash\n/usr/bin/dash\n',
    'etc/bash.bashrc': '# System-wide .bashrc file for interactive bash(1) shells.\n\n# If not running interactively, don\'t do anything\n[ -z "$PS1" ] && return\n\nPS1=\'${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ \'\n',
    'etc/profile': 'if [ "$(id -u)" -eq 0 ]; then\n  PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\nelse\n  PATH="/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"\nfi\nexport PATH\n',
    'etc/environment': '',
    'etc/fstab': '# UNCONFIGURED FSTAB FOR BASE SYSTEM\n',
    'etc/host.conf': 'multi on\n',
    'etc/nsswitch.conf': '# /etc/nsswitch.conf\n\npasswd:         files\ngroup:          files\nshadow:         files\ngshadow:        files\n\nhosts:          files dns\nnetworks:       files\n\nprotocols:      db files\nservices:       db files\nethers:         db files\nrpc:            db files\n\nnetgroup:       nis\n',
    'etc/login.defs': 'MAIL_DIR        /var/mail\nUID_MIN                  1000\nUID_MAX                 60000\nGID_MIN                  1000\nGID_MAX                 60000\nENCRYPT_METHOD SHA512\n',
    'etc/skel/.bashrc': BASHRC,
    'etc/skel/.profile': PROFILE,
    'etc/skel/.bash_logout': '# ~/.bash_logout: executed by bash(1) when login shell exits.\n',
    'etc/apt/sources.list.d': dir(),
    'etc/apt/apt.conf.d/docker-clean': 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\n',
    'etc/apt/trusted.gpg.d': dir(),
    'etc/dpkg/dpkg.cfg.d': dir(),
    'etc/ld.so.conf': 'include /etc/ld.so.conf.d/*.conf\n\n',
    'etc/ld.so.conf.d/x86_64-linux-gnu.conf': '# Multiarch support\n/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n',
    'etc/ld.so.cache': blob(8_000, 0o644),
    'etc/localtime': link('/usr/share/zoneinfo/Etc/UTC'),
    'etc/timezone': 'Etc/UTC\n',
    'etc/mtab': link('../proc/self/mounts'),
    'etc/update-motd.d': dir(),
    'etc/cron.daily': dir(),
    'etc/init.d': dir(),
    'etc/pam.d/login': '# The PAM configuration file for the Shadow `login\' service\n',
    'etc/pam.d/su': '# The PAM configuration file for the Shadow `su\' service\n',
    'etc/security/limits.conf': '# /etc/security/limits.conf\n',
    'etc/systemd/system': dir(),
    'root/.bashrc': BASHRC,
    'root/.profile': PROFILE,
    'usr/share/zoneinfo/Etc/UTC': blob(114, 0o644),
    'usr/lib/x86_64-linux-gnu/libc.so.6': blob(1_922_136),
    'usr/lib/x86_64-linux-gnu/libm.so.6': blob(907_784),
    'usr/lib/x86_64-linux-gnu/libselinux.so.1': blob(174_472),
    'usr/lib/x86_64-linux-gnu/libtinfo.so.6': blob(204_000),
    'usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2': blob(210_968),
    'usr/lib/x86_64-linux-gnu/libapt-pkg.so.6.0': blob(2_000_000),
    'usr/share/common-licenses/GPL-3': blob(35_149, 0o644),
    'var/cache/apt/archives/partial': dir(0o700, 42, 0),
    'var/cache/debconf': dir(),
    'var/lib/apt/lists/partial': dir(0o700, 42, 0),
    'var/lib/dpkg/status': 'Package: base-files\nStatus: install ok installed\nPriority: required\nSection: admin\n',
    'var/lib/dpkg/info': dir(),
    'var/lib/dpkg/alternatives': dir(),
    'var/lib/dpkg/updates': dir(),
    'var/lib/systemd/deb-systemd-helper-enabled': dir(),
    'var/log/apt': dir(),
    'var/log/dpkg.log': '',
    'var/log/lastlog': '',
  };
  if (f.mergedUsr) {
    spec['usr/lib64/ld-linux-x86-64.so.2'] = link('/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2');
    spec['usr/bin/sh'] = link('dash');
  } else {
    spec['lib64/ld-linux-x86-64.so.2'] = link('/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2');
    spec['lib/x86_64-linux-gnu'] = dir();
  }
  if (!f.slim) {
    spec['usr/share/doc/bash/README'] = '';
    spec['usr/share/doc/coreutils/README'] = '';
    spec['usr/share/man/man1'] = dir();
  } else spec['usr/share/doc'] = dir();
  Object.assign(spec, f.extra ?? {});
  return spec;
}

/** os-release of Debian releases. */
export function debianOsRelease(version: string, codename: string, full?: string): string {
  return `PRETTY_NAME="Debian GNU/Linux ${version} (${codename})"
NAME="Debian GNU/Linux"
VERSION_ID="${version}"
VERSION="${version} (${codename})"
VERSION_CODENAME=${codename}
${full ? `DEBIAN_VERSION_FULL=${full}\n` : ''}ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;
}

export type DebianRelease = 'bullseye' | 'bookworm' | 'trixie';

export const DEBIAN_RELEASES: Record<DebianRelease, { version: string; point: string; merged: boolean; day: number }> = {
  bullseye: { version: '11', point: '11.11', merged: false, day: 20304 },
  bookworm: { version: '12', point: '12.12', merged: true, day: 20368 },
  trixie: { version: '13', point: '13.1', merged: true, day: 20368 },
};

export function debianRootfs(release: DebianRelease, slim = false): TreeSpec {
  const r = DEBIAN_RELEASES[release];
  const old = release === 'bullseye';
  return debianFamilyRootfs({
    osRelease: debianOsRelease(r.version, release, release === 'trixie' ? r.point : undefined),
    debianVersion: `${r.point}\n`,
    passwd: debianPasswd({ gnats: old, ircHome: old ? '/var/run/ircd' : '/run/ircd', aptUid: old ? 100 : 42 }),
    group: debianGroup({ gnats: old }),
    mergedUsr: r.merged,
    shadowDay: r.day,
    slim,
  });
}

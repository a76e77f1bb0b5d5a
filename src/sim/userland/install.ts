/**
 * Installing executables into a filesystem: a simulated binary is a file whose
 * content is an ELF header followed by the id of the program it runs
 * ("\x7fELF\x02\x01\x01\0sim:ls\n"), mode 0755. exec reads the id to pick the
 * ProgramDef, so a container sees exactly the programs its image ships.
 *
 * Models: a Debian 12 host (merged /usr: /bin -> usr/bin), busybox images
 * (one /bin/busybox with applet symlinks) and the coreutils layout of
 * debian/ubuntu/fedora images.
 * /bin/sh is dash on Debian and Ubuntu (bash on Fedora). SIMPLIFICATIONS: binaries the
 * simulator does not model run a stand-in that says so (exit 127).
 */

import type { Kernel } from '../kernel/kernel.ts';
import { isErr } from '../kernel/errno.ts';
import { ELF_MARKER } from './userland.ts';
import { fsMkdir, fsStat, fsSymlink, fsUnlink, fsWrite, fsLstat, fsChmod } from './fsapi.ts';

export function marker(programId: string): string {
  return `${ELF_MARKER}${programId}\n`;
}

/** Host binaries: path → program id. */
export const HOST_BINARIES: Readonly<Record<string, string>> = {
  '/usr/bin/bash': 'bash',
  '/usr/bin/rbash': 'bash',
  '/usr/bin/dash': 'dash',
  '/usr/bin/true': 'true',
  '/usr/bin/false': 'false',
  '/usr/bin/echo': 'echo',
  '/usr/bin/printf': 'printf',
  '/usr/bin/sleep': 'sleep',
  '/usr/bin/yes': 'yes',
  '/usr/bin/pwd': 'pwd',
  '/usr/bin/env': 'env',
  '/usr/bin/cat': 'cat',
  '/usr/bin/kill': 'kill',
  '/usr/bin/ls': 'ls',
  '/usr/bin/dir': 'ls',
  '/usr/bin/mkdir': 'mkdir',
  '/usr/bin/rmdir': 'rmdir',
  '/usr/bin/rm': 'rm',
  '/usr/bin/touch': 'touch',
  '/usr/bin/cp': 'cp',
  '/usr/bin/mv': 'mv',
  '/usr/bin/ln': 'ln',
  '/usr/bin/chmod': 'chmod',
  '/usr/bin/chown': 'chown',
  '/usr/bin/stat': 'stat',
  '/usr/bin/head': 'head',
  '/usr/bin/tail': 'tail',
  '/usr/bin/wc': 'wc',
  '/usr/bin/grep': 'grep',
  '/usr/bin/egrep': 'grep',
  '/usr/bin/sort': 'sort',
  '/usr/bin/uniq': 'uniq',
  '/usr/bin/cut': 'cut',
  '/usr/bin/tr': 'tr',
  '/usr/bin/tee': 'tee',
  '/usr/bin/date': 'date',
  '/usr/bin/hostname': 'hostname',
  '/usr/bin/id': 'id',
  '/usr/bin/whoami': 'whoami',
  '/usr/bin/uname': 'uname',
  '/usr/bin/ps': 'ps',
  '/usr/bin/free': 'free',
  '/usr/bin/df': 'df',
  '/usr/bin/du': 'du',
  '/usr/bin/mount': 'mount',
  '/usr/bin/umount': 'umount',
  '/usr/bin/unshare': 'unshare',
  '/usr/bin/nsenter': 'nsenter',
  '/usr/bin/lsns': 'lsns',
  '/usr/bin/ip': 'ip',
  '/usr/sbin/ip': 'ip',
  '/usr/bin/ping': 'ping',
  '/usr/bin/xargs': 'xargs',
  '/usr/bin/which': 'which',
  '/usr/bin/basename': 'basename',
  '/usr/bin/dirname': 'dirname',
  '/usr/bin/readlink': 'readlink',
  '/usr/bin/realpath': 'realpath',
  '/usr/bin/seq': 'seq',
  '/usr/bin/nproc': 'nproc',
  '/usr/bin/test': 'test',
  '/usr/bin/[': 'test',
  '/usr/bin/chroot': 'chroot',
  '/usr/bin/curl': 'curl',
  '/usr/bin/nc': 'nc',
  '/usr/bin/ss': 'ss',
  '/usr/bin/python3': 'python3',
  '/usr/bin/nslookup': 'nslookup',
  '/usr/bin/top': 'top',
  '/usr/bin/pstree': 'pstree',
  '/usr/bin/killall': 'killall',
  '/usr/bin/dd': 'dd',
  '/usr/bin/find': 'find',
  '/usr/bin/systemctl': 'systemctl',
  '/usr/bin/sudo': 'sudo',
  '/usr/bin/su': 'su',
  '/usr/bin/setpriv': 'setpriv',
  '/usr/sbin/service': 'service',
  '/usr/bin/tar': 'tar',
  '/usr/sbin/capsh': 'capsh',
  '/usr/sbin/getpcaps': 'getpcaps',
  '/usr/sbin/bridge': 'bridge',
  '/usr/bin/mknod': 'mknod',
  '/usr/bin/journalctl': 'journalctl',
  '/usr/bin/sed': 'sed',
  '/usr/bin/awk': 'awk',
  '/usr/bin/mawk': 'awk',
  '/usr/bin/paste': 'paste',
  '/usr/bin/printenv': 'printenv',
  '/usr/bin/pgrep': 'pgrep',
  '/usr/bin/pkill': 'pkill',
  '/usr/bin/pidof': 'pidof',
  '/usr/bin/uptime': 'uptime',
  '/usr/sbin/sysctl': 'sysctl',
  '/usr/bin/lscpu': 'lscpu',
  '/usr/bin/dmesg': 'dmesg',
  '/usr/bin/tac': 'tac',
  '/usr/bin/rev': 'rev',
  '/usr/bin/nl': 'nl',
  '/usr/bin/base64': 'base64',
  '/usr/bin/tty': 'tty',
  '/usr/bin/groups': 'groups',
  '/usr/bin/mktemp': 'mktemp',
  '/usr/bin/chgrp': 'chgrp',
  '/usr/bin/clear': 'clear',
  '/usr/bin/findmnt': 'findmnt',
  '/usr/bin/timeout': 'timeout',
  '/usr/bin/apt-get': 'apt-get',
  '/usr/bin/apt': 'apt',
  '/usr/bin/wget': 'wget',
  '/usr/bin/docker': 'docker',
  '/usr/bin/dockerd': 'daemon',
  '/usr/bin/containerd': 'daemon',
  '/usr/bin/containerd-shim-runc-v2': 'daemon',
  '/usr/sbin/iptables': 'iptables',
  '/usr/sbin/iptables-save': 'iptables',
  '/usr/sbin/sshd': 'daemon',
  '/usr/sbin/cron': 'daemon',
  '/usr/sbin/agetty': 'daemon',
  '/usr/lib/systemd/systemd-journald': 'daemon',
  '/usr/lib/systemd/systemd-udevd': 'daemon',
};

/** Set-user-ID-root binaries among them (mode 4755, as Debian installs them). */
const SETUID_ROOT: ReadonlySet<string> = new Set(['/usr/bin/sudo', '/usr/bin/su']);

/** Symlinks on the host: path → target. */
const HOST_LINKS: Readonly<Record<string, string>> = {
  '/usr/bin/sh': 'dash',
};

function mkdirP(k: Kernel, pid: number, dir: string): void {
  let cur = '';
  for (const c of dir.split('/').filter(Boolean)) {
    cur += '/' + c;
    if (isErr(fsStat(k, pid, cur))) fsMkdir(k, pid, cur, 0o755);
  }
}

function install(k: Kernel, pid: number, path: string, programId: string, has: (id: string) => boolean): void {
  mkdirP(k, pid, path.slice(0, path.lastIndexOf('/')) || '/');
  const l = fsLstat(k, pid, path);
  if (!isErr(l) && l.type === 'symlink') fsUnlink(k, pid, path);
  const mode = SETUID_ROOT.has(path) ? 0o4755 : 0o755;
  fsWrite(k, pid, path, marker(has(programId) ? programId : 'missing'), { mode });
  fsChmod(k, pid, path, mode);
}

function link(k: Kernel, pid: number, path: string, target: string): void {
  const l = fsLstat(k, pid, path);
  if (!isErr(l)) fsUnlink(k, pid, path);
  fsSymlink(k, pid, target, path);
}

/**
 * Write the host's binaries into PID `asPid`'s mount namespace (default PID 1).
 * `has` says which program ids the registry knows; others get the stand-in.
 */
export function installHostPrograms(k: Kernel, has: (id: string) => boolean = () => true, asPid = 1): void {
  for (const [path, id] of Object.entries(HOST_BINARIES)) install(k, asPid, path, id, has);
  for (const [path, target] of Object.entries(HOST_LINKS)) link(k, asPid, path, target);
}

/** busybox applets installed as symlinks to /bin/busybox (alpine's layout, abridged). */
export const BUSYBOX_APPLETS: readonly string[] = [
  'sh', 'ash', 'cat', 'echo', 'printf', 'ls', 'mkdir', 'rmdir', 'rm', 'touch', 'cp', 'mv', 'ln', 'chmod', 'chown', 'stat', 'head',
  'tail', 'wc', 'grep', 'egrep', 'sort', 'uniq', 'cut', 'tr', 'tee', 'env', 'true', 'false', 'sleep', 'date', 'hostname', 'id',
  'whoami', 'uname', 'ps', 'kill', 'mknod', 'free', 'df', 'mount', 'umount', 'unshare', 'nsenter', 'ip', 'ping', 'yes', 'xargs', 'which',
  'pwd', 'basename', 'dirname', 'readlink', 'realpath', 'seq', 'nproc', 'test', '[', 'chroot', 'wget', 'top', 'vi', 'sed', 'awk',
  'find', 'less', 'more', 'tar', 'gzip', 'nc', 'netstat', 'ifconfig', 'route', 'su', 'login', 'dmesg', 'nslookup',
];

export type ImageFlavour = 'busybox' | 'debian' | 'ubuntu' | 'fedora';

/**
 * Install an image's programs under `root` (a directory path as `asPid` sees it,
 * e.g. a layer directory), for the image family `flavour`.
 */
export function installImagePrograms(k: Kernel, root: string, flavour: ImageFlavour, has: (id: string) => boolean = () => true, asPid = 1): void {
  const r = root === '/' ? '' : root.replace(/\/$/, '');
  if (flavour === 'busybox') {
    mkdirP(k, asPid, `${r}/bin`);
    mkdirP(k, asPid, `${r}/usr/bin`);
    mkdirP(k, asPid, `${r}/sbin`);
    fsWrite(k, asPid, `${r}/bin/busybox`, marker('busybox'), { mode: 0o755 });
    fsChmod(k, asPid, `${r}/bin/busybox`, 0o755);
    for (const a of BUSYBOX_APPLETS) link(k, asPid, `${r}/bin/${a}`, '/bin/busybox');
    return;
  }
  // Debian, Ubuntu, Fedora: merged /usr with coreutils and bash.
  mkdirP(k, asPid, `${r}/usr/bin`);
  mkdirP(k, asPid, `${r}/usr/sbin`);
  if (isErr(fsLstat(k, asPid, `${r}/bin`))) fsSymlink(k, asPid, 'usr/bin', `${r}/bin`);
  if (isErr(fsLstat(k, asPid, `${r}/sbin`))) fsSymlink(k, asPid, 'usr/sbin', `${r}/sbin`);
  const skip = new Set(['docker', 'daemon']);
  for (const [path, id] of Object.entries(HOST_BINARIES)) {
    // Official images ship no systemd and no sudo (`docker run debian sudo` is command not found).
    if (skip.has(id) || path.includes('systemd') || /\/(curl|wget|ping|ip|bridge|iptables|iptables-save|sudo|systemctl|journalctl)$/.test(path)) continue;
    install(k, asPid, `${r}${path}`, id, has);
  }
  link(k, asPid, `${r}/usr/bin/sh`, flavour === 'fedora' ? 'bash' : 'dash');
}

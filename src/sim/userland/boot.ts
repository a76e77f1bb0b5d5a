/**
 * The host's userland at boot: the services systemd starts on a Debian 12
 * Docker host and root's ssh login shell.
 *
 * Models: systemd-journald, systemd-udevd, cron, sshd, containerd, dockerd and
 * agetty as children of PID 1, each in its own systemd unit cgroup; an ssh
 * session ("sshd: root@pts/0") whose child is root's login bash on pts/0 with
 * cwd /root.
 * SIMPLIFICATIONS: no units, no journald logging; daemons just wait (dockerd
 * and containerd are stand-ins until the engine replaces them); the login
 * shell is spawned directly (no PAM).
 */

import type { Kernel } from '../kernel/kernel.ts';
import { isErr } from '../kernel/errno.ts';
import type { Userland } from './userland.ts';
import type { FdTable, ProcWrap } from './types.ts';
import { kChargeMemory, kClone, kSetPgid, kSetWait } from './kapi.ts';
import { footprint } from './memory.ts';
import { fsChdir } from './fsapi.ts';
import { mkdirCgroup } from '../kernel/cgroup/dir.ts';
import { own } from './own.ts';

export const LOGIN_ENV: Readonly<Record<string, string>> = {
  SHELL: '/bin/bash',
  PWD: '/root',
  LOGNAME: 'root',
  HOME: '/root',
  LANG: 'C.UTF-8',
  TERM: 'xterm-256color',
  USER: 'root',
  SHLVL: '0',
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  MAIL: '/var/mail/root',
};

interface ServiceSpec {
  comm: string;
  exe: string;
  argv: string[];
  cgroup: string;
  program: string;
  tty?: string;
}

const SERVICES: readonly ServiceSpec[] = [
  { comm: 'systemd-journal', exe: '/usr/lib/systemd/systemd-journald', argv: ['/lib/systemd/systemd-journald'], cgroup: '/system.slice/systemd-journald.service', program: 'daemon' },
  { comm: 'systemd-udevd', exe: '/usr/lib/systemd/systemd-udevd', argv: ['/lib/systemd/systemd-udevd'], cgroup: '/system.slice/systemd-udevd.service', program: 'daemon' },
  { comm: 'cron', exe: '/usr/sbin/cron', argv: ['/usr/sbin/cron', '-f'], cgroup: '/system.slice/cron.service', program: 'daemon' },
  { comm: 'sshd', exe: '/usr/sbin/sshd', argv: ['sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups'], cgroup: '/system.slice/ssh.service', program: 'daemon' },
  { comm: 'containerd', exe: '/usr/bin/containerd', argv: ['/usr/bin/containerd'], cgroup: '/system.slice/containerd.service', program: 'containerd' },
  { comm: 'dockerd', exe: '/usr/bin/dockerd', argv: ['/usr/bin/dockerd', '-H', 'fd://', '--containerd=/run/containerd/containerd.sock'], cgroup: '/system.slice/docker.service', program: 'dockerd' },
  { comm: 'agetty', exe: '/usr/sbin/agetty', argv: ['/sbin/agetty', '-o', '-p -- \\u', '--noclear', '-', 'linux'], cgroup: '/system.slice/system-getty.slice/getty@tty1.service', program: 'daemon', tty: 'tty1' },
];

function ensureCgroup(k: Kernel, path: string): void {
  let cur = '';
  for (const c of path.split('/').filter(Boolean)) {
    cur += '/' + c;
    if (!k.state.cgroup.byPath[cur]) mkdirCgroup(k, cur);
  }
}

function wrap(fds: FdTable, s: unknown = null): ProcWrap {
  return { fds, fl: 'gnu', s };
}

const NULL_FDS: FdTable = { 0: { k: 'null' }, 1: { k: 'null' }, 2: { k: 'null' } };

/** Spawn a service as a child of `parent`, in its own session, waiting forever. */
function spawnService(k: Kernel, ul: Userland, parent: number, s: ServiceSpec): number | null {
  ensureCgroup(k, s.cgroup);
  const program = own(ul.registry, s.program) ? s.program : 'daemon';
  const pid = kClone(k, parent, { flags: 0, comm: s.comm, argv: s.argv, exe: s.exe, env: { PATH: LOGIN_ENV.PATH as string, LANG: 'C.UTF-8' }, program: { name: program, state: wrap(NULL_FDS) }, cgroup: s.cgroup });
  if (isErr(pid)) return null;
  kSetPgid(k, pid, pid, pid, s.tty ?? null);
  if (program === 'daemon') kChargeMemory(k, pid, footprint('daemon', 'gnu', s.comm).rssKb * 1024);
  if (program === 'daemon') kSetWait(k, pid, { kind: 'forever' });
  else ul.runMain(pid);
  return pid;
}

/** Start a login shell for root on `tty`, as a child of `parent` (an sshd session). */
export function spawnLoginShell(k: Kernel, ul: Userland, parent: number, tty: string): number | null {
  const fds: FdTable = { 0: { k: 'tty', tty }, 1: { k: 'tty', tty }, 2: { k: 'tty', tty } };
  const pid = kClone(k, parent, { flags: 0, comm: 'bash', argv: ['-bash'], exe: '/usr/bin/bash', env: { ...LOGIN_ENV }, program: { name: 'bash', state: wrap(fds) } });
  if (isErr(pid)) return null;
  kSetPgid(k, pid, pid, pid, tty);
  fsChdir(k, pid, '/root');
  const t = ul.tty(tty);
  t.fgPgid = pid;
  t.sid = pid;
  ul.runMain(pid);
  return pid;
}

/** The ssh session process: it lives as long as its login shell (sshd's per-connection child). */
export const sessionProgram = {
  id: 'sshd-session',
  main: () => ({ block: 'child' as const, pid: -1 }),
  resume: () => ({ exit: 0 }),
};

/** A new ssh session for root on `tty` (as if root logged in again): returns the login shell's pid. */
export function newRootSession(k: Kernel, ul: Userland, sshdPid: number, tty = 'pts/0'): number | null {
  const sessionCg = '/user.slice/user-0.slice/session-1.scope';
  ensureCgroup(k, sessionCg);
  const parent = k.proc(sshdPid) && k.proc(sshdPid)?.state !== 'Z' ? sshdPid : 1;
  const session = kClone(k, parent, { flags: 0, comm: 'sshd', argv: [`sshd: root@${tty}`], exe: '/usr/sbin/sshd', env: {}, program: { name: own(ul.registry, 'sshd-session') ? 'sshd-session' : 'daemon', state: wrap(NULL_FDS) }, cgroup: sessionCg });
  if (isErr(session)) return null;
  kSetPgid(k, session, session, session, null);
  kChargeMemory(k, session, footprint('sshd-session', 'gnu').rssKb * 1024);
  kSetWait(k, session, { kind: 'child', pid: -1 });
  const shell = spawnLoginShell(k, ul, session, tty);
  ul.drain();
  return shell;
}

/** The root shell if it is alive, else a fresh login session's shell (after `exit` or ^D). */
export function ensureRootShell(k: Kernel, ul: Userland, hu: HostUserland): number {
  const p = k.proc(hu.rootShellPid);
  if (p && p.state !== 'Z') return hu.rootShellPid;
  const pid = newRootSession(k, ul, hu.sshdPid);
  if (pid === null) throw new Error('ensureRootShell: cannot start a login shell');
  hu.rootShellPid = pid;
  return pid;
}

export interface HostUserland {
  rootShellPid: number;
  /** The sshd session process the root shell hangs off (a new shell can be spawned under it). */
  sessionPid: number;
  sshdPid: number;
}

/** Start the host's services and root's login shell on pts/0. */
export function startHostUserland(k: Kernel, ul: Userland): HostUserland {
  const pids: Record<string, number> = {};
  // systemd itself (PID 1) holds about 12 MiB once booted.
  if (k.proc(1)?.rssBytes === 0) kChargeMemory(k, 1, footprint('daemon', 'gnu', 'systemd').rssKb * 1024);
  for (const s of SERVICES) {
    const pid = spawnService(k, ul, 1, s);
    if (pid !== null) pids[s.comm] = pid;
  }
  const sshd = pids.sshd ?? 1;
  const shell = newRootSession(k, ul, sshd);
  if (shell === null) throw new Error('startHostUserland: cannot start the login shell');
  return { rootShellPid: shell, sessionPid: k.proc(shell)?.ppid ?? 0, sshdPid: sshd };
}

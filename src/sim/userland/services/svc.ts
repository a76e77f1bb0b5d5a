/**
 * What the simulated servers share: their PID as their own namespace numbers
 * it (what they print in logs), a user id from /etc/passwd, setproctitle()
 * (nginx rewrites its argv so ps shows "nginx: master process ..."), forking
 * a worker that runs a given argv, and listen(2) on a TCP port.
 *
 * Models: the calls a daemon makes at start-up: getpid, getpwnam +
 * setgid/setuid when dropping privileges, fork, socket/bind/listen.
 * SIMPLIFICATIONS: setproctitle is an execve of the same executable with the
 * new argv (the kernel model has no separate argv-rewrite event); the
 * signal handlers a daemon installs are re-installed right after.
 */

import type { Ctx, FdTable } from '../types.ts';
import { ownNsPid } from '../../kernel/process/pids.ts';
import { setgid, setuid } from '../../kernel/process/creds.ts';
import { listen } from '../../kernel/net/index.ts';
import { isErr, type Errno } from '../../kernel/errno.ts';
import { fsRead } from '../fsapi.ts';
import { kExecve, kSetDisposition } from '../kapi.ts';
import { ulOf } from '../programs/dial.ts';

/** The process's PID in its own PID namespace (1 for a container's init). */
export function nsPid(ctx: Ctx, pid = ctx.pid): number {
  const p = ctx.k.proc(pid);
  return p ? ownNsPid(p) : pid;
}

/** uid and gid of the first of `names` in the caller's /etc/passwd, or null. */
export function passwdEntry(ctx: Ctx, names: string[]): { name: string; uid: number; gid: number } | null {
  const text = fsRead(ctx.k, ctx.pid, '/etc/passwd');
  if (isErr(text)) return null;
  for (const n of names) {
    const line = text.split('\n').find((l) => l.startsWith(`${n}:`));
    if (!line) continue;
    const f = line.split(':');
    return { name: n, uid: Number(f[2]), gid: Number(f[3]) };
  }
  return null;
}

/** Drop to a user (setgid then setuid), as a daemon does after binding its port. */
export function dropTo(ctx: Ctx, pid: number, names: string[]): void {
  const u = passwdEntry(ctx, names);
  if (!u) return;
  setgid(ctx.k, pid, u.gid);
  setuid(ctx.k, pid, u.uid);
}

/** setproctitle(): ps shows `argv` from now on. `state` is the program's own state to keep. */
export function setTitle(ctx: Ctx, pid: number, argv: string[], state: unknown, caught: number[]): void {
  const p = ctx.k.proc(pid);
  if (!p) return;
  const w = p.program.state as { fds: FdTable; fl: 'gnu' | 'busybox' };
  kExecve(ctx.k, pid, { exe: p.exe, argv, env: p.env, program: { name: p.program.name, state: { fds: w.fds, fl: w.fl, s: state } } });
  kSetDisposition(ctx.k, pid, caught, [...p.ignored]);
}

/** fork() a child running the same program with `state` and the title `argv`, then run it. */
export function forkWorker(ctx: Ctx, argv: string[], state: unknown, caught: number[]): number | null {
  const ul = ulOf(ctx);
  const p = ctx.k.proc(ctx.pid);
  if (!p) return null;
  const child = ul.fork(ctx.pid, p.program.name, state, ul.fdsOf(ctx.pid));
  if (typeof child !== 'number') return null;
  setTitle(ctx, child, argv, state, caught);
  ul.runMain(child);
  return child;
}

/** socket + bind + listen on TCP addr:port. */
export function listenTcp(ctx: Ctx, addr: string, port: number): { inode: number } | { errno: Errno } {
  const r = listen(ctx.k, ctx.pid, 'tcp', addr, port);
  return isErr(r) ? { errno: r.errno } : { inode: r.inode };
}

/** Wall-clock time of the simulated machine (ms since the epoch). */
export function nowMs(ctx: Ctx): number {
  return ctx.k.nowMs;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** "2026/01/15 09:00:05" (nginx's error-log time). */
export function slashTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/**
 * The userland's door into the kernel's process operations: one place that
 * names the kernel functions the runtime calls (clone, execve, exit, kill,
 * wait, sleep), so the rest of the userland does not depend on their exact
 * signatures.
 *
 * Waits other than timers (input, child, forever) and process groups have no
 * kernel operation of their own: the runtime records them with the process
 * module's own events (process.waitChanged, process.pgidChanged), as the
 * kernel's read(2)/wait(2)/setpgid(2) would.
 */

import type { Kernel } from '../kernel/kernel.ts';
import { isErr, type SysError } from '../kernel/errno.ts';
import type { WaitReason } from '../kernel/process/types.ts';
import { clone } from '../kernel/process/clone.ts';
import { execve } from '../kernel/process/exec.ts';
import { exitProcess, killProcess, reap, shellStatus } from '../kernel/process/exit.ts';
import { sendSignal, setDisposition } from '../kernel/process/signal.ts';
import { sleepUntil, advanceTime } from '../kernel/time.ts';
import { chargeMemory } from '../kernel/cgroup/memory.ts';
import { releaseNsIfUnused } from '../kernel/ns/release.ts';
import type { NsInum } from '../kernel/ids.ts';
import { nsAt } from '../kernel/ns/by-inum.ts';

export interface CloneArgs {
  flags: number;
  comm: string;
  argv: string[];
  exe: string;
  env: Record<string, string>;
  program: { name: string; state: unknown };
  cgroup?: string;
}

export function kClone(k: Kernel, parentPid: number, a: CloneArgs): number | SysError {
  const r = clone(k, parentPid, { flags: a.flags, comm: a.comm, argv: a.argv, exe: a.exe, env: a.env, program: a.program, cgroup: a.cgroup });
  return isErr(r) ? r : r.pid;
}

export function kExecve(
  k: Kernel,
  pid: number,
  a: { exe: string; argv: string[]; env: Record<string, string>; program: { name: string; state: unknown }; file?: { mode: number; uid: number; gid: number } },
): true | SysError {
  return execve(k, pid, { exe: a.exe, argv: a.argv, env: a.env, program: a.program, file: a.file });
}

export function kExit(k: Kernel, pid: number, code: number): void {
  exitProcess(k, pid, code);
}

/** kill(2) from `fromPid` (0: the kernel itself, no permission checks). */
export function kKill(k: Kernel, fromPid: number, target: number, sig: number): true | SysError {
  if (fromPid === 0) return killProcess(k, target, sig);
  return sendSignal(k, fromPid, target, sig);
}

/** waitpid(child, WNOHANG): the shell status of a reaped zombie. */
export function kReap(k: Kernel, parentPid: number, childPid: number): number | SysError {
  const r = reap(k, parentPid, childPid);
  return isErr(r) ? r : shellStatus(r);
}

export function kSetWait(k: Kernel, pid: number, wait: WaitReason): void {
  const p = k.proc(pid);
  if (!p || p.state === 'Z') return;
  if (p.wait.kind === wait.kind && wait.kind !== 'timer' && wait.kind !== 'child') return;
  k.emit({ type: 'process.waitChanged', pid, wait: { ...wait }, state: wait.kind === 'none' ? (p.state === 'T' ? 'T' : 'R') : p.state === 'T' ? 'T' : 'S' });
}

/**
 * How many cores the process wants now (a busy loop: 1; sleeping: 0). The
 * cgroup CPU scheduler shares the machine's cores among runnable processes by it.
 */
export function kSetCpuDemand(k: Kernel, pid: number, cores: number): void {
  const p = k.proc(pid);
  if (!p || p.state === 'Z' || p.cpuDemand === cores) return;
  k.emit({ type: 'process.cpuDemandChanged', pid, cpuDemand: cores });
}

/** Charge the process's resident memory (may OOM-kill it or others): 'oom-killed' if it died. */
export function kChargeMemory(k: Kernel, pid: number, rssBytes: number): 'ok' | 'oom-killed' | 'gone' {
  const r = chargeMemory(k, pid, rssBytes);
  return isErr(r) ? 'gone' : r;
}

/**
 * Take (+1) or drop (-1) a reference on a namespace that no process holds,
 * as a bind mount of its nsfs file does (`ip netns add`); dropping the last
 * one frees it.
 */
export function kHoldNs(k: Kernel, inum: number, delta: 1 | -1): void {
  if (!nsAt(k.state, inum)) return;
  k.emit({ type: 'ns.held', inum: inum as NsInum, delta });
  if (delta < 0) releaseNsIfUnused(k, inum as NsInum);
}

export function kSleepUntil(k: Kernel, pid: number, untilMs: number, running = false): void {
  sleepUntil(k, pid, untilMs, running);
}

/** setpgid(2) / setsid(2): the process group, session and controlling tty. */
export function kSetPgid(k: Kernel, pid: number, pgid: number, sid?: number, tty?: string | null): void {
  const p = k.proc(pid);
  if (!p) return;
  k.emit({ type: 'process.pgidChanged', pid, pgid, sid: sid ?? p.sid, tty: tty === undefined ? p.tty : tty });
}

export function kSetDisposition(k: Kernel, pid: number, caught: number[], ignored: number[]): void {
  setDisposition(k, pid, caught, ignored);
}

/** Move virtual time forward, firing timers in order. */
export function kAdvance(k: Kernel, ms: number): void {
  advanceTime(k, Math.max(0, ms));
}

export { isErr };

/**
 * Process exit, re-parenting and reaping (exit(2), wait(2), pid_namespaces(7), prctl(2)).
 *
 * Models: an exiting process becomes a zombie until its parent reaps it; its
 * children go to the nearest live ancestor that set PR_SET_CHILD_SUBREAPER in
 * the same PID namespace, else to that namespace's init; when the init of a PID
 * namespace exits, the kernel SIGKILLs every other process in the namespace,
 * the init reaps its children, and later forks into the namespace fail. The
 * exiting process leaves its namespaces at exit and frees its PIDs at reap,
 * which may free namespaces. The parent gets SIGCHLD.
 * SIMPLIFICATIONS:
 * - The host's PID 1 (systemd) and kernel threads reap their children at once,
 *   as does any parent that set SIGCHLD to SIG_IGN (POSIX.1-2001). Other parents,
 *   a container's init included, reap with reap() when their program decides to.
 * - A process whose parent is gone (ppid 0) is released immediately.
 * - The host's PID 1 cannot exit (the kernel would panic): EPERM instead.
 * - No core files: a "core" signal kills like a "term" one.
 */

import type { Kernel } from '../kernel.ts';
import type { NsInum } from '../ids.ts';
import { sysErr, type SysError } from '../errno.ts';
import { NS_TYPES, type PidNamespace } from '../ns/types.ts';
import { releaseNsIfUnused } from '../ns/release.ts';
import { SIGCHLD, SIGKILL, defaultAction, isValidSignal } from '../signals.ts';
import type { Process } from './types.ts';
import { pidNsRecord } from './pids.ts';

/** The status a parent collects from a zombie. */
export interface ReapResult {
  pid: number;
  exitCode: number | null;
  termSignal: number | null;
}

function hostInitPid(k: Kernel): number | null {
  return pidNsRecord(k, k.state.ns.initial.pid)?.init ?? null;
}

/** A live init of this PID namespace or, failing that, of the nearest ancestor namespace. */
function reaperOfNs(k: Kernel, inum: NsInum | null): number {
  let cur = inum;
  while (cur !== null) {
    const ns = pidNsRecord(k, cur);
    if (!ns) break;
    const init = ns.init === null ? undefined : k.state.proc.byPid[ns.init];
    if (init && init.state !== 'Z') return init.pid;
    cur = ns.parent;
  }
  return hostInitPid(k) ?? 1;
}

/**
 * find_new_reaper(): where the children of an exiting process go. The nearest
 * live child subreaper among its ancestors in its own PID namespace, else the
 * namespace's init; the children of an exiting init go to the parent namespace's.
 */
export function findReaper(k: Kernel, father: Process): number {
  const ns = pidNsRecord(k, father.pidNs);
  if (!ns) return reaperOfNs(k, k.state.ns.initial.pid);
  if (ns.init === father.pid) return reaperOfNs(k, ns.parent);
  const by = k.state.proc.byPid;
  for (let r = by[father.ppid]; r && r.pidNs === father.pidNs && r.pid !== ns.init; r = by[r.ppid]) {
    if (r.childSubreaper && r.state !== 'Z') return r.pid;
  }
  return reaperOfNs(k, ns.inum);
}

/** Is this the init of a PID namespace that is being torn down (its children are reaped by the kernel)? */
function isDyingInit(k: Kernel, p: Process): boolean {
  const ns = pidNsRecord(k, p.pidNs);
  return !!ns && ns.dead && ns.init === p.pid;
}

/** Does this parent reap its children as soon as they exit? */
function autoReaps(k: Kernel, parent: Process): boolean {
  return parent.pid === hostInitPid(k) || parent.kthread || parent.ignored.includes(SIGCHLD);
}

/** Release a zombie: emit process.reaped, then free PID namespaces left unused. */
function release(k: Kernel, child: Process, by: number): ReapResult {
  const res: ReapResult = { pid: child.pid, exitCode: child.exitCode, termSignal: child.termSignal };
  const chain: NsInum[] = [];
  for (let ns: PidNamespace | undefined = pidNsRecord(k, child.pidNs); ns; ns = ns.parent === null ? undefined : pidNsRecord(k, ns.parent)) {
    chain.push(ns.inum);
  }
  k.emit({ type: 'process.reaped', pid: child.pid, by });
  for (const inum of chain) releaseNsIfUnused(k, inum);
  return res;
}

/** Tell the parent a child became a zombie: reap it if the parent auto-reaps, else SIGCHLD. */
function notifyParent(k: Kernel, child: Process): void {
  const parent = k.state.proc.byPid[child.ppid];
  if (!parent || parent.state === 'Z') {
    release(k, child, 0);
    return;
  }
  if (autoReaps(k, parent)) {
    release(k, child, parent.pid);
    return;
  }
  if (isDyingInit(k, parent) || !parent.caught.includes(SIGCHLD)) return;
  const action = parent.frozen || parent.state === 'T' ? 'pending' : 'handle';
  k.emit({ type: 'process.signalled', pid: parent.pid, signal: SIGCHLD, from: child.pid, action });
}

/** zap_pid_ns_processes(): the init of `ns` is exiting. */
function zapPidNs(k: Kernel, init: Process, ns: PidNamespace): void {
  k.emit({ type: 'ns.pidInitDied', inum: ns.inum });
  const by = k.state.proc.byPid;
  for (const hp of Object.values(ns.pids)) {
    const q = by[hp];
    if (!q || hp === init.pid || q.state === 'Z') continue;
    k.emit({ type: 'process.signalled', pid: hp, signal: SIGKILL, from: 0, action: 'term' });
    terminate(k, q, null, SIGKILL);
  }
  for (const c of [...init.children]) {
    const q = by[c];
    if (q?.state === 'Z') release(k, q, init.pid);
  }
}

/**
 * The common end of a process (do_exit): tear down its PID namespace if it is
 * the init there, re-parent its children, emit process.exited, run the
 * processExited hooks, free namespaces it was the last user of, notify its parent.
 * The caller has checked the process is alive and is not the host's init.
 */
export function terminate(k: Kernel, p: Process, exitCode: number | null, termSignal: number | null): void {
  const ns = pidNsRecord(k, p.pidNs);
  if (ns && ns.init === p.pid && ns.parent !== null) zapPidNs(k, p, ns);
  const reparent: Array<{ pid: number; newParent: number }> = [];
  if (p.children.length > 0) {
    const to = findReaper(k, p);
    for (const c of p.children) reparent.push({ pid: c, newParent: to });
  }
  k.emit({ type: 'process.exited', pid: p.pid, exitCode, termSignal, reparent });
  for (const h of k.hooks.processExited) h(k, p);
  for (const t of NS_TYPES) if (t !== 'pid') releaseNsIfUnused(k, p.ns[t]);
  if (p.pidNsForChildren !== p.pidNs) releaseNsIfUnused(k, p.pidNsForChildren);
  if (p.timeNsForChildren !== p.ns.time) releaseNsIfUnused(k, p.timeNsForChildren);
  const by = k.state.proc.byPid;
  for (const r of reparent) {
    const c = by[r.pid];
    if (c?.state === 'Z') notifyParent(k, c);
  }
  notifyParent(k, p);
}

function exitable(k: Kernel, pid: number): Process | SysError {
  const p = k.state.proc.byPid[pid];
  if (!p || p.state === 'Z') return sysErr('ESRCH');
  if (p.pid === hostInitPid(k) || p.kthread) return sysErr('EPERM');
  return p;
}

/** _exit(code): the process ends with status code & 0xff. */
export function exitProcess(k: Kernel, pid: number, code: number): true | SysError {
  const p = exitable(k, pid);
  if ('errno' in p) return p;
  terminate(k, p, ((Math.trunc(code) % 256) + 256) % 256, null);
  return true;
}

/**
 * Death by a signal the process cannot refuse (the kernel's own kill: OOM
 * killer, cgroup.kill, pid-namespace teardown): no permission or disposition checks.
 */
export function killProcess(k: Kernel, pid: number, signal: number, from = 0): true | SysError {
  if (!isValidSignal(signal) || signal === 0) return sysErr('EINVAL');
  const p = exitable(k, pid);
  if ('errno' in p) return p;
  const action = defaultAction(signal) === 'core' ? 'core' : 'term';
  k.emit({ type: 'process.signalled', pid: p.pid, signal, from, action });
  terminate(k, p, null, signal);
  return true;
}

/**
 * waitpid(childPid, WNOHANG) by `parentPid`: collect a zombie child (childPid -1: any).
 * ECHILD if it is not a child (or there are none); EAGAIN while it still runs.
 */
export function reap(k: Kernel, parentPid: number, childPid = -1): ReapResult | SysError {
  const parent = k.state.proc.byPid[parentPid];
  if (!parent) return sysErr('ESRCH');
  const by = k.state.proc.byPid;
  if (childPid === -1) {
    for (const c of parent.children) {
      const q = by[c];
      if (q?.state === 'Z') return release(k, q, parentPid);
    }
    return parent.children.length > 0 ? sysErr('EAGAIN') : sysErr('ECHILD');
  }
  const q = by[childPid];
  if (!q || q.ppid !== parentPid) return sysErr('ECHILD');
  if (q.state !== 'Z') return sysErr('EAGAIN');
  return release(k, q, parentPid);
}

/** The wait(2) status word: WEXITSTATUS in bits 8-15, or WTERMSIG in bits 0-6. */
export function waitStatus(p: Pick<Process, 'exitCode' | 'termSignal'>): number {
  if (p.termSignal !== null) return p.termSignal & 0x7f;
  return ((p.exitCode ?? 0) & 0xff) << 8;
}

/** $? as a shell reports it: the exit code, or 128+N for death by signal N (137 for SIGKILL). */
export function shellStatus(p: Pick<Process, 'exitCode' | 'termSignal'>): number {
  if (p.termSignal !== null) return 128 + p.termSignal;
  return p.exitCode ?? 0;
}

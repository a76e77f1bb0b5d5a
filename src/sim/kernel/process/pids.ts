/**
 * PID translation between PID namespaces (pid_namespaces(7), proc(5) NSpid).
 *
 * Models: a process has one PID at every level from the initial PID namespace
 * down to its own; a viewer sees exactly the processes with a PID in its own
 * PID namespace (its /proc), under that PID; getppid() is 0 when the parent has
 * no PID in the caller's namespace.
 * SIMPLIFICATIONS:
 * - Zombies stay visible until reaped, as in /proc.
 * - All lookups go through the per-namespace `pids` map (nspid → host PID), so
 *   none of them scans the process table.
 */

import type { Kernel } from '../kernel.ts';
import type { NsInum } from '../ids.ts';
import type { PidNamespace } from '../ns/types.ts';
import type { Process } from './types.ts';
import { nsAt } from '../ns/by-inum.ts';

/** A PID namespace record, or undefined if there is none with that inode. */
export function pidNsRecord(k: Kernel, inum: NsInum | number): PidNamespace | undefined {
  const ns = nsAt(k.state, inum);
  return ns?.type === 'pid' ? ns : undefined;
}

/** The PID namespaces from the initial one down to `inner`, outermost first. */
export function pidNsChain(k: Kernel, inner: NsInum): PidNamespace[] {
  const chain: PidNamespace[] = [];
  let cur: NsInum | null = inner;
  while (cur !== null) {
    const ns = pidNsRecord(k, cur);
    if (!ns) break;
    chain.push(ns);
    cur = ns.parent;
  }
  return chain.reverse();
}

/** Is `inner` the same PID namespace as `outer` or one nested (at any depth) inside it? */
export function pidNsIsWithin(k: Kernel, inner: NsInum, outer: NsInum): boolean {
  let cur: NsInum | null = inner;
  while (cur !== null) {
    if (cur === outer) return true;
    cur = pidNsRecord(k, cur)?.parent ?? null;
  }
  return false;
}

/** The PID a process has in a PID namespace, or null if it is not visible there. */
export function pidInNs(k: Kernel, hostPid: number, pidNsInum: NsInum): number | null {
  const p = k.state.proc.byPid[hostPid];
  const ns = pidNsRecord(k, pidNsInum);
  if (!p || !ns) return null;
  const n = p.nspids[ns.level];
  return n !== undefined && ns.pids[n] === hostPid ? n : null;
}

/** The host PID of the process that has PID `nspid` in a PID namespace, or null. */
export function hostPidOf(k: Kernel, pidNsInum: NsInum, nspid: number): number | null {
  const hp = pidNsRecord(k, pidNsInum)?.pids[nspid];
  return hp === undefined ? null : hp;
}

/** Every process with a PID in the viewer's PID namespace (what its /proc lists), in PID order there. */
export function visibleProcesses(k: Kernel, viewerPidNs: NsInum): Process[] {
  const ns = pidNsRecord(k, viewerPidNs);
  if (!ns) return [];
  const out: Process[] = [];
  const by = k.state.proc.byPid;
  // Integer keys iterate in ascending order: the namespace's own PID order.
  for (const hp of Object.values(ns.pids)) {
    const p = by[hp];
    if (p) out.push(p);
  }
  return out;
}

/**
 * getppid() as a process sees it (viewerPidNs omitted), or the PPID column of ps
 * run in `viewerPidNs`: the parent's PID there, or 0 when the parent is outside.
 */
export function getppidAsSeenBy(k: Kernel, pid: number, viewerPidNs?: NsInum): number {
  const p = k.state.proc.byPid[pid];
  if (!p || p.ppid === 0) return 0;
  return pidInNs(k, p.ppid, viewerPidNs ?? p.pidNs) ?? 0;
}

/** The PID a process has in its own PID namespace (the last of NSpid). */
export function ownNsPid(p: Process): number {
  return p.nspids[p.nspids.length - 1]!;
}

/** Is this process PID 1 of its own PID namespace (the host's init or a container's)? */
export function isNsInit(p: Process): boolean {
  return ownNsPid(p) === 1;
}

/**
 * Operations on the cgroup hierarchy: migrating a process (writing
 * cgroup.procs), the freezer (cgroup.freeze) and cgroup.kill. See
 * cgroup-v2.rst "Basic Operations", "Core Interface Files".
 *
 * SIMPLIFICATIONS:
 * - Permission checks are the caller's (files.ts, the fs module); these
 *   operations check only the kernel's own rules (ESRCH, ENOENT, EBUSY for the
 *   internal-process case, EINVAL for kernel threads).
 * - Migration never triggers reclaim or OOM at the destination (Linux does not
 *   move charged pages either; here the memory moves but is not re-checked
 *   until the next charge).
 */

import type { Kernel } from '../kernel.ts';
import { deliverPending } from '../process/signal.ts';
import { sysErr, type SysError } from '../errno.ts';
import { killProcess } from '../process/exit.ts';
import { SIGKILL } from '../signals.ts';
import type { Cgroup } from './types.ts';
import { effectiveFrozen, joinPath, normalizeCgroupPath, procsOf, subtree } from './tree.ts';

export function cgroupExists(k: Kernel, path: string): boolean {
  const p = normalizeCgroupPath(path);
  return p !== null && k.state.cgroup.byPath[p] !== undefined;
}

/** The cgroup record at `path` (normalised), or undefined. */
export function getCgroup(k: Kernel, path: string): Cgroup | undefined {
  const p = normalizeCgroupPath(path);
  return p === null ? undefined : k.state.cgroup.byPath[p];
}

/**
 * Is the cgroup frozen (by its own cgroup.freeze or an ancestor's)? A process
 * created in it starts frozen (cgroup_post_fork): clone should set `frozen`.
 */
export function isCgroupFrozen(k: Kernel, path: string): boolean {
  const p = normalizeCgroupPath(path);
  return p !== null && effectiveFrozen(k.state.cgroup, p);
}

/** cgroup.procs of one cgroup as host PIDs, ascending. */
export function cgroupProcs(k: Kernel, path: string): number[] | SysError {
  const c = getCgroup(k, path);
  return c ? procsOf(c) : sysErr('ENOENT');
}

/**
 * Migrate a process (write its PID to cgroup.procs). Moving into a non-root
 * cgroup that has controllers enabled for its children fails with EBUSY (the
 * "no internal processes" rule); kernel threads cannot be moved (EINVAL).
 */
export function moveToCgroup(k: Kernel, pid: number, path: string): void | SysError {
  const p = k.proc(pid);
  if (!p || p.state === 'Z') return sysErr('ESRCH');
  const to = normalizeCgroupPath(path);
  const dst = to === null ? undefined : k.state.cgroup.byPath[to];
  if (!dst || to === null) return sysErr('ENOENT');
  if (p.kthread) return sysErr('EINVAL');
  if (dst.parent !== null && dst.subtreeControl.length > 0) return sysErr('EBUSY');
  if (p.cgroup === to) return;
  k.emit({ type: 'process.cgroupMoved', pid, from: p.cgroup, to });
  const frozen = effectiveFrozen(k.state.cgroup, to);
  if (frozen !== p.frozen) k.emit({ type: 'process.frozenChanged', pid, frozen });
}

/**
 * Write cgroup.freeze: freeze (or thaw) every process in the subtree. A
 * descendant with its own cgroup.freeze=1 stays frozen when an ancestor thaws.
 */
export function freezeCgroup(k: Kernel, path: string, frozen: boolean): void | SysError {
  const p = normalizeCgroupPath(path);
  if (p === null) return sysErr('ENOENT');
  const cg = k.state.cgroup;
  const c = cg.byPath[p];
  if (!c) return sysErr('ENOENT');
  if (p === '/') return sysErr('EINVAL');
  if (c.freeze === frozen) return;
  k.emit({ type: 'cgroup.frozenChanged', path: p, frozen });
  const inherited = c.parent !== null && effectiveFrozen(cg, c.parent);
  syncFrozen(k, p, inherited);
}

/** Make each member's `frozen` flag match its cgroup's effective freezer state. */
function syncFrozen(k: Kernel, path: string, inherited: boolean): void {
  const c = k.state.cgroup.byPath[path];
  if (!c) return;
  const eff = inherited || c.freeze;
  for (const pid of procsOf(c)) {
    const proc = k.proc(pid);
    if (proc && proc.frozen !== eff) {
      k.emit({ type: 'process.frozenChanged', pid, frozen: eff });
      // Signals sent while it was frozen are acted on once it thaws.
      if (!eff) deliverPending(k, pid);
    }
  }
  for (const name of c.children) syncFrozen(k, joinPath(path, name), eff);
}

/** Write "1" to cgroup.kill: SIGKILL every process in the subtree. */
export function killCgroup(k: Kernel, path: string): void | SysError {
  const p = normalizeCgroupPath(path);
  if (p === null) return sysErr('ENOENT');
  const cg = k.state.cgroup;
  if (!cg.byPath[p]) return sysErr('ENOENT');
  if (p === '/') return sysErr('EINVAL');
  const victims: number[] = [];
  for (const c of subtree(cg, p)) for (const pid of procsOf(c)) victims.push(pid);
  for (const pid of victims) {
    const proc = k.proc(pid);
    if (proc && proc.state !== 'Z' && !proc.kthread) killProcess(k, pid, SIGKILL);
  }
}

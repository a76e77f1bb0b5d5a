/**
 * The pids controller's fork check (kernel/cgroup/pids.c pids_can_fork).
 *
 * Models: a fork/clone charges one task to the child's cgroup and every
 * ancestor; if any of them would go over its pids.max, the fork fails with
 * EAGAIN and pids.events "max" is counted in the forking task's cgroup.
 * Moving a process in is never refused, so pids.current may exceed pids.max.
 *
 * SIMPLIFICATIONS: the check does not reserve the charge; the process module
 * spawns right after a successful canFork, and the reducer charges then.
 */

import type { Kernel } from '../kernel.ts';
import { chain } from './tree.ts';

/** Can a task in `cgroupPath` fork one more? Emits cgroup.pidsLimitHit when not. */
export function canFork(k: Kernel, cgroupPath: string): boolean {
  for (const c of chain(k.state.cgroup, cgroupPath)) {
    if (c.parent === null) break;
    if (c.pidsMax !== 'max' && c.pidsCurrent + 1 > c.pidsMax) {
      k.emit({ type: 'cgroup.pidsLimitHit', path: cgroupPath, limitPath: c.path });
      return false;
    }
  }
  return true;
}

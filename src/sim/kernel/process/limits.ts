/**
 * What the cgroup a new process joins says about the fork (cgroup-v2.rst "PID",
 * "Core Interface Files" cgroup.freeze; clone(2) CLONE_INTO_CGROUP).
 *
 * Models: fork/clone fails with EAGAIN when the child's cgroup (or an ancestor)
 * is at pids.max; a child created in a frozen cgroup starts frozen
 * (cgroup_post_fork); CLONE_INTO_CGROUP needs an existing cgroup.
 * SIMPLIFICATIONS:
 * - The checks live in the cgroup module; this file is the one place the
 *   process module depends on it.
 */

import type { Kernel } from '../kernel.ts';
import { canFork } from '../cgroup/limits.ts';
import { cgroupExists, isCgroupFrozen } from '../cgroup/ops.ts';

/** May a new process be created in cgroup `cgroupPath`? (false → clone returns EAGAIN) */
export function forkAllowed(k: Kernel, cgroupPath: string): boolean {
  return canFork(k, cgroupPath);
}

/** Does the cgroup exist (for clone's `cgroup` option)? */
export function cgroupUsable(k: Kernel, cgroupPath: string): boolean {
  return cgroupExists(k, cgroupPath);
}

/** Does a process created in this cgroup start frozen? */
export function startsFrozen(k: Kernel, cgroupPath: string): boolean {
  return isCgroupFrozen(k, cgroupPath);
}

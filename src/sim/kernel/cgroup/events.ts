/** Events of the cgroup module (past tense; applied by applyCgroupEvent). */

import type { Controller } from './types.ts';

/** Files whose value cgroup.limitSet carries, as the file reads back. */
export type CgroupKnobFile =
  | 'memory.min'
  | 'memory.low'
  | 'memory.high'
  | 'memory.max'
  | 'memory.swap.high'
  | 'memory.swap.max'
  | 'memory.zswap.max'
  | 'memory.oom.group'
  | 'cpu.weight'
  | 'cpu.max'
  | 'pids.max'
  | 'cpuset.cpus'
  | 'cpuset.mems'
  | 'io.weight'
  | 'cgroup.max.depth'
  | 'cgroup.max.descendants';

export type CgroupEvent =
  /** mkdir in the cgroup filesystem. */
  | { type: 'cgroup.created'; path: string }
  /** rmdir (the cgroup had no processes and no children). */
  | { type: 'cgroup.removed'; path: string }
  /**
   * A knob was written. `value` is the canonical text the file reads back
   * without its newline: "104857600", "max", "50000 100000", "0-1", "1".
   */
  | { type: 'cgroup.limitSet'; path: string; file: CgroupKnobFile; value: string }
  /** cgroup.subtree_control now enables exactly these controllers for the children. */
  | { type: 'cgroup.subtreeControlChanged'; path: string; subtreeControl: Controller[] }
  /** One memory.events counter ticked in `path` (hierarchically: its ancestors too). */
  | { type: 'cgroup.memoryEventCounted'; path: string; counter: 'low' | 'high' | 'max' | 'oom' | 'oom_group_kill' }
  /**
   * The OOM killer chose `pid`. `path` is the OOM domain (the cgroup whose
   * memory.max was hit, or "/" for a host-wide OOM at `limit` = MemTotal);
   * `cgroup` is the victim's own cgroup, where oom_kill is counted.
   */
  | { type: 'cgroup.oomKilled'; path: string; pid: number; cgroup: string; rssBytes: number; limit: number; group: boolean }
  /** cgroup.freeze was set to 1 (frozen) or 0. */
  | { type: 'cgroup.frozenChanged'; path: string; frozen: boolean }
  /**
   * CPU time over one tick. `usageUsec` is what the cgroup's own member
   * processes used (added to it and its ancestors); the other fields are the
   * cgroup's own cpu.max bandwidth counters.
   */
  | { type: 'cgroup.cpuAccounted'; path: string; usageUsec: number; throttledUsec: number; periods: number; throttled: number }
  /**
   * fork/clone was refused with EAGAIN: `limitPath`'s pids.max would be exceeded.
   * Counted in pids.events of `path`, the forking task's cgroup (Linux 6.8).
   */
  | { type: 'cgroup.pidsLimitHit'; path: string; limitPath: string };

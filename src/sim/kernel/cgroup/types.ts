/**
 * cgroup v2 state: one unified hierarchy of control groups (cgroups(7),
 * Documentation/admin-guide/cgroup-v2.rst).
 *
 * Models: the tree under /sys/fs/cgroup keyed by absolute path ("/",
 * "/system.slice/docker-<id>.scope"), each cgroup's member processes
 * (cgroup.procs), the controllers enabled for its children
 * (cgroup.subtree_control), the knobs a learner reads and writes (memory.max,
 * cpu.weight, cpu.max, pids.max, cgroup.freeze, cpuset.cpus ...) and the
 * counters the kernel keeps (memory.current, memory.events, cpu.stat,
 * pids.current, pids.events).
 *
 * SIMPLIFICATIONS:
 * - Domain cgroups only: no threaded mode (cgroup.type is always "domain").
 * - memory.current, memory.peak, pids.current and the populated count are kept
 *   as running hierarchical totals by the reducer (as the kernel's page
 *   counters are), so nothing scans all processes on the hot paths.
 * - A process's memory is one figure (rssBytes); it moves with the process when
 *   it migrates (real cgroup v2 leaves already-charged pages behind).
 * - The initial layout is the systemd one after Docker's runc has enabled every
 *   controller down to system.slice.
 */

import type { MachineInfo } from '../state.ts';

/** Controllers in the kernel's order (as cgroup.controllers prints them). */
export const CONTROLLERS = ['cpuset', 'cpu', 'io', 'memory', 'hugetlb', 'pids', 'rdma', 'misc'] as const;
export type Controller = (typeof CONTROLLERS)[number];

/** A limit that may be unlimited ("max" in the files). */
export type Max = number | 'max';

export const PAGE_SIZE = 4096;
/** PID_MAX_LIMIT on 64-bit: pids.max accepts 0 .. PID_MAX_LIMIT. */
export const PID_MAX_LIMIT = 4194304;
export const CPU_WEIGHT_DEFAULT = 100;
export const CPU_PERIOD_DEFAULT_US = 100000;

/** memory.events keys, in the kernel's order. */
export const MEMORY_EVENT_KEYS = ['low', 'high', 'max', 'oom', 'oom_kill', 'oom_group_kill'] as const;
export type MemoryEventKey = (typeof MEMORY_EVENT_KEYS)[number];
export type MemoryEventCounters = Record<MemoryEventKey, number>;

export interface MemoryKnobs {
  min: Max;
  low: Max;
  high: Max;
  max: Max;
  swapHigh: Max;
  swapMax: Max;
  zswapMax: Max;
  oomGroup: boolean;
  /** Hierarchical counters (memory.events): this cgroup and its descendants. */
  events: MemoryEventCounters;
  /** This cgroup only (memory.events.local). */
  eventsLocal: MemoryEventCounters;
}

export interface CpuKnobs {
  /** cpu.weight, 1..10000. */
  weight: number;
  /** cpu.max first field, µs per period. */
  quota: Max;
  /** cpu.max second field, µs. */
  period: number;
  /** cpu.stat usage_usec, hierarchical (includes descendants). */
  usageUsec: number;
  /** Bandwidth counters of this cgroup's own cpu.max. */
  nrPeriods: number;
  nrThrottled: number;
  throttledUsec: number;
}

export interface Cgroup {
  path: string;
  /** Parent path; null for the root. */
  parent: string | null;
  /** Child cgroup names (not paths), sorted. */
  children: string[];
  /**
   * Live member PIDs (host PIDs) as object keys: integer keys iterate in
   * ascending order, and insert/delete are O(1). Use cgroupProcs() to read.
   */
  procs: Record<number, true>;
  /** Number of keys in procs. */
  nrProcs: number;
  /**
   * Exited but unreaped processes still charged to pids.current here (keys:
   * host PIDs). A removed cgroup hands its zombies to its parent.
   */
  zombies: Record<number, true>;
  /** Live processes in this cgroup and its descendants (cgroup.events populated). */
  nrLive: number;
  /** cgroup.subtree_control, in CONTROLLERS order. */
  subtreeControl: Controller[];
  /** cgroup.freeze as written here (the effective state also depends on ancestors). */
  freeze: boolean;
  maxDepth: Max;
  maxDescendants: Max;
  createdMs: number;
  /** Sum of rssBytes of live processes in the subtree (memory.current). */
  memoryCurrent: number;
  /** Highest memoryCurrent seen (memory.peak). */
  memoryPeak: number;
  /** Tasks charged to the subtree, zombies included until reaped (pids.current). */
  pidsCurrent: number;
  memory: MemoryKnobs;
  cpu: CpuKnobs;
  pidsMax: Max;
  /** pids.events "max": forks refused while the forking task was in this cgroup. */
  pidsEventsMax: number;
  /** cpuset.cpus as written (sorted CPU numbers); empty = inherit the parent's. */
  cpusetCpus: number[];
  /** cpuset.mems as written; empty = inherit. */
  cpusetMems: number[];
  /** io.weight default. */
  ioWeight: number;
}

export interface CgroupState {
  byPath: Record<string, Cgroup>;
}

function zeroEvents(): MemoryEventCounters {
  return { low: 0, high: 0, max: 0, oom: 0, oom_kill: 0, oom_group_kill: 0 };
}

export function defaultMemoryKnobs(): MemoryKnobs {
  return {
    min: 0,
    low: 0,
    high: 'max',
    max: 'max',
    swapHigh: 'max',
    swapMax: 'max',
    zswapMax: 'max',
    oomGroup: false,
    events: zeroEvents(),
    eventsLocal: zeroEvents(),
  };
}

export function defaultCpuKnobs(): CpuKnobs {
  return {
    weight: CPU_WEIGHT_DEFAULT,
    quota: 'max',
    period: CPU_PERIOD_DEFAULT_US,
    usageUsec: 0,
    nrPeriods: 0,
    nrThrottled: 0,
    throttledUsec: 0,
  };
}

/** A fresh, empty cgroup record as mkdir(2) creates it. */
export function newCgroup(path: string, parent: string | null, createdMs: number): Cgroup {
  return {
    path,
    parent,
    children: [],
    procs: {},
    nrProcs: 0,
    zombies: {},
    nrLive: 0,
    subtreeControl: [],
    freeze: false,
    maxDepth: 'max',
    maxDescendants: 'max',
    createdMs,
    memoryCurrent: 0,
    memoryPeak: 0,
    pidsCurrent: 0,
    memory: defaultMemoryKnobs(),
    cpu: defaultCpuKnobs(),
    pidsMax: 'max',
    pidsEventsMax: 0,
    cpusetCpus: [],
    cpusetMems: [],
    ioWeight: 100,
  };
}

/**
 * The hierarchy systemd builds at boot: "/", "/init.scope" (for PID 1),
 * "/system.slice" (services get sub-cgroups from the userland) and "/user.slice".
 * PID 1 lands in /init.scope when it is spawned with cgroup "/init.scope".
 */
export function createInitialCgroupState(_machine: MachineInfo): CgroupState {
  const root = newCgroup('/', null, 0);
  root.children = ['init.scope', 'system.slice', 'user.slice'];
  root.subtreeControl = [...CONTROLLERS];
  const init = newCgroup('/init.scope', '/', 0);
  const system = newCgroup('/system.slice', '/', 0);
  system.subtreeControl = [...CONTROLLERS];
  const user = newCgroup('/user.slice', '/', 0);
  user.subtreeControl = ['memory', 'pids'];
  return { byPath: { '/': root, '/init.scope': init, '/system.slice': system, '/user.slice': user } };
}

/**
 * CPU distribution by the cgroup v2 cpu controller (cgroup-v2.rst "CPU",
 * "Weights", "Limits"; CFS group scheduling and bandwidth control).
 *
 * Models: at every level of the tree the CPU a cgroup gets is split among its
 * children and its own runnable processes in proportion to cpu.weight
 * (a process counts as weight 100, like a nice-0 task), among those that want
 * CPU right now: an idle sibling's share goes to the others
 * (work-conserving). cpu.max is a hard ceiling of quota/period cores even when
 * CPUs are idle; a cgroup held down by it is throttled (cpu.stat nr_periods,
 * nr_throttled, throttled_usec). cpuset.cpus caps a cgroup at its CPU count.
 * A process never gets more than its cpuDemand (cores wanted).
 *
 * SIMPLIFICATIONS:
 * - A fluid model: shares are exact fractions of a core, recomputed each tick;
 *   no per-CPU runqueues, no latency, no burst.
 * - A child cgroup without the cpu controller competes as one weight-100
 *   entity (in Linux its tasks would compete one by one in the parent).
 * - Throttling is counted at period boundaries crossed during a tick; the time
 *   throttled per period is period × (1 − quota / what the group would use).
 * - Usage is rounded to whole µs per process per tick.
 */

import type { Kernel, KernelHooks } from '../kernel.ts';
import type { KernelState } from '../state.ts';
import type { Process } from '../process/types.ts';
import type { Cgroup } from './types.ts';
import { effectiveCpus, hasController, joinPath, procsOf } from './tree.ts';

const EPS = 1e-9;

export interface CgroupCpuInfo {
  /** Cores the subtree's runnable processes want (before this cgroup's caps). */
  want: number;
  /** cpu.max quota in cores, or Infinity. */
  quotaCores: number;
  /** Cores this cgroup may use at most (cpuset count, quota, machine). */
  cap: number;
  /** Cores granted to the subtree. */
  granted: number;
}

export interface CpuDistribution {
  /** Cores granted to each runnable process (host PID → cores). */
  byPid: Record<number, number>;
  byCgroup: Record<string, CgroupCpuInfo>;
}

function runnable(p: Process | undefined): p is Process {
  return p !== undefined && p.state === 'R' && !p.frozen && p.cpuDemand > 0;
}

/**
 * Split `amount` among items in proportion to weight, none getting more than
 * its demand; what a satisfied item leaves is shared again (water-filling:
 * each gets min(demand, level × weight) for one common level). O(n log n).
 */
export function waterFill(amount: number, items: ReadonlyArray<{ demand: number; weight: number }>): number[] {
  const grants = items.map(() => 0);
  const order = items
    .map((it, i) => ({ i, d: it.demand, w: it.weight }))
    .filter((x) => x.d > 0 && x.w > 0)
    .sort((a, b) => a.d / a.w - b.d / b.w || a.i - b.i);
  let remaining = amount;
  let totalW = order.reduce((s, x) => s + x.w, 0);
  for (let n = 0; n < order.length; n++) {
    const x = order[n] as { i: number; d: number; w: number };
    if (remaining <= EPS) break;
    if (x.d <= (remaining * x.w) / totalW + EPS) {
      grants[x.i] = x.d;
      remaining -= x.d;
      totalW -= x.w;
      continue;
    }
    // Nobody left is satisfied: the rest share what remains by weight.
    for (let m = n; m < order.length; m++) {
      const y = order[m] as { i: number; d: number; w: number };
      grants[y.i] = (remaining * y.w) / totalW;
    }
    break;
  }
  return grants;
}

/** How the machine's cores are shared right now, per process and per cgroup. */
export function computeCpu(state: KernelState, cores: number = state.machine.cpus): CpuDistribution {
  const cg = state.cgroup;
  const byCgroup: Record<string, CgroupCpuInfo> = {};
  const byPid: Record<number, number> = {};

  const demandOf = (c: Cgroup): number => {
    let want = 0;
    for (const pid of procsOf(c)) {
      const p = state.proc.byPid[pid];
      if (runnable(p)) want += Math.min(p.cpuDemand, cores);
    }
    for (const name of c.children) {
      const child = cg.byPath[joinPath(c.path, name)];
      if (child) want += demandOf(child);
    }
    let cap = cores;
    let quotaCores = Infinity;
    if (c.parent !== null) {
      if (hasController(cg, c, 'cpuset') && c.cpusetCpus.length > 0) {
        cap = Math.min(cap, effectiveCpus(cg, c.path, cores).length);
      }
      if (hasController(cg, c, 'cpu') && c.cpu.quota !== 'max') {
        quotaCores = c.cpu.quota / c.cpu.period;
        cap = Math.min(cap, quotaCores);
      }
    }
    byCgroup[c.path] = { want, quotaCores, cap, granted: 0 };
    return Math.min(want, cap);
  };

  const give = (c: Cgroup, amount: number): void => {
    const info = byCgroup[c.path] as CgroupCpuInfo;
    info.granted = amount;
    const kids: Cgroup[] = [];
    const pids: number[] = [];
    const items: Array<{ demand: number; weight: number }> = [];
    for (const name of c.children) {
      const child = cg.byPath[joinPath(c.path, name)];
      const ci = child ? byCgroup[child.path] : undefined;
      if (!child || !ci) continue;
      const demand = Math.min(ci.want, ci.cap);
      if (demand <= 0) continue;
      kids.push(child);
      items.push({ demand, weight: hasController(cg, child, 'cpu') ? child.cpu.weight : 100 });
    }
    for (const pid of procsOf(c)) {
      const p = state.proc.byPid[pid];
      if (!runnable(p)) continue;
      pids.push(pid);
      items.push({ demand: Math.min(p.cpuDemand, cores), weight: 100 });
    }
    const grants = waterFill(amount, items);
    kids.forEach((child, i) => give(child, grants[i] as number));
    pids.forEach((pid, i) => {
      byPid[pid] = grants[kids.length + i] as number;
    });
  };

  const root = cg.byPath['/'];
  if (!root) return { byPid, byCgroup };
  const total = demandOf(root);
  give(root, Math.min(total, cores));
  return { byPid, byCgroup };
}

/** Cores granted to each runnable process (for live CPU % in the views). */
export function cpuShares(state: KernelState, cores: number = state.machine.cpus): Record<number, number> {
  return computeCpu(state, cores).byPid;
}

/**
 * Charge the CPU used between two instants: one process.cpuCharged per
 * process that ran, one cgroup.cpuAccounted per cgroup with usage or
 * bandwidth periods.
 */
export function accountCpu(k: Kernel, fromMs: number, toMs: number): void {
  const dtUs = (toMs - fromMs) * 1000;
  if (dtUs <= 0) return;
  const { byPid, byCgroup } = computeCpu(k.state);
  const usage: Record<string, number> = {};
  for (const key of Object.keys(byPid)) {
    const pid = Number(key);
    const p = k.proc(pid);
    const usec = Math.round((byPid[pid] as number) * dtUs);
    if (!p || usec <= 0) continue;
    k.emit({ type: 'process.cpuCharged', pid, usec });
    usage[p.cgroup] = (usage[p.cgroup] ?? 0) + usec;
  }
  for (const path of Object.keys(byCgroup)) {
    const info = byCgroup[path] as CgroupCpuInfo;
    const c = k.state.cgroup.byPath[path];
    if (!c) continue;
    let periods = 0;
    let throttled = 0;
    let throttledUsec = 0;
    if (info.quotaCores !== Infinity && info.want > 0) {
      periods = Math.floor((toMs * 1000) / c.cpu.period) - Math.floor((fromMs * 1000) / c.cpu.period);
      const wouldUse = Math.min(info.want, k.state.machine.cpus);
      if (periods > 0 && wouldUse > info.quotaCores + EPS && info.granted >= info.quotaCores - EPS) {
        throttled = periods;
        throttledUsec = Math.round(periods * c.cpu.period * (1 - info.quotaCores / wouldUse));
      }
    }
    const u = usage[path] ?? 0;
    if (u > 0 || periods > 0) {
      k.emit({ type: 'cgroup.cpuAccounted', path, usageUsec: u, throttledUsec, periods, throttled });
    }
  }
}

/** Register the cgroup module's reactions: CPU accounting as virtual time passes. */
export function installCgroup(hooks: KernelHooks): void {
  hooks.ticked.push(accountCpu);
}

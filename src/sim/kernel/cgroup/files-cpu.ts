/**
 * The cpu controller's interface files and cpu.stat (cgroup-v2.rst "CPU
 * Interface Files"; kernel/sched/core.c cpu_max_write, cpu_weight_write_u64,
 * cpu_weight_nice_write_s64; kernel/cgroup/rstat.c).
 *
 * SIMPLIFICATIONS:
 * - All CPU time counts as user time (system_usec stays 0).
 * - cpu.weight.nice is derived from cpu.weight (the kernel keeps the exact
 *   scheduler weight, so a nice value may read back one step off here).
 * - cpu.idle, cpu.max.burst and the uclamp files are read-only constants.
 */

import { sysErr } from '../errno.ts';
import type { CgroupFileSpec } from './file-spec.ts';
import { keyed } from './file-spec.ts';
import type { Cgroup, Max } from './types.ts';
import { hasController } from './tree.ts';
import { kstrtoint, scanUnsigned } from './parse.ts';

/** kernel/sched/core.c sched_prio_to_weight[]: nice -20 .. 19. */
const PRIO_TO_WEIGHT = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904, 3906, 3121, 2501,
  1991, 1586, 1277, 1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
];

/** Limits of tg_set_cfs_bandwidth: periods and quotas from 1 ms to 1 s (quota may be larger). */
const MIN_CFS_US = 1000;
const MAX_CFS_PERIOD_US = 1000000;
/** max_cfs_runtime: MAX_BW_USEC (about 2^44 µs). */
const MAX_CFS_RUNTIME_US = 2 ** 44 - 1;

function shares(weight: number): number {
  return Math.round((weight * 1024) / 100);
}

/** cpu_weight_nice_read_s64: the nice value whose scheduler weight is closest. */
export function weightToNice(weight: number): number {
  const w = shares(weight);
  let last = Infinity;
  let prio = 0;
  for (; prio < PRIO_TO_WEIGHT.length; prio++) {
    const delta = Math.abs((PRIO_TO_WEIGHT[prio] as number) - w);
    if (delta >= last) break;
    last = delta;
  }
  return prio - 1 - 20;
}

/** cpu_weight_nice_write_s64 then cpu.weight: the cgroup weight of a nice value. */
export function niceToWeight(nice: number): number {
  const w = PRIO_TO_WEIGHT[nice + 20] as number;
  return Math.min(10000, Math.max(1, Math.round((w * 100) / 1024)));
}

function cpuMaxText(c: Cgroup): string {
  return `${c.cpu.quota === 'max' ? 'max' : c.cpu.quota} ${c.cpu.period}\n`;
}

/** cpu_period_quota_parse + tg_set_bandwidth checks. Returns [quota, period] or null (EINVAL). */
export function parseCpuMax(value: string, oldPeriod: number): [Max, number] | null {
  const toks = value.trim().split(/\s+/);
  const first = toks[0] ?? '';
  if (first === '') return null;
  let quota: Max;
  const q = scanUnsigned(first);
  if (q !== null) quota = q;
  else if (first === 'max') quota = 'max';
  else return null;
  let period = oldPeriod;
  if (toks.length > 1) {
    const p = scanUnsigned(toks[1] as string);
    if (p !== null) period = p;
  }
  if (period < MIN_CFS_US || period > MAX_CFS_PERIOD_US) return null;
  if (quota !== 'max' && (quota < MIN_CFS_US || quota > MAX_CFS_RUNTIME_US)) return null;
  return [quota, period];
}

export const CPU_FILES: CgroupFileSpec[] = [
  {
    name: 'cpu.stat',
    controller: null,
    on: 'all',
    read: ({ k, c }) => {
      const lines: Array<[string, number]> = [
        ['usage_usec', c.cpu.usageUsec],
        ['user_usec', c.cpu.usageUsec],
        ['system_usec', 0],
        ['core_sched.force_idle_usec', 0],
      ];
      if (c.parent !== null && hasController(k.state.cgroup, c, 'cpu')) {
        lines.push(['nr_periods', c.cpu.nrPeriods], ['nr_throttled', c.cpu.nrThrottled], ['throttled_usec', c.cpu.throttledUsec]);
        lines.push(['nr_bursts', 0], ['burst_usec', 0]);
      }
      return keyed(lines);
    },
  },
  {
    name: 'cpu.weight',
    controller: 'cpu',
    on: 'nonroot',
    read: ({ c }) => `${c.cpu.weight}\n`,
    write: ({ k, c }, value) => {
      const n = kstrtoint(value.trim());
      if (n === null || n < 0) return sysErr('EINVAL');
      if (n < 1 || n > 10000) return sysErr('ERANGE');
      k.emit({ type: 'cgroup.limitSet', path: c.path, file: 'cpu.weight', value: String(n) });
    },
  },
  {
    name: 'cpu.weight.nice',
    controller: 'cpu',
    on: 'nonroot',
    read: ({ c }) => `${weightToNice(c.cpu.weight)}\n`,
    write: ({ k, c }, value) => {
      const n = kstrtoint(value.trim());
      if (n === null) return sysErr('EINVAL');
      if (n < -20 || n > 19) return sysErr('ERANGE');
      k.emit({ type: 'cgroup.limitSet', path: c.path, file: 'cpu.weight', value: String(niceToWeight(n)) });
    },
  },
  { name: 'cpu.idle', controller: 'cpu', on: 'nonroot', read: () => '0\n' },
  {
    name: 'cpu.max',
    controller: 'cpu',
    on: 'nonroot',
    read: ({ c }) => cpuMaxText(c),
    write: ({ k, c }, value) => {
      const r = parseCpuMax(value, c.cpu.period);
      if (!r) return sysErr('EINVAL');
      k.emit({ type: 'cgroup.limitSet', path: c.path, file: 'cpu.max', value: `${r[0]} ${r[1]}` });
    },
  },
  { name: 'cpu.max.burst', controller: 'cpu', on: 'nonroot', read: () => '0\n' },
  { name: 'cpu.uclamp.min', controller: 'cpu', on: 'nonroot', read: () => '0.00\n' },
  { name: 'cpu.uclamp.max', controller: 'cpu', on: 'nonroot', read: () => 'max\n' },
];

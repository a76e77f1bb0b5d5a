/**
 * The memory controller's interface files (cgroup-v2.rst "Memory Interface
 * Files"; mm/memcontrol.c): memory.current, memory.max and friends,
 * memory.events(.local), memory.stat, memory.swap.*, memory.oom.group,
 * memory.reclaim.
 *
 * SIMPLIFICATIONS:
 * - All charged memory is anonymous: memory.stat shows it as "anon" (and
 *   "inactive_anon"); every other statistic is 0. No swap is ever used.
 * - memory.reclaim cannot free anything (no page cache), so any non-zero
 *   request fails with EAGAIN as the kernel's does when it falls short.
 * - Lowering memory.high counts nothing and throttles nothing.
 */

import { sysErr } from '../errno.ts';
import type { CgroupFileSpec, WriteCtx } from './file-spec.ts';
import { keyed } from './file-spec.ts';
import type { CgroupKnobFile } from './events.ts';
import type { Cgroup, Max, MemoryEventCounters } from './types.ts';
import { MEMORY_EVENT_KEYS } from './types.ts';
import { formatMax, kstrtoint, memparse, pageCounterMemparse } from './parse.ts';
import { enforceMemoryMax } from './memory.ts';

const STAT_KEYS = [
  'anon', 'file', 'kernel', 'kernel_stack', 'pagetables', 'sec_pagetables', 'percpu', 'sock', 'vmalloc', 'shmem',
  'zswap', 'zswapped', 'file_mapped', 'file_dirty', 'file_writeback', 'swapcached', 'anon_thp', 'file_thp',
  'shmem_thp', 'inactive_anon', 'active_anon', 'inactive_file', 'active_file', 'unevictable', 'slab_reclaimable',
  'slab_unreclaimable', 'slab', 'workingset_refault_anon', 'workingset_refault_file', 'workingset_activate_anon',
  'workingset_activate_file', 'workingset_restore_anon', 'workingset_restore_file', 'workingset_nodereclaim',
  'pgscan', 'pgsteal', 'pgscan_kswapd', 'pgscan_direct', 'pgscan_khugepaged', 'pgsteal_kswapd', 'pgsteal_direct',
  'pgsteal_khugepaged', 'pgfault', 'pgmajfault', 'pgrefill', 'pgactivate', 'pgdeactivate', 'pglazyfree',
  'pglazyfreed', 'zswpin', 'zswpout', 'zswpwb', 'thp_fault_alloc', 'thp_collapse_alloc', 'thp_swpout',
  'thp_swpout_fallback',
] as const;

const NUMA_KEYS = [
  'anon', 'file', 'kernel_stack', 'pagetables', 'sec_pagetables', 'shmem', 'file_mapped', 'file_dirty',
  'file_writeback', 'swapcached', 'anon_thp', 'file_thp', 'shmem_thp', 'inactive_anon', 'active_anon',
  'inactive_file', 'active_file', 'unevictable', 'slab_reclaimable', 'slab_unreclaimable',
] as const;

const ANON_KEYS: ReadonlySet<string> = new Set(['anon', 'inactive_anon']);

function memoryStat(c: Cgroup): string {
  return keyed(STAT_KEYS.map((key) => [key, ANON_KEYS.has(key) ? c.memoryCurrent : 0] as const));
}

function numaStat(c: Cgroup): string {
  let out = '';
  for (const key of NUMA_KEYS) out += `${key} N0=${ANON_KEYS.has(key) ? c.memoryCurrent : 0}\n`;
  return out;
}

function eventsText(ev: MemoryEventCounters): string {
  return keyed(MEMORY_EVENT_KEYS.map((key) => [key, ev[key]] as const));
}

/** A page_counter knob: "max" or bytes with K/M/G suffixes, rounded down to pages. */
function limitFile(name: CgroupKnobFile, get: (c: Cgroup) => Max, after?: (ctx: WriteCtx) => void): CgroupFileSpec {
  return {
    name,
    controller: 'memory',
    on: 'nonroot',
    read: ({ c }) => formatMax(get(c)) + '\n',
    write: (ctx, value) => {
      const v = pageCounterMemparse(value);
      if (v === null) return sysErr('EINVAL');
      ctx.k.emit({ type: 'cgroup.limitSet', path: ctx.c.path, file: name, value: formatMax(v) });
      after?.(ctx);
    },
  };
}

function text(name: string, on: CgroupFileSpec['on'], read: CgroupFileSpec['read']): CgroupFileSpec {
  return { name, controller: 'memory', on, read };
}

export const MEMORY_FILES: CgroupFileSpec[] = [
  text('memory.current', 'nonroot', ({ c }) => `${c.memoryCurrent}\n`),
  limitFile('memory.min', (c) => c.memory.min),
  limitFile('memory.low', (c) => c.memory.low),
  limitFile('memory.high', (c) => c.memory.high),
  limitFile('memory.max', (c) => c.memory.max, ({ k, c }) => enforceMemoryMax(k, c.path)),
  text('memory.peak', 'nonroot', ({ c }) => `${c.memoryPeak}\n`),
  text('memory.events', 'nonroot', ({ c }) => eventsText(c.memory.events)),
  text('memory.events.local', 'nonroot', ({ c }) => eventsText(c.memory.eventsLocal)),
  text('memory.stat', 'all', ({ c }) => memoryStat(c)),
  text('memory.numa_stat', 'all', ({ c }) => numaStat(c)),
  {
    name: 'memory.oom.group',
    controller: 'memory',
    on: 'nonroot',
    read: ({ c }) => (c.memory.oomGroup ? '1\n' : '0\n'),
    write: ({ k, c }, value) => {
      const n = kstrtoint(value.trim());
      if (n === null || (n !== 0 && n !== 1)) return sysErr('EINVAL');
      k.emit({ type: 'cgroup.limitSet', path: c.path, file: 'memory.oom.group', value: String(n) });
    },
  },
  {
    name: 'memory.reclaim',
    controller: 'memory',
    on: 'all',
    write: (_ctx, value) => {
      const { bytes, rest } = memparse(value.trim());
      if (rest !== '' && !/^\s+swappiness=\d+$/.test(rest)) return sysErr('EINVAL');
      return bytes > 0 ? sysErr('EAGAIN') : undefined;
    },
  },
  text('memory.swap.current', 'nonroot', () => '0\n'),
  limitFile('memory.swap.high', (c) => c.memory.swapHigh),
  limitFile('memory.swap.max', (c) => c.memory.swapMax),
  text('memory.swap.peak', 'nonroot', () => '0\n'),
  text('memory.swap.events', 'nonroot', () => keyed([['high', 0], ['max', 0], ['fail', 0]])),
  text('memory.zswap.current', 'nonroot', () => '0\n'),
  limitFile('memory.zswap.max', (c) => c.memory.zswapMax),
  {
    name: 'memory.zswap.writeback',
    controller: 'memory',
    on: 'nonroot',
    read: () => '1\n',
    write: (_ctx, value) => {
      const n = kstrtoint(value.trim());
      return n === 0 || n === 1 ? undefined : sysErr('EINVAL');
    },
  },
];

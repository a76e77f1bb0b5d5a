/**
 * Layout of the cgroups view: the cgroup v2 tree under /sys/fs/cgroup as an
 * indented list, each row with the figures its meters show: memory.current
 * against memory.max, the CPU the cgroup gets right now (the cgroup module's
 * computeCpu: cpu.weight shares and cpu.max caps), pids.current against
 * pids.max, and its OOM kills. Pure: reads the kernel state, tested in Node.
 */

import { hierarchy } from 'd3-hierarchy';
import type { KernelState } from '../../sim/kernel/state.ts';
import type { Cgroup, Max } from '../../sim/kernel/cgroup/types.ts';
import { computeCpu, type CpuDistribution } from '../../sim/kernel/cgroup/cpu.ts';
import { clamp01 } from './format.ts';

export interface CgroupRow {
  path: string;
  /** Last path component, "/" for the root. */
  name: string;
  depth: number;
  /** "container web" for docker-<id>.scope when the engine knows the container. */
  note: string | null;
  memoryCurrent: number;
  memoryMax: Max;
  /** memory.current / memory.max, or / MemTotal when unlimited. */
  memoryFraction: number;
  pidsCurrent: number;
  pidsMax: Max;
  /** pids.current / pids.max, or null when unlimited. */
  pidsFraction: number | null;
  /** Cores granted to the subtree right now. */
  cpuCores: number;
  /** cpuCores / the machine's CPUs. */
  cpuFraction: number;
  cpuWeight: number;
  /** cpu.max quota in cores, or null for "max". */
  cpuQuotaCores: number | null;
  /** Processes directly in this cgroup (cgroup.procs). */
  nrProcs: number;
  oomKills: number;
  frozen: boolean;
}

export interface CgroupLayoutOptions {
  /** Container name by ID (for docker-<id>.scope rows). */
  containerName?: (id: string) => string | undefined;
  /** Paths not to show yet (created by events the playback has not reached). */
  hidden?: ReadonlySet<string>;
  /** A CPU distribution already computed for this state. */
  cpu?: CpuDistribution;
}

interface Node {
  c: Cgroup;
  kids: Node[];
}

const SCOPE = /^docker-([0-9a-f]{12,64})\.scope$/;

export function layoutCgroupTree(state: KernelState, opts: CgroupLayoutOptions = {}): CgroupRow[] {
  const cg = state.cgroup.byPath;
  const rootCg = cg['/'];
  if (!rootCg) return [];
  const cpu = opts.cpu ?? computeCpu(state);
  const cores = state.machine.cpus;
  const memTotal = state.machine.memTotalBytes;

  const build = (c: Cgroup): Node => ({
    c,
    kids: c.children
      .map((name) => cg[c.path === '/' ? `/${name}` : `${c.path}/${name}`])
      .filter((k): k is Cgroup => k !== undefined && !opts.hidden?.has(k.path))
      .map(build),
  });
  const root = hierarchy<Node>(build(rootCg), (n) => n.kids);

  const rows: CgroupRow[] = [];
  root.eachBefore((n) => {
    const c = n.data.c;
    const name = c.path === '/' ? '/' : (c.path.split('/').pop() ?? c.path);
    const m = SCOPE.exec(name);
    const cname = m?.[1] ? opts.containerName?.(m[1]) : undefined;
    const info = cpu.byCgroup[c.path];
    const granted = info?.granted ?? 0;
    rows.push({
      path: c.path,
      name,
      depth: n.depth,
      note: cname ? `container ${cname}` : null,
      memoryCurrent: c.memoryCurrent,
      memoryMax: c.memory.max,
      memoryFraction: clamp01(c.memoryCurrent / (c.memory.max === 'max' ? memTotal : Math.max(c.memory.max, 1))),
      pidsCurrent: c.pidsCurrent,
      pidsMax: c.pidsMax,
      pidsFraction: c.pidsMax === 'max' ? null : clamp01(c.pidsCurrent / Math.max(c.pidsMax, 1)),
      cpuCores: granted,
      cpuFraction: clamp01(granted / cores),
      cpuWeight: c.cpu.weight,
      cpuQuotaCores: c.cpu.quota === 'max' ? null : c.cpu.quota / c.cpu.period,
      nrProcs: c.nrProcs,
      oomKills: c.memory.eventsLocal.oom_kill,
      frozen: c.freeze,
    });
  });
  return rows;
}

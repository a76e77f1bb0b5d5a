/**
 * The container's cgroup as runc's systemd driver makes it (runc
 * libcontainer/cgroups/systemd, opencontainers/cgroups fs2): a directory
 * /system.slice/docker-<id>.scope with the limits of HostConfig written to the
 * cgroup v2 files: memory.max, memory.swap.max, memory.low, cpu.weight
 * (converted from --cpu-shares), cpu.max (from --cpus or --cpu-quota/period),
 * pids.max, cpuset.cpus and cpuset.mems. `docker update` rewrites the same files.
 *
 * SIMPLIFICATIONS: no systemd transient unit (the scope is a plain cgroup
 * directory); io.* and device rules are not written.
 */

import type { Kernel } from '../../kernel/kernel.ts';
import { isErr, type SysError } from '../../kernel/errno.ts';
import { mkdirCgroup, rmdirCgroup } from '../../kernel/cgroup/dir.ts';
import { writeCgroupFile } from '../../kernel/cgroup/files.ts';
import { cgroupExists, killCgroup } from '../../kernel/cgroup/ops.ts';
import { cpusToCpuMax, memorySwapToSwapMax, sharesToWeight } from '../../kernel/cgroup/docker.ts';
import type { HostConfig } from '../containers/types.ts';

export type Resources = Pick<HostConfig, 'Memory' | 'MemorySwap' | 'MemoryReservation' | 'CpuShares' | 'NanoCpus' | 'CpuPeriod' | 'CpuQuota' | 'PidsLimit' | 'CpusetCpus' | 'CpusetMems'>;

/** mkdir -p of a cgroup path (the parent slices of --cgroup-parent). */
export function ensureCgroup(k: Kernel, path: string): void | SysError {
  let cur = '';
  for (const part of path.split('/').filter(Boolean)) {
    cur += `/${part}`;
    if (!cgroupExists(k, cur)) {
      const r = mkdirCgroup(k, cur);
      if (isErr(r)) return r;
    }
  }
}

/** The (file, value) pairs runc writes for these resources; `all` also writes defaults (docker update). */
export function resourceFiles(r: Partial<Resources>, all: boolean): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (r.Memory !== undefined && (r.Memory !== 0 || all)) out.push(['memory.max', r.Memory > 0 ? String(r.Memory) : 'max']);
  if (r.MemorySwap !== undefined && r.Memory !== undefined) {
    const s = memorySwapToSwapMax(r.MemorySwap, r.Memory);
    if (s.ok && s.value !== null) out.push(['memory.swap.max', String(s.value)]);
  }
  if (r.MemoryReservation !== undefined && (r.MemoryReservation !== 0 || all)) out.push(['memory.low', String(r.MemoryReservation)]);
  if (r.CpuShares !== undefined && r.CpuShares !== 0) out.push(['cpu.weight', String(sharesToWeight(r.CpuShares))]);
  if (r.NanoCpus !== undefined && r.NanoCpus !== 0) out.push(['cpu.max', cpusToCpuMax(r.NanoCpus / 1e9)]);
  else if (r.CpuQuota !== undefined && (r.CpuQuota !== 0 || r.CpuPeriod)) {
    const period = r.CpuPeriod || 100000;
    out.push(['cpu.max', `${r.CpuQuota && r.CpuQuota > 0 ? r.CpuQuota : 'max'} ${period}`]);
  }
  if (r.PidsLimit !== undefined && r.PidsLimit !== null && (r.PidsLimit > 0 || all)) out.push(['pids.max', r.PidsLimit > 0 ? String(r.PidsLimit) : 'max']);
  if (r.CpusetCpus) out.push(['cpuset.cpus', r.CpusetCpus]);
  if (r.CpusetMems) out.push(['cpuset.mems', r.CpusetMems]);
  return out;
}

/** Write resource files as `writerPid` (runc, root). The first error is returned with its file. */
export function applyResources(k: Kernel, writerPid: number, path: string, r: Partial<Resources>, all = false): void | { file: string; err: SysError } {
  for (const [file, value] of resourceFiles(r, all)) {
    const e = writeCgroupFile(k, writerPid, path, file, value);
    if (isErr(e)) return { file, err: e };
  }
}

/** Create the container's cgroup with its limits (runc's cgroup manager Apply + Set). */
export function createContainerCgroup(k: Kernel, writerPid: number, path: string, r: Resources): void | string {
  const made = ensureCgroup(k, path);
  if (isErr(made)) return `failed to create cgroup ${path}: ${made.errno}`;
  const e = applyResources(k, writerPid, path, r);
  if (e) return `failed to write ${e.file}: ${e.err.errno}`;
}

/** Kill whatever is left and remove the cgroup (runc delete). */
export function destroyContainerCgroup(k: Kernel, path: string): void {
  if (!cgroupExists(k, path)) return;
  killCgroup(k, path);
  rmdirCgroup(k, path);
}

/**
 * Copying a whole KernelState: the basis of snapshot() and restore().
 *
 * The state is plain data, so a copy is a deep copy; the process table, by far
 * the largest slice, is copied record by record with a monomorphic copier.
 * A snapshot from an older build whose fs indexes had another shape gets them
 * rebuilt from the mount tables.
 */

import type { KernelState } from './state.ts';
import type { Process } from './process/types.ts';
import { copyProc } from './process/apply.ts';
import { keepHashed } from './process/sparse.ts';
import { clonePlain } from './plain.ts';
import { rebuildFsIndexes } from './fs/apply-mount.ts';

export function cloneKernelState(s: KernelState): KernelState {
  const byPid: Record<number, Process> = {};
  for (const key in s.proc.byPid) byPid[key as unknown as number] = copyProc(s.proc.byPid[key as unknown as number] as Process);
  keepHashed(byPid);
  const fs = clonePlain(s.fs);
  // Snapshots saved before the mount hash was keyed by parent mount lack devSbs: index them again.
  if (!fs.devSbs) rebuildFsIndexes(fs);
  // Snapshots saved before copies of mount namespaces could be lazy.
  fs.lazy ??= {};
  return {
    machine: { ...s.machine },
    clock: { ...s.clock },
    rng: { ...s.rng },
    seq: s.seq,
    proc: { ...clonePlain({ ...s.proc, byPid: {} }), byPid },
    ns: clonePlain(s.ns),
    cgroup: clonePlain(s.cgroup),
    fs,
    net: clonePlain(s.net),
  };
}

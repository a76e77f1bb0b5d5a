/**
 * Copying a whole KernelState: the basis of snapshot() and restore().
 *
 * The state is plain data, so a copy is a deep copy; the process table, by far
 * the largest slice, is copied record by record with a monomorphic copier.
 * The id tables (inodes, superblocks, mounts, the mount hash, processes) are
 * arrays with holes while live and plain objects in a snapshot (id-table.ts):
 * cloneKernelState() makes the live form from either, kernelSnapshot() the
 * snapshot form. A snapshot from an older build whose fs indexes had another
 * shape gets them rebuilt from the mount tables.
 */

import type { KernelState } from './state.ts';
import type { FsState } from './fs/types.ts';
import type { Process, ProcTable, TimerEntry } from './process/types.ts';
import { copyProc } from './process/apply.ts';
import { clonePlain } from './plain.ts';
import { rebuildFsIndexes } from './fs/apply-mount.ts';
import { copyIdTable, idTableObject, type IdTable } from './id-table.ts';
import { copyInode } from './fs/apply-inode.ts';
import { hashedRecord } from './process/sparse.ts';

type TableCopy = <T>(t: IdTable<T>, copy: (x: T) => T) => IdTable<T>;

/** The armed timers, latest due first; a snapshot saved before `due` holds `timers`, soonest first (ties in arming order). */
function dueTimers(p: ProcTable & { timers?: TimerEntry[] }): TimerEntry[] {
  const copy = (t: TimerEntry): TimerEntry => ({ untilMs: t.untilMs, pid: t.pid });
  if (p.due) return p.due.map(copy);
  return (p.timers ?? []).map(copy).reverse();
}

/** A mount-hash record (mountpoint → mount id) as a hash table; mountpoints are absolute paths, never "__proto__". */
function copyAtRecord(r: Record<string, number>): Record<string, number> {
  const o = hashedRecord<number>();
  for (const point in r) o[point] = r[point] as number;
  return o;
}

function copyKernelState(s: KernelState, table: TableCopy): KernelState {
  const byPid = table(s.proc.byPid, (p: Process) => copyProc(p));
  const f = s.fs;
  const rest = clonePlain({ ...f, sbs: null, inodes: null, mounts: null, at: null });
  // Inodes by the reducers' own copier; mount-hash records stay hash tables (hashedRecord, as atSet makes them).
  const fs: FsState = { ...rest, sbs: table(f.sbs, clonePlain), inodes: table(f.inodes, copyInode), mounts: table(f.mounts, clonePlain), at: table(f.at, copyAtRecord) };
  // Snapshots saved before the mount hash was keyed by parent mount lack devSbs: index them again.
  if (!fs.devSbs) rebuildFsIndexes(fs);
  // Snapshots saved before copies of mount namespaces could be lazy.
  fs.lazy ??= {};
  return {
    machine: { ...s.machine },
    clock: { ...s.clock },
    rng: { ...s.rng },
    seq: s.seq,
    proc: { byPid, nextPid: s.proc.nextPid, pidMax: s.proc.pidMax, due: dueTimers(s.proc) },
    ns: clonePlain(s.ns),
    cgroup: clonePlain(s.cgroup),
    fs,
    net: clonePlain(s.net),
  };
}

/** A live copy of a kernel state (restore, or a copy to run on), from a live state or a snapshot. */
export function cloneKernelState(s: KernelState): KernelState {
  return copyKernelState(s, copyIdTable);
}

/** A copy of a live kernel state in the snapshot form (id tables as plain objects, JSON-safe without holes). */
export function kernelSnapshot(s: KernelState): KernelState {
  return copyKernelState(s, idTableObject);
}

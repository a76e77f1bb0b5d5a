/**
 * The mount table as a process sees it: /proc/PID/mountinfo, /proc/PID/mounts
 * (proc(5) "mountinfo", fs/proc_namespace.c), and structured entries for
 * findmnt and df.
 *
 * Models: the mounts of the process's mount namespace in mount order, only
 * those below its root, mountpoints shown relative to that root; per-mount
 * options (rw/ro, nosuid, nodev, noexec, atime flags) separate from superblock
 * options; optional fields shared:N, master:N, unbindable; the cgroup2 root
 * shown relative to the reader's cgroup namespace; octal escapes for spaces.
 * SIMPLIFICATIONS: no propagate_from; mounts shadowed by a mount on a parent
 * path are still listed (as the kernel does).
 */

import type { Kernel } from '../kernel.ts';
import type { Process } from '../process/types.ts';
import { isErr, type SysError } from '../errno.ts';
import { procOf } from './vfs/ctx.ts';
import { settleNs } from './lazy-copy.ts';
import { isUnder, mangle, relTo, relativeWithDots } from './vfs/path.ts';
import { nsAt } from '../ns/by-inum.ts';
import { mntnsOf } from './mntns-table.ts';

export interface MountEntry {
  id: number;
  parent: number;
  major: number;
  minor: number;
  /** Root of the mount within its filesystem ("/" unless a bind mount or a cgroup namespace). */
  root: string;
  /** Mountpoint relative to the process's root. */
  point: string;
  /** "rw,nosuid,nodev,noexec,relatime" */
  mountOptions: string;
  /** "shared:1", "master:3", "unbindable" */
  optional: string[];
  fstype: string;
  source: string;
  /** "rw,errors=remount-ro" */
  superOptions: string;
  /** Options as /proc/mounts shows them (per-mount and superblock merged). */
  options: string;
  readOnly: boolean;
  sb: number;
  /** Capacity and use for df, bytes (the upper layer's filesystem for an overlay). */
  sizeBytes: number;
  usedBytes: number;
}

/** The mounts of `target`'s namespace as `reader` sees them in /proc/<target>/mountinfo. */
export function mountEntries(k: Kernel, target: Process, reader: Process): MountEntry[] {
  const fs = k.state.fs;
  settleNs(fs, target.ns.mnt);
  const t = mntnsOf(fs, target.ns.mnt);
  if (!t) return [];
  const cg = nsAt(k.state, reader.ns.cgroup);
  const cgRoot = cg?.type === 'cgroup' ? cg.root : '/';
  const out: MountEntry[] = [];
  for (const id of t.order) {
    const m = fs.mounts[id];
    const sb = m ? fs.sbs[m.sb] : undefined;
    if (!m || !sb) continue;
    if (!isUnder(m.point, target.root)) continue;
    const ro = m.flags.includes('ro');
    const mflags = m.flags.filter((f) => f !== 'ro');
    const optional: string[] = [];
    if (m.shared) optional.push(`shared:${m.shared}`);
    if (m.master) optional.push(`master:${m.master}`);
    if (m.unbindable) optional.push('unbindable');
    const superOptions = [sb.ro ? 'ro' : 'rw', ...(sb.options ? [sb.options] : [])].join(',');
    const options = [ro || sb.ro ? 'ro' : 'rw', ...mflags, ...(sb.options ? [sb.options] : [])].join(',');
    let sizeBytes = sb.sizeBytes;
    let usedBytes = sb.usedBytes;
    if (sb.fstype === 'overlay' && sb.upper) {
      const up = fs.inodes[sb.upper.ino];
      const usb = up ? fs.sbs[up.sb] : undefined;
      if (usb) [sizeBytes, usedBytes] = [usb.sizeBytes, usb.usedBytes];
    }
    out.push({
      id: m.id,
      parent: m.parent,
      major: sb.dev[0],
      minor: sb.dev[1],
      root: sb.fstype === 'cgroup2' ? relativeWithDots(m.root, cgRoot) : m.root,
      point: relTo(m.point, target.root),
      mountOptions: [ro ? 'ro' : 'rw', ...mflags].join(','),
      optional,
      fstype: sb.fstype,
      source: m.devname ?? sb.source,
      superOptions,
      options,
      readOnly: ro || sb.ro,
      sb: sb.id,
      sizeBytes,
      usedBytes,
    });
  }
  return out;
}

/** The caller's own mount table (what findmnt and df read from /proc/self/mountinfo). */
export function mountTable(k: Kernel, pid: number): MountEntry[] | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  return mountEntries(k, p, p);
}

export function formatMountinfo(entries: readonly MountEntry[]): string {
  return entries
    .map((e) => {
      const opt = e.optional.length ? ` ${e.optional.join(' ')}` : '';
      return `${e.id} ${e.parent} ${e.major}:${e.minor} ${mangle(e.root)} ${mangle(e.point)} ${e.mountOptions}${opt} - ${e.fstype} ${mangle(e.source)} ${e.superOptions}\n`;
    })
    .join('');
}

export function formatMounts(entries: readonly MountEntry[]): string {
  return entries.map((e) => `${mangle(e.source)} ${mangle(e.point)} ${e.fstype} ${e.options} 0 0\n`).join('');
}

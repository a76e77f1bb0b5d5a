/**
 * Helpers for the fs tests: the structural invariants of the fs slice, for
 * property tests here and for the whole-kernel checker (kernel/invariants.ts).
 */

import type { FsState } from './types.ts';
import { entryOf } from './types.ts';
import { mayHaveMountNamed, mountAt } from './lazy-copy.ts';
import { UNMODELLED_ROOT_BYTES } from './rootfs.ts';

/** Structural invariants of the fs slice. Returns the first violation found. */
export function fsViolation(fs: FsState): string | null {
  const refs = new Map<number, number>();
  const sbInodes = new Map<number, number>();
  const sbBytes = new Map<number, number>();
  for (const [inoS, i] of Object.entries(fs.inodes)) {
    const ino = Number(inoS);
    if (!fs.sbs[i.sb]) return `inode ${ino} on missing sb ${i.sb}`;
    sbInodes.set(i.sb, (sbInodes.get(i.sb) ?? 0) + 1);
    if (i.type === 'file') sbBytes.set(i.sb, (sbBytes.get(i.sb) ?? 0) + i.size);
    if (i.type !== 'dir') continue;
    let subdirs = 0;
    for (const [name, c] of Object.entries(i.entries ?? {})) {
      const ci = fs.inodes[c];
      if (!ci) return `dangling entry ${name} -> ${c} in dir ${ino}`;
      if (ci.sb !== i.sb) return `entry ${name} crosses superblocks`;
      if (entryOf(i, name) !== c) return `entry ${name} not own`;
      if (ci.type === 'dir') subdirs++;
      else refs.set(c, (refs.get(c) ?? 0) + 1);
    }
    if (i.nlink !== 2 + subdirs) return `dir ${ino} nlink ${i.nlink} != ${2 + subdirs}`;
  }
  for (const [ino, n] of refs) if (fs.inodes[ino]?.nlink !== n) return `inode ${ino} nlink ${fs.inodes[ino]?.nlink} != ${n} links`;
  const mountRefs = new Map<number, number>();
  for (const m of Object.values(fs.mounts)) mountRefs.set(m.sb, (mountRefs.get(m.sb) ?? 0) + 1);
  for (const sb of Object.values(fs.sbs)) {
    if ((sbInodes.get(sb.id) ?? 0) !== sb.inodeCount) return `sb ${sb.id} inodeCount ${sb.inodeCount} != ${sbInodes.get(sb.id) ?? 0}`;
    const extra = sb.id === 1 ? UNMODELLED_ROOT_BYTES : 0;
    if ((sbBytes.get(sb.id) ?? 0) + extra !== sb.usedBytes) return `sb ${sb.id} usedBytes`;
    if ((mountRefs.get(sb.id) ?? 0) !== sb.refs) return `sb ${sb.id} refs ${sb.refs} != ${mountRefs.get(sb.id) ?? 0}`;
  }
  for (const [ns, t] of Object.entries(fs.mntns)) {
    if (!fs.mounts[t.root]) return `ns ${ns} root mount missing`;
    for (const id of t.order) {
      const m = fs.mounts[id];
      if (!m || m.ns !== Number(ns)) return `ns ${ns} lists foreign mount ${id}`;
      if (id !== t.root && mountAt(fs, m.parent, m.point) !== id) return `mount ${id} not indexed`;
    }
    for (let i = 1; i < t.order.length; i++) if ((t.order[i] as number) <= (t.order[i - 1] as number)) return `ns ${ns} order not ascending at ${i}`;
  }
  for (const [parent, kids] of Object.entries(fs.at)) {
    if (Object.keys(kids).length === 0) return `index of mount ${parent} is empty`;
    for (const [point, id] of Object.entries(kids)) {
      const m = fs.mounts[id];
      if (!m) return `index ${parent} ${point} -> missing mount ${id}`;
      if (m.parent !== Number(parent) || m.point !== point) return `index ${parent} ${point} -> mount ${id} at ${m.parent} ${m.point}`;
      const name = point.slice(point.lastIndexOf('/') + 1);
      if (!mayHaveMountNamed(fs, Number(parent), name)) return `the last-name filter hides ${point} under mount ${parent}`;
    }
  }
  for (const [key, L] of Object.entries(fs.lazy)) {
    const m = fs.mounts[Number(key)];
    if (!m) return `lazy copy ${key} has no mount`;
    if (!fs.mntns[L.from] || !fs.mounts[L.src]) return `lazy copy ${key} lost its source ${L.from}/${L.src}`;
    if (!(L.unmade > 0)) return `lazy copy ${key} has nothing unmade`;
  }
  for (const [key, id] of Object.entries(fs.devSbs)) if (!fs.sbs[id]) return `devSbs ${key} -> missing sb ${id}`;
  return mountIdViolation(fs);
}

/**
 * The mount-id blocks (mount-ids.ts): free ranges ascending, disjoint, below
 * nextMountId and holding no live mount; every copy's block held, with as many
 * references as live copies and unmade-copy lists name it, or, held by none,
 * shrunk to the hidden parent's id of a namespace that lives; no two blocks
 * overlap, and none overlaps a free range; a namespace's hidden parent (the
 * parent of its root) is neither a live mount nor free.
 */
function mountIdViolation(fs: FsState): string | null {
  const free = fs.freeMountIds ?? [];
  if (free.length % 2 !== 0) return 'freeMountIds has an odd length';
  const spans: Array<[number, number, string]> = [];
  for (let i = 0; i < free.length; i += 2) {
    const s = free[i] as number;
    const e = free[i + 1] as number;
    if (!(s < e)) return `free mount ids [${s}, ${e}) empty or reversed`;
    if (e > fs.nextMountId) return `free mount ids [${s}, ${e}) reach past nextMountId ${fs.nextMountId}`;
    if (e === fs.nextMountId) return `free mount ids [${s}, ${e}) end at nextMountId instead of lowering it`;
    spans.push([s, e, 'free']);
  }
  const refs = new Map<number, number>();
  for (const m of Object.values(fs.mounts)) {
    if (m.id >= fs.nextMountId) return `mount ${m.id} at or above nextMountId ${fs.nextMountId}`;
    if (m.blk !== undefined) refs.set(m.blk, (refs.get(m.blk) ?? 0) + 1);
  }
  for (const L of Object.values(fs.lazy)) refs.set(L.phantom, (refs.get(L.phantom) ?? 0) + 1);
  const blocks = fs.mountIdBlocks ?? {};
  for (const [key, b] of Object.entries(blocks)) {
    const start = Number(key);
    if (b.refs !== (refs.get(start) ?? 0)) return `mount id block ${start} has ${b.refs} references, ${refs.get(start) ?? 0} hold it`;
    const t = fs.mntns[b.ns];
    if (b.refs <= 0 && (!t || b.cap !== 1)) return `mount id block ${start} is held by nothing (namespace ${b.ns} ${t ? 'lives' : 'gone'}, ${b.cap} ids)`;
    if (t && t.blk !== start) return `mount id block ${start} names namespace ${b.ns}, whose block is ${t.blk}`;
    spans.push([start, start + b.cap, 'block']);
  }
  for (const [ns, t] of Object.entries(fs.mntns)) {
    if (t.blk !== undefined && !blocks[t.blk] && fs.mountIdBlocks) return `namespace ${ns} lost its block ${t.blk}`;
    const hidden = fs.mounts[t.root]?.parent;
    if (hidden !== undefined && fs.mounts[hidden]) return `namespace ${ns}'s hidden parent ${hidden} is a live mount`;
    if (hidden !== undefined) for (let i = 0; i < free.length; i += 2) if (hidden >= (free[i] as number) && hidden < (free[i + 1] as number)) return `namespace ${ns}'s hidden parent ${hidden} is free`;
  }
  // Copies restored from snapshots older than the blocks name none (their ids were never given back).
  for (const blk of refs.keys()) if (!blocks[blk] && Object.values(fs.mounts).some((m) => m.blk === blk)) return `mount block ${blk} named by a copy is not held`;
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    const [s0, e0, k0] = spans[i - 1] as [number, number, string];
    const [s1, , k1] = spans[i] as [number, number, string];
    if (s1 < e0) return `${k0} ids [${s0}, ${e0}) overlap ${k1} ids from ${s1}`;
  }
  for (const m of Object.values(fs.mounts)) {
    for (const [s, e, k] of spans) if (k === 'free' && m.id >= s && m.id < e) return `mount ${m.id} lies in free ids [${s}, ${e})`;
  }
  return null;
}

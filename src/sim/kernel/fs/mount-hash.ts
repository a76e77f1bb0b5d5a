/**
 * The mount hash and the indexes beside it, as apply-mount.ts and
 * lazy-copy.ts keep them: struct mount's place in the hash of (parent mount,
 * mountpoint), the per-namespace mount order, peer-group and slave lists,
 * superblock reference counts, and two derived caches kept outside the state
 * (the last mount tree computed, the last components of mountpoints).
 * These functions change one mount's bookkeeping at a time; the operations
 * over trees and namespaces are apply-mount.ts's.
 * SIMPLIFICATIONS: none beyond apply-mount.ts's.
 */

import type { FsState, Mount, Superblock } from './types.ts';
import { sharedSbKey } from './types.ts';
import { freeTree } from './apply-inode.ts';
import { hashedRecord, keepHashedOnce } from '../process/sparse.ts';
import { refMountBlock } from './mount-ids.ts';
import { mntnsOf, mntnsTable } from './mntns-table.ts';

export function addTo(idx: Record<number, number[]>, g: number, id: number): void {
  if (!g) return;
  const l = idx[g];
  if (l) l.push(id);
  else {
    idx[g] = [id];
    keepHashedOnce(idx);
  }
}

export function removeFrom(idx: Record<number, number[]>, g: number, id: number): void {
  if (!g) return;
  const l = idx[g];
  if (!l) return;
  const i = l.indexOf(id);
  if (i >= 0) l.splice(i, 1);
  if (l.length === 0) delete idx[g];
}

export function indexPropagation(fs: FsState, m: Mount): void {
  addTo(fs.peers, m.shared, m.id);
  addTo(fs.slaves, m.master, m.id);
  if (m.shared >= fs.nextPeerGroup) fs.nextPeerGroup = m.shared + 1;
}

export function unindexPropagation(fs: FsState, m: Mount): void {
  removeFrom(fs.peers, m.shared, m.id);
  removeFrom(fs.slaves, m.master, m.id);
}


/**
 * Derived data kept beside a mount table (not state; a restored snapshot is a
 * new FsState, so it starts without any):
 * - `gen`, the table's generation: every change to the mount hash bumps it
 *   (atSet, atDel, dropping a parent's entry);
 * - `tree`, the last mount tree computed, with the generation then: runc's
 *   start asks for the old root's tree three times in a row (make it rslave,
 *   find replicas, detach it), each a walk of every mount the host has;
 * - `names`, the last components of each parent's mountpoints, counted, kept
 *   in step by atSet/atDel: a path walk asks whether anything is mounted on
 *   "<dir>/<name>" only when some child mountpoint of that mount ends in
 *   <name>, so most components skip hashing their whole path into the mount
 *   hash (the kernel's d_mountpoint() flag plays this part). Built on first use.
 */
interface Derived {
  gen: number;
  tree: { gen: number; id: number; tree: readonly number[] } | null;
  names: Map<number, Map<string, number>> | null;
}

const derivedOf = new WeakMap<FsState, Derived>();
// The table last asked about, in front of the WeakMap (a walk asks once per component).
let lastFs: FsState | null = null;
let lastDerived: Derived | null = null;

function derived(fs: FsState): Derived {
  if (fs === lastFs) return lastDerived as Derived;
  let d = derivedOf.get(fs);
  if (!d) {
    d = { gen: 0, tree: null, names: null };
    derivedOf.set(fs, d);
  }
  lastFs = fs;
  lastDerived = d;
  return d;
}

export function changedTree(fs: FsState): void {
  derived(fs).gen++;
}

function baseOf(point: string): string {
  return point.slice(point.lastIndexOf('/') + 1);
}

function namesOf(fs: FsState): Map<number, Map<string, number>> {
  const d = derived(fs);
  let idx = d.names;
  if (!idx) {
    idx = new Map();
    for (const parent in fs.at) {
      const m = new Map<string, number>();
      for (const point in fs.at[parent]) {
        const b = baseOf(point);
        m.set(b, (m.get(b) ?? 0) + 1);
      }
      idx.set(Number(parent), m);
    }
    d.names = idx;
  }
  return idx;
}

function nameAdded(fs: FsState, parent: number, point: string): void {
  const idx = derived(fs).names;
  if (!idx) return;
  let m = idx.get(parent);
  if (!m) idx.set(parent, (m = new Map()));
  const b = baseOf(point);
  m.set(b, (m.get(b) ?? 0) + 1);
}

function nameRemoved(fs: FsState, parent: number, point: string): void {
  const m = derived(fs).names?.get(parent);
  if (!m) return;
  const b = baseOf(point);
  const n = (m.get(b) ?? 0) - 1;
  if (n > 0) m.set(b, n);
  else m.delete(b);
}

/** Forget the last-name index (the mount hash was rebuilt). */
export function forgetNames(fs: FsState): void {
  derived(fs).names = null;
}

/** Drop every mount hash entry under `parent` at once (its children are going too); the caller bumps the generation. */
export function dropChildren(fs: FsState, parent: number): void {
  delete fs.at[parent];
  derived(fs).names?.delete(parent);
}

/** Could a mount be attached at "<some dir>/<name>" under mount `parent`? (false: certainly not) */
export function madeMayHaveMountNamed(fs: FsState, parent: number, name: string): boolean {
  if (fs.at[parent] === undefined) return false;
  return namesOf(fs).get(parent)?.has(name) ?? false;
}

/** Enter a mount in the mount hash under its parent. */
export function atSet(fs: FsState, parent: number, point: string, id: number): void {
  changedTree(fs);
  const kids = fs.at[parent];
  if (kids?.[point] === undefined) nameAdded(fs, parent, point);
  if (kids) kids[point] = id;
  else {
    const fresh = hashedRecord<number>();
    fresh[point] = id;
    fs.at[parent] = fresh;
  }
}

/** Remove the mount hash entry (parent, point) if it names `id`. */
export function atDel(fs: FsState, parent: number, point: string, id: number): void {
  const kids = fs.at[parent];
  if (!kids || kids[point] !== id) return;
  changedTree(fs);
  nameRemoved(fs, parent, point);
  delete kids[point];
  for (const _ in kids) return;
  dropChildren(fs, parent);
}


/**
 * Move mounts to new mountpoints under the same parents (pivot_root's
 * re-rooting): every old key goes before any new one is set, the tree
 * generation moves once, and the last-name index changes only where a last
 * component did.
 */
export function rekeyMounts(fs: FsState, moves: ReadonlyArray<readonly [Mount, string]>): void {
  if (moves.length === 0) return;
  changedTree(fs);
  for (const [c] of moves) {
    const kids = fs.at[c.parent];
    if (kids?.[c.point] === c.id) delete kids[c.point];
  }
  for (const [c, np] of moves) {
    const kids = fs.at[c.parent];
    if (kids) kids[np] = c.id;
    else {
      const fresh = hashedRecord<number>();
      fresh[np] = c.id;
      fs.at[c.parent] = fresh;
    }
    if (baseOf(c.point) !== baseOf(np)) {
      nameRemoved(fs, c.parent, c.point);
      nameAdded(fs, c.parent, np);
    }
    c.point = np;
  }
}

/** Child mounts of `id`, in mount order (ascending ids, as mountinfo lists them). */
export function madeChildMounts(fs: FsState, id: number): number[] {
  const kids = fs.at[id];
  if (!kids) return [];
  const out: number[] = [];
  let sorted = true;
  for (const p in kids) {
    const c = kids[p] as number;
    if (out.length > 0 && c < (out[out.length - 1] as number)) sorted = false;
    out.push(c);
  }
  return sorted ? out : out.sort((a, b) => a - b);
}


/** `id` and every mount below it, parents before children, siblings in mount order. Read-only: it may be shared. */
export function madeMountTree(fs: FsState, id: number): readonly number[] {
  const d = derived(fs);
  const gen = d.gen;
  const memo = d.tree;
  if (memo && memo.gen === gen && memo.id === id) return memo.tree;
  const out = [id];
  for (let i = 0; i < out.length; i++) {
    const kids = fs.at[out[i] as number];
    if (kids) for (const c of madeChildMounts(fs, out[i] as number)) out.push(c);
  }
  d.tree = { gen, id, tree: out };
  return out;
}

/** Index of `id` in a namespace's order (sorted ascending), or -1. */
export function orderIndex(order: number[], id: number): number {
  let lo = 0;
  let hi = order.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = order[mid] as number;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return order.indexOf(id);
}

/** Put a (fresh, owned) mount record into the table and its indexes. */
export function insertMount(fs: FsState, m: Mount): void {
  fs.mounts[m.id] = m;
  if (m.id >= fs.nextMountId) fs.nextMountId = m.id + 1;
  let t = mntnsOf(fs, m.ns);
  if (!t) {
    t = { root: m.id, order: [] };
    mntnsTable.put(fs.mntns, m.ns, t);
  }
  const o = t.order;
  if (o.length === 0 || (o[o.length - 1] as number) < m.id) o.push(m.id);
  else {
    let i = o.length;
    while (i > 0 && (o[i - 1] as number) > m.id) i--;
    o.splice(i, 0, m.id);
  }
  if (t.root !== m.id) atSet(fs, m.parent, m.point, m.id);
  indexPropagation(fs, m);
  const sb = fs.sbs[m.sb];
  if (sb) sb.refs++;
}


/** Free a superblock whose last mount went, unless a device backs it. */
export function releaseSb(fs: FsState, sb: Superblock | undefined): void {
  if (!sb) return;
  sb.refs--;
  if (sb.refs > 0 || sb.fstype === 'ext4' || sb.fstype === 'devtmpfs' || sb.fstype === 'cgroup2') return;
  if (sb.root) freeTree(fs, sb.root);
  delete fs.sbs[sb.id];
  // A per-namespace superblock (sysfs, mqueue) is made afresh by the namespace's next mount.
  const key = sharedSbKey(sb);
  if (key !== null && fs.devSbs[key] === sb.id) delete fs.devSbs[key];
}

/** Drop a mount's record, propagation entries and superblock reference (its hash entries are the caller's). */
export function dropRecord(fs: FsState, m: Mount): void {
  unindexPropagation(fs, m);
  delete fs.mounts[m.id];
  releaseSb(fs, fs.sbs[m.sb]);
  if (m.blk !== undefined) refMountBlock(fs, m.blk, -1);
}


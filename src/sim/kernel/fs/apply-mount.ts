/**
 * Mount-table primitives used by applyFsEvent: attach, detach (one mount or a
 * whole tree), copy a namespace's table, pivot the root, change propagation,
 * and keep the indexes in step.
 *
 * Models: struct mount bookkeeping: the mount hash (parent mount, mountpoint)
 * whose entries are also each mount's list of children, peer groups and slave
 * lists for propagation, superblock reference counts (a tmpfs disappears with
 * its last mount), copy_mnt_ns() for CLONE_NEWNS (copies of shared mounts are
 * peers of the originals, or slaves when the new namespace belongs to another
 * user namespace), umount_tree() for MNT_DETACH (a mount and everything below
 * it in one step), change_mnt_propagation() over a tree, and pivot_root's
 * re-rooting (only the mounts whose path changed are re-indexed).
 * Every step costs what the mounts it touches cost, never the size of the
 * whole table: a namespace's order list is sorted by mount id (ids only grow),
 * so removing one mount is a binary search.
 * SIMPLIFICATIONS: no locked mounts, no MNT_DETACH'd trees kept alive by users.
 */

import type { FsState, Mount, Propagation, Superblock } from './types.ts';
import { devSbKey } from './types.ts';
import { joinAbs, relTo } from './vfs/path.ts';
import { freeTree } from './apply-inode.ts';

export function copyMount(m: Mount): Mount {
  const c: Mount = {
    id: m.id,
    ns: m.ns,
    parent: m.parent,
    point: m.point,
    mp: m.mp,
    sb: m.sb,
    root: m.root,
    rootIno: m.rootIno,
    flags: m.flags.slice(),
    shared: m.shared,
    master: m.master,
  };
  if (m.unbindable !== undefined) c.unbindable = m.unbindable;
  return c;
}

function addTo(idx: Record<number, number[]>, g: number, id: number): void {
  if (!g) return;
  const l = idx[g];
  if (l) l.push(id);
  else idx[g] = [id];
}

function removeFrom(idx: Record<number, number[]>, g: number, id: number): void {
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
 * The last mount tree computed for a table, with the table's generation then:
 * a derived cache, not state. runc's start asks for the old root's tree three
 * times in a row (make it rslave, find replicas, detach it), each a walk of
 * every mount the host has. Every change to the mount hash bumps the
 * generation (atSet, atDel, dropping a parent's entry); a restored snapshot is
 * a new FsState, so it starts without one.
 */
const treeMemo = new WeakMap<FsState, { gen: number; id: number; tree: readonly number[] }>();
const treeGen = new WeakMap<FsState, number>();

function changedTree(fs: FsState): void {
  treeGen.set(fs, (treeGen.get(fs) ?? 0) + 1);
}

/**
 * The last components of each parent's mountpoints, counted (a derived
 * index, not state, kept in step by atSet/atDel like the tree generation):
 * a path walk asks whether anything is mounted on "<dir>/<name>" only when
 * some child mountpoint of that mount ends in <name>, so most components skip
 * hashing their whole path into the mount hash (the kernel's d_mountpoint()
 * flag plays this part). Built on first use for a table.
 */
const lastNames = new WeakMap<FsState, Map<number, Map<string, number>>>();

function baseOf(point: string): string {
  return point.slice(point.lastIndexOf('/') + 1);
}

function namesOf(fs: FsState): Map<number, Map<string, number>> {
  let idx = lastNames.get(fs);
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
    lastNames.set(fs, idx);
  }
  return idx;
}

function nameAdded(fs: FsState, parent: number, point: string): void {
  const idx = lastNames.get(fs);
  if (!idx) return;
  let m = idx.get(parent);
  if (!m) idx.set(parent, (m = new Map()));
  const b = baseOf(point);
  m.set(b, (m.get(b) ?? 0) + 1);
}

function nameRemoved(fs: FsState, parent: number, point: string): void {
  const m = lastNames.get(fs)?.get(parent);
  if (!m) return;
  const b = baseOf(point);
  const n = (m.get(b) ?? 0) - 1;
  if (n > 0) m.set(b, n);
  else m.delete(b);
}

/** Drop every mount hash entry under `parent` at once (its children are going too); the caller bumps the generation. */
function dropChildren(fs: FsState, parent: number): void {
  delete fs.at[parent];
  lastNames.get(fs)?.delete(parent);
}

/** Could a mount be attached at "<some dir>/<name>" under mount `parent`? (false: certainly not) */
export function mayHaveMountNamed(fs: FsState, parent: number, name: string): boolean {
  if (fs.at[parent] === undefined) return false;
  return namesOf(fs).get(parent)?.has(name) ?? false;
}

/** Enter a mount in the mount hash under its parent. */
function atSet(fs: FsState, parent: number, point: string, id: number): void {
  changedTree(fs);
  const kids = fs.at[parent];
  if (kids?.[point] === undefined) nameAdded(fs, parent, point);
  if (kids) kids[point] = id;
  else fs.at[parent] = { [point]: id };
}

/** Remove the mount hash entry (parent, point) if it names `id`. */
function atDel(fs: FsState, parent: number, point: string, id: number): void {
  const kids = fs.at[parent];
  if (!kids || kids[point] !== id) return;
  changedTree(fs);
  nameRemoved(fs, parent, point);
  delete kids[point];
  for (const _ in kids) return;
  dropChildren(fs, parent);
}

/** Child mounts of `id`, in mount order (ascending ids, as mountinfo lists them). */
export function childMounts(fs: FsState, id: number): number[] {
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
export function mountTree(fs: FsState, id: number): readonly number[] {
  const gen = treeGen.get(fs) ?? 0;
  const memo = treeMemo.get(fs);
  if (memo && memo.gen === gen && memo.id === id) return memo.tree;
  const out = [id];
  for (let i = 0; i < out.length; i++) {
    const kids = fs.at[out[i] as number];
    if (kids) for (const c of childMounts(fs, out[i] as number)) out.push(c);
  }
  treeMemo.set(fs, { gen, id, tree: out });
  return out;
}

/** Index of `id` in a namespace's order (sorted ascending), or -1. */
function orderIndex(order: number[], id: number): number {
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
function insertMount(fs: FsState, m: Mount): void {
  fs.mounts[m.id] = m;
  if (m.id >= fs.nextMountId) fs.nextMountId = m.id + 1;
  let t = fs.mntns[m.ns];
  if (!t) {
    t = { root: m.id, order: [] };
    fs.mntns[m.ns] = t;
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

/** Attach a mount record (copied) to its namespace's table. */
export function attachMount(fs: FsState, mount: Mount): void {
  insertMount(fs, copyMount(mount));
}

/** Free a superblock whose last mount went, unless a device backs it. */
export function releaseSb(fs: FsState, sb: Superblock | undefined): void {
  if (!sb) return;
  sb.refs--;
  if (sb.refs > 0 || sb.fstype === 'ext4' || sb.fstype === 'devtmpfs' || sb.fstype === 'cgroup2') return;
  if (sb.root) freeTree(fs, sb.root);
  delete fs.sbs[sb.id];
}

/** Drop a mount's record, propagation entries and superblock reference (its hash entries are the caller's). */
function dropRecord(fs: FsState, m: Mount): void {
  unindexPropagation(fs, m);
  delete fs.mounts[m.id];
  releaseSb(fs, fs.sbs[m.sb]);
}

/** Detach one mount; one stacked on top of it takes its place. */
export function detachMount(fs: FsState, id: number): void {
  const m = fs.mounts[id];
  if (!m) return;
  atDel(fs, m.parent, m.point, id);
  // A mount stacked on this one now sits on this one's parent.
  const above = fs.at[id]?.[m.point];
  if (above !== undefined) {
    atDel(fs, id, m.point, above);
    const a = fs.mounts[above];
    if (a) {
      a.parent = m.parent;
      atSet(fs, m.parent, m.point, a.id);
    }
  }
  const t = fs.mntns[m.ns];
  if (t) {
    const i = orderIndex(t.order, id);
    if (i >= 0) t.order.splice(i, 1);
  }
  dropRecord(fs, m);
}

/** umount_tree(): detach `id` and every mount below it at once (MNT_DETACH). Returns how many went. */
export function detachTree(fs: FsState, id: number): number {
  const top = fs.mounts[id];
  if (!top) return 0;
  const ids = mountTree(fs, id);
  atDel(fs, top.parent, top.point, id);
  const gone = new Set(ids);
  changedTree(fs);
  for (const x of ids) {
    const m = fs.mounts[x];
    dropChildren(fs, x);
    if (m) dropRecord(fs, m);
  }
  const t = fs.mntns[top.ns];
  if (t) t.order = ids.length === 1 ? t.order.filter((x) => x !== id) : t.order.filter((x) => !gone.has(x));
  return ids.length;
}

/** copy_mnt_ns(): a new namespace with copies of every mount of `from`, new ids in the same order. */
export function copyNamespace(fs: FsState, from: number, to: number, slave: boolean): void {
  const src = fs.mntns[from];
  if (!src || fs.mntns[to]) return;
  // The hidden parent of the root (the kernel's rootfs copy) takes the first id.
  const phantom = fs.nextMountId++;
  const base = fs.nextMountId;
  const order = src.order;
  // The order is sorted, so mount order[i] becomes base + i: a parent's new id is a binary search away.
  const newId = (id: number): number => {
    const i = orderIndex(order, id);
    return i < 0 ? phantom : base + i;
  };
  if (orderIndex(order, src.root) < 0) return;
  const t = { root: newId(src.root), order: [] as number[] };
  fs.mntns[to] = t;
  let last = -1;
  for (let i = 0; i < order.length; i++) {
    const id = order[i] as number;
    const m = fs.mounts[id];
    if (!m) continue;
    // Flags arrays are never changed in place (fs.mountFlagsChanged replaces them), so copies share them.
    // Built field by field (as copyMount does): every record keeps one shape.
    const toSlave = slave && m.shared !== 0;
    const c: Mount = {
      id: base + i,
      ns: to,
      parent: id === src.root ? phantom : newId(m.parent),
      point: m.point,
      mp: m.mp,
      sb: m.sb,
      root: m.root,
      rootIno: m.rootIno,
      flags: m.flags,
      shared: toSlave ? 0 : m.shared,
      master: toSlave ? m.shared : m.master,
    };
    if (m.unbindable !== undefined) c.unbindable = m.unbindable;
    // insertMount's steps, in order of ascending ids (so the order list only grows).
    fs.mounts[c.id] = c;
    last = c.id;
    t.order.push(c.id);
    if (c.id !== t.root) atSet(fs, c.parent, c.point, c.id);
    indexPropagation(fs, c);
    const sb = fs.sbs[c.sb];
    if (sb) sb.refs++;
  }
  if (last >= fs.nextMountId) fs.nextMountId = last + 1;
}

/** A namespace went: every mount of its table goes with it. */
export function dropNamespace(fs: FsState, ns: number): void {
  const t = fs.mntns[ns];
  if (!t) return;
  for (const id of t.order) {
    const m = fs.mounts[id];
    if (!m) continue;
    atDel(fs, m.parent, m.point, id);
    changedTree(fs);
    dropChildren(fs, id);
    dropRecord(fs, m);
  }
  delete fs.mntns[ns];
}

/**
 * pivot_root's re-rooting: `n` becomes the namespace's root, the old root `r`
 * hangs at `putOld` on mount `y`; mountpoints are recomputed top-down where
 * they changed and re-indexed (a subtree whose root kept its path keeps its
 * paths, as the old root's tree does for pivot_root(".", ".")).
 */
export function pivotMounts(fs: FsState, ns: number, n: Mount, r: Mount, y: Mount, putOld: string): void {
  const t = fs.mntns[ns];
  if (!t) return;
  atDel(fs, n.parent, n.point, n.id);
  r.mp = relTo(putOld, y.point);
  n.parent = r.parent;
  r.parent = y.id;
  if (t.root === r.id) t.root = n.id;
  const root = fs.mounts[t.root];
  if (!root) return;
  root.mp = '/';
  const newPoint = new Map<number, string>([[root.id, '/']]);
  const changed: Array<[Mount, string]> = root.point === '/' ? [] : [[root, '/']];
  const todo = [root.id];
  while (todo.length > 0) {
    const pid = todo.pop() as number;
    const pp = newPoint.get(pid) as string;
    const kids = childMounts(fs, pid).filter((c) => c !== r.id);
    if (pid === y.id) kids.push(r.id);
    for (const cid of kids) {
      const c = fs.mounts[cid];
      if (!c || newPoint.has(cid)) continue;
      const np = joinAbs(pp, c.mp);
      if (np !== c.point || c === r) changed.push([c, np]);
      if (np !== c.point) {
        newPoint.set(cid, np);
        todo.push(cid);
      }
    }
  }
  for (const [c] of changed) if (c !== r && c !== root) atDel(fs, c.parent, c.point, c.id);
  for (const [c, np] of changed) {
    c.point = np;
    if (c !== root) atSet(fs, c.parent, np, c.id);
  }
}

/**
 * change_mnt_propagation() on each of `ids`, decided on the table as it was
 * before the call (a slave's new master is its peer group if the group had
 * other members then). New peer groups are numbered in the order of `ids`.
 */
export function changePropagation(fs: FsState, ids: readonly number[], kind: Propagation): void {
  // Peer group sizes before this call, taken the first time a group is met.
  const groupSize = new Map<number, number>();
  for (const mid of ids) {
    const m = fs.mounts[mid];
    if (!m) continue;
    let shared = m.shared;
    let master = m.master;
    let unbindable = false;
    if (kind === 'private') {
      shared = 0;
      master = 0;
    } else if (kind === 'unbindable') {
      shared = 0;
      master = 0;
      unbindable = true;
    } else if (kind === 'shared') {
      if (!shared) shared = fs.nextPeerGroup;
    } else if (shared) {
      let size = groupSize.get(shared);
      if (size === undefined) {
        size = fs.peers[shared]?.length ?? 0;
        groupSize.set(shared, size);
      }
      master = size > 1 ? shared : master;
      shared = 0;
    } else if (!m.unbindable) continue;
    if (shared === m.shared && master === m.master && unbindable === !!m.unbindable) continue;
    unindexPropagation(fs, m);
    m.shared = shared;
    m.master = master;
    // Absent reads as false: only records that were ever unbindable carry the field.
    if (unbindable || m.unbindable !== undefined) m.unbindable = unbindable;
    indexPropagation(fs, m);
  }
}

/** Rebuild the mount hash and the device-superblock index from the tables (a snapshot saved before they existed). */
export function rebuildFsIndexes(fs: FsState): void {
  changedTree(fs);
  lastNames.delete(fs);
  fs.at = {};
  for (const t of Object.values(fs.mntns)) {
    t.order.sort((a, b) => a - b);
    for (const id of t.order) {
      const m = fs.mounts[id];
      if (m && id !== t.root) atSet(fs, m.parent, m.point, id);
    }
  }
  fs.devSbs = {};
  for (const sb of Object.values(fs.sbs)) {
    if (sb.fstype === 'ext4' || sb.fstype === 'devtmpfs' || sb.fstype === 'cgroup2') fs.devSbs[devSbKey(sb.fstype, sb.source)] ??= sb.id;
  }
}

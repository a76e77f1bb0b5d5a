/**
 * Mount-table operations used by applyFsEvent: attach, detach (one mount or a
 * whole tree), drop a namespace's table, pivot the root, change propagation;
 * the per-mount bookkeeping is mount-hash.ts's, copy_mnt_ns() lazy-copy.ts's.
 * Each change to a namespace first makes the unmade copies of it (settleFrom).
 *
 * Models: struct mount bookkeeping: the mount hash (parent mount, mountpoint)
 * whose entries are also each mount's list of children, peer groups and slave
 * lists for propagation, superblock reference counts (a tmpfs disappears with
 * its last mount), umount_tree() for MNT_DETACH (a mount and everything below
 * it in one step), change_mnt_propagation() over a tree, and pivot_root's
 * re-rooting (only the mounts whose path changed are re-indexed).
 * Every step costs what the mounts it touches cost, never the size of the
 * whole table: a namespace's order list is sorted by mount id (a namespace's
 * later mounts have higher ids than its earlier ones: mount-ids.ts), so
 * removing one mount is a binary search.
 * SIMPLIFICATIONS: no locked mounts, no MNT_DETACH'd trees kept alive by users.
 */

import type { FsState, Mount, Propagation } from './types.ts';
import { sharedSbKey } from './types.ts';
import { idTable } from '../id-table.ts';
import { joinAbs, relTo } from './vfs/path.ts';
import { atDel, atSet, changedTree, dropChildren, dropRecord, forgetNames, indexPropagation, insertMount, madeMountTree, orderIndex, rekeyMounts, unindexPropagation } from './mount-hash.ts';
import { childMounts, dropLazy, lazyOf, makeChildren, mountTree, settleFrom } from './lazy-copy.ts';
import { releaseNsBlock } from './mount-ids.ts';
import { mntnsOf, mntnsTable } from './mntns-table.ts';

export { copyNamespace, childMounts, mountTree, mayHaveMountNamed, mountAt, treeSize, settleNs, settleAll } from './lazy-copy.ts';
export { releaseSb } from './mount-hash.ts';

/** A mount is about to leave the children of `parent`: if some of them are unmade copies, make them now. */
function unhookFrom(fs: FsState, parent: number): void {
  if (lazyOf(fs, parent) !== undefined) makeChildren(fs, parent);
}

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
  if (m.devname !== undefined) c.devname = m.devname;
  if (m.blk !== undefined) c.blk = m.blk;
  return c;
}

/** Attach a mount record (copied) to its namespace's table. */
export function attachMount(fs: FsState, mount: Mount): void {
  settleFrom(fs, mount.ns);
  insertMount(fs, copyMount(mount));
}

/** Detach one mount; one stacked on top of it takes its place. */
export function detachMount(fs: FsState, id: number): void {
  const m = fs.mounts[id];
  if (!m) return;
  settleFrom(fs, m.ns);
  unhookFrom(fs, m.parent);
  unhookFrom(fs, id);
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
  const t = mntnsOf(fs, m.ns);
  if (t) {
    const i = orderIndex(t.order, id);
    if (i >= 0) t.order.splice(i, 1);
  }
  dropRecord(fs, m);
}

/** umount_tree(): detach `id` and every mount below it at once (MNT_DETACH); unmade copies below it go unmade. */
export function detachTree(fs: FsState, id: number): void {
  const top = fs.mounts[id];
  if (!top) return;
  settleFrom(fs, top.ns);
  unhookFrom(fs, top.parent);
  const ids = madeMountTree(fs, id);
  atDel(fs, top.parent, top.point, id);
  const gone = new Set(ids);
  changedTree(fs);
  for (const x of ids) {
    const m = fs.mounts[x];
    dropChildren(fs, x);
    dropLazy(fs, x);
    if (m) dropRecord(fs, m);
  }
  const t = mntnsOf(fs, top.ns);
  if (t) t.order = ids.length === 1 ? t.order.filter((x) => x !== id) : t.order.filter((x) => !gone.has(x));
}

/** A namespace went: every mount of its table goes with it. */
export function dropNamespace(fs: FsState, ns: number): void {
  const t = mntnsOf(fs, ns);
  if (!t) return;
  settleFrom(fs, ns);
  for (const id of t.order) {
    const m = fs.mounts[id];
    if (!m) continue;
    dropLazy(fs, id);
    atDel(fs, m.parent, m.point, id);
    changedTree(fs);
    dropChildren(fs, id);
    dropRecord(fs, m);
  }
  mntnsTable.remove(fs.mntns, ns);
  if (t.blk !== undefined) releaseNsBlock(fs, t.blk);
}

/**
 * pivot_root's re-rooting: `n` becomes the namespace's root, the old root `r`
 * hangs at `putOld` on mount `y`; mountpoints are recomputed top-down where
 * they changed and re-indexed (a subtree whose root kept its path keeps its
 * paths, as the old root's tree does for pivot_root(".", ".")).
 */
export function pivotMounts(fs: FsState, ns: number, n: Mount, r: Mount, y: Mount, putOld: string): void {
  const t = mntnsOf(fs, ns);
  if (!t) return;
  settleFrom(fs, ns);
  unhookFrom(fs, n.parent);
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
  // The old root hangs at a new place (it had no key as the root); the others keep their parents.
  const moves = changed.filter(([c]) => c !== r && c !== root);
  rekeyMounts(fs, moves);
  for (const [c, np] of changed) {
    if (c !== r && c !== root) continue;
    c.point = np;
    if (c === r) atSet(fs, c.parent, np, c.id);
  }
}

/**
 * change_mnt_propagation() on each of `ids`, decided on the table as it was
 * before the call (a slave's new master is its peer group if the group had
 * other members then). New peer groups are numbered in the order of `ids`.
 */
export function changePropagation(fs: FsState, ids: readonly number[], kind: Propagation): void {
  const first = ids.length > 0 ? fs.mounts[ids[0] as number] : undefined;
  if (first) settleFrom(fs, first.ns);
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

/**
 * The propagation change of `mount --make-[r]<kind>` on mount `id`. A
 * recursive MS_SLAVE reaches unmade copies without making them (each is made
 * a slave when it is made); the other kinds make the tree first.
 */
export function changeTreePropagation(fs: FsState, id: number, recursive: boolean, kind: Propagation): void {
  if (!recursive) {
    changePropagation(fs, [id], kind);
    return;
  }
  if (kind !== 'slave') {
    changePropagation(fs, mountTree(fs, id), kind);
    return;
  }
  const m = fs.mounts[id];
  if (m) settleFrom(fs, m.ns);
  const ids = madeMountTree(fs, id);
  for (const x of ids) {
    const L = lazyOf(fs, x);
    if (L !== undefined) L.slaved = true;
  }
  changePropagation(fs, ids, kind);
}

/** Rebuild the mount hash and the device-superblock index from the tables (a snapshot saved before they existed). */
export function rebuildFsIndexes(fs: FsState): void {
  changedTree(fs);
  forgetNames(fs);
  fs.lazy ??= {};
  fs.at = idTable();
  for (const t of Object.values(fs.mntns)) {
    t.order.sort((a, b) => a - b);
    for (const id of t.order) {
      const m = fs.mounts[id];
      if (m && id !== t.root) atSet(fs, m.parent, m.point, id);
    }
  }
  fs.devSbs = {};
  for (const sb of Object.values(fs.sbs)) {
    const key = sharedSbKey(sb);
    if (key) fs.devSbs[key] ??= sb.id;
  }
}

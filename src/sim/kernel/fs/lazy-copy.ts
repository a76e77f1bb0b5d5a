/**
 * copy_mnt_ns() without copying what nobody looks at.
 *
 * Models: CLONE_NEWNS copies every mount of the parent's namespace, each copy
 * with its own id (ids reserved in the source's mount order, as the kernel
 * numbers them while it copies), peers or slaves of the originals. runc then
 * makes the copy rslave, pivots into the container's rootfs and detaches the
 * old root with every copy under it, so on a host with a thousand containers
 * each `docker run` would make and drop a thousand mounts nobody ever sees.
 * Here a copy is made when it is first needed: the namespace's root copy is
 * made at once and remembers its source (a LazyMount, plain data in the fs
 * slice); a walk that crosses one of its mountpoints, a listing, a change to
 * it, or any change to the source namespace makes the copies concerned, each
 * with the id, flags, mountpoint and propagation the eager copy would have had
 * (a recursive MS_SLAVE that reached the unmade copies is applied as they are
 * made). Detaching a tree drops its unmade copies with it. The ids are one
 * block, given back when its last copy, made or unmade, goes (mount-ids.ts).
 * The source namespace is left unchanged while copies of it are unmade: every
 * change to its mounts first makes them (settleFrom), so an unmade copy is
 * always "the source mount, as it is now". Propagation between peer groups
 * reads the peer and slave lists, which hold made mounts only, so it makes
 * every unmade copy first (settleAll).
 * Readers of whole tables (mountinfo, mount, df, the views) call settleNs()
 * first; walks and single lookups go through mountAt()/mayHaveMountNamed().
 * SIMPLIFICATIONS: none in behaviour; setLazyMountCopies(false) makes every
 * copy at once (the tests compare both).
 */

import type { FsState, LazyMount, Mount } from './types.ts';
import { joinAbs, relTo } from './vfs/path.ts';
import { insertMount, madeChildMounts, madeMayHaveMountNamed, madeMountTree, orderIndex } from './mount-hash.ts';
import { allocMountBlock, isMountBlock, mountBlockSeq, refMountBlock } from './mount-ids.ts';
import { mntnsOf, mntnsTable } from './mntns-table.ts';
import { TableIndex } from '../table-index.ts';

let lazyEnabled = true;

/** Tests: make every copy at copy time (false) or when needed (true, the default). */
export function setLazyMountCopies(on: boolean): void {
  lazyEnabled = on;
}

/**
 * The table of lazy copies read through a Map beside it (table-index.ts):
 * its keys are mount ids, sparse enough that V8 keeps them as a dictionary of
 * elements and hashes each lookup with SipHash (~400 instructions), and walks
 * ask for the mount they are on at every step. The index also counts the
 * entries by source namespace: every change to a namespace's mounts asks
 * whether copies of it are unmade (settleFrom), and runc changes the new
 * namespace's mounts some thirty times while the copies left unmade are of the
 * host's. setLazy() and dropLazy() are the only writers of a table.
 */
export const lazyTable = new TableIndex<LazyMount>((L) => L.from);

/** The unmade copies below mount `id`, if any (what fs.lazy[id] holds). */
export function lazyOf(fs: FsState, id: number): LazyMount | undefined {
  return lazyTable.get(fs.lazy, id);
}

function setLazy(fs: FsState, id: number, L: LazyMount): void {
  // The unmade copies hold their block of ids (mount-ids.ts).
  if (lazyOf(fs, id) === undefined) refMountBlock(fs, L.phantom, 1);
  lazyTable.put(fs.lazy, id, L);
}

/** Forget mount `id`'s unmade copies (made, or detached with it). */
export function dropLazy(fs: FsState, id: number): void {
  const L = lazyOf(fs, id);
  if (L === undefined) return;
  lazyTable.remove(fs.lazy, id);
  refMountBlock(fs, L.phantom, -1);
}

/** Are there unmade copies anywhere? */
export function anyLazy(fs: FsState): boolean {
  return lazyTable.size(fs.lazy) > 0;
}

/** The copy record of source mount `s` as copy_mnt_ns() made it, under copy `parent`, its id from block `blk` (if there is one). */
function copyRecord(s: Mount, id: number, ns: number, parent: number, point: string, slave: boolean, slaved: boolean, blk: number | undefined): Mount {
  const toSlave = slave && s.shared !== 0;
  let shared = toSlave ? 0 : s.shared;
  let master = toSlave ? s.shared : s.master;
  let unbindable = s.unbindable;
  if (slaved) {
    // change_mnt_propagation(MS_SLAVE): a shared copy's group holds at least its source, so it becomes its slave.
    if (shared) {
      master = shared;
      shared = 0;
    } else if (unbindable) unbindable = false;
  }
  // Field by field, in copyNamespace's order: every record keeps one shape. Flags arrays are never changed in place.
  const c: Mount = { id, ns, parent, point, mp: s.mp, sb: s.sb, root: s.root, rootIno: s.rootIno, flags: s.flags, shared, master };
  if (unbindable !== undefined) c.unbindable = unbindable;
  if (s.devname !== undefined) c.devname = s.devname;
  if (blk !== undefined) c.blk = blk;
  return c;
}

/** Make the copy of source mount `sid` (a child of L.src) under lazy copy `cid`. */
function makeChild(fs: FsState, cid: number, L: LazyMount, sid: number): number {
  const c = fs.mounts[cid] as Mount;
  const s = fs.mounts[sid] as Mount;
  const srcParent = fs.mounts[L.src] as Mount;
  const order = mntnsOf(fs, L.from)?.order ?? [];
  const id = L.base + orderIndex(order, sid);
  const point = c.point === srcParent.point ? s.point : joinAbs(c.point, s.mp);
  // Copies restored from a snapshot older than the blocks have none: their ids are never given back.
  const blk = isMountBlock(fs, L.phantom) ? L.phantom : undefined;
  insertMount(fs, copyRecord(s, id, c.ns, cid, point, L.slave, L.slaved, blk));
  if (blk !== undefined) refMountBlock(fs, blk, 1);
  const below = fs.at[sid] === undefined ? 0 : madeMountTree(fs, sid).length - 1;
  if (below > 0) setLazy(fs, id, { from: L.from, src: sid, base: L.base, phantom: L.phantom, slave: L.slave, slaved: L.slaved, unmade: below });
  L.unmade -= 1 + below;
  if (L.unmade <= 0) dropLazy(fs, cid);
  return id;
}

/** The mount attached at (parent, point), making it if it is an unmade copy. */
export function mountAt(fs: FsState, parent: number, point: string): number | undefined {
  // Mountpoints are absolute paths, so they never name an Object.prototype property.
  const id = fs.at[parent]?.[point];
  if (id !== undefined) return id;
  const L = lazyOf(fs, parent);
  if (L === undefined) return undefined;
  const c = fs.mounts[parent];
  const srcParent = fs.mounts[L.src];
  if (!c || !srcParent) return undefined;
  const srcPoint = c.point === srcParent.point ? point : joinAbs(srcParent.point, relTo(point, c.point));
  const sid = fs.at[L.src]?.[srcPoint];
  return sid === undefined ? undefined : makeChild(fs, parent, L, sid);
}

/** Could a mount be attached at "<some dir>/<name>" under mount `parent`? (false: certainly not) */
export function mayHaveMountNamed(fs: FsState, parent: number, name: string): boolean {
  if (madeMayHaveMountNamed(fs, parent, name)) return true;
  const L = lazyOf(fs, parent);
  return L !== undefined && madeMayHaveMountNamed(fs, L.src, name);
}

/** Has mount `id` any child mounts, made or not? */
export function hasChildMounts(fs: FsState, id: number): boolean {
  return fs.at[id] !== undefined || lazyOf(fs, id) !== undefined;
}

/** Make every unmade child of copy `cid` (its own children stay unmade). */
export function makeChildren(fs: FsState, cid: number): void {
  const L = lazyOf(fs, cid);
  if (!L) return;
  const order = mntnsOf(fs, L.from)?.order ?? [];
  for (const sid of madeChildMounts(fs, L.src)) {
    const id = L.base + orderIndex(order, sid);
    if (fs.mounts[id] === undefined) makeChild(fs, cid, L, sid);
    if (lazyOf(fs, cid) === undefined) return;
  }
  // Nothing left to make (a count that drifted would leave the entry behind).
  dropLazy(fs, cid);
}

/** Make every unmade copy below mount `id`. */
export function makeTree(fs: FsState, id: number): void {
  if (!anyLazy(fs)) return;
  const todo = [id];
  while (todo.length > 0) {
    const x = todo.pop() as number;
    if (lazyOf(fs, x) !== undefined) makeChildren(fs, x);
    for (const c of madeChildMounts(fs, x)) todo.push(c);
  }
}

/** Child mounts of `id`, in mount order (ascending ids, as mountinfo lists them), unmade ones made. */
export function childMounts(fs: FsState, id: number): number[] {
  if (lazyOf(fs, id) !== undefined) makeChildren(fs, id);
  return madeChildMounts(fs, id);
}

/** `id` and every mount below it, parents before children, siblings in mount order, unmade ones made. Read-only. */
export function mountTree(fs: FsState, id: number): readonly number[] {
  makeTree(fs, id);
  return madeMountTree(fs, id);
}

/**
 * The made mounts of the tree at `id` when none of its unmade copies can lie
 * below a shared mount (each lazy mount of the tree is not shared and its
 * unmade copies are slaves, as after runc's rslave), else the whole tree made.
 * Read-only.
 */
export function madeTreeIfPrivate(fs: FsState, id: number): readonly number[] {
  const tree = madeMountTree(fs, id);
  if (!anyLazy(fs)) return tree;
  for (const x of tree) {
    const L = lazyOf(fs, x);
    if (L !== undefined && (!(L.slaved || L.slave) || fs.mounts[x]?.shared)) return mountTree(fs, id);
  }
  return tree;
}

/** How many mounts the tree at `id` holds, made or not. */
export function treeSize(fs: FsState, id: number): number {
  const tree = madeMountTree(fs, id);
  let n = tree.length;
  if (anyLazy(fs)) for (const x of tree) n += lazyOf(fs, x)?.unmade ?? 0;
  return n;
}

/**
 * The mounts with unmade copies below them, in the order copy_mnt_ns() made
 * their namespaces, then by id: making them in that order appends the new
 * copies to peer groups and slave lists in the order eager copies took
 * (propagation walks those lists in order). Ids alone no longer give that
 * order, since a later namespace can take lower ids (mount-ids.ts).
 */
function lazyInCopyOrder(fs: FsState): number[] {
  const ids = Object.keys(fs.lazy).map(Number);
  if (ids.length < 2) return ids;
  const seq = (id: number): number => mountBlockSeq(fs, (lazyOf(fs, id) as LazyMount).phantom);
  return ids.sort((a, b) => seq(a) - seq(b) || a - b);
}

/** Make the unmade copies of namespace `ns`'s mounts (its source is about to change). */
export function settleFrom(fs: FsState, ns: number): void {
  if (lazyTable.inGroup(fs.lazy, ns) === 0) return;
  for (const k of lazyInCopyOrder(fs)) if (lazyOf(fs, k)?.from === ns) makeTree(fs, k);
}

/** Make every unmade copy in namespace `ns` (before reading its whole table). */
export function settleNs(fs: FsState, ns: number): void {
  if (!anyLazy(fs)) return;
  for (const k of lazyInCopyOrder(fs)) if (fs.mounts[k]?.ns === ns) makeTree(fs, k);
}

/** Make every unmade copy (before reading peer and slave lists). */
export function settleAll(fs: FsState): void {
  if (!anyLazy(fs)) return;
  for (const k of lazyInCopyOrder(fs)) makeTree(fs, k);
}

/** copy_mnt_ns(): a new namespace `to` with copies of every mount of `from`, new ids in the same order. */
export function copyNamespace(fs: FsState, from: number, to: number, slave: boolean): void {
  const src = mntnsOf(fs, from);
  if (!src || mntnsOf(fs, to)) return;
  // A copy of a namespace that still has unmade copies of its own: make them first.
  settleNs(fs, from);
  const order = src.order;
  const ri = orderIndex(order, src.root);
  const s = fs.mounts[src.root];
  if (ri < 0 || !s) return;
  // The ids of every copy are reserved now, as the kernel numbers them while it copies: one block
  // (mount-ids.ts), whose first id is the hidden parent's (the kernel's rootfs copy).
  const phantom = allocMountBlock(fs, order.length, to);
  const base = phantom + 1;
  const rootId = base + ri;
  mntnsTable.put(fs.mntns, to, { root: rootId, order: [], blk: phantom });
  insertMount(fs, copyRecord(s, rootId, to, phantom, s.point, slave, false, phantom));
  refMountBlock(fs, phantom, 1);
  if (order.length > 1) setLazy(fs, rootId, { from, src: src.root, base, phantom, slave, slaved: false, unmade: order.length - 1 });
  if (!lazyEnabled) makeTree(fs, rootId);
}

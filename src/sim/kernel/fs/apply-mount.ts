/**
 * Mount-table primitives used by applyFsEvent: attach, detach, copy a
 * namespace's table, pivot the root, and keep the indexes in step.
 *
 * Models: struct mount bookkeeping: the mount hash (parent mount, mountpoint),
 * peer groups and slave lists for propagation, superblock reference counts
 * (a tmpfs disappears with its last mount), copy_mnt_ns() for CLONE_NEWNS
 * (copies of shared mounts are peers of the originals, or slaves when the new
 * namespace belongs to another user namespace), and pivot_root's re-rooting.
 * SIMPLIFICATIONS: no locked mounts, no MNT_DETACH'd trees kept alive by users.
 */

import type { FsState, Mount, Superblock } from './types.ts';
import { atKey } from './types.ts';
import { joinAbs } from './vfs/path.ts';
import { freeTree } from './apply-inode.ts';

export function copyMount(m: Mount): Mount {
  return { ...m, flags: [...m.flags] };
}

function addTo(idx: Record<number, number[]>, g: number, id: number): void {
  if (!g) return;
  const l = idx[g];
  if (l) l.push(id);
  else idx[g] = [id];
}

function removeFrom(idx: Record<number, number[]>, g: number, id: number): void {
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

function isRoot(fs: FsState, m: Mount): boolean {
  return fs.mntns[m.ns]?.root === m.id;
}

/** Attach a mount record (copied) to its namespace's table. */
export function attachMount(fs: FsState, mount: Mount): void {
  const m = copyMount(mount);
  fs.mounts[m.id] = m;
  if (m.id >= fs.nextMountId) fs.nextMountId = m.id + 1;
  let t = fs.mntns[m.ns];
  if (!t) {
    t = { root: m.id, order: [] };
    fs.mntns[m.ns] = t;
  }
  t.order.push(m.id);
  if (!isRoot(fs, m)) fs.at[atKey(m.parent, m.point)] = m.id;
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
}

export function detachMount(fs: FsState, id: number): void {
  const m = fs.mounts[id];
  if (!m) return;
  const key = atKey(m.parent, m.point);
  if (fs.at[key] === id) delete fs.at[key];
  // A mount stacked on this one now sits on this one's parent.
  const above = fs.at[atKey(id, m.point)];
  if (above !== undefined) {
    const a = fs.mounts[above];
    delete fs.at[atKey(id, m.point)];
    if (a) {
      a.parent = m.parent;
      fs.at[key] = a.id;
    }
  }
  unindexPropagation(fs, m);
  const t = fs.mntns[m.ns];
  if (t) {
    const i = t.order.indexOf(id);
    if (i >= 0) t.order.splice(i, 1);
  }
  delete fs.mounts[id];
  releaseSb(fs, fs.sbs[m.sb]);
}

/** copy_mnt_ns(): a new namespace with copies of every mount of `from`, new ids in the same order. */
export function copyNamespace(fs: FsState, from: number, to: number, slave: boolean): void {
  const src = fs.mntns[from];
  if (!src || fs.mntns[to]) return;
  // The hidden parent of the root (the kernel's rootfs copy) takes the first id.
  const phantom = fs.nextMountId++;
  const idMap = new Map<number, number>();
  for (const id of src.order) idMap.set(id, fs.nextMountId++);
  const rootId = idMap.get(src.root);
  if (rootId === undefined) return;
  fs.mntns[to] = { root: rootId, order: [] };
  for (const id of src.order) {
    const m = fs.mounts[id];
    const nid = idMap.get(id);
    if (!m || nid === undefined) continue;
    const c = copyMount(m);
    c.id = nid;
    c.ns = to;
    c.parent = id === src.root ? phantom : (idMap.get(m.parent) ?? phantom);
    if (slave && c.shared) {
      c.master = c.shared;
      c.shared = 0;
    }
    attachMount(fs, c);
  }
}

export function dropNamespace(fs: FsState, ns: number): void {
  const t = fs.mntns[ns];
  if (!t) return;
  for (const id of [...t.order].reverse()) detachMount(fs, id);
  delete fs.mntns[ns];
}

/** Remove a namespace's entries from the (parent, mountpoint) index. */
export function clearAtIndex(fs: FsState, ns: number): void {
  for (const id of fs.mntns[ns]?.order ?? []) {
    const m = fs.mounts[id];
    if (!m) continue;
    const key = atKey(m.parent, m.point);
    if (fs.at[key] === id) delete fs.at[key];
  }
}

/** Recompute every mountpoint of a namespace from the tree (after pivot_root) and index them again. */
export function recomputePoints(fs: FsState, ns: number): void {
  const t = fs.mntns[ns];
  if (!t) return;
  const kids = new Map<number, number[]>();
  for (const id of t.order) {
    const m = fs.mounts[id];
    if (!m || id === t.root) continue;
    const l = kids.get(m.parent);
    if (l) l.push(id);
    else kids.set(m.parent, [id]);
  }
  const root = fs.mounts[t.root];
  if (!root) return;
  root.point = '/';
  root.mp = '/';
  const todo = [root.id];
  while (todo.length > 0) {
    const pid = todo.pop() as number;
    const parent = fs.mounts[pid];
    if (!parent) continue;
    for (const cid of kids.get(pid) ?? []) {
      const c = fs.mounts[cid];
      if (!c) continue;
      c.point = joinAbs(parent.point, c.mp);
      fs.at[atKey(c.parent, c.point)] = cid;
      todo.push(cid);
    }
  }
}

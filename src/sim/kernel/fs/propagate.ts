/**
 * Mount propagation (Documentation/filesystems/sharedsubtree.rst, mount_namespaces(7)).
 *
 * Models: a mount attached under a shared mount gets a new peer group and is
 * replicated under every peer of its parent (copies join the new group) and
 * every slave of it (copies become slaves of the new group); an unmount under a
 * shared mount removes the replicas that have no submounts. Also the attach
 * step every mount uses: allocate the id, compute the mountpoint relative to
 * the parent, emit fs.mounted.
 * SIMPLIFICATIONS: no "tucked" mounts (a replica lands on top of whatever is
 * at its mountpoint); slaves of slaves are not followed further.
 */

import type { Kernel } from '../kernel.ts';
import type { Mount } from './types.ts';
import { anyLazy, childMounts, madeTreeIfPrivate, mountAt, settleAll, treeSize } from './lazy-copy.ts';
import { isUnder, joinAbs, relTo } from './vfs/path.ts';

export type NewMount = Omit<Mount, 'id' | 'ns' | 'parent' | 'point' | 'mp' | 'shared' | 'master'>;

function fstypeOf(k: Kernel, sb: number): string {
  return k.state.fs.sbs[sb]?.fstype ?? 'none';
}

function sourceOf(k: Kernel, sb: number): string {
  return k.state.fs.sbs[sb]?.source ?? 'none';
}

/** The top mount attached at (parent, point), or the parent itself. */
function topAt(k: Kernel, parent: number, point: string): number {
  let cur = parent;
  for (let id = mountAt(k.state.fs, cur, point); id !== undefined; id = mountAt(k.state.fs, cur, point)) cur = id;
  return cur;
}

/** Attach one mount and emit fs.mounted; returns the new mount's id. */
export function attach(
  k: Kernel,
  parentId: number,
  point: string,
  nm: NewMount,
  prop: { shared: number; master: number },
  propagatedFrom?: number,
): number {
  const fs = k.state.fs;
  const parent = fs.mounts[parentId];
  if (!parent) throw new Error(`attach: no parent mount ${parentId}`);
  const id = fs.nextMountId;
  // Field by field, never `{ ...nm, more }`: V8 (Node 20) builds a spread followed by more properties ~10x slower.
  const mount: Mount = {
    id,
    ns: parent.ns,
    parent: parentId,
    point,
    mp: relTo(point, parent.point),
    sb: nm.sb,
    root: nm.root,
    rootIno: nm.rootIno,
    flags: nm.flags.slice(),
    shared: prop.shared,
    master: prop.master,
  };
  if (nm.unbindable !== undefined) mount.unbindable = nm.unbindable;
  if (nm.devname !== undefined) mount.devname = nm.devname;
  const fstype = fstypeOf(k, nm.sb);
  const source = nm.devname ?? sourceOf(k, nm.sb);
  k.emit(
    propagatedFrom !== undefined
      ? { type: 'fs.mounted', ns: parent.ns, mountId: id, mount, target: point, fstype, source, propagatedFrom }
      : { type: 'fs.mounted', ns: parent.ns, mountId: id, mount, target: point, fstype, source },
  );
  return id;
}

/** Where a mountpoint under `from` (a path in from's namespace) lies under `to`, a peer or slave on the same superblock. */
function translate(from: Mount, point: string, to: Mount): string | null {
  if (from.sb !== to.sb) return null;
  const inSb = joinAbs(from.root, relTo(point, from.point));
  if (!isUnder(inSb, to.root)) return null;
  return joinAbs(to.point, relTo(inSb, to.root));
}

/**
 * Attach a mount under `parentId` with propagation: if the parent is shared the
 * new mount gets a new peer group and replicas appear under the parent's peers
 * and slaves. Returns the id of the mount in the caller's namespace.
 */
export function attachPropagating(k: Kernel, parentId: number, point: string, nm: NewMount): number {
  const fs = k.state.fs;
  const parent = fs.mounts[parentId];
  if (!parent) throw new Error(`attachPropagating: no parent mount ${parentId}`);
  if (!parent.shared) return attach(k, parentId, point, nm, { shared: 0, master: 0 });
  // The peer and slave lists hold made mounts only.
  settleAll(fs);
  const group = fs.nextPeerGroup;
  const id = attach(k, parentId, point, nm, { shared: group, master: 0 });
  const peers = (fs.peers[parent.shared] ?? []).filter((x) => x !== parentId);
  const slaves = [...(fs.slaves[parent.shared] ?? [])];
  for (const [list, asPeer] of [[peers, true], [slaves, false]] as const) {
    for (const qid of list) {
      const q = fs.mounts[qid];
      if (!q) continue;
      const qp = translate(parent, point, q);
      if (qp === null) continue;
      attach(k, topAt(k, qid, qp), qp, nm, asPeer ? { shared: group, master: 0 } : { shared: 0, master: group }, id);
    }
  }
  return id;
}

/** Mounts whose parent is `id`. */
export function childrenOf(k: Kernel, id: number): number[] {
  return childMounts(k.state.fs, id);
}

/** The copies of mount `m` (a child of the shared mount `parent`) under the parent's peers and slaves. */
function replicasOf(k: Kernel, m: Mount, parent: Mount): number[] {
  const fs = k.state.fs;
  settleAll(fs);
  const out: number[] = [];
  for (const list of [fs.peers[parent.shared], fs.slaves[parent.shared]]) {
    for (const qid of list ?? []) {
      const q = qid === parent.id ? undefined : fs.mounts[qid];
      if (!q) continue;
      const qp = translate(parent, m.point, q);
      const r = qp === null ? undefined : mountAt(fs, qid, qp);
      const rm = r === undefined ? undefined : fs.mounts[r];
      if (rm && rm.sb === m.sb && rm.root === m.root) out.push(rm.id);
    }
  }
  return out;
}

/** Unmount one mount (no children left) and, if its parent is shared, its replicas in the parent's peers and slaves. */
export function detachPropagating(k: Kernel, id: number, lazy: boolean): void {
  const fs = k.state.fs;
  const m = fs.mounts[id];
  if (!m) return;
  const parent = fs.mounts[m.parent];
  const replicas = parent?.shared ? replicasOf(k, m, parent).filter((r) => childMounts(fs, r).length === 0) : [];
  k.emit({ type: 'fs.unmounted', ns: m.ns, mountId: id, target: m.point, lazy });
  for (const r of replicas) {
    const rm = fs.mounts[r];
    if (rm) k.emit({ type: 'fs.unmounted', ns: rm.ns, mountId: r, target: rm.point, lazy, propagatedFrom: id });
  }
}

/**
 * umount2(MNT_DETACH) of a mount with mounts below it: the whole tree goes in
 * one event (umount_tree()); then the replicas, under shared parents' peers and
 * slaves, of each mount of the tree (deepest first, each once its own
 * submounts are gone).
 */
export function detachTreePropagating(k: Kernel, id: number): void {
  const fs = k.state.fs;
  const m = fs.mounts[id];
  if (!m) return;
  // Unmade copies go with the tree; they are made first only if one could have replicas.
  const tree = madeTreeIfPrivate(fs, id);
  const replicas: number[] = [];
  let inTree: Set<number> | null = null;
  const gone = new Set<number>();
  for (let i = tree.length - 1; i >= 0; i--) {
    const x = fs.mounts[tree[i] as number];
    const parent = x ? fs.mounts[x.parent] : undefined;
    if (!x || !parent?.shared) continue;
    inTree ??= new Set(tree);
    for (const r of replicasOf(k, x, parent)) {
      if (inTree.has(r) || gone.has(r) || !childMounts(fs, r).every((c) => gone.has(c))) continue;
      replicas.push(r);
      gone.add(r);
    }
  }
  k.emit({ type: 'fs.unmounted', ns: m.ns, mountId: id, target: m.point, lazy: true, submounts: anyLazy(fs) ? treeSize(fs, id) - 1 : tree.length - 1 });
  for (const r of replicas) {
    const rm = fs.mounts[r];
    if (rm) k.emit({ type: 'fs.unmounted', ns: rm.ns, mountId: r, target: rm.point, lazy: true, propagatedFrom: id });
  }
}

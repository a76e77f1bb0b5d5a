/**
 * pivot_root(2): make a mount the root of the caller's mount namespace and
 * move the old root to a directory under it.
 *
 * Models the kernel's checks in order: CAP_SYS_ADMIN over the mount namespace
 * (EPERM), both paths directories (ENOTDIR), new_root or put_old on the
 * current root's mount (EBUSY), the current root and new_root being
 * mountpoints, put_old reachable from new_root and new_root below the root
 * (EINVAL), and no shared propagation on put_old's mount or on the parents of
 * new_root and of the current root (EINVAL; runc makes the tree rslave or
 * rprivate first). Afterwards every process of the namespace whose root or cwd
 * was the old root gets the new root (process.rootChanged), and every other
 * root/cwd path is rewritten to where its directory now appears.
 * SIMPLIFICATIONS: no locked mounts; pivot_root(".", ".") stacks the old root
 * on top of the new one exactly as the man page's example relies on.
 */

import type { Kernel } from '../kernel.ts';
import type { Process } from '../process/types.ts';
import { sysErr, isErr, type SysError } from '../errno.ts';
import { resolveFrame, walkCanonical, type Frame } from './vfs/resolve.ts';
import { nodeAttr } from './vfs/node.ts';
import { nsCapable, ownerOf } from './vfs/perm.ts';
import { procOf } from './vfs/ctx.ts';
import { isUnder, joinAbs, relTo } from './vfs/path.ts';
import { refuse } from '../caps/denied.ts';
import { nsAt } from '../ns/by-inum.ts';

function dirFrame(k: Kernel, p: Process, path: string): Frame | SysError {
  const f = resolveFrame(k, p, path, true);
  if (isErr(f)) return f;
  const a = nodeAttr(k, f.node, p);
  if (!a) return sysErr('ENOENT');
  return a.type === 'dir' ? f : sysErr('ENOTDIR');
}

function shared(k: Kernel, id: number | undefined): boolean {
  return id !== undefined && !!k.state.fs.mounts[id]?.shared;
}

export function pivotRoot(k: Kernel, pid: number, newRoot: string, putOld: string): true | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const fs = k.state.fs;
  const ns = p.ns.mnt;
  if (!nsCapable(k, p, 'CAP_SYS_ADMIN', ownerOf(k, ns))) return refuse(k, p, 'CAP_SYS_ADMIN', 'pivot_root');
  const n = dirFrame(k, p, newRoot);
  if (isErr(n)) return n;
  const o = dirFrame(k, p, putOld);
  if (isErr(o)) return o;
  const rootStack = walkCanonical(k, ns, p.root, p);
  const r = rootStack?.[rootStack.length - 1];
  if (!r) return sysErr('ENOENT');
  const nm = fs.mounts[n.m];
  const rm = fs.mounts[r.m];
  const om = fs.mounts[o.m];
  if (!nm || !rm || !om) return sysErr('EINVAL');
  if (shared(k, om.id) || shared(k, nm.parent) || shared(k, rm.parent)) return sysErr('EINVAL');
  if (nm.id === rm.id || om.id === rm.id) return sysErr('EBUSY');
  if (rm.point !== r.path) return sysErr('EINVAL');
  if (nm.point !== n.path) return sysErr('EINVAL');
  if (!isUnder(o.path, n.path)) return sysErr('EINVAL');
  if (!isUnder(n.path, r.path)) return sysErr('EINVAL');

  const oldRootPath = r.path;
  const newRootPath = n.path;
  k.emit({ type: 'fs.rootPivoted', ns, pid, newRoot: nm.id, oldRoot: rm.id, putOld: o.path, putOldMount: om.id, newRootPath });

  const newN = fs.mounts[nm.id]?.point ?? '/';
  const newR = fs.mounts[rm.id]?.point ?? '/';
  const map = (x: string): string => {
    if (x === oldRootPath) return newN;
    if (isUnder(x, newRootPath)) return joinAbs(newN, relTo(x, newRootPath));
    if (isUnder(x, oldRootPath)) return joinAbs(newR, relTo(x, oldRootPath));
    return x;
  };
  const mntNs = nsAt(k.state, ns);
  const procs = mntNs && mntNs.procCount <= 1 ? [p] : Object.values(k.state.proc.byPid).filter((q) => q.ns.mnt === ns);
  for (const q of procs) {
    if (q.state === 'Z') continue;
    const root = map(q.root);
    const cwd = map(q.cwd);
    if (root !== q.root || cwd !== q.cwd) k.emit({ type: 'process.rootChanged', pid: q.pid, root, cwd });
  }
  return true;
}

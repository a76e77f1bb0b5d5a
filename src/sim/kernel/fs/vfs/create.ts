/**
 * Creating a name in a directory: the checks of may_create() and the
 * per-filesystem create (inode filesystems, overlay upper, cgroupfs mkdir).
 *
 * Models: EEXIST before EROFS before EACCES (filename_create() order); new
 * inodes owned by the caller's fsuid, and by the directory's group when the
 * directory is setgid (which new subdirectories inherit), sticky-directory
 * deletion rules (may_delete()).
 * SIMPLIFICATIONS: the caller passes the final mode (umask already applied).
 */

import { inodeOn } from '../apply-inode.ts';
import type { Kernel } from '../../kernel.ts';
import type { Process } from '../../process/types.ts';
import { sysErr, type SysError } from '../../errno.ts';
import type { Inode } from '../types.ts';
import type { Frame, Resolved } from './resolve.ts';
import { nodeMeta, type Attr, type NodeMeta } from './node.ts';
import { mayAccess, MAY_EXEC, MAY_WRITE, capableWrtInode } from './perm.ts';
import { isReadOnly, nowMs, whereChild } from './ctx.ts';
import { ovlCreate } from '../overlay-write.ts';
import { refuse } from '../../caps/denied.ts';

/** The parent frame of a name about to be created, after EEXIST/EROFS/EACCES checks. */
export function prepCreate(k: Kernel, p: Process, r: Resolved): { parent: Frame; pattr: NodeMeta } | SysError {
  if (r.name === '.' || r.child) return sysErr('EEXIST');
  const parent = r.parent[r.parent.length - 1];
  if (!parent) return sysErr('ENOENT');
  const pattr = nodeMeta(k, parent.node, p);
  if (!pattr) return sysErr('ENOENT');
  if (isReadOnly(k, parent)) return sysErr('EROFS');
  if (!mayAccess(k, p, pattr, MAY_WRITE | MAY_EXEC)) return sysErr('EACCES');
  return { parent, pattr };
}

/** A fresh inode record (without superblock) owned by the caller. */
export function newInode(k: Kernel, p: Process, pattr: NodeMeta, type: Inode['type'], mode: number): Omit<Inode, 'sb'> {
  const t = nowMs(k);
  const sgid = (pattr.mode & 0o2000) !== 0;
  const i: Omit<Inode, 'sb'> = {
    type,
    mode: type === 'dir' && sgid ? mode | 0o2000 : mode,
    uid: p.cred.fsuid,
    gid: sgid ? pattr.gid : p.cred.fsgid,
    size: type === 'dir' ? 4096 : 0,
    nlink: type === 'dir' ? 2 : 1,
    atimeMs: t,
    mtimeMs: t,
    ctimeMs: t,
  };
  if (type === 'dir') i.entries = {};
  if (type === 'file') i.data = '';
  return i;
}

/** Link a new inode as `name` under `parent`; returns its inode number. */
export function createNode(k: Kernel, ns: number, parent: Frame, name: string, inode: Omit<Inode, 'sb'>): number | SysError {
  const at = whereChild(ns, parent, name);
  const n = parent.node;
  if (n.k === 'i') {
    const d = k.state.fs.inodes[n.ino];
    if (!d) return sysErr('ENOENT');
    const ino = k.state.fs.nextIno;
    k.emit({ type: 'fs.created', sb: d.sb, dir: n.ino, name, ino, inode: inodeOn(inode, d.sb), at });
    return ino;
  }
  if (n.k === 'o') return ovlCreate(k, n, name, inode, at);
  return sysErr('EACCES');
}

/** may_delete(): write+search on the directory, and the sticky-bit rule. */
export function mayDelete(k: Kernel, p: Process, pattr: Attr, victim: Attr): true | SysError {
  if (!mayAccess(k, p, pattr, MAY_WRITE | MAY_EXEC)) return sysErr('EACCES');
  if (pattr.mode & 0o1000 && p.cred.fsuid !== victim.uid && p.cred.fsuid !== pattr.uid) {
    if (!capableWrtInode(k, p, 'CAP_FOWNER', victim)) return refuse(k, p, 'CAP_FOWNER', 'unlink');
  }
  return true;
}

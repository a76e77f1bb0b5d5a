/**
 * Removing and renaming names: unlink(2), rmdir(2), rename(2).
 *
 * Models: EROFS before ENOENT (mnt_want_write() comes first), may_delete()
 * (write+search on the directory, sticky bit), EBUSY for mountpoints and "/",
 * ENOTEMPTY, EISDIR/ENOTDIR for type mismatches, EXDEV across mounts; on an
 * overlay, whiteouts for names that exist in a lower layer and EXDEV for
 * renaming a directory that exists in a lower layer (redirect_dir=off).
 * SIMPLIFICATIONS: renaming an upper directory over a merged (lower) directory
 * is refused with EXDEV instead of making the target opaque; cgroupfs rmdir is
 * delegated to the cgroup module.
 */

import type { Kernel } from '../../kernel.ts';
import type { Process } from '../../process/types.ts';
import { sysErr, isErr, type SysError } from '../../errno.ts';
import { entryOf } from '../types.ts';
import { walk, type Frame, type Resolved } from './resolve.ts';
import { nodeAttr, readdirNode, synthFor, type Attr } from './node.ts';
import { isReadOnly, nowMs, procOf, whereOf } from './ctx.ts';
import { mayDelete } from './create.ts';
import { copyUp, ovlDirEmpty, ovlRemove } from '../overlay-write.ts';
import { isUnder } from './path.ts';

interface Victim {
  r: Resolved;
  parent: Frame;
  pattr: Attr;
  child: Frame;
  cattr: Attr;
}

function victim(k: Kernel, p: Process, path: string, dir: boolean): Victim | SysError {
  const r = walk(k, p, path, { follow: false });
  if (isErr(r)) return r;
  if (r.name === '.') {
    if (!dir) return sysErr('EISDIR');
    const comps = path.split('/').filter(Boolean);
    const last = comps[comps.length - 1];
    return sysErr(last === '.' ? 'EINVAL' : last === '..' ? 'ENOTEMPTY' : 'EBUSY');
  }
  const parent = r.parent[r.parent.length - 1];
  if (!parent) return sysErr('ENOENT');
  if (isReadOnly(k, parent)) return sysErr('EROFS');
  if (!r.child) return sysErr('ENOENT');
  const pattr = nodeAttr(k, parent.node, p);
  const cattr = nodeAttr(k, r.child.node, p);
  if (!pattr || !cattr) return sysErr('ENOENT');
  const ok = mayDelete(k, p, pattr, cattr);
  if (isErr(ok)) return ok;
  if (dir && cattr.type !== 'dir') return sysErr('ENOTDIR');
  if (!dir && cattr.type === 'dir') return sysErr('EISDIR');
  if (r.child.m !== parent.m) return sysErr('EBUSY');
  return { r, parent, pattr, child: r.child, cattr };
}

function removeName(k: Kernel, v: Victim): true | SysError {
  const pn = v.parent.node;
  const cn = v.child.node;
  const at = whereOf(v.r.ns, v.child);
  if (pn.k === 'i' && cn.k === 'i') {
    const d = k.state.fs.inodes[pn.ino];
    if (!d) return sysErr('ENOENT');
    k.emit({ type: 'fs.removed', sb: d.sb, dir: pn.ino, name: v.r.name, ino: cn.ino, at });
    return true;
  }
  if (pn.k === 'o' && cn.k === 'o') return ovlRemove(k, pn, v.r.name, cn, at);
  return sysErr('EPERM');
}

/** unlink(2). */
export function unlink(k: Kernel, pid: number, path: string): true | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const v = victim(k, p, path, false);
  return isErr(v) ? v : removeName(k, v);
}

function dirEmpty(k: Kernel, p: Process, f: Frame): boolean {
  if (f.node.k === 'o') return ovlDirEmpty(k, f.node);
  return readdirNode(k, f.node, p).length === 0;
}

/** rmdir(2). */
export function rmdir(k: Kernel, pid: number, path: string): true | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const v = victim(k, p, path, true);
  if (isErr(v)) return v;
  if (v.child.node.k === 's') {
    const sb = k.state.fs.sbs[v.child.node.sb];
    const ops = sb ? synthFor(sb.fstype) : null;
    return sb && ops?.rmdir ? ops.rmdir(k, sb, v.child.node.rel, p) : sysErr('EPERM');
  }
  if (!dirEmpty(k, p, v.child)) return sysErr('ENOTEMPTY');
  return removeName(k, v);
}

/** rename(2): replaces an existing target (a directory only by an empty directory). */
export function rename(k: Kernel, pid: number, oldpath: string, newpath: string): true | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const v = victim(k, p, oldpath, false);
  const src = isErr(v) && v.errno === 'EISDIR' ? victim(k, p, oldpath, true) : v;
  if (isErr(src)) return src;
  const r = walk(k, p, newpath, { follow: false });
  if (isErr(r)) return r;
  if (r.name === '.') return sysErr('EBUSY');
  const tparent = r.parent[r.parent.length - 1];
  if (!tparent) return sysErr('ENOENT');
  if (tparent.m !== src.parent.m) return sysErr('EXDEV');
  const tpattr = nodeAttr(k, tparent.node, p);
  if (!tpattr) return sysErr('ENOENT');
  const srcIsDir = src.cattr.type === 'dir';
  let replaced: Attr | null = null;
  if (r.child) {
    const tattr = nodeAttr(k, r.child.node, p);
    if (!tattr) return sysErr('ENOENT');
    if (tattr.ino === src.cattr.ino && tattr.dev[1] === src.cattr.dev[1]) return true;
    const ok = mayDelete(k, p, tpattr, tattr);
    if (isErr(ok)) return ok;
    if (r.child.m !== tparent.m) return sysErr('EBUSY');
    if (srcIsDir && tattr.type !== 'dir') return sysErr('ENOTDIR');
    if (!srcIsDir && tattr.type === 'dir') return sysErr('EISDIR');
    if (tattr.type === 'dir' && !dirEmpty(k, p, r.child)) return sysErr('ENOTEMPTY');
    replaced = tattr;
  } else {
    const ok = mayDelete(k, p, tpattr, Object.assign({}, tpattr, { uid: p.cred.fsuid }));
    if (isErr(ok)) return ok;
  }
  if (srcIsDir && isUnder(`${tparent.path}/${r.name}`, src.child.path)) return sysErr('EINVAL');
  const from = whereOf(src.r.ns, src.child);
  const to = whereOf(r.ns, Object.assign({}, tparent, { path: tparent.path === '/' ? `/${r.name}` : `${tparent.path}/${r.name}` }));
  const sp = src.parent.node;
  const tp = tparent.node;
  const sc = src.child.node;
  if (sp.k === 'i' && tp.k === 'i' && sc.k === 'i') {
    const d = k.state.fs.inodes[sp.ino];
    if (!d) return sysErr('EIO');
    const rino = r.child && r.child.node.k === 'i' ? r.child.node.ino : null;
    k.emit({ type: 'fs.renamed', sb: d.sb, fromDir: sp.ino, fromName: src.r.name, toDir: tp.ino, toName: r.name, ino: sc.ino, replaced: rino, from, to });
    return true;
  }
  if (sp.k === 'o' && tp.k === 'o' && sc.k === 'o') {
    if (srcIsDir && sc.lowers.length > 0) return sysErr('EXDEV');
    const tc = r.child?.node;
    if (replaced?.type === 'dir' && tc?.k === 'o' && tc.lowers.length > 0) return sysErr('EXDEV');
    const upSrc = copyUp(k, sc.sb, sc.rel, from);
    if (isErr(upSrc)) return upSrc;
    const fromDir = copyUp(k, sp.sb, sp.rel, whereOf(src.r.ns, src.parent));
    if (isErr(fromDir)) return fromDir;
    const toDir = copyUp(k, tp.sb, tp.rel, whereOf(r.ns, tparent));
    if (isErr(toDir)) return toDir;
    const td = k.state.fs.inodes[toDir];
    const held = td ? entryOf(td, r.name) : undefined;
    const upper = k.state.fs.inodes[upSrc];
    if (!upper) return sysErr('EIO');
    k.emit({
      type: 'fs.renamed',
      sb: upper.sb,
      fromDir,
      fromName: src.r.name,
      toDir,
      toName: r.name,
      ino: upSrc,
      replaced: held ?? null,
      from,
      to,
      overlay: sc.sb,
    });
    if (sc.lowers.length > 0) {
      const now = nowMs(k);
      k.emit({
        type: 'fs.whiteoutCreated',
        overlay: sc.sb,
        at: from,
        path: sc.rel,
        upperSb: upper.sb,
        dir: fromDir,
        name: src.r.name,
        ino: k.state.fs.nextIno,
        inode: { sb: upper.sb, type: 'chardev', mode: 0, uid: 0, gid: 0, size: 0, nlink: 1, atimeMs: now, mtimeMs: now, ctimeMs: now, rdev: [0, 0] },
        replaced: null,
      });
    }
    return true;
  }
  return sysErr('EXDEV');
}

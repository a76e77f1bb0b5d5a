/**
 * OverlayFS, write side: copy-up, whiteouts and opaque directories
 * (Documentation/filesystems/overlayfs.rst, "Non-directories", "whiteouts and opaque directories").
 *
 * Models: the first write-type access to a lower object copies it to the
 * upper directory, creating its parent directories there first (each emits
 * fs.copiedUp, parents first); deleting a name that exists in a lower layer
 * leaves a whiteout (char 0/0) in the upper directory; a directory created
 * where a whiteout was is opaque (trusted.overlay.opaque=y); renaming a
 * directory that exists in a lower layer fails with EXDEV (redirect_dir=off).
 * SIMPLIFICATIONS: copy-up is immediate and whole (no metacopy); the workdir is
 * not used; permission checks use the caller's credentials only (not the mounter's).
 */

import { inodeOn } from './apply-inode.ts';
import type { Kernel } from '../kernel.ts';
import { sysErr, type SysError } from '../errno.ts';
import type { Inode } from './types.ts';
import { entryOf, isWhiteout, OPAQUE_XATTR } from './types.ts';
import type { FsWhere } from './events.ts';
import type { OvlNode } from './vfs/node.ts';
import { ovlLookup, ovlRoot } from './overlay.ts';
import { components, joinPath } from './vfs/path.ts';

/** The overlay nodes from the overlay root down to `rel`. */
function chain(k: Kernel, sbId: number, rel: string): OvlNode[] | null {
  const sb = k.state.fs.sbs[sbId];
  if (!sb) return null;
  let cur: OvlNode | null = ovlRoot(sb);
  const out: OvlNode[] = [cur];
  for (const c of components(rel)) {
    cur = cur && ovlLookup(k, cur, c);
    if (!cur) return null;
    out.push(cur);
  }
  return out;
}

function upperSb(k: Kernel, ovl: number): number {
  const sb = k.state.fs.sbs[ovl];
  const up = sb?.upper ? k.state.fs.inodes[sb.upper.ino] : undefined;
  return up ? up.sb : -1;
}

/** Copy one lower object into upper directory `dir` as `name`. */
function copyOne(k: Kernel, n: OvlNode, dir: number, at: FsWhere): number {
  const lowerIno = n.lowers[0] as number;
  const lower = k.state.fs.inodes[lowerIno];
  if (!lower) throw new Error(`overlay copy-up: lower inode ${lowerIno} missing`);
  const usb = upperSb(k, n.sb);
  const inode: Inode = {
    sb: usb,
    type: lower.type,
    mode: lower.mode,
    uid: lower.uid,
    gid: lower.gid,
    size: lower.type === 'dir' ? 4096 : lower.size,
    nlink: lower.type === 'dir' ? 2 : 1,
    atimeMs: lower.atimeMs,
    mtimeMs: lower.mtimeMs,
    ctimeMs: lower.ctimeMs,
  };
  if (lower.type === 'dir') inode.entries = {};
  if (lower.type === 'file') inode.data = lower.data ?? null;
  if (lower.target !== undefined) inode.target = lower.target;
  if (lower.rdev) inode.rdev = [lower.rdev[0], lower.rdev[1]];
  if (lower.xattrs) {
    const x = { ...lower.xattrs };
    delete x[OPAQUE_XATTR];
    if (Object.keys(x).length) inode.xattrs = x;
  }
  const ino = k.state.fs.nextIno;
  const name = components(n.rel).pop() ?? '';
  k.emit({
    type: 'fs.copiedUp',
    overlay: n.sb,
    at,
    path: n.rel,
    fromLayer: n.layers[0] ?? 0,
    lowerIno,
    upperSb: usb,
    dir,
    name,
    ino,
    inode,
  });
  return ino;
}

/**
 * Make sure `rel` has an upper object, copying it and its parents up as needed.
 * Returns the upper inode. `at` names the object the caller touched.
 */
export function copyUp(k: Kernel, sbId: number, rel: string, at: FsWhere): number | SysError {
  const sb = k.state.fs.sbs[sbId];
  if (!sb?.upper || sb.ro) return sysErr('EROFS');
  const nodes = chain(k, sbId, rel);
  if (!nodes) return sysErr('ENOENT');
  let upperDir = sb.upper.ino;
  for (let i = 1; i < nodes.length; i++) {
    const n = nodes[i] as OvlNode;
    const up = n.upper ?? copyOne(k, n, upperDir, i === nodes.length - 1 ? at : Object.assign({}, at, { path: parentPathOf(at.path, nodes.length - 1 - i) }));
    upperDir = up;
  }
  return upperDir;
}

/** The path `levels` directories above `path`. */
function parentPathOf(path: string, levels: number): string {
  const c = components(path);
  return `/${c.slice(0, Math.max(0, c.length - levels)).join('/')}`;
}

/** The upper directory for a merged directory node, copied up if needed. */
export function upperDirOf(k: Kernel, dir: OvlNode, at: FsWhere): number | SysError {
  return dir.upper ?? copyUp(k, dir.sb, dir.rel, at);
}

/** Create `name` in merged directory `dir`: over a whiteout a directory becomes opaque. */
export function ovlCreate(k: Kernel, dir: OvlNode, name: string, inode: Omit<Inode, 'sb'>, at: FsWhere): number | SysError {
  const udir = upperDirOf(k, dir, Object.assign({}, at, { path: parentPathOf(at.path, 1) }));
  if (typeof udir !== 'number') return udir;
  const ud = k.state.fs.inodes[udir];
  if (!ud) return sysErr('EIO');
  const existing = entryOf(ud, name);
  const replaced = existing !== undefined && isWhiteout(k.state.fs.inodes[existing]) ? existing : null;
  const ino = k.state.fs.nextIno;
  const full: Inode = inodeOn(inode, ud.sb);
  const path = joinPath(dir.rel, name);
  if (replaced !== null && inode.type === 'dir') {
    full.xattrs = { ...full.xattrs, [OPAQUE_XATTR]: 'y' };
    k.emit({ type: 'fs.opaqueDirCreated', overlay: dir.sb, at, path, upperSb: ud.sb, dir: udir, name, ino, inode: full, replaced });
  } else {
    k.emit({ type: 'fs.created', sb: ud.sb, dir: udir, name, ino, inode: full, at, overlay: dir.sb, replaced });
  }
  return ino;
}

function whiteoutInode(k: Kernel, sb: number): Inode {
  const t = k.state.clock.bootEpochMs + k.state.clock.uptimeMs;
  return { sb, type: 'chardev', mode: 0, uid: 0, gid: 0, size: 0, nlink: 1, atimeMs: t, mtimeMs: t, ctimeMs: t, rdev: [0, 0] };
}

/** Remove `name` (node `child`) from merged directory `dir`: a whiteout if a lower layer has it. */
export function ovlRemove(k: Kernel, dir: OvlNode, name: string, child: OvlNode, at: FsWhere): true | SysError {
  const udir = upperDirOf(k, dir, Object.assign({}, at, { path: parentPathOf(at.path, 1) }));
  if (typeof udir !== 'number') return udir;
  const ud = k.state.fs.inodes[udir];
  if (!ud) return sysErr('EIO');
  if (child.lowers.length === 0) {
    if (child.upper === null) return sysErr('ENOENT');
    k.emit({ type: 'fs.removed', sb: ud.sb, dir: udir, name, ino: child.upper, at, overlay: dir.sb });
    return true;
  }
  const ino = k.state.fs.nextIno;
  k.emit({
    type: 'fs.whiteoutCreated',
    overlay: dir.sb,
    at,
    path: child.rel,
    upperSb: ud.sb,
    dir: udir,
    name,
    ino,
    inode: whiteoutInode(k, ud.sb),
    replaced: child.upper,
  });
  return true;
}

/** Is this merged directory empty (ignoring whiteouts)? */
export function ovlDirEmpty(k: Kernel, dir: OvlNode): boolean {
  const ind = k.state.fs.inodes;
  const seen = new Set<string>();
  const layers = dir.upper !== null ? [dir.upper, ...dir.lowers] : dir.lowers;
  for (const l of layers) {
    for (const [n, ino] of Object.entries(ind[l]?.entries ?? {})) {
      if (seen.has(n)) continue;
      seen.add(n);
      if (!isWhiteout(ind[ino])) return false;
    }
  }
  return true;
}

/**
 * Write-side file operations that create or change data: open(O_CREAT|
 * O_TRUNC|O_APPEND)+write, truncate, mkdir, mknod, symlink, link
 * (open(2), write(2), truncate(2), mkdir(2), mknod(2), symlink(2), link(2)).
 *
 * Models: EISDIR/EROFS/EACCES/EEXIST/EXDEV as the kernel orders them; writes to
 * devices by device number (nodev mounts refuse them); writes to synthetic
 * files (procfs, cgroupfs) go to their owners; on an overlay, the first
 * write-type access copies the file up (even if nothing is written).
 * SIMPLIFICATIONS: one write per open (the whole string); no O_DIRECT, no
 * sparse files, no protected_regular/fifos; mknod of devices needs CAP_MKNOD
 * in the initial user namespace.
 */

import type { Kernel } from '../../kernel.ts';
import type { Process } from '../../process/types.ts';
import { sysErr, isErr, type SysError } from '../../errno.ts';
import type { InodeType } from '../types.ts';
import { entryOf, isWhiteout } from '../types.ts';
import { walk, resolveFrame, type DirFd, type Frame } from './resolve.ts';
import { nodeAttr, nodeMeta, synthFor, realIno } from './node.ts';
import { mayAccess, MAY_WRITE, capableInit, ownerOrCapable, MAY_READ } from './perm.ts';
import { hasMountFlag, isReadOnly, procOf, whereOf, whereChild } from './ctx.ts';
import { createNode, newInode, prepCreate } from './create.ts';
import { joinPath } from './path.ts';
import { copyUp, upperDirOf } from '../overlay-write.ts';
import { writeDevice } from '../devfs.ts';
import { refuse } from '../../caps/denied.ts';

export interface WriteOpts {
  /** O_APPEND. */
  append?: boolean;
  /** O_CREAT (default true). */
  create?: boolean;
  /** O_EXCL with O_CREAT: fail with EEXIST if it exists. */
  excl?: boolean;
  /** O_TRUNC (default: true unless appending). */
  truncate?: boolean;
  /** Mode of a created file, umask already applied (default 0644). */
  mode?: number;
}

/** The real inode to write for a frame (copying an overlay file up first), with its superblock. */
function writableIno(k: Kernel, ns: number, f: Frame): { ino: number; sb: number; overlay?: number } | SysError {
  const n = f.node;
  if (n.k === 'o') {
    const up = n.upper ?? copyUp(k, n.sb, n.rel, whereOf(ns, f));
    if (isErr(up)) return up;
    const i = k.state.fs.inodes[up];
    return i ? { ino: up, sb: i.sb, overlay: n.sb } : sysErr('EIO');
  }
  const ino = realIno(n);
  const i = ino === null ? undefined : k.state.fs.inodes[ino];
  return i && ino !== null ? { ino, sb: i.sb } : sysErr('EIO');
}

/** Write to an existing, resolved object (the second half of open(O_WRONLY)+write). */
export function writeNode(k: Kernel, p: Process, ns: number, f: Frame, data: string, opts: WriteOpts): number | SysError {
  const a = nodeAttr(k, f.node, p);
  if (!a) return sysErr('ENOENT');
  if (a.type === 'dir') return sysErr('EISDIR');
  if ((a.type === 'file' || a.type === 'symlink') && isReadOnly(k, f)) return sysErr('EROFS');
  if (!mayAccess(k, p, a, MAY_WRITE)) return sysErr('EACCES');
  if (f.node.k === 's') {
    if (isReadOnly(k, f)) return sysErr('EROFS');
    const sb = k.state.fs.sbs[f.node.sb];
    const ops = sb ? synthFor(sb.fstype) : null;
    if (!sb || !ops?.write) return sysErr('EACCES');
    // open(O_TRUNC) then no write (`: > memory.max`) leaves a kernel file alone:
    // kernfs and procfs ignore truncation, and a zero-length write never reaches them.
    if (data === '') return 0;
    return ops.write(k, sb, f.node.rel, p, data);
  }
  if (f.node.k === 'n') return sysErr('EINVAL');
  if (a.type === 'chardev' || a.type === 'blockdev') {
    if (hasMountFlag(k, f, 'nodev')) return sysErr('EACCES');
    return a.type === 'chardev' ? writeDevice(k, a.rdev, data) : data.length;
  }
  if (a.type === 'fifo') return data.length;
  if (a.type === 'socket') return sysErr('ENODEV');
  const w = writableIno(k, ns, f);
  if (isErr(w)) return w;
  const truncate = opts.truncate ?? !opts.append;
  let how: 'write' | 'append' = opts.append ? 'append' : 'write';
  let content = data;
  if (!opts.append && !truncate) {
    const old = k.state.fs.inodes[w.ino]?.data ?? '';
    content = data + old.slice(data.length);
    how = 'write';
  }
  const size = how === 'append' ? (k.state.fs.inodes[w.ino]?.size ?? 0) + data.length : content.length;
  const ev = { type: 'fs.fileWritten' as const, sb: w.sb, ino: w.ino, how, data: content, size, bytes: data.length, at: whereOf(ns, f) };
  k.emit(w.overlay !== undefined ? Object.assign({}, ev, { overlay: w.overlay }) : ev);
  return data.length;
}

/** open(path, O_WRONLY|O_CREAT|O_TRUNC or O_APPEND) + write(data) + close. Returns bytes written. With `at`, openat(2). */
export function writeFile(k: Kernel, pid: number, path: string, data: string, opts: WriteOpts = {}, at: DirFd | null = null): number | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const r = walk(k, p, path, { follow: true, at });
  if (isErr(r)) return r;
  if (r.child) {
    if (opts.excl && opts.create !== false) return sysErr('EEXIST');
    return writeNode(k, p, r.ns, r.child, data, opts);
  }
  if (opts.create === false) return sysErr('ENOENT');
  if (path.endsWith('/')) return sysErr('EISDIR');
  const c = prepCreate(k, p, r);
  if (isErr(c)) return c;
  const inode = newInode(k, p, c.pattr, 'file', opts.mode ?? 0o644);
  inode.data = data;
  inode.size = data.length;
  const ino = createNode(k, r.ns, c.parent, r.name, inode);
  return isErr(ino) ? ino : data.length;
}

/** truncate(2). */
export function truncate(k: Kernel, pid: number, path: string, size: number): true | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  if (size < 0) return sysErr('EINVAL');
  const f = resolveFrame(k, p, path, true);
  if (isErr(f)) return f;
  const a = nodeAttr(k, f.node, p);
  if (!a) return sysErr('ENOENT');
  if (a.type === 'dir') return sysErr('EISDIR');
  if (a.type !== 'file') return sysErr('EINVAL');
  if (isReadOnly(k, f)) return sysErr('EROFS');
  if (!mayAccess(k, p, a, MAY_WRITE)) return sysErr('EACCES');
  const w = writableIno(k, p.ns.mnt, f);
  if (isErr(w)) return w;
  const ev = { type: 'fs.fileWritten' as const, sb: w.sb, ino: w.ino, how: 'truncate' as const, data: '', size, bytes: 0, at: whereOf(p.ns.mnt, f) };
  k.emit(w.overlay !== undefined ? Object.assign({}, ev, { overlay: w.overlay }) : ev);
  return true;
}

/** mkdir(2). `mode` is final (umask applied by the caller); default 0755. With `at`, mkdirat(2). */
export function mkdir(k: Kernel, pid: number, path: string, mode = 0o755, at: DirFd | null = null): true | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const r = walk(k, p, path, { follow: false, at });
  if (isErr(r)) return r;
  const parent = r.parent[r.parent.length - 1];
  if (parent?.node.k === 's' && !r.child && r.name !== '.') {
    const sb = k.state.fs.sbs[parent.node.sb];
    const ops = sb ? synthFor(sb.fstype) : null;
    const pattr = nodeMeta(k, parent.node, p);
    if (!sb || !ops?.mkdir || !pattr) return sysErr('EPERM');
    if (isReadOnly(k, parent)) return sysErr('EROFS');
    if (!mayAccess(k, p, pattr, MAY_WRITE)) return sysErr('EACCES');
    return ops.mkdir(k, sb, joinPath(parent.node.rel, r.name), p);
  }
  const c = prepCreate(k, p, r);
  if (isErr(c)) return c;
  const ino = createNode(k, r.ns, c.parent, r.name, newInode(k, p, c.pattr, 'dir', mode & 0o7777));
  return isErr(ino) ? ino : true;
}

/** mknod(2): devices need CAP_MKNOD; fifos, sockets and plain files do not. With `at`, mknodat(2). */
export function mknod(
  k: Kernel,
  pid: number,
  path: string,
  type: Exclude<InodeType, 'dir' | 'symlink'>,
  mode: number,
  rdev: [number, number] = [0, 0],
  at: DirFd | null = null,
): true | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  if ((type === 'chardev' || type === 'blockdev') && !capableInit(k, p, 'CAP_MKNOD')) return refuse(k, p, 'CAP_MKNOD', 'mknod');
  const r = walk(k, p, path, { follow: false, at });
  if (isErr(r)) return r;
  const c = prepCreate(k, p, r);
  if (isErr(c)) return c;
  const inode = newInode(k, p, c.pattr, type, mode & 0o7777);
  if (type === 'chardev' || type === 'blockdev') inode.rdev = [rdev[0], rdev[1]];
  const ino = createNode(k, r.ns, c.parent, r.name, inode);
  return isErr(ino) ? ino : true;
}

/** symlink(2): create `linkpath` pointing at `target` (not resolved). With `at`, symlinkat(2). */
export function symlink(k: Kernel, pid: number, target: string, linkpath: string, at: DirFd | null = null): true | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  if (target === '') return sysErr('ENOENT');
  const r = walk(k, p, linkpath, { follow: false, at });
  if (isErr(r)) return r;
  const c = prepCreate(k, p, r);
  if (isErr(c)) return c;
  const inode = newInode(k, p, c.pattr, 'symlink', 0o777);
  inode.target = target;
  inode.size = target.length;
  delete inode.data;
  const ino = createNode(k, r.ns, c.parent, r.name, inode);
  return isErr(ino) ? ino : true;
}

/** link(2): another name for an existing non-directory on the same mount. */
export function link(k: Kernel, pid: number, oldpath: string, newpath: string): true | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const src = resolveFrame(k, p, oldpath, false);
  if (isErr(src)) return src;
  const r = walk(k, p, newpath, { follow: false });
  if (isErr(r)) return r;
  const sa = nodeAttr(k, src.node, p);
  if (!sa) return sysErr('ENOENT');
  const c = prepCreate(k, p, r);
  if (isErr(c)) return c;
  if (c.parent.m !== src.m) return sysErr('EXDEV');
  if (sa.type === 'dir') return sysErr('EPERM');
  if (src.node.k === 's' || src.node.k === 'n') return sysErr('EPERM');
  // protected_hardlinks: only the owner, or someone who may read and write it.
  if (!ownerOrCapable(k, p, sa) && !(sa.type === 'file' && !(sa.mode & 0o6000) && mayAccess(k, p, sa, MAY_READ | MAY_WRITE))) {
    return sysErr('EPERM');
  }
  const at = whereChild(r.ns, c.parent, r.name);
  const w = writableIno(k, r.ns, src);
  if (isErr(w)) return w;
  let dir: number;
  const pn = c.parent.node;
  if (pn.k === 'o') {
    const ud = upperDirOf(k, pn, whereOf(r.ns, c.parent));
    if (isErr(ud)) return ud;
    dir = ud;
    const d = k.state.fs.inodes[dir];
    const wo = d ? entryOf(d, r.name) : undefined;
    if (wo !== undefined && isWhiteout(k.state.fs.inodes[wo])) {
      k.emit({ type: 'fs.removed', sb: w.sb, dir, name: r.name, ino: wo, at, overlay: pn.sb });
    }
  } else if (pn.k === 'i') dir = pn.ino;
  else return sysErr('EPERM');
  const ev = { type: 'fs.linked' as const, sb: w.sb, dir, name: r.name, ino: w.ino, at };
  k.emit(w.overlay !== undefined ? Object.assign({}, ev, { overlay: w.overlay }) : ev);
  return true;
}

/** mkdir -p: create each missing directory of `path` (existing directories are fine); relative paths from `at` or the cwd. */
export function mkdirAll(k: Kernel, pid: number, path: string, mode = 0o755, at: DirFd | null = null): true | SysError {
  // As Go's os.MkdirAll: try the directory itself, and only when its parent is
  // missing make the parent first (so an existing prefix is walked once, not
  // once per component). The directories made, and their order, are the same.
  let end = path.length;
  if (!/[^/]/.test(path)) return true;
  while (end > 1 && path.charCodeAt(end - 1) === 47) end--;
  const dir = end === path.length ? path : path.slice(0, end);
  const r = mkdir(k, pid, dir, mode, at);
  if (!isErr(r)) return true;
  if (r.errno === 'EEXIST') return existingDir(k, pid, dir, at);
  if (r.errno !== 'ENOENT') return r;
  const cut = dir.lastIndexOf('/');
  if (cut < 0 || (cut === 0 && dir.length === 1)) return r;
  const parent = cut === 0 ? '/' : dir.slice(0, cut);
  const pr = mkdirAll(k, pid, parent, mode, at);
  if (isErr(pr)) return pr;
  const again = mkdir(k, pid, dir, mode, at);
  if (!isErr(again)) return true;
  return again.errno === 'EEXIST' ? existingDir(k, pid, dir, at) : again;
}

function existingDir(k: Kernel, pid: number, path: string, at: DirFd | null): true | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const f = resolveFrame(k, p, path, true, at);
  if (isErr(f)) return f;
  return nodeMeta(k, f.node, p)?.type === 'dir' ? true : sysErr('ENOTDIR');
}

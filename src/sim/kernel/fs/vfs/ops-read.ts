/**
 * Read-side file operations: stat, lstat, read, readdir, readlink, access,
 * realpath, and the checks execve makes (stat(2), open(2), getdents(2),
 * readlink(2), access(2), realpath(3), execve(2)).
 *
 * Models: each call resolves the path for the calling process, checks
 * permission on the object (read for files and directory listings), and reads
 * from the inode, the overlay's top layer, a device, or a synthetic file.
 * SIMPLIFICATIONS: a read returns the whole file (devices: one chunk); access()
 * checks with the filesystem ids, not the real ids; no atime updates.
 */

import type { Kernel } from '../../kernel.ts';
import { sysErr, isErr, type SysError } from '../../errno.ts';
import { nodeAttr, readdirNode, readlinkNode, realIno, synthFor, type Node } from './node.ts';
import { walk, resolveFrame, pathForProcess, type Frame, type DirFd } from './resolve.ts';
import { mayAccess, MAY_EXEC, MAY_READ, MAY_WRITE } from './perm.ts';
import { hasMountFlag, isReadOnly, procOf, toStat, type Stat } from './ctx.ts';
import type { DirEntry } from './synth.ts';
import { readDevice } from '../devfs.ts';
import type { Process } from '../../process/types.ts';

/** What a program file without modelled content reads as: the start of an ELF header. */
export const BINARY_PLACEHOLDER = '\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0';

export const F_OK = 0;
export const X_OK = 1;
export const W_OK = 2;
export const R_OK = 4;

function statAt(k: Kernel, pid: number, path: string, follow: boolean, at: DirFd | null): Stat | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const f = resolveFrame(k, p, path, follow, at);
  if (isErr(f)) return f;
  const a = nodeAttr(k, f.node, p);
  return a ? toStat(k, p, a, f.m) : sysErr('ENOENT');
}

/** stat(2): follows a final symlink. With `at`, fstatat(2) relative to an open directory. */
export function stat(k: Kernel, pid: number, path: string, at: DirFd | null = null): Stat | SysError {
  return statAt(k, pid, path, true, at);
}

/** lstat(2): does not follow a final symlink. With `at`, fstatat(2, AT_SYMLINK_NOFOLLOW). */
export function lstat(k: Kernel, pid: number, path: string, at: DirFd | null = null): Stat | SysError {
  return statAt(k, pid, path, false, at);
}

/** Read the content of an already-resolved node (no path walk). */
export function readNode(k: Kernel, p: Process, f: Frame, maxBytes?: number): string | SysError {
  const a = nodeAttr(k, f.node, p);
  if (!a) return sysErr('ENOENT');
  if (a.type === 'dir') return sysErr('EISDIR');
  if (!mayAccess(k, p, a, MAY_READ)) return sysErr('EACCES');
  return readContent(k, p, f, f.node, a.type, a.rdev, maxBytes);
}

function readContent(
  k: Kernel,
  p: Process,
  f: Frame,
  n: Node,
  type: string,
  rdev: [number, number],
  maxBytes: number | undefined,
): string | SysError {
  if (n.k === 's') {
    const sb = k.state.fs.sbs[n.sb];
    const ops = sb ? synthFor(sb.fstype) : null;
    return sb && ops ? ops.read(k, sb, n.rel, p) : sysErr('EIO');
  }
  if (n.k === 'n') return sysErr('EINVAL');
  if (type === 'chardev' || type === 'blockdev') {
    if (hasMountFlag(k, f, 'nodev')) return sysErr('EACCES');
    return type === 'chardev' ? readDevice(k, rdev, maxBytes) : '';
  }
  if (type === 'fifo') return '';
  if (type === 'socket') return sysErr('ENODEV');
  const ino = realIno(n);
  const i = ino === null ? undefined : k.state.fs.inodes[ino];
  if (!i) return sysErr('EIO');
  return i.data ?? (i.size > 0 ? BINARY_PLACEHOLDER : '');
}

/** Read a whole file (open + read + close). `maxBytes` bounds reads of endless devices. */
export function readFile(k: Kernel, pid: number, path: string, opts: { maxBytes?: number } = {}): string | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const f = resolveFrame(k, p, path, true);
  if (isErr(f)) return f;
  return readNode(k, p, f, opts.maxBytes);
}

/** getdents(2): entries of a directory without "." and "..", in the filesystem's order. */
export function readdir(k: Kernel, pid: number, path: string): DirEntry[] | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const f = resolveFrame(k, p, path, true);
  if (isErr(f)) return f;
  const a = nodeAttr(k, f.node, p);
  if (!a) return sysErr('ENOENT');
  if (a.type !== 'dir') return sysErr('ENOTDIR');
  if (!mayAccess(k, p, a, MAY_READ)) return sysErr('EACCES');
  return readdirNode(k, f.node, p);
}

/** readlink(2). */
export function readlink(k: Kernel, pid: number, path: string): string | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const f = resolveFrame(k, p, path, false);
  if (isErr(f)) return f;
  const a = nodeAttr(k, f.node, p);
  if (!a) return sysErr('ENOENT');
  if (a.type !== 'symlink') return sysErr('EINVAL');
  return readlinkNode(k, f.node, p);
}

/** access(2) with R_OK/W_OK/X_OK bits (F_OK = 0 only checks existence). */
export function access(k: Kernel, pid: number, path: string, mode: number): true | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const f = resolveFrame(k, p, path, true);
  if (isErr(f)) return f;
  const a = nodeAttr(k, f.node, p);
  if (!a) return sysErr('ENOENT');
  if (mode & W_OK && isReadOnly(k, f) && (a.type === 'file' || a.type === 'dir')) return sysErr('EROFS');
  const mask = (mode & R_OK ? MAY_READ : 0) | (mode & W_OK ? MAY_WRITE : 0) | (mode & X_OK ? MAY_EXEC : 0);
  if (mask && !mayAccess(k, p, a, mask)) return sysErr('EACCES');
  return true;
}

export function exists(k: Kernel, pid: number, path: string): boolean {
  return !isErr(lstat(k, pid, path));
}

export function isDir(k: Kernel, pid: number, path: string): boolean {
  const s = stat(k, pid, path);
  return !isErr(s) && s.type === 'dir';
}

/** realpath(3): the canonical absolute path as the process names it. */
export function realpath(k: Kernel, pid: number, path: string): string | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const r = walk(k, p, path, { follow: true });
  if (isErr(r)) return r;
  if (!r.child) return sysErr('ENOENT');
  return r.ns === p.ns.mnt ? pathForProcess(p, r.child.path) : r.child.path;
}

/**
 * What execve(2) checks before loading a program: a regular file, search
 * permission on the way, execute permission, and a mount without noexec.
 */
export function checkExec(k: Kernel, pid: number, path: string): Stat | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const f = resolveFrame(k, p, path, true);
  if (isErr(f)) return f;
  const a = nodeAttr(k, f.node, p);
  if (!a) return sysErr('ENOENT');
  if (a.type !== 'file') return sysErr('EACCES');
  if (hasMountFlag(k, f, 'noexec')) return sysErr('EACCES');
  if (!mayAccess(k, p, a, MAY_EXEC)) return sysErr('EACCES');
  return toStat(k, p, a, f.m);
}

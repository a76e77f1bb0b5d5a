/**
 * The userland's door into the kernel's filesystem operations (stat, read,
 * write, directories, links, mounts) performed as a given process, with the
 * kernel's permission checks. One place names the fs module's functions.
 */

import type { Kernel } from '../kernel/kernel.ts';
import { isErr, type SysError } from '../kernel/errno.ts';
import { stat, lstat, readFile, readdir, readlink, realpath, readNode } from '../kernel/fs/vfs/ops-read.ts';
import { resolveFrame } from '../kernel/fs/vfs/resolve.ts';
import { nodeAttr } from '../kernel/fs/vfs/node.ts';
import { procOf, toStat } from '../kernel/fs/vfs/ctx.ts';
import { writeFile, mkdir, symlink, link, truncate } from '../kernel/fs/vfs/ops-write.ts';
import { unlink, rmdir, rename } from '../kernel/fs/vfs/ops-remove.ts';
import { chmod, chown, touch, utimes } from '../kernel/fs/vfs/ops-attr.ts';
import { chdir, chroot, getcwd } from '../kernel/fs/vfs/ops-cwd.ts';
import { mount, umount, type MountOpts } from '../kernel/fs/mount.ts';
import { pivotRoot } from '../kernel/fs/pivot.ts';

export interface StatInfo {
  type: 'file' | 'dir' | 'symlink' | 'chardev' | 'blockdev' | 'fifo' | 'socket';
  /** Permission bits (with setuid/setgid/sticky), no type bits. */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  nlink: number;
  ino: number;
  dev: [number, number];
  rdev: [number, number];
  blocks: number;
  mtimeMs: number;
  atimeMs: number;
  ctimeMs: number;
}

function info(s: ReturnType<typeof stat>): StatInfo | SysError {
  if (isErr(s)) return s;
  return {
    type: s.type,
    mode: s.perm,
    uid: s.uid,
    gid: s.gid,
    size: s.size,
    nlink: s.nlink,
    ino: s.ino,
    dev: [s.devMajor, s.devMinor],
    rdev: [s.rdevMajor, s.rdevMinor],
    blocks: s.blocks,
    mtimeMs: s.mtimeMs,
    atimeMs: s.atimeMs,
    ctimeMs: s.ctimeMs,
  };
}

export function fsStat(k: Kernel, pid: number, path: string): StatInfo | SysError {
  return info(stat(k, pid, path));
}
/** Just what an exec permission check needs (type, mode bits, owner): stat(2) without the rest. */
export function fsStatMode(k: Kernel, pid: number, path: string): Pick<StatInfo, 'type' | 'mode' | 'uid' | 'gid'> | SysError {
  const s = stat(k, pid, path);
  return isErr(s) ? s : { type: s.type, mode: s.perm, uid: s.uid, gid: s.gid };
}
export function fsLstat(k: Kernel, pid: number, path: string): StatInfo | SysError {
  return info(lstat(k, pid, path));
}
export function fsRead(k: Kernel, pid: number, path: string): string | SysError {
  return readFile(k, pid, path);
}
/**
 * What execve reads of a program file: its content (readFile) and, when
 * `wantMode(content)` says so, the mode and owner stat(2) would show (for
 * set-user-ID/set-group-ID bits), from the same path walk. `file` is null when
 * not wanted or when stat would fail. A file that is not a plain inode
 * (synthetic, nsfs) is read and stat'ed by two walks, as two calls would.
 */
export function fsReadForExec(
  k: Kernel,
  pid: number,
  path: string,
  wantMode: (data: string) => boolean,
): { data: string; file: { mode: number; uid: number; gid: number } | null } | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const f = resolveFrame(k, p, path, true);
  if (isErr(f)) return f;
  if (f.node.k !== 'i' && f.node.k !== 'o') {
    const data = readFile(k, pid, path);
    if (isErr(data)) return data;
    if (!wantMode(data)) return { data, file: null };
    const st = stat(k, pid, path);
    return { data, file: isErr(st) ? null : { mode: st.perm, uid: st.uid, gid: st.gid } };
  }
  const data = readNode(k, p, f);
  if (isErr(data)) return data;
  if (!wantMode(data)) return { data, file: null };
  const a = nodeAttr(k, f.node, p);
  if (!a) return { data, file: null };
  const st = toStat(k, p, a, f.m);
  return { data, file: { mode: st.perm, uid: st.uid, gid: st.gid } };
}
export function fsWrite(k: Kernel, pid: number, path: string, data: string, opts: { append?: boolean; mode?: number; create?: boolean; excl?: boolean } = {}): true | SysError {
  const r = writeFile(k, pid, path, data, opts);
  return isErr(r) ? r : true;
}
export function fsReaddir(k: Kernel, pid: number, path: string): string[] | SysError {
  const r = readdir(k, pid, path);
  return isErr(r) ? r : r.map((e) => e.name).filter((n) => n !== '.' && n !== '..');
}
export function fsReaddirTyped(k: Kernel, pid: number, path: string): Array<{ name: string; type: string; ino: number }> | SysError {
  const r = readdir(k, pid, path);
  return isErr(r) ? r : r.filter((e) => e.name !== '.' && e.name !== '..');
}
export function fsMkdir(k: Kernel, pid: number, path: string, mode = 0o755): true | SysError {
  return mkdir(k, pid, path, mode);
}
export function fsRmdir(k: Kernel, pid: number, path: string): true | SysError {
  return rmdir(k, pid, path);
}
export function fsUnlink(k: Kernel, pid: number, path: string): true | SysError {
  return unlink(k, pid, path);
}
export function fsRename(k: Kernel, pid: number, from: string, to: string): true | SysError {
  return rename(k, pid, from, to);
}
export function fsSymlink(k: Kernel, pid: number, target: string, path: string): true | SysError {
  return symlink(k, pid, target, path);
}
export function fsReadlink(k: Kernel, pid: number, path: string): string | SysError {
  return readlink(k, pid, path);
}
export function fsRealpath(k: Kernel, pid: number, path: string): string | SysError {
  return realpath(k, pid, path);
}
export function fsLink(k: Kernel, pid: number, from: string, to: string): true | SysError {
  return link(k, pid, from, to);
}
export function fsChmod(k: Kernel, pid: number, path: string, mode: number): true | SysError {
  return chmod(k, pid, path, mode);
}
export function fsChown(k: Kernel, pid: number, path: string, uid: number, gid: number, follow = true): true | SysError {
  return chown(k, pid, path, uid, gid, { follow });
}
export function fsTruncate(k: Kernel, pid: number, path: string, len: number): true | SysError {
  return truncate(k, pid, path, len);
}
export function fsTouch(k: Kernel, pid: number, path: string): true | SysError {
  return touch(k, pid, path);
}
export function fsUtimes(k: Kernel, pid: number, path: string, t: { atimeMs?: number; mtimeMs?: number }): true | SysError {
  return utimes(k, pid, path, t);
}
export function fsChdir(k: Kernel, pid: number, path: string): true | SysError {
  return chdir(k, pid, path);
}
export function fsChroot(k: Kernel, pid: number, path: string): true | SysError {
  return chroot(k, pid, path);
}
export function fsMount(k: Kernel, pid: number, source: string, target: string, fstype: string, opts: MountOpts): true | SysError {
  return mount(k, pid, source, target, fstype, opts);
}
export function fsUmount(k: Kernel, pid: number, target: string, lazy = false): true | SysError {
  return umount(k, pid, target, { lazy });
}
export function fsPivotRoot(k: Kernel, pid: number, newRoot: string, putOld: string): true | SysError {
  return pivotRoot(k, pid, newRoot, putOld);
}

/**
 * The working directory as the process sees it (getcwd(3): relative to its
 * root, so "/" right after chroot DIR + chdir("/")); "/" when unreachable.
 */
export function fsGetcwd(k: Kernel, pid: number): string {
  const c = getcwd(k, pid);
  return isErr(c) || c.startsWith('(unreachable)') ? '/' : c;
}

/** Make a path absolute against the process's cwd (lexically), as the process sees paths. */
export function absPath(k: Kernel, pid: number, path: string): string {
  if (path.startsWith('/')) return path;
  const cwd = fsGetcwd(k, pid);
  return cwd === '/' ? `/${path}` : `${cwd}/${path}`;
}

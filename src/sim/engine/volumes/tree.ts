/**
 * Whole directory trees, as dockerd handles them for volumes: removing a
 * volume's directory (os.RemoveAll), measuring it (the SpaceReclaimed of a
 * prune, `docker system df -v`), and copying an image's files at a mount
 * point into a new, empty volume (moby daemon/volumes_unix.go
 * CopyImagePathContent → fileutils copy preserving mode and ownership).
 * All through the kernel's file operations, as a given process.
 * SIMPLIFICATIONS:
 * - Device nodes, fifos and sockets are skipped when copying; hard links become copies.
 */

import type { Kernel } from '../../kernel/kernel.ts';
import { isErr } from '../../kernel/errno.ts';
import { chown, lstat, mkdir, readdir, readFile, readlink, rmdir, symlink, unlink, writeFile } from '../../kernel/fs/index.ts';

/** rm -rf `path` as `pid`; false if something could not be removed. */
export function removeTree(k: Kernel, pid: number, path: string): boolean {
  const st = lstat(k, pid, path);
  if (isErr(st)) return st.errno === 'ENOENT';
  if (st.type !== 'dir') return !isErr(unlink(k, pid, path));
  const entries = readdir(k, pid, path);
  let ok = true;
  if (!isErr(entries)) for (const e of entries) if (e.name !== '.' && e.name !== '..') ok = removeTree(k, pid, `${path}/${e.name}`) && ok;
  return !isErr(rmdir(k, pid, path)) && ok;
}

/** Bytes in regular files under `path` (du --apparent-size). */
export function treeSize(k: Kernel, pid: number, path: string): number {
  const st = lstat(k, pid, path);
  if (isErr(st)) return 0;
  if (st.type !== 'dir') return st.type === 'file' ? st.size : 0;
  const entries = readdir(k, pid, path);
  if (isErr(entries)) return 0;
  let n = 0;
  for (const e of entries) if (e.name !== '.' && e.name !== '..') n += treeSize(k, pid, `${path}/${e.name}`);
  return n;
}

/** Is `path` a directory with no entries (or missing)? */
export function isEmptyDir(k: Kernel, pid: number, path: string): boolean {
  const entries = readdir(k, pid, path);
  if (isErr(entries)) return true;
  return entries.every((e) => e.name === '.' || e.name === '..');
}

/** Copy the contents of directory `from` into existing directory `to`, keeping modes and owners. Returns files copied. */
export function copyTree(k: Kernel, pid: number, from: string, to: string): number {
  const entries = readdir(k, pid, from);
  if (isErr(entries)) return 0;
  let n = 0;
  for (const e of entries) {
    if (e.name === '.' || e.name === '..') continue;
    const src = `${from}/${e.name}`;
    const dst = `${to}/${e.name}`;
    const st = lstat(k, pid, src);
    if (isErr(st)) continue;
    if (st.type === 'dir') {
      mkdir(k, pid, dst, st.perm);
      n += copyTree(k, pid, src, dst);
    } else if (st.type === 'file') {
      const data = readFile(k, pid, src);
      if (isErr(data)) continue;
      writeFile(k, pid, dst, data, { mode: st.perm });
      n++;
    } else if (st.type === 'symlink') {
      const target = readlink(k, pid, src);
      if (!isErr(target)) symlink(k, pid, target, dst);
    } else continue;
    if (st.uid !== 0 || st.gid !== 0) chown(k, pid, dst, st.uid, st.gid, { follow: false });
  }
  return n;
}

/**
 * Reading a directory tree back out of the filesystem as a tree spec: what
 * `docker commit`, a build step and `docker save` turn into a layer tarball.
 *
 * Models: archive.Tar of a layer's diff directory (pkg/archive), with overlay
 * whiteouts (0/0 character devices) and opaque directories carried over as the
 * overlay2 driver's naive diff does.
 * SIMPLIFICATIONS: ownership and modes are kept, timestamps are not; hard links
 * become separate files.
 */

import type { Engine } from '../engine.ts';
import type { Inode } from '../../kernel/fs/types.ts';
import type { TreeEntry, TreeSpec } from '../../kernel/fs/tree.ts';
import { isErr } from '../../kernel/errno.ts';
import { lstat } from '../../kernel/fs/vfs/ops-read.ts';
import { daemonPid } from './hostfs.ts';
import { sha256Hex } from './sha256.ts';

function entryOf(i: Inode): TreeEntry | null {
  const own = Object.assign({}, (i.uid ? { uid: i.uid } : {}), (i.gid ? { gid: i.gid } : {}));
  switch (i.type) {
    case 'dir':
      return { dir: true, mode: i.mode, ...own, ...(i.xattrs?.['trusted.overlay.opaque'] === 'y' ? { opaque: true } : {}) };
    case 'file':
      return { file: i.data ?? null, size: i.size, mode: i.mode, ...own };
    case 'symlink':
      return { symlink: i.target ?? '', ...own };
    case 'chardev':
      if (i.rdev && i.rdev[0] === 0 && i.rdev[1] === 0) return { whiteout: true };
      return { dev: 'char', major: i.rdev?.[0] ?? 0, minor: i.rdev?.[1] ?? 0, mode: i.mode, ...own };
    case 'blockdev':
      return { dev: 'block', major: i.rdev?.[0] ?? 0, minor: i.rdev?.[1] ?? 0, mode: i.mode, ...own };
    case 'fifo':
      return { fifo: true, mode: i.mode, ...own };
    default:
      return null;
  }
}

/** The tree under host directory `path` (as the daemon sees it), or null if it is not a directory. */
export function exportTree(engine: Engine, path: string): TreeSpec | null {
  const st = lstat(engine.k, daemonPid(engine), path);
  if (isErr(st) || st.type !== 'dir') return null;
  return exportInode(engine, st.ino);
}

/** The tree under directory inode `ino`. */
export function exportInode(engine: Engine, ino: number): TreeSpec {
  const inodes = engine.k.state.fs.inodes;
  const out: TreeSpec = {};
  const walk = (dirIno: number, prefix: string): void => {
    const d = inodes[dirIno];
    for (const [name, c] of Object.entries(d?.entries ?? {})) {
      const i = inodes[c];
      if (!i) continue;
      const p = prefix ? `${prefix}/${name}` : name;
      const e = entryOf(i);
      if (e) out[p] = e;
      if (i.type === 'dir') walk(c, p);
    }
  };
  walk(ino, '');
  return out;
}

/** A stable serialisation of a tree (sorted paths), the "tar" whose digest is the DiffID. */
export function canonicalTree(spec: TreeSpec): string {
  const keys = Object.keys(spec).sort();
  return JSON.stringify(keys.map((k) => [k, spec[k]]));
}

/** DiffID of a tree: sha256 of its canonical serialisation. */
export function treeDiffId(spec: TreeSpec): string {
  return `sha256:${sha256Hex(canonicalTree(spec))}`;
}

/** Bytes a tree's files hold (a layer's size). */
export function treeSize(spec: TreeSpec): number {
  let n = 0;
  for (const e of Object.values(spec)) {
    if (typeof e === 'string') n += e.length;
    else if ('file' in e) n += e.size ?? (e.file ?? '').length;
    else if ('symlink' in e) n += e.symlink.length;
  }
  return n;
}

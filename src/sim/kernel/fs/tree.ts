/**
 * Building directory trees from a compact spec: the host's root filesystem and
 * image layers (the files a registry pull unpacks under
 * /var/lib/docker/overlay2/<id>/diff).
 *
 * Models: unpacking a tar: each entry a path with a type, mode and owner;
 * parent directories implied. OverlayFS-style whiteouts (char 0/0) and opaque
 * directories can be written directly, as the overlay2 driver converts the
 * tar's .wh. files.
 * SIMPLIFICATIONS: no tar bytes, no hard links within a layer.
 */

import type { Inode } from './types.ts';
import { OPAQUE_XATTR } from './types.ts';
import { components } from './vfs/path.ts';
import { setOwn } from './apply-inode.ts';

/** One entry of a tree spec. A plain string is a regular file's content (mode 0644). */
export type TreeEntry =
  | string
  | { file: string | null; size?: number; mode?: number; uid?: number; gid?: number; mtimeMs?: number }
  | { dir: true; mode?: number; uid?: number; gid?: number; opaque?: boolean; mtimeMs?: number }
  | { symlink: string; uid?: number; gid?: number }
  | { dev: 'char' | 'block'; major: number; minor: number; mode?: number; uid?: number; gid?: number }
  | { fifo: true; mode?: number; uid?: number; gid?: number }
  | { whiteout: true };

/** Paths relative to the tree root ("etc/passwd", "usr/bin"), in any order; parents are implied. */
export type TreeSpec = Record<string, TreeEntry>;

export interface BuiltTree {
  /** Inode number of the tree's root directory. */
  root: number;
  inodes: Record<number, Inode>;
  /** Next free inode number after this tree. */
  nextIno: number;
}

export interface BuildOpts {
  sb: number;
  firstIno: number;
  timeMs: number;
  /** Root directory attributes (default 0755 root:root). */
  rootMode?: number;
  rootUid?: number;
  rootGid?: number;
}

function base(sb: number, t: number): Pick<Inode, 'sb' | 'atimeMs' | 'mtimeMs' | 'ctimeMs'> {
  return { sb, atimeMs: t, mtimeMs: t, ctimeMs: t };
}

function inodeFor(e: TreeEntry, sb: number, t: number): Inode {
  if (typeof e === 'string') return { ...base(sb, t), type: 'file', mode: 0o644, uid: 0, gid: 0, size: e.length, nlink: 1, data: e };
  if ('file' in e) {
    const size = e.size ?? (e.file ?? '').length;
    const i: Inode = { ...base(sb, e.mtimeMs ?? t), type: 'file', mode: e.mode ?? 0o644, uid: e.uid ?? 0, gid: e.gid ?? 0, size, nlink: 1, data: e.file };
    return i;
  }
  if ('dir' in e) {
    const i: Inode = { ...base(sb, e.mtimeMs ?? t), type: 'dir', mode: e.mode ?? 0o755, uid: e.uid ?? 0, gid: e.gid ?? 0, size: 4096, nlink: 2, entries: {} };
    if (e.opaque) i.xattrs = { [OPAQUE_XATTR]: 'y' };
    return i;
  }
  if ('symlink' in e) {
    return { ...base(sb, t), type: 'symlink', mode: 0o777, uid: e.uid ?? 0, gid: e.gid ?? 0, size: e.symlink.length, nlink: 1, target: e.symlink };
  }
  if ('dev' in e) {
    return {
      ...base(sb, t),
      type: e.dev === 'char' ? 'chardev' : 'blockdev',
      mode: e.mode ?? 0o666,
      uid: e.uid ?? 0,
      gid: e.gid ?? 0,
      size: 0,
      nlink: 1,
      rdev: [e.major, e.minor],
    };
  }
  if ('fifo' in e) return { ...base(sb, t), type: 'fifo', mode: e.mode ?? 0o644, uid: e.uid ?? 0, gid: e.gid ?? 0, size: 0, nlink: 1 };
  return { ...base(sb, t), type: 'chardev', mode: 0, uid: 0, gid: 0, size: 0, nlink: 1, rdev: [0, 0] };
}

/** Build the inodes of a tree (pure): inode numbers from `firstIno` on, root first. */
export function buildTree(spec: TreeSpec, o: BuildOpts): BuiltTree {
  let next = o.firstIno;
  const root = next++;
  const inodes: Record<number, Inode> = {
    [root]: {
      ...base(o.sb, o.timeMs),
      type: 'dir',
      mode: o.rootMode ?? 0o755,
      uid: o.rootUid ?? 0,
      gid: o.rootGid ?? 0,
      size: 4096,
      nlink: 2,
      entries: {},
    },
  };
  const dirOf = (parts: string[]): Inode => {
    let cur = inodes[root] as Inode;
    for (const c of parts) {
      const e = cur.entries as Record<string, number>;
      let ino = Object.prototype.hasOwnProperty.call(e, c) ? e[c] : undefined;
      if (ino === undefined) {
        ino = next++;
        inodes[ino] = inodeFor({ dir: true }, o.sb, o.timeMs);
        setOwn(e, c, ino);
        cur.nlink++;
      }
      const d = inodes[ino] as Inode;
      if (d.type !== 'dir') throw new Error(`tree spec: ${parts.join('/')} is not a directory`);
      cur = d;
    }
    return cur;
  };
  // Directories first so explicit modes win over implied parents regardless of key order.
  const keys = Object.keys(spec).sort((a, b) => components(a).length - components(b).length);
  for (const key of keys) {
    const parts = components(key);
    const name = parts.pop();
    const entry = spec[key];
    if (name === undefined || entry === undefined) continue;
    const parent = dirOf(parts);
    const e = parent.entries as Record<string, number>;
    const existing = Object.prototype.hasOwnProperty.call(e, name) ? e[name] : undefined;
    const ino = inodeFor(entry, o.sb, o.timeMs);
    if (existing !== undefined) {
      const ex = inodes[existing] as Inode;
      if (ex.type === 'dir' && ino.type === 'dir') {
        ex.mode = ino.mode;
        ex.uid = ino.uid;
        ex.gid = ino.gid;
        if (ino.xattrs) ex.xattrs = ino.xattrs;
        continue;
      }
      throw new Error(`tree spec: duplicate entry ${key}`);
    }
    const n = next++;
    inodes[n] = ino;
    setOwn(e, name, n);
    if (ino.type === 'dir') parent.nlink++;
  }
  return { root, inodes, nextIno: next };
}


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
import { compileTree, unpackTemplate } from './tree-template.ts';

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

/** Build the inodes of a tree (pure): inode numbers from `firstIno` on, root first, entries by depth. */
export function buildTree(spec: TreeSpec, o: BuildOpts): BuiltTree {
  const inodes: Record<number, Inode> = {};
  const t = compileTree(spec, { mode: o.rootMode, uid: o.rootUid, gid: o.rootGid });
  const made = unpackTemplate(t, { sb: o.sb, timeMs: o.timeMs, firstIno: o.firstIno }, inodes);
  return { root: made.root, inodes, nextIno: made.nextIno };
}

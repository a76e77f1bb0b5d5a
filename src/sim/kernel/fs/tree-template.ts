/**
 * Tree templates: a tree spec (tree.ts) compiled once into inode order, so
 * that unpacking it (an image layer under /var/lib/docker/overlay2/<id>/diff,
 * the host's root filesystem) is one pass making each inode, with no path
 * parsing, sorting or lookups. A template is plain, immutable data: one
 * catalogue layer's template can be made once and shared by every host that
 * pulls the layer, because each unpack makes fresh inodes from it.
 *
 * Models: extracting a tar whose entries come in a fixed order, each creating
 * the next inode number; the numbering is buildTree's: the root, then entries
 * by depth (directories a path implies created before it), in spec order.
 * SIMPLIFICATIONS: inode numbers of one unpack are consecutive; a graft (one
 * template unpacked as a directory of another, as a layer's diff/ inside its
 * overlay2/<cache-id>/ directory) numbers the graft's entries after the outer
 * tree's, which is buildTree's order when the outer tree is one level deep.
 */

import type { FsState, Inode, InodeType } from './types.ts';
import { OPAQUE_XATTR } from './types.ts';
import type { TreeEntry, TreeSpec } from './tree.ts';
import { components } from './vfs/path.ts';
import { setOwn } from './apply-inode.ts';

/** Attributes of one inode of a template (superblock and times come with each unpack). */
export interface NodeProto {
  type: InodeType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  nlink: number;
  /** A regular file's content (null: a sized blob). */
  data?: string | null;
  target?: string;
  rdev?: readonly [number, number];
  /** trusted.overlay.opaque = "y" on a directory. */
  opaque?: boolean;
  /** An entry's own time (else the unpack's). */
  mtimeMs?: number;
}

/** A compiled tree: node i becomes inode firstIno + i; node 0 is the root directory. */
export interface TreeTemplate {
  /** Index of each node's parent directory (-1 for the root). */
  readonly parent: readonly number[];
  /** Each node's name in its parent ("" for the root). */
  readonly name: readonly string[];
  readonly node: readonly NodeProto[];
}

/** Template `tree` unpacked as the contents of node `at` (an empty directory) of another template. */
export interface TreeGraft {
  at: number;
  tree: TreeTemplate;
}

export interface RootAttrs {
  mode?: number;
  uid?: number;
  gid?: number;
}

function protoOf(e: TreeEntry): NodeProto {
  if (typeof e === 'string') return { type: 'file', mode: 0o644, uid: 0, gid: 0, size: e.length, nlink: 1, data: e };
  if ('file' in e) {
    const p: NodeProto = { type: 'file', mode: e.mode ?? 0o644, uid: e.uid ?? 0, gid: e.gid ?? 0, size: e.size ?? (e.file ?? '').length, nlink: 1, data: e.file };
    if (e.mtimeMs !== undefined) p.mtimeMs = e.mtimeMs;
    return p;
  }
  if ('dir' in e) {
    const p: NodeProto = { type: 'dir', mode: e.mode ?? 0o755, uid: e.uid ?? 0, gid: e.gid ?? 0, size: 4096, nlink: 2 };
    if (e.opaque) p.opaque = true;
    if (e.mtimeMs !== undefined) p.mtimeMs = e.mtimeMs;
    return p;
  }
  if ('symlink' in e) return { type: 'symlink', mode: 0o777, uid: e.uid ?? 0, gid: e.gid ?? 0, size: e.symlink.length, nlink: 1, target: e.symlink };
  if ('dev' in e) return { type: e.dev === 'char' ? 'chardev' : 'blockdev', mode: e.mode ?? 0o666, uid: e.uid ?? 0, gid: e.gid ?? 0, size: 0, nlink: 1, rdev: [e.major, e.minor] };
  if ('fifo' in e) return { type: 'fifo', mode: e.mode ?? 0o644, uid: e.uid ?? 0, gid: e.gid ?? 0, size: 0, nlink: 1 };
  return { type: 'chardev', mode: 0, uid: 0, gid: 0, size: 0, nlink: 1, rdev: [0, 0] };
}

/** A template being compiled: its parallel arrays, and each directory's children by name. */
interface Building {
  parent: number[];
  name: string[];
  node: NodeProto[];
  kids: (Map<string, number> | undefined)[];
}

/** Append node `p` named `n` under directory `dir`; returns its index. */
function addNode(b: Building, dir: number, n: string, p: NodeProto): number {
  const i = b.node.length;
  b.parent.push(dir);
  b.name.push(n);
  b.node.push(p);
  b.kids.push(p.type === 'dir' ? new Map() : undefined);
  (b.kids[dir] as Map<string, number>).set(n, i);
  if (p.type === 'dir') (b.node[dir] as NodeProto).nlink++;
  return i;
}

/** Compile a tree spec (throws on a spec that names a path twice or puts an entry under a non-directory). */
export function compileTree(spec: TreeSpec, root: RootAttrs = {}): TreeTemplate {
  const parent: number[] = [-1];
  const name: string[] = [''];
  const node: NodeProto[] = [{ type: 'dir', mode: root.mode ?? 0o755, uid: root.uid ?? 0, gid: root.gid ?? 0, size: 4096, nlink: 2 }];
  const kids: (Map<string, number> | undefined)[] = [new Map()];
  const b: Building = { parent, name, node, kids };
  // Entries by depth, spec order within a depth: directories before what they hold.
  const byDepth: [string, string[]][][] = [];
  for (const key of Object.keys(spec)) {
    const parts = components(key);
    (byDepth[parts.length] ??= []).push([key, parts]);
  }
  for (const level of byDepth) {
    if (!level) continue;
    for (const [key, parts] of level) {
      const last = parts.pop();
      const entry = spec[key];
      if (last === undefined || entry === undefined) continue;
      let dir = 0;
      for (let d = 0; d < parts.length; d++) {
        const c = parts[d] as string;
        let i = kids[dir]?.get(c);
        if (i === undefined) i = addNode(b, dir, c, { type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 4096, nlink: 2 });
        if (!kids[i]) throw new Error(`tree spec: ${parts.slice(0, d + 1).join('/')} is not a directory`);
        dir = i;
      }
      const p = protoOf(entry);
      const existing = kids[dir]?.get(last);
      if (existing !== undefined) {
        const ex = node[existing] as NodeProto;
        if (ex.type === 'dir' && p.type === 'dir') {
          ex.mode = p.mode;
          ex.uid = p.uid;
          ex.gid = p.gid;
          if (p.opaque) ex.opaque = true;
          continue;
        }
        throw new Error(`tree spec: duplicate entry ${key}`);
      }
      addNode(b, dir, last, p);
    }
  }
  return { parent, name, node };
}

/** Deep-freeze a template so that sharing it between hosts is safe. */
export function freezeTemplate(t: TreeTemplate): TreeTemplate {
  for (const p of t.node) {
    if (p.rdev) Object.freeze(p.rdev);
    Object.freeze(p);
  }
  Object.freeze(t.parent);
  Object.freeze(t.name);
  Object.freeze(t.node);
  return Object.freeze(t);
}

function makeInode(p: NodeProto, sb: number, t: number): Inode {
  const tm = p.mtimeMs ?? t;
  switch (p.type) {
    case 'file':
      return { sb, atimeMs: tm, mtimeMs: tm, ctimeMs: tm, type: 'file', mode: p.mode, uid: p.uid, gid: p.gid, size: p.size, nlink: 1, data: p.data ?? null };
    case 'dir': {
      const i: Inode = { sb, atimeMs: tm, mtimeMs: tm, ctimeMs: tm, type: 'dir', mode: p.mode, uid: p.uid, gid: p.gid, size: 4096, nlink: p.nlink, entries: {} };
      if (p.opaque) i.xattrs = { [OPAQUE_XATTR]: 'y' };
      return i;
    }
    case 'symlink':
      return { sb, atimeMs: t, mtimeMs: t, ctimeMs: t, type: 'symlink', mode: p.mode, uid: p.uid, gid: p.gid, size: p.size, nlink: 1, target: p.target as string };
    case 'chardev':
    case 'blockdev': {
      const r = p.rdev as readonly [number, number];
      return { sb, atimeMs: t, mtimeMs: t, ctimeMs: t, type: p.type, mode: p.mode, uid: p.uid, gid: p.gid, size: 0, nlink: 1, rdev: [r[0], r[1]] };
    }
    default:
      return { sb, atimeMs: t, mtimeMs: t, ctimeMs: t, type: p.type, mode: p.mode, uid: p.uid, gid: p.gid, size: p.size, nlink: 1 };
  }
}

export interface Unpacked {
  /** Inode number of the root. */
  root: number;
  /** Next free inode number. */
  nextIno: number;
  /** Inodes made, and the bytes of their regular files (for the superblock's accounting). */
  count: number;
  bytes: number;
}

/**
 * Make fresh inodes for `tree` (and `graft` inside it) in `into`: node i is
 * inode firstIno + i, then the graft's nodes (its root is node `graft.at`).
 */
export function unpackTemplate(tree: TreeTemplate, o: { sb: number; timeMs: number; firstIno: number }, into: Record<number, Inode>, graft?: TreeGraft): Unpacked {
  const { sb, timeMs, firstIno } = o;
  const n = tree.node.length;
  const made: Inode[] = new Array<Inode>(n);
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const p = tree.node[i] as NodeProto;
    const inode = makeInode(p, sb, timeMs);
    made[i] = inode;
    into[firstIno + i] = inode;
    if (p.type === 'file') bytes += p.size;
    if (i > 0) setOwn((made[tree.parent[i] as number] as Inode).entries as Record<string, number>, tree.name[i] as string, firstIno + i);
  }
  let count = n;
  if (graft) {
    const g = graft.tree;
    const host = made[graft.at];
    if (!host || host.type !== 'dir' || Object.keys(host.entries ?? {}).length) throw new Error('tree graft: not an empty directory');
    host.nlink += (g.node[0] as NodeProto).nlink - 2;
    const m = g.node.length;
    const base = firstIno + n - 1;
    const gm: Inode[] = new Array<Inode>(m);
    gm[0] = host;
    for (let j = 1; j < m; j++) {
      const p = g.node[j] as NodeProto;
      const inode = makeInode(p, sb, timeMs);
      gm[j] = inode;
      into[base + j] = inode;
      if (p.type === 'file') bytes += p.size;
      setOwn((gm[g.parent[j] as number] as Inode).entries as Record<string, number>, g.name[j] as string, base + j);
    }
    count += m - 1;
  }
  return { root: firstIno, nextIno: firstIno + count, count, bytes };
}

/** fs.treeCreated's inodes: fresh ones from the event's template, counted on their superblock. */
export function unpackInto(fs: FsState, e: { sb: number; root: number; tree: TreeTemplate; graft?: TreeGraft; timeMs: number }): void {
  const u = unpackTemplate(e.tree, { sb: e.sb, timeMs: e.timeMs, firstIno: e.root }, fs.inodes, e.graft);
  const sb = fs.sbs[e.sb];
  if (sb) {
    sb.inodeCount += u.count;
    sb.usedBytes += u.bytes;
  }
  if (u.nextIno > fs.nextIno) fs.nextIno = u.nextIno;
}

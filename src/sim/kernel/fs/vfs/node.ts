/**
 * VFS nodes: what a path component resolves to, and the per-filesystem
 * operations on it (the kernel's inode_operations/file_operations in miniature).
 *
 * Models: a resolved object is either a real inode (ext4, tmpfs, devtmpfs,
 * devpts, mqueue), an overlay node (the upper and lower inodes at one path of
 * an overlay), a synthetic file of procfs/sysfs/cgroupfs, or an nsfs inode
 * (what /proc/PID/ns/* links lead to).
 * SIMPLIFICATIONS: nodes are recomputed on every lookup (no dentry cache).
 */

import type { Kernel } from '../../kernel.ts';
import type { Process } from '../../process/types.ts';
import { sysErr, type SysError } from '../../errno.ts';
import type { Inode, InodeType, Mount, Superblock } from '../types.ts';
import { entryOf } from '../types.ts';
import { ovlLookup, ovlReaddir, ovlRoot, ovlTop } from '../overlay.ts';
import type { DirEntry, SynthFs } from './synth.ts';
import { pathIno } from './synth.ts';
import { joinPath, components } from './path.ts';
import { procFs } from '../procfs/procfs.ts';
import { sysFs } from '../sysfs.ts';
import { cgroupFs } from '../cgroupfs.ts';

export interface InoNode {
  k: 'i';
  ino: number;
}
export interface OvlNode {
  k: 'o';
  sb: number;
  /** Path inside the overlay. */
  rel: string;
  upper: number | null;
  /** Lower inodes merged here, top first, and the index of the layer each comes from. */
  lowers: number[];
  layers: number[];
}
export interface SynthNode {
  k: 's';
  sb: number;
  rel: string;
}
export interface NsfsNode {
  k: 'n';
  inum: number;
  nsType: string;
}
export type Node = InoNode | OvlNode | SynthNode | NsfsNode;

/** What stat(2) needs about a node, ids still kernel ids. */
export interface Attr {
  type: InodeType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  nlink: number;
  ino: number;
  dev: [number, number];
  rdev: [number, number];
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** Device number nsfs inodes report (0:4 on a 6.x kernel). */
const NSFS_DEV: [number, number] = [0, 4];

export function synthFor(fstype: string): SynthFs | null {
  switch (fstype) {
    case 'proc':
      return procFs;
    case 'sysfs':
      return sysFs;
    case 'cgroup2':
      return cgroupFs;
    default:
      return null;
  }
}

function inodeAttr(k: Kernel, ino: number, i: Inode, dev: [number, number]): Attr {
  return {
    type: i.type,
    mode: i.mode,
    uid: i.uid,
    gid: i.gid,
    size: i.type === 'dir' ? 4096 : i.size,
    nlink: i.nlink,
    ino,
    dev,
    rdev: i.rdev ? [i.rdev[0], i.rdev[1]] : [0, 0],
    atimeMs: i.atimeMs,
    mtimeMs: i.mtimeMs,
    ctimeMs: i.ctimeMs,
  };
}

/** The real inode behind a node, for inode and overlay nodes. */
export function realIno(n: Node): number | null {
  if (n.k === 'i') return n.ino;
  if (n.k === 'o') return ovlTop(n);
  return null;
}

/** What a path walk needs of a node (type and permission bits): the inode record itself when there is one, so walking allocates nothing. */
export type NodeMeta = Pick<Attr, 'type' | 'mode' | 'uid' | 'gid'>;

export function nodeMeta(k: Kernel, n: Node, reader: Process): NodeMeta | null {
  const fs = k.state.fs;
  if (n.k === 'i') {
    const i = fs.inodes[n.ino];
    return i && fs.sbs[i.sb] ? i : null;
  }
  if (n.k === 'o') {
    const i = fs.inodes[ovlTop(n)];
    return i && fs.sbs[n.sb] ? i : null;
  }
  if (n.k === 's') {
    // The synthetic filesystem's own entry has type, mode and owner: no Attr built around it.
    const sb = fs.sbs[n.sb];
    const ops = sb ? synthFor(sb.fstype) : null;
    return sb && ops ? ops.lookup(k, sb, n.rel, reader) : null;
  }
  return nodeAttr(k, n, reader);
}

export function nodeAttr(k: Kernel, n: Node, reader: Process): Attr | null {
  const fs = k.state.fs;
  switch (n.k) {
    case 'i': {
      const i = fs.inodes[n.ino];
      const sb = i ? fs.sbs[i.sb] : undefined;
      return i && sb ? inodeAttr(k, n.ino, i, sb.dev) : null;
    }
    case 'o': {
      const top = ovlTop(n);
      const i = fs.inodes[top];
      const sb = fs.sbs[n.sb];
      return i && sb ? inodeAttr(k, top, i, sb.dev) : null;
    }
    case 's': {
      const sb = fs.sbs[n.sb];
      const fsops = sb ? synthFor(sb.fstype) : null;
      if (!sb || !fsops) return null;
      const e = fsops.lookup(k, sb, n.rel, reader);
      if (!e) return null;
      const t = e.mtimeMs ?? k.state.clock.bootEpochMs;
      return {
        type: e.type,
        mode: e.mode,
        uid: e.uid,
        gid: e.gid,
        size: e.size ?? 0,
        nlink: e.nlink ?? (e.type === 'dir' ? 2 : 1),
        ino: n.rel === '/' ? 1 : pathIno(sb.id, n.rel),
        dev: sb.dev,
        rdev: [0, 0],
        atimeMs: t,
        mtimeMs: t,
        ctimeMs: t,
      };
    }
    case 'n': {
      const t = k.state.clock.bootEpochMs;
      return {
        type: 'file',
        mode: 0o444,
        uid: 0,
        gid: 0,
        size: 0,
        nlink: 1,
        ino: n.inum,
        dev: NSFS_DEV,
        rdev: [0, 0],
        atimeMs: t,
        mtimeMs: t,
        ctimeMs: t,
      };
    }
  }
}

/** The superblock a node lives on. */
export function nodeSb(k: Kernel, n: Node): Superblock | undefined {
  const fs = k.state.fs;
  if (n.k === 'i') {
    const i = fs.inodes[n.ino];
    return i ? fs.sbs[i.sb] : undefined;
  }
  if (n.k === 'n') return undefined;
  return fs.sbs[n.sb];
}

/** Look a name up in a directory node; null if there is no such entry. */
export function lookupChild(k: Kernel, dir: Node, name: string, reader: Process): Node | null {
  const fs = k.state.fs;
  switch (dir.k) {
    case 'i': {
      const d = fs.inodes[dir.ino];
      const c = d ? entryOf(d, name) : undefined;
      return c === undefined ? null : { k: 'i', ino: c };
    }
    case 'o':
      return ovlLookup(k, dir, name);
    case 's': {
      const sb = fs.sbs[dir.sb];
      const fsops = sb ? synthFor(sb.fstype) : null;
      if (!sb || !fsops) return null;
      const rel = joinPath(dir.rel, name);
      return fsops.lookup(k, sb, rel, reader) ? { k: 's', sb: dir.sb, rel } : null;
    }
    case 'n':
      return null;
  }
}

/** Directory entries (without "." and ".."), in the filesystem's order. */
export function readdirNode(k: Kernel, dir: Node, reader: Process): DirEntry[] {
  const fs = k.state.fs;
  switch (dir.k) {
    case 'i': {
      const d = fs.inodes[dir.ino];
      return Object.entries(d?.entries ?? {}).map(([name, ino]) => ({ name, ino, type: fs.inodes[ino]?.type ?? 'file' }));
    }
    case 'o':
      return ovlReaddir(k, dir).map(({ name, ino }) => ({ name, ino, type: fs.inodes[ino]?.type ?? 'file' }));
    case 's': {
      const sb = fs.sbs[dir.sb];
      const fsops = sb ? synthFor(sb.fstype) : null;
      if (!sb || !fsops) return [];
      return fsops.readdir(k, sb, dir.rel, reader).map((e) => (Object.assign({}, e, { ino: pathIno(sb.id, joinPath(dir.rel, e.name)) })));
    }
    case 'n':
      return [];
  }
}

export function readlinkNode(k: Kernel, n: Node, reader: Process): string | SysError {
  const fs = k.state.fs;
  if (n.k === 's') {
    const sb = fs.sbs[n.sb];
    const fsops = sb ? synthFor(sb.fstype) : null;
    return sb && fsops ? fsops.readlink(k, sb, n.rel, reader) : sysErr('EINVAL');
  }
  const ino = realIno(n);
  const i = ino === null ? undefined : fs.inodes[ino];
  if (!i || i.type !== 'symlink') return sysErr('EINVAL');
  return i.target ?? '';
}

/**
 * Root nodes of mounts, by mount id (a derived cache, not state), with the
 * superblock and root they were made for: a mount's root never changes, but a
 * mount id can be used again by a later mount (mount-ids.ts), whose entry
 * then no longer matches. An overlay bound from a subdirectory is not cached
 * (a copy-up changes its node). Cleared when it grows large.
 */
interface RootNodeEntry {
  sb: number;
  root: string;
  rootIno: number;
  node: Node;
}
const rootNodes = new WeakMap<object, Map<number, RootNodeEntry>>();

/** The node at the root of a mount (its superblock's root, or the bind-mounted subtree). */
export function mountRootNode(k: Kernel, m: Mount, reader: Process): Node | null {
  const fs = k.state.fs;
  let cache = rootNodes.get(fs);
  const hit = cache?.get(m.id);
  if (hit !== undefined && hit.sb === m.sb && hit.rootIno === m.rootIno && hit.root === m.root && fs.sbs[m.sb] !== undefined) return hit.node;
  const n = makeRootNode(k, m, reader);
  if (n !== null && (n.k !== 'o' || m.root === '/')) {
    if (!cache) rootNodes.set(fs, (cache = new Map()));
    if (cache.size >= 4096) cache.clear();
    cache.set(m.id, { sb: m.sb, root: m.root, rootIno: m.rootIno, node: n });
  }
  return n;
}

function makeRootNode(k: Kernel, m: Mount, reader: Process): Node | null {
  const sb = k.state.fs.sbs[m.sb];
  if (!sb) return null;
  if (sb.fstype === 'overlay') {
    let n: Node | null = ovlRoot(sb);
    for (const c of components(m.root)) {
      n = n && lookupChild(k, n, c, reader);
    }
    return n;
  }
  if (synthFor(sb.fstype)) return { k: 's', sb: sb.id, rel: m.root };
  return { k: 'i', ino: m.rootIno };
}

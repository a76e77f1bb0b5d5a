/**
 * State of the filesystem layer: superblocks, inodes and the mount tables of
 * every mount namespace (see mount(2), mount_namespaces(7), inode(7)).
 *
 * Models: one inode table shared by every disk-like filesystem (ext4, tmpfs,
 * devtmpfs, devpts, mqueue), each inode tagged with its superblock; overlay
 * superblocks that only name their layers (directories on another filesystem,
 * so image layers are never copied per container); synthetic superblocks
 * (proc, sysfs, cgroup2) whose files are generated at read time; and mounts,
 * numbered kernel-wide as /proc/PID/mountinfo shows them, each belonging to one
 * mount namespace, with a parent, a mountpoint, per-mount flags and a
 * propagation type (shared:N, master:N, private).
 * SIMPLIFICATIONS:
 * - Inode numbers are global (one counter for all filesystems); st_ino shows them.
 * - No page cache, no open file descriptions: a file is its inode's data string.
 * - Mountpoints are kept as absolute path strings in their namespace (plus the
 *   path relative to the parent mount, used to recompute them after pivot_root).
 * - Binary files (programs) have no content, only a size.
 */

import type { MachineInfo } from '../state.ts';
import { createRootFs } from './rootfs.ts';

export type InodeType = 'file' | 'dir' | 'symlink' | 'chardev' | 'blockdev' | 'fifo' | 'socket';

export type FsType = 'ext4' | 'tmpfs' | 'overlay' | 'proc' | 'sysfs' | 'cgroup2' | 'devtmpfs' | 'devpts' | 'mqueue';

/** One inode. Plain data: the event log and snapshots copy it. */
export interface Inode {
  /** Superblock id. */
  sb: number;
  type: InodeType;
  /** Permission bits including setuid (0o4000), setgid (0o2000) and sticky (0o1000); no type bits. */
  mode: number;
  /** Kernel (initial user namespace) uid/gid. */
  uid: number;
  gid: number;
  size: number;
  nlink: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  /** Directory entries name → inode number, in insertion order. */
  entries?: Record<string, number>;
  /** File content; null for binary blobs (programs), which only have a size. */
  data?: string | null;
  /** Symlink target. */
  target?: string;
  /** Device number of a chardev/blockdev: [major, minor]. Whiteouts are chardev [0, 0]. */
  rdev?: [number, number];
  /** Extended attributes, e.g. trusted.overlay.opaque = "y". */
  xattrs?: Record<string, string>;
}

/** A lower or upper layer of an overlay: a directory on a disk-like filesystem. */
export interface OverlayLayer {
  /** The directory's inode. */
  ino: number;
  /** The path as given at mount time (for mountinfo and views). */
  path: string;
}

export interface Superblock {
  id: number;
  fstype: FsType;
  /** Source as /proc/mounts shows it: "/dev/sda1", "overlay", "tmpfs", "proc", "udev"... */
  source: string;
  /** Superblock-level options after rw/ro, e.g. "errors=remount-ro" or "size=65536k,mode=755,inode64". */
  options: string;
  /** Read-only superblock (overlay without upperdir). */
  ro: boolean;
  /** st_dev: [major, minor]; 8:1 for /dev/sda1, 0:N (anonymous) for the others. */
  dev: [number, number];
  /** Root inode for disk-like filesystems; 0 for overlay and synthetic ones. */
  root: number;
  /** Mounts referencing it (in any namespace); the superblock is freed at zero unless backed by a device. */
  refs: number;
  /** Capacity shown by df, bytes. */
  sizeBytes: number;
  /** Bytes in files of this superblock (kept up to date by the reducer). */
  usedBytes: number;
  inodeCount: number;
  /** proc: the PID namespace that mounted it. */
  pidNs?: number;
  /** sysfs: the network namespace that mounted it (one superblock per network namespace). */
  netNs?: number;
  /** mqueue: the IPC namespace whose queues it shows (one superblock per IPC namespace). */
  ipcNs?: number;
  /** overlay: lowerdirs top first, upperdir and workdir (null for a read-only overlay). */
  lower?: OverlayLayer[];
  upper?: OverlayLayer | null;
  work?: OverlayLayer | null;
}

export type Propagation = 'shared' | 'private' | 'slave' | 'unbindable';

export interface Mount {
  /** Mount ID, unique kernel-wide (first column of mountinfo). */
  id: number;
  /** Mount namespace inode number. */
  ns: number;
  /** Parent mount id; for a namespace's root mount, an id outside the table. */
  parent: number;
  /** Absolute mountpoint path in the namespace. */
  point: string;
  /** The mountpoint relative to the parent mount's root (used to recompute `point`). */
  mp: string;
  sb: number;
  /** Path of this mount's root within the superblock ("/" unless a bind mount or a cgroup2 mount in a cgroup ns). */
  root: string;
  /** Root inode within the superblock (0 for overlay and synthetic filesystems). */
  rootIno: number;
  /** Per-mount flags, normalised: any of ro, nosuid, nodev, noexec, noatime, nodiratime, relatime, nosymfollow. */
  flags: string[];
  /** Peer group id when shared (mountinfo "shared:N"), else 0. */
  shared: number;
  /** Peer group this mount is a slave of ("master:N"), else 0. */
  master: number;
  unbindable?: boolean;
  /**
   * The mount's device name (struct mount's mnt_devname, mountinfo's source
   * column) where it is not its superblock's source: a second mount of a
   * superblock that already existed under another name (runc mounts the
   * host's cgroup2 superblock as "cgroup"). Binds and copies keep it.
   */
  devname?: string;
  /**
   * A copy made by copy_mnt_ns(): the first id of the block its id came from
   * (its namespace's hidden parent), freed when the block's last copy goes
   * (mount-ids.ts). Absent on every other mount.
   */
  blk?: number;
}

export interface MountNsTable {
  /** Mount id of the namespace's root mount. */
  root: number;
  /** Mount ids in the order they were mounted (the order of /proc/PID/mountinfo). */
  order: number[];
  /** A namespace made by copy_mnt_ns(): the first id of its copies' block, its hidden parent's (mount-ids.ts). */
  blk?: number;
}

/**
 * A mount copied by copy_mnt_ns() whose own child mounts are not copied yet
 * (see lazy-copy.ts): they are made, with the ids reserved for them, when a
 * walk, a listing or a change first needs them, or go unmade with the mount.
 */
export interface LazyMount {
  /** The source namespace, and the source mount whose children are still to copy. */
  from: number;
  src: number;
  /** The id of the copy of the source's first mount (copy of order[i] is base + i) and of the hidden parent. */
  base: number;
  phantom: number;
  /** Copies of shared mounts become slaves (a namespace owned by another user namespace). */
  slave: boolean;
  /** A recursive MS_SLAVE reached the unmade copies after they were copied. */
  slaved: boolean;
  /** How many copies below this mount are unmade. */
  unmade: number;
}

export interface FsState {
  sbs: Record<number, Superblock>;
  nextSb: number;
  inodes: Record<number, Inode>;
  nextIno: number;
  mounts: Record<number, Mount>;
  /** The id the next mount takes (above every live mount's id); blocks of copies may reuse lower ones (mount-ids.ts). */
  nextMountId: number;
  /** Free mount ids below nextMountId, as [start, end) pairs in ascending order (absent in older snapshots: none). */
  freeMountIds?: number[];
  /**
   * Blocks of ids held by copy_mnt_ns() copies, by first id: their size, how
   * many copies and unmade-copy lists hold them, the namespace they were made
   * for (which holds the first id while it lives) and the order they were made in.
   */
  mountIdBlocks?: Record<number, { cap: number; refs: number; ns: number; seq: number }>;
  /** The next block's place in that order. */
  mountBlockSeq?: number;
  nextPeerGroup: number;
  /** Next free minor for anonymous devices (0:N). */
  nextAnonMinor: number;
  /** Mount tables by mount-namespace inode number. */
  mntns: Record<number, MountNsTable>;
  /**
   * The mount hash: parent mount id → mountpoint → id of the mount attached
   * there. Its values are the parent's child mounts (namespace roots are not
   * in it).
   */
  at: Record<number, Record<string, number>>;
  /** Index: device-backed superblocks (ext4 by device, devtmpfs, cgroup2) → superblock id. */
  devSbs: Record<string, number>;
  /** Index: peer group → mount ids (shared) and → slave mount ids. */
  peers: Record<number, number[]>;
  slaves: Record<number, number[]>;
  /** Copies whose children are not made yet, by the copy's mount id (empty outside a copy's first steps). */
  lazy: Record<number, LazyMount>;
}

/** Inode number of the initial mount namespace (INITIAL_NS_INUMS.mnt in boot.ts). */
export const INITIAL_MNT_NS = 4026531841;
/** Inode number of the initial PID namespace (INITIAL_NS_INUMS.pid). */
export const INITIAL_PID_NS = 4026531836;
/** Inode number of the initial network namespace (INITIAL_NS_INUMS.net). */
export const INITIAL_NET_NS = 4026531840;
/** Inode number of the initial IPC namespace (INITIAL_NS_INUMS.ipc). */
export const INITIAL_IPC_NS = 4026531839;

export function createInitialFsState(machine: MachineInfo): FsState {
  return createRootFs(machine);
}

/** Key of a device-backed superblock in `devSbs`: "ext4 /dev/sda1", "cgroup2", "devtmpfs". */
export function devSbKey(fstype: string, source: string): string {
  return fstype === 'ext4' ? `ext4 ${source}` : fstype;
}

/** Key in `devSbs` of a namespace's sysfs (by network namespace) or mqueue (by IPC namespace) superblock. */
export function nsSbKey(fstype: 'sysfs' | 'mqueue', inum: number): string {
  return `${fstype} ${inum}`;
}

/**
 * A superblock record with the fields of `s` and the given counters, built
 * field by field (one shape for every superblock; a spread or Object.assign
 * copies through V8's slow path), its overlay layers copied.
 */
export function superblockRecord(
  s: Omit<Superblock, 'id' | 'dev' | 'root' | 'refs' | 'usedBytes' | 'inodeCount'>,
  id: number,
  dev: [number, number],
  root: number,
  usedBytes: number,
  inodeCount: number,
): Superblock {
  const sb: Superblock = { id, fstype: s.fstype, source: s.source, options: s.options, ro: s.ro, dev, root, refs: 0, sizeBytes: s.sizeBytes, usedBytes, inodeCount };
  if (s.pidNs !== undefined) sb.pidNs = s.pidNs;
  if (s.netNs !== undefined) sb.netNs = s.netNs;
  if (s.ipcNs !== undefined) sb.ipcNs = s.ipcNs;
  if (s.lower !== undefined) sb.lower = s.lower.map((l) => ({ ...l }));
  if (s.upper !== undefined) sb.upper = s.upper ? { ...s.upper } : null;
  if (s.work !== undefined) sb.work = s.work ? { ...s.work } : null;
  return sb;
}

/** Key in `devSbs` of a superblock every mount of its kind shares (kernfs_test_super, mqueue's per-namespace mount), or null. */
export function sharedSbKey(sb: Superblock): string | null {
  switch (sb.fstype) {
    case 'ext4':
    case 'devtmpfs':
    case 'cgroup2':
      return devSbKey(sb.fstype, sb.source);
    case 'sysfs':
      return sb.netNs === undefined ? null : nsSbKey('sysfs', sb.netNs);
    case 'mqueue':
      return sb.ipcNs === undefined ? null : nsSbKey('mqueue', sb.ipcNs);
    default:
      return null;
  }
}

/** Is this inode an overlay whiteout (a 0/0 character device)? */
export function isWhiteout(i: Inode | undefined): boolean {
  return !!i && i.type === 'chardev' && !!i.rdev && i.rdev[0] === 0 && i.rdev[1] === 0;
}

export const OPAQUE_XATTR = 'trusted.overlay.opaque';

/** Own-property lookup of a directory entry (entries are plain objects: never trust the prototype). */
export function entryOf(dir: Inode, name: string): number | undefined {
  const e = dir.entries;
  if (!e) return undefined;
  // One lookup: entries hold inode numbers, and nothing Object.prototype has is a number.
  const v = e[name];
  return typeof v === 'number' ? v : undefined;
}

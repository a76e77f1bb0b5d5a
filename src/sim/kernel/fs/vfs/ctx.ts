/**
 * Shared helpers of the file operations: the calling process, stat(2) results,
 * read-only checks, and how an event names the object it touched.
 *
 * Models: struct stat (st_dev, st_ino, st_mode with its S_IF* type bits,
 * st_uid/st_gid as the caller's user namespace sees them), new_encode_dev(),
 * mnt_want_write() / sb_rdonly() (EROFS), MNT_NODEV.
 * SIMPLIFICATIONS: st_blocks is the size rounded up to 4 KiB, in 512-byte units.
 */

import type { Kernel } from '../../kernel.ts';
import type { Process } from '../../process/types.ts';
import { sysErr, type SysError } from '../../errno.ts';
import type { InodeType, Mount } from '../types.ts';
import type { FsWhere } from '../events.ts';
import type { Frame } from './resolve.ts';
import type { Attr } from './node.ts';
import { idInNsMunged } from './perm.ts';

export const S_IFMT: Readonly<Record<InodeType, number>> = {
  file: 0o100000,
  dir: 0o040000,
  symlink: 0o120000,
  chardev: 0o020000,
  blockdev: 0o060000,
  fifo: 0o010000,
  socket: 0o140000,
};

export interface Stat {
  /** st_dev encoded as new_encode_dev() does, and its parts. */
  dev: number;
  devMajor: number;
  devMinor: number;
  ino: number;
  /** st_mode: type bits | permission bits. */
  mode: number;
  /** Permission bits only (including setuid/setgid/sticky). */
  perm: number;
  type: InodeType;
  nlink: number;
  /** Owner as the caller's user namespace sees it (65534 if unmapped). */
  uid: number;
  gid: number;
  rdevMajor: number;
  rdevMinor: number;
  size: number;
  blksize: number;
  blocks: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  /** Mount id the object was reached through. */
  mountId: number;
}

export function encodeDev(major: number, minor: number): number {
  return (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12);
}

export function procOf(k: Kernel, pid: number): Process | SysError {
  const p = k.state.proc.byPid[pid];
  return p && p.state !== 'Z' ? p : sysErr('ESRCH');
}

export function toStat(k: Kernel, p: Process, a: Attr, mountId: number): Stat {
  return {
    dev: encodeDev(a.dev[0], a.dev[1]),
    devMajor: a.dev[0],
    devMinor: a.dev[1],
    ino: a.ino,
    mode: S_IFMT[a.type] | a.mode,
    perm: a.mode,
    type: a.type,
    nlink: a.nlink,
    uid: idInNsMunged(k, p.ns.user, a.uid, 'uid'),
    gid: idInNsMunged(k, p.ns.user, a.gid, 'gid'),
    rdevMajor: a.rdev[0],
    rdevMinor: a.rdev[1],
    size: a.size,
    blksize: 4096,
    blocks: Math.ceil(a.size / 4096) * 8,
    atimeMs: a.atimeMs,
    mtimeMs: a.mtimeMs,
    ctimeMs: a.ctimeMs,
    mountId,
  };
}

export function mountOfFrame(k: Kernel, f: Frame): Mount | undefined {
  return k.state.fs.mounts[f.m];
}

/** EROFS: the mount is read-only, or its superblock is (an overlay without upperdir). */
export function isReadOnly(k: Kernel, f: Frame): boolean {
  const m = k.state.fs.mounts[f.m];
  if (!m) return true;
  if (m.flags.includes('ro')) return true;
  return !!k.state.fs.sbs[m.sb]?.ro;
}

export function hasMountFlag(k: Kernel, f: Frame, flag: string): boolean {
  return !!k.state.fs.mounts[f.m]?.flags.includes(flag);
}

export function whereOf(ns: number, f: Frame): FsWhere {
  return { ns, mount: f.m, path: f.path };
}

/** Where a new name would be: the parent frame plus the name. */
export function whereChild(ns: number, parent: Frame, name: string): FsWhere {
  return { ns, mount: parent.m, path: parent.path === '/' ? `/${name}` : `${parent.path}/${name}` };
}

/** Wall-clock now, for file times. */
export function nowMs(k: Kernel): number {
  return k.state.clock.bootEpochMs + k.state.clock.uptimeMs;
}

/** The `ls -l` mode string: "-rw-r--r--", "drwxrwxrwt", "lrwxrwxrwx"... */
export function modeString(type: InodeType, perm: number): string {
  const t: Record<InodeType, string> = { file: '-', dir: 'd', symlink: 'l', chardev: 'c', blockdev: 'b', fifo: 'p', socket: 's' };
  const rwx = (bits: number, special: boolean, ch: string): string =>
    (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (special ? (bits & 1 ? ch : ch.toUpperCase()) : bits & 1 ? 'x' : '-');
  return (
    t[type] +
    rwx((perm >> 6) & 7, !!(perm & 0o4000), 's') +
    rwx((perm >> 3) & 7, !!(perm & 0o2000), 's') +
    rwx(perm & 7, !!(perm & 0o1000), 't')
  );
}

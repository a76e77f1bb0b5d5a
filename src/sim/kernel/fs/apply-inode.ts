/**
 * Inode-table primitives used by applyFsEvent: link, unlink, free, write.
 *
 * Models: the bookkeeping a filesystem does on every change: link counts
 * (a directory has 2 + its subdirectories), parent mtime/ctime, freeing an
 * inode with its last link, and the superblock's used bytes and inode count.
 * SIMPLIFICATIONS: no open-but-unlinked files; blocks are not counted, bytes are.
 */

import type { FsState, Inode } from './types.ts';
import { entryOf } from './types.ts';
import { hashedRecord } from '../process/sparse.ts';

/**
 * The inode record the table keeps (copied out of an event or a snapshot).
 * An empty directory (mkdir, a new filesystem's root) gets its entries as a
 * V8 hash table (hashedRecord): it is filled at run time, with names that are
 * often its own (a container's ID-json.log), and in an ordinary object each
 * new name adds a hidden class to a transition list V8 keeps per class, which
 * grows with every container (~12 µs an insert at 1,000 containers).
 * Directories with entries, copied or unpacked from a template
 * (tree-template.ts), keep ordinary objects: the same names in the same
 * order share their hidden classes, and take less memory.
 * The record is built field by field, in the order tree-template.ts's
 * makeInode uses: every inode of a kind has one shape, however the event
 * built its payload (a spread of payloads of many shapes took V8's slow path).
 */
export function copyInode(i: Inode): Inode {
  // inodeOn's fields, then its shared objects replaced by copies (the same keys, so the same shape).
  const c = inodeOn(i, i.sb);
  if (i.entries) {
    let e: Record<string, number> | null = null;
    for (const [n, v] of Object.entries(i.entries)) setOwn((e ??= {}), n, v);
    c.entries = e ?? hashedRecord<number>();
  }
  if (i.rdev) c.rdev = [i.rdev[0], i.rdev[1]];
  if (i.xattrs) c.xattrs = { ...i.xattrs };
  return c;
}

/**
 * An inode record with the fields of `i` on superblock `sb`, in makeInode's
 * order (its entries, device number and attributes are shared with `i`: for
 * an event payload, the caller's fresh objects, which the reducer copies). Field by field rather than
 * Object.assign({}, i, { sb }), which copies each field through V8's slow path.
 */
export function inodeOn(i: Omit<Inode, 'sb'>, sb: number): Inode {
  const c: Inode = { sb, atimeMs: i.atimeMs, mtimeMs: i.mtimeMs, ctimeMs: i.ctimeMs, type: i.type, mode: i.mode, uid: i.uid, gid: i.gid, size: i.size, nlink: i.nlink };
  if (i.data !== undefined) c.data = i.data;
  if (i.entries) c.entries = i.entries;
  if (i.target !== undefined) c.target = i.target;
  if (i.rdev) c.rdev = i.rdev;
  if (i.xattrs) c.xattrs = i.xattrs;
  return c;
}

/** Assign an own property even for names like "__proto__". */
export function setOwn(o: Record<string, number>, name: string, v: number): void {
  if (name === '__proto__') Object.defineProperty(o, name, { value: v, enumerable: true, writable: true, configurable: true });
  else o[name] = v;
}

function account(fs: FsState, i: Inode, sign: 1 | -1): void {
  const sb = fs.sbs[i.sb];
  if (!sb) return;
  sb.inodeCount += sign;
  if (i.type === 'file') sb.usedBytes += sign * i.size;
}

/** Add a new inode record (copied) to the table. */
export function addInode(fs: FsState, ino: number, i: Inode): Inode {
  const c = copyInode(i);
  fs.inodes[ino] = c;
  account(fs, c, 1);
  if (ino >= fs.nextIno) fs.nextIno = ino + 1;
  return c;
}

/** Link `ino` as `name` in directory `dir`, touching the directory. */
export function linkInto(fs: FsState, dir: number, name: string, ino: number, now: number): void {
  const d = fs.inodes[dir];
  const i = fs.inodes[ino];
  if (!d || !i) return;
  if (!d.entries) d.entries = hashedRecord<number>();
  setOwn(d.entries, name, ino);
  if (i.type === 'dir') d.nlink++;
  d.mtimeMs = now;
  d.ctimeMs = now;
}

/** Remove `name` from `dir`; returns the inode number it named. */
export function unlinkFrom(fs: FsState, dir: number, name: string, now: number): number | undefined {
  const d = fs.inodes[dir];
  if (!d) return undefined;
  const ino = entryOf(d, name);
  if (ino === undefined || !d.entries) return undefined;
  delete d.entries[name];
  const i = fs.inodes[ino];
  if (i?.type === 'dir') d.nlink--;
  d.mtimeMs = now;
  d.ctimeMs = now;
  return ino;
}

/** Drop one link of an inode; a directory (and anything left inside it) is freed at once. */
export function dropLink(fs: FsState, ino: number, now: number): void {
  const i = fs.inodes[ino];
  if (!i) return;
  if (i.type === 'dir') {
    freeTree(fs, ino);
    return;
  }
  i.nlink--;
  i.ctimeMs = now;
  if (i.nlink <= 0) {
    account(fs, i, -1);
    delete fs.inodes[ino];
  }
}

/** Free a directory and everything under it (rmdir of an upper dir holding whiteouts, a tmpfs going away). */
export function freeTree(fs: FsState, ino: number): void {
  const todo = [ino];
  while (todo.length > 0) {
    const n = todo.pop() as number;
    const i = fs.inodes[n];
    if (!i) continue;
    if (i.type === 'dir') {
      for (const c of Object.values(i.entries ?? {})) todo.push(c);
    } else if (n !== ino && i.nlink > 1) {
      i.nlink--;
      continue;
    }
    account(fs, i, -1);
    delete fs.inodes[n];
  }
}

/** Apply a write to a file's data. */
export function writeData(fs: FsState, ino: number, how: 'write' | 'append' | 'truncate', data: string, size: number, now: number): void {
  const i = fs.inodes[ino];
  if (!i) return;
  const sb = fs.sbs[i.sb];
  const before = i.size;
  if (how === 'write') {
    i.data = data;
    i.size = data.length;
  } else if (how === 'append') {
    i.data = (i.data ?? '') + data;
    i.size = before + data.length;
  } else {
    const cur = i.data ?? null;
    if (cur !== null) i.data = size <= cur.length ? cur.slice(0, size) : cur + '\0'.repeat(size - cur.length);
    i.size = size;
  }
  if (sb && i.type === 'file') sb.usedBytes += i.size - before;
  i.mtimeMs = now;
  i.ctimeMs = now;
}

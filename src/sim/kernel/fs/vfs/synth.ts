/**
 * The interface of a synthetic filesystem (procfs, sysfs, cgroupfs): files
 * generated from the kernel model when read, never stored as text.
 *
 * Models: the kernel's pseudo-filesystems, whose inodes are made on lookup and
 * whose reads call show() functions (seq_file). Paths are relative to the
 * superblock ("/", "/1/status", "/system.slice/memory.max").
 * SIMPLIFICATIONS: no inode caching; inode numbers are a hash of the path.
 */

import type { Kernel } from '../../kernel.ts';
import type { Process } from '../../process/types.ts';
import type { SysError } from '../../errno.ts';
import type { InodeType, Superblock } from '../types.ts';

export interface SynthEntry {
  type: InodeType;
  mode: number;
  uid: number;
  gid: number;
  size?: number;
  nlink?: number;
  /** Wall-clock ms; defaults to boot time. */
  mtimeMs?: number;
}

export interface DirEntry {
  name: string;
  type: InodeType;
  ino: number;
}

/** Where a magic link (/proc/PID/root, cwd, exe) leads: a path in another mount namespace, or an nsfs inode. */
export type MagicTarget =
  | { kind: 'path'; ns: number; root: string; path: string }
  | { kind: 'nsfs'; inum: number; nsType: string };

export interface SynthFs {
  lookup(k: Kernel, sb: Superblock, rel: string, reader: Process): SynthEntry | null;
  readdir(k: Kernel, sb: Superblock, rel: string, reader: Process): Array<{ name: string; type: InodeType }>;
  read(k: Kernel, sb: Superblock, rel: string, reader: Process): string | SysError;
  readlink(k: Kernel, sb: Superblock, rel: string, reader: Process): string | SysError;
  magic?(k: Kernel, sb: Superblock, rel: string, reader: Process): MagicTarget | SysError | null;
  /** Write a whole value (files are written with one write(2)). Returns bytes written. */
  write?(k: Kernel, sb: Superblock, rel: string, writer: Process, data: string): number | SysError;
  mkdir?(k: Kernel, sb: Superblock, rel: string, p: Process): true | SysError;
  rmdir?(k: Kernel, sb: Superblock, rel: string, p: Process): true | SysError;
}

/** FNV-1a hash of a string, as a stable synthetic inode number. */
export function pathIno(sbId: number, rel: string): number {
  let h = 0x811c9dc5 ^ sbId;
  for (let i = 0; i < rel.length; i++) {
    h ^= rel.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 1000000 + 4000;
}

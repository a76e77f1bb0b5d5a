/**
 * cgroupfs: the cgroup v2 hierarchy as a filesystem (cgroup-v2.rst), usually at /sys/fs/cgroup.
 *
 * Models: one hierarchy (one superblock) however often it is mounted; a mount
 * made inside a cgroup namespace has that namespace's root cgroup as its root,
 * so the container sees its own cgroup as "/"; directories are cgroups
 * (mkdir/rmdir create and remove them), files are interface files read and
 * written through the cgroup module (cgroup/files.ts, cgroup/dir.ts).
 * SIMPLIFICATIONS: directory permissions are fixed (0755 root); no delegation by chown.
 */

import type { Kernel } from '../kernel.ts';
import type { Process } from '../process/types.ts';
import { isErr, sysErr, type SysError } from '../errno.ts';
import type { InodeType, Superblock } from './types.ts';
import type { SynthEntry, SynthFs } from './vfs/synth.ts';
import { basename, dirname } from './vfs/path.ts';
import { cgroupFileMode, isCgroupFile, listCgroupFiles, readCgroupFile, writeCgroupFile } from '../cgroup/files.ts';
import { cgroupExists, getCgroup } from '../cgroup/ops.ts';
import { mkdirCgroup, rmdirCgroup } from '../cgroup/dir.ts';

function lookup(k: Kernel, _sb: Superblock, rel: string, _r: Process): SynthEntry | null {
  if (cgroupExists(k, rel)) {
    const c = getCgroup(k, rel);
    return { type: 'dir', mode: 0o755, uid: 0, gid: 0, nlink: 2 + (c?.children.length ?? 0), mtimeMs: c ? k.state.clock.bootEpochMs + c.createdMs : undefined };
  }
  if (rel === '/') return null;
  const dir = dirname(rel);
  const file = basename(rel);
  if (!isCgroupFile(k, dir, file)) return null;
  return { type: 'file', mode: cgroupFileMode(file) ?? 0o444, uid: 0, gid: 0 };
}

function readdir(k: Kernel, _sb: Superblock, rel: string, _r: Process): Array<{ name: string; type: InodeType }> {
  const files = listCgroupFiles(k, rel);
  if (isErr(files)) return [];
  const out: Array<{ name: string; type: InodeType }> = files.map((name) => ({ name, type: 'file' }));
  for (const name of getCgroup(k, rel)?.children ?? []) out.push({ name, type: 'dir' });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function read(k: Kernel, _sb: Superblock, rel: string, reader: Process): string | SysError {
  if (cgroupExists(k, rel)) return sysErr('EISDIR');
  return readCgroupFile(k, dirname(rel), basename(rel), reader.pid);
}

function write(k: Kernel, _sb: Superblock, rel: string, writer: Process, data: string): number | SysError {
  const r = writeCgroupFile(k, writer.pid, dirname(rel), basename(rel), data);
  return isErr(r) ? r : data.length;
}

function mkdir(k: Kernel, _sb: Superblock, rel: string, _p: Process): true | SysError {
  const r = mkdirCgroup(k, rel);
  return isErr(r) ? r : true;
}

function rmdir(k: Kernel, _sb: Superblock, rel: string, _p: Process): true | SysError {
  const r = rmdirCgroup(k, rel);
  return isErr(r) ? r : true;
}

export const cgroupFs: SynthFs = { lookup, readdir, read, readlink: () => sysErr('EINVAL'), write, mkdir, rmdir };

/**
 * The cgroup filesystem's files (cgroup2 mounted at /sys/fs/cgroup): which
 * interface files a cgroup directory holds, and reading and writing them with
 * the kernel's text formats and errors.
 *
 * Models: a file exists when its controller is enabled for the cgroup (in the
 * parent's cgroup.subtree_control; the root has every controller) and it is
 * allowed on that level (the root has no memory.max, cpu.max, pids.max,
 * cgroup.freeze ...). Reading a missing file gives ENOENT; reading a
 * write-only file (cgroup.kill, memory.reclaim) or writing a read-only one
 * gives EACCES; malformed values give EINVAL (or ERANGE where the kernel
 * uses it).
 *
 * SIMPLIFICATIONS:
 * - The caller passes the cgroup's absolute path; the fs module maps
 *   /sys/fs/cgroup and cgroup namespaces onto it.
 * - Writers need fsuid 0 (the files are root's, mode 0644); no delegation
 *   by chown. Read-only mounts (EROFS) are the fs module's.
 */

import type { Kernel } from '../kernel.ts';
import { sysErr, type SysError } from '../errno.ts';
import type { CgroupFileSpec } from './file-spec.ts';
import type { Cgroup } from './types.ts';
import { CORE_FILES } from './files-core.ts';
import { MEMORY_FILES } from './files-memory.ts';
import { CPU_FILES } from './files-cpu.ts';
import { MISC_FILES } from './files-misc.ts';
import { hasController, normalizeCgroupPath } from './tree.ts';

const ALL_FILES: readonly CgroupFileSpec[] = [...CORE_FILES, ...CPU_FILES, ...MEMORY_FILES, ...MISC_FILES];
const BY_NAME: ReadonlyMap<string, CgroupFileSpec> = new Map(ALL_FILES.map((f) => [f.name, f]));

function present(k: Kernel, c: Cgroup, f: CgroupFileSpec): boolean {
  const root = c.parent === null;
  if (f.on === 'root' && !root) return false;
  if (f.on === 'nonroot' && root) return false;
  return f.controller === null || hasController(k.state.cgroup, c, f.controller);
}

function lookup(k: Kernel, path: string, file: string): { c: Cgroup; f: CgroupFileSpec } | SysError {
  const p = normalizeCgroupPath(path);
  const c = p === null ? undefined : k.state.cgroup.byPath[p];
  if (!c) return sysErr('ENOENT');
  const f = BY_NAME.get(file);
  if (!f || !present(k, c, f)) return sysErr('ENOENT');
  return { c, f };
}

/** The interface files in a cgroup directory, sorted as `ls` shows them. */
export function listCgroupFiles(k: Kernel, path: string): string[] | SysError {
  const p = normalizeCgroupPath(path);
  const c = p === null ? undefined : k.state.cgroup.byPath[p];
  if (!c) return sysErr('ENOENT');
  return ALL_FILES.filter((f) => present(k, c, f))
    .map((f) => f.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Is `name` an interface file of the cgroup at `path`? */
export function isCgroupFile(k: Kernel, path: string, name: string): boolean {
  return !('errno' in lookup(k, path, name));
}

/** Mode bits as `ls -l` shows them: 0644 for writable files, 0444 read-only, 0200 write-only. */
export function cgroupFileMode(file: string): number | null {
  const f = BY_NAME.get(file);
  if (!f) return null;
  if (f.read && f.write) return 0o644;
  return f.write ? 0o200 : 0o444;
}

/**
 * Read an interface file: the exact text the kernel returns (with its
 * trailing newline). With `readerPid`, PIDs are shown in that process's PID
 * namespace (0 for invisible ones), as Linux does; without, host PIDs.
 */
export function readCgroupFile(k: Kernel, path: string, file: string, readerPid?: number): string | SysError {
  const r = lookup(k, path, file);
  if ('errno' in r) return r;
  if (!r.f.read) return sysErr('EACCES');
  return r.f.read(readerPid === undefined ? { k, c: r.c } : { k, c: r.c, readerPid });
}

/**
 * Write an interface file as process `writerPid` (host PID). PIDs written to
 * cgroup.procs are in the writer's PID namespace ("0" means the writer).
 */
export function writeCgroupFile(k: Kernel, writerPid: number, path: string, file: string, value: string): void | SysError {
  const w = k.proc(writerPid);
  if (!w || w.state === 'Z') return sysErr('ESRCH');
  const r = lookup(k, path, file);
  if ('errno' in r) return r;
  if (!r.f.write || w.cred.fsuid !== 0) return sysErr('EACCES');
  return r.f.write({ k, c: r.c, writerPid }, value);
}

/**
 * The daemon's own file operations on the host: laying out
 * /var/lib/docker/<driver> and /var/lib/docker/image/<driver> (overlay2 or
 * vfs), as dockerd (root, in the host's mount namespace) does.
 *
 * Models: the graph driver and layer store writing their directories.
 * SIMPLIFICATIONS: operations run as PID 1 (root in every initial namespace)
 * rather than as dockerd's PID, so they work before and without the daemon
 * process; removing a tree unlinks entry by entry (the fs module has no
 * one-event recursive removal yet).
 */

import type { Engine } from '../engine.ts';
import type { TreeSpec } from '../../kernel/fs/tree.ts';
import type { TreeTemplate } from '../../kernel/fs/tree-template.ts';
import { isErr, type SysError } from '../../kernel/errno.ts';
import { populateTree } from '../../kernel/fs/populate.ts';
import { writeFile, symlink, mkdirAll } from '../../kernel/fs/vfs/ops-write.ts';
import { lstat, readdir, readFile } from '../../kernel/fs/vfs/ops-read.ts';
import { rmdir, unlink } from '../../kernel/fs/vfs/ops-remove.ts';

export const DOCKER_ROOT = '/var/lib/docker';
export const OVERLAY2 = `${DOCKER_ROOT}/overlay2`;
/** The vfs driver's directories: one full copy of the filesystem per layer (daemon/graphdriver/vfs). */
export const VFS_DIR = `${DOCKER_ROOT}/vfs/dir`;

/** The storage driver the daemon uses ("overlay2" or "vfs"). */
export function driverOf(engine: Engine): string {
  return engine.state.images.driver ?? 'overlay2';
}

/** The layer store's metadata root of the current driver (/var/lib/docker/image/<driver>). */
export function imageRoot(engine: Engine): string {
  return `${DOCKER_ROOT}/image/${driverOf(engine)}`;
}

/** The process whose view and credentials the daemon's file operations use. */
export function daemonPid(_engine: Engine): number {
  return 1;
}

/**
 * Create directory `path` holding `spec` in one event (parents made as needed);
 * `graft`: a compiled tree unpacked as its top-level directory `graft.name`.
 */
export function putTree(engine: Engine, path: string, spec: TreeSpec, mode = 0o755, graft?: { name: string; tree: TreeTemplate }): number | SysError {
  const r = populateTree(engine.k, daemonPid(engine), path, spec, { mode, graft });
  if (!isErr(r) || r.errno !== 'ENOENT') return r;
  return populateTree(engine.k, daemonPid(engine), path, spec, { parents: true, mode, graft });
}

export function putFile(engine: Engine, path: string, data: string, mode = 0o644): true | SysError {
  const pid = daemonPid(engine);
  const cut = path.lastIndexOf('/');
  if (cut > 0) {
    const made = mkdirAll(engine.k, pid, path.slice(0, cut));
    if (isErr(made)) return made;
  }
  const r = writeFile(engine.k, pid, path, data, { mode });
  return isErr(r) ? r : true;
}

export function putSymlink(engine: Engine, target: string, path: string): true | SysError {
  return symlink(engine.k, daemonPid(engine), target, path);
}

export function exists(engine: Engine, path: string): boolean {
  return !isErr(lstat(engine.k, daemonPid(engine), path));
}

export function readText(engine: Engine, path: string): string | null {
  const r = readFile(engine.k, daemonPid(engine), path);
  return isErr(r) ? null : r;
}

/** rm -rf `path` (no error if it is absent). */
export function rmTree(engine: Engine, path: string): void {
  const k = engine.k;
  const pid = daemonPid(engine);
  const st = lstat(k, pid, path);
  if (isErr(st)) return;
  if (st.type !== 'dir') {
    unlink(k, pid, path);
    return;
  }
  const entries = readdir(k, pid, path);
  if (!isErr(entries)) {
    for (const e of entries) {
      if (e.name === '.' || e.name === '..') continue;
      rmTree(engine, `${path}/${e.name}`);
    }
  }
  rmdir(k, pid, path);
}

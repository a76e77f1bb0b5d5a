/**
 * Open directories as O_PATH file descriptors, for the *at() calls
 * (open(2) O_PATH|O_DIRECTORY, openat2(2) RESOLVE_IN_ROOT), and any file as
 * an O_PATH descriptor to mount from or onto (/proc/self/fd/N).
 *
 * Models: opening pins the directory as the walk found it (mount and dentry,
 * a struct path): later walks from it start there, without walking its path
 * again, and see mounts made below it afterwards. With RESOLVE_IN_ROOT the
 * directory acts as the root of the walks from it: "..", absolute paths and
 * absolute symlinks stay inside it, as runc resolves paths in a container's
 * rootfs (securejoin / openat2).
 * SIMPLIFICATIONS: the descriptor is a value handed to the caller, not an
 * entry in a file table (nothing closes it); a mount detached after the open
 * is not kept alive by it (walks from it then fail).
 */

import type { Kernel } from '../../kernel.ts';
import { sysErr, isErr, type SysError } from '../../errno.ts';
import { walk, type DirFd, type Frame, type Resolved } from './resolve.ts';
import { nodeMeta } from './node.ts';
import { procOf } from './ctx.ts';
import { joinPath } from './path.ts';
import type { InodeType } from '../types.ts';

export type { DirFd } from './resolve.ts';

/** An O_PATH descriptor of any file: where the walk found it (a struct path) and what it is. */
export interface PathFd {
  frame: Frame;
  type: InodeType;
}

/** The walk of an open(O_PATH) with symlinks followed, and what it found; ENOENT if nothing. */
function openWalk(k: Kernel, pid: number, path: string, at: DirFd | null): { r: Resolved; child: Frame; type: InodeType } | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const r = walk(k, p, path, { follow: true, at });
  if (isErr(r)) return r;
  if (!r.child) return sysErr('ENOENT');
  const a = nodeMeta(k, r.child.node, p);
  if (!a) return sysErr('ENOENT');
  return { r, child: r.child, type: a.type };
}

/** open(path, O_PATH) (symlinks followed): a file pinned where the walk found it, to mount from or onto. */
export function openPath(k: Kernel, pid: number, path: string): PathFd | SysError {
  const o = openWalk(k, pid, path, null);
  return isErr(o) ? o : { frame: o.child, type: o.type };
}

/** open(path, O_PATH|O_DIRECTORY): a directory to resolve later paths from. */
export function openDir(k: Kernel, pid: number, path: string, opts: { inRoot?: boolean; at?: DirFd | null } = {}): DirFd | SysError {
  const o = openWalk(k, pid, path, opts.at ?? null);
  if (isErr(o)) return o;
  const { r, child, type } = o;
  if (type !== 'dir') return sysErr('ENOTDIR');
  // A path that ended on "." or ".." has the directory on top of the parent frames already.
  const stack = r.name === '.' ? r.parent.slice() : r.parent.concat(child);
  return { ns: r.ns, stack, inRoot: opts.inRoot ?? false };
}

/**
 * securejoin.SecureJoin(root, path), as runc computes a mount's target in the
 * rootfs: `path` resolved inside the open directory `root` (RESOLVE_IN_ROOT:
 * symlinks and ".." cannot leave it), as the canonical path the caller's mount
 * namespace gives it; components that do not exist yet are appended as
 * written. Errors other than a missing component (ENOTDIR, ELOOP, EACCES) are
 * returned.
 */
export function secureJoin(k: Kernel, pid: number, root: DirFd, path: string): string | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const rel = path.replace(/^\/+/, '');
  if (rel === '') return topPath(root);
  const r = walk(k, p, rel, { follow: true, at: root });
  if (!isErr(r)) {
    if (r.child) return r.child.path;
    const dir = r.parent[r.parent.length - 1];
    return dir ? joinPath(dir.path, r.name) : sysErr('ENOENT');
  }
  if (r.errno !== 'ENOENT') return r;
  // A missing directory on the way: join its parent securely, then the rest as written.
  const cut = rel.lastIndexOf('/');
  if (cut < 0) return joinPath(topPath(root), rel);
  const head = secureJoin(k, pid, root, rel.slice(0, cut));
  return isErr(head) ? head : joinPath(head, rel.slice(cut + 1));
}

function topPath(root: DirFd): string {
  return root.stack[root.stack.length - 1]?.path ?? '/';
}

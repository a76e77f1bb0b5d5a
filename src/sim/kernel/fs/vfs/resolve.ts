/**
 * Path resolution for a process (path_resolution(7), namei).
 *
 * Models: a walk from the process's root (absolute paths) or cwd, component by
 * component, through the mount table of its mount namespace (a mount attached
 * at (parent mount, mountpoint) hides what is below it; stacked mounts are
 * followed to the top), following symlinks (at most 40: ELOOP), ".." never
 * climbing above the process's root, search (x) permission checked on every
 * directory walked, ENOENT/ENOTDIR/ENAMETOOLONG, and the "magic links" of
 * /proc/PID/{root,cwd,exe,ns/*} that jump into another mount namespace.
 * A walk may also start at an open directory (the dirfd of the *at() calls,
 * see dirfd.ts), optionally treating it as the root (openat2's RESOLVE_IN_ROOT:
 * ".." and absolute symlinks stay inside it).
 * SIMPLIFICATIONS: the process's root and cwd are stored as canonical path
 * strings and re-walked (without permission checks) on each call; a cwd whose
 * directory was removed gives ENOENT for relative paths.
 */

import type { Kernel } from '../../kernel.ts';
import type { Process } from '../../process/types.ts';
import { sysErr, isErr, type SysError } from '../../errno.ts';
import { mayHaveMountNamed, mountAt } from '../lazy-copy.ts';
import { childPath, components, isUnder, pathComponents } from './path.ts';
import { lookupChild, mountRootNode, nodeMeta, readlinkNode, type Node, type NodeMeta } from './node.ts';
import { mayAccess, MAY_EXEC } from './perm.ts';
import { synthFor } from './node.ts';
import { mntnsOf } from '../mntns-table.ts';

export const MAXSYMLINKS = 40;
export const NAME_MAX = 255;

/** One step of a walk: the mount, the canonical path in the namespace, and the node. */
export interface Frame {
  m: number;
  path: string;
  node: Node;
}

export interface Resolved {
  /** Mount namespace the walk ended in. */
  ns: number;
  /** Frames from the namespace root to the parent directory (inclusive). */
  parent: Frame[];
  /** Final name ("." when the path ended in ".", ".." or was "/"). */
  name: string;
  /** What the final name resolved to, or null if it does not exist. */
  child: Frame | null;
}

/**
 * An open directory (an O_PATH file descriptor): the frames from its mount
 * namespace's root down to it, pinned when it was opened, as a struct path is.
 */
export interface DirFd {
  ns: number;
  stack: readonly Frame[];
  /** RESOLVE_IN_ROOT: paths resolved from it treat it as "/" ("..", absolute paths and symlinks stay inside). */
  inRoot: boolean;
}

export interface WalkOpts {
  /** Follow a symlink in the last component (stat vs lstat, O_NOFOLLOW). */
  follow: boolean;
  /** Skip the search-permission checks (kernel-internal walks). */
  noPerm?: boolean;
  /** Resolve relative to this open directory instead of the cwd (the *at() calls); null or absent: AT_FDCWD. */
  at?: DirFd | null;
}

/** Follow mounts attached at a frame's path to the top of the stack. */
export function crossMounts(k: Kernel, f: Frame, reader: Process): Frame {
  const fs = k.state.fs;
  let cur = f;
  for (let id = mountAt(fs, cur.m, cur.path); id !== undefined; id = mountAt(fs, id, cur.path)) {
    const m = fs.mounts[id];
    const node = m && mountRootNode(k, m, reader);
    if (!m || !node) break;
    cur = { m: id, path: cur.path, node };
  }
  return cur;
}

/** Frames of the namespace root. */
export function nsRootFrame(k: Kernel, ns: number, reader: Process): Frame | null {
  const t = mntnsOf(k.state.fs, ns);
  const m = t ? k.state.fs.mounts[t.root] : undefined;
  const node = m && mountRootNode(k, m, reader);
  return m && node ? { m: m.id, path: '/', node } : null;
}

/** Walk a canonical absolute path from the namespace root without permission checks or symlinks. */
export function walkCanonical(k: Kernel, ns: number, path: string, reader: Process): Frame[] | null {
  const root = nsRootFrame(k, ns, reader);
  if (!root) return null;
  let stack = [root];
  const cs = pathComponents(path);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i] as string;
    const top = stack[stack.length - 1] as Frame;
    const child = lookupChild(k, top.node, c, reader);
    if (!child) return null;
    const at = { m: top.m, path: childPath(top.path, c), node: child };
    const f = mayHaveMountNamed(k.state.fs, top.m, c) ? crossMounts(k, at, reader) : at;
    if (f.node.k === 's' && nodeMeta(k, f.node, reader)?.type === 'symlink') {
      // A cwd reached through /proc/PID/root: continue in the other namespace.
      const jump = magicJump(k, f, reader);
      if (jump && !isErr(jump) && 'stack' in jump) {
        stack = jump.stack;
        continue;
      }
    }
    stack.push(f);
  }
  return stack;
}

interface Start {
  ns: number;
  stack: Frame[];
  rootStack: Frame[];
  clamp: number;
}

/** Where a walk from an open directory starts; its frames are the directory's as it was opened. */
function startAt(k: Kernel, p: Process, at: DirFd, absolute: boolean): Start | SysError {
  let pinned = at.stack as Frame[];
  const last = pinned[pinned.length - 1];
  if (!last) return sysErr('EBADF');
  if (last.node.k === 'o' && last.node.upper === null) {
    // An overlay directory copied up since it was opened has an upper directory now (the dentry's __upperdentry).
    const fresh = walkCanonical(k, at.ns, last.path, p);
    if (!fresh) return sysErr('ENOENT');
    pinned = fresh;
  }
  if (at.inRoot) return { ns: at.ns, stack: pinned.slice(), rootStack: pinned, clamp: pinned.length - 1 };
  const rootStack = walkCanonical(k, p.ns.mnt, p.root, p);
  if (!rootStack) return sysErr('ENOENT');
  if (absolute) return { ns: p.ns.mnt, stack: rootStack.slice(), rootStack, clamp: rootStack.length - 1 };
  const clamp = at.ns === p.ns.mnt && isUnder(last.path, p.root) ? rootStack.length - 1 : 0;
  return { ns: at.ns, stack: pinned.slice(), rootStack, clamp };
}

function start(k: Kernel, p: Process, absolute: boolean, at: DirFd | null | undefined): Start | SysError {
  if (at) return startAt(k, p, at, absolute);
  const ns = p.ns.mnt;
  const rootStack = walkCanonical(k, ns, p.root, p);
  if (!rootStack) return sysErr('ENOENT');
  if (absolute) return { ns, stack: rootStack.slice(), rootStack, clamp: rootStack.length - 1 };
  if (p.cwd === p.root) return { ns, stack: rootStack.slice(), rootStack, clamp: rootStack.length - 1 };
  const cwd = walkCanonical(k, ns, p.cwd, p);
  if (!cwd) return sysErr('ENOENT');
  const clamp = isUnder(p.cwd, p.root) ? rootStack.length - 1 : 0;
  return { ns, stack: cwd, rootStack, clamp };
}

/**
 * Resolve `path` for process `p`. Returns the parent frames, the final name and
 * the final frame (null if the last component does not exist but its parent does).
 */
export function walk(k: Kernel, p: Process, path: string, opts: WalkOpts): Resolved | SysError {
  if (path === '') return sysErr('ENOENT');
  let ns: number;
  let stack: Frame[];
  let rootStack: Frame[];
  let clamp: number;
  if (!opts.at && p.root === '/' && (path.charCodeAt(0) === 47 || p.cwd === '/')) {
    // Most walks start at the root of the process's namespace, which is its root too: no record in between.
    const root = nsRootFrame(k, p.ns.mnt, p);
    if (!root) return sysErr('ENOENT');
    ns = p.ns.mnt;
    stack = [root];
    rootStack = [root];
    clamp = 0;
  } else {
    const st = start(k, p, path.startsWith('/'), opts.at);
    if (isErr(st)) return st;
    ({ ns, stack, rootStack, clamp } = st);
  }
  // The names still to walk: the path's own components from index ci, until a symlink is followed;
  // from then on a stack (todo, next name on top) holding the link's components and what was left.
  const cs = pathComponents(path);
  let ci = 0;
  let todo: string[] | null = null;
  const trailingSlash = path.endsWith('/') && cs.length > 0;
  let links = 0;
  // The attributes of the frame on top of the stack when this loop pushed it (else looked up again).
  let topAttr: NodeMeta | null = null;
  while (todo === null ? ci < cs.length : todo.length > 0) {
    let name: string;
    let last: boolean;
    if (todo === null) {
      name = cs[ci++] as string;
      last = ci === cs.length;
    } else {
      name = todo.pop() as string;
      last = todo.length === 0;
    }
    const cur = stack[stack.length - 1] as Frame;
    const attr = topAttr ?? nodeMeta(k, cur.node, p);
    topAttr = null;
    if (!attr) return sysErr('ENOENT');
    if (attr.type !== 'dir') return sysErr('ENOTDIR');
    if (!opts.noPerm && !mayAccess(k, p, attr, MAY_EXEC)) return sysErr('EACCES');
    if (name === '.' || name === '..') {
      if (name === '..' && stack.length - 1 > clamp) stack.pop();
      continue;
    }
    if (name.length > NAME_MAX) return sysErr('ENAMETOOLONG');
    const node = lookupChild(k, cur.node, name, p);
    if (!node) {
      if (last) return { ns: nsOfFrame(k, cur, ns), parent: stack, name, child: null };
      return sysErr('ENOENT');
    }
    const here = { m: cur.m, path: childPath(cur.path, name), node };
    const child = mayHaveMountNamed(k.state.fs, cur.m, name) ? crossMounts(k, here, p) : here;
    const cattr = nodeMeta(k, child.node, p);
    if (!cattr) return sysErr('ENOENT');
    if (cattr.type === 'symlink' && (!last || opts.follow || trailingSlash)) {
      if (++links > MAXSYMLINKS) return sysErr('ELOOP');
      const jump = magicJump(k, child, p);
      if (isErr(jump)) return jump;
      if (jump) {
        if ('frame' in jump) {
          if (last) return trailingSlash ? sysErr('ENOTDIR') : { ns: nsOfFrame(k, cur, ns), parent: stack, name, child: jump.frame };
          return sysErr('ENOTDIR');
        }
        ({ ns, stack, rootStack, clamp } = jump);
        continue;
      }
      const target = readlinkNode(k, child.node, p);
      if (isErr(target)) return target;
      if (target === '') return sysErr('ENOENT');
      if (target.startsWith('/')) {
        stack = rootStack.slice();
        clamp = rootStack.length - 1;
      }
      if (todo === null) {
        todo = [];
        for (let i = cs.length - 1; i >= ci; i--) todo.push(cs[i] as string);
      }
      const tc = components(target);
      for (let i = tc.length - 1; i >= 0; i--) todo.push(tc[i] as string);
      continue;
    }
    if (last) {
      if (trailingSlash && cattr.type !== 'dir') return sysErr('ENOTDIR');
      return { ns: nsOfFrame(k, cur, ns), parent: stack, name, child };
    }
    stack.push(child);
    topAttr = cattr;
  }
  // The path ended on ".", "..", "/" or a jump: the result is the directory reached.
  const top = stack[stack.length - 1] as Frame;
  const attr = nodeMeta(k, top.node, p);
  if (!attr) return sysErr('ENOENT');
  return { ns: nsOfFrame(k, top, ns), parent: stack, name: '.', child: top };
}

/** The mount namespace a frame's mount belongs to (a cwd reached through /proc/PID/root lies in another one). */
function nsOfFrame(k: Kernel, f: Frame, fallback: number): number {
  return k.state.fs.mounts[f.m]?.ns ?? fallback;
}

/** Jump of a magic link: a whole new walk state, or a terminal nsfs frame. */
function magicJump(
  k: Kernel,
  f: Frame,
  p: Process,
): { ns: number; stack: Frame[]; rootStack: Frame[]; clamp: number } | { frame: Frame } | SysError | null {
  if (f.node.k !== 's') return null;
  const sb = k.state.fs.sbs[f.node.sb];
  const ops = sb ? synthFor(sb.fstype) : null;
  if (!sb || !ops?.magic) return null;
  const t = ops.magic(k, sb, f.node.rel, p);
  if (t === null || isErr(t)) return t;
  if (t.kind === 'nsfs') return { frame: { m: f.m, path: f.path, node: { k: 'n', inum: t.inum, nsType: t.nsType } } };
  const rootStack = walkCanonical(k, t.ns, t.root, p);
  const stack = walkCanonical(k, t.ns, t.path, p);
  if (!rootStack || !stack) return sysErr('ENOENT');
  const clamp = isUnder(t.path, t.root) ? rootStack.length - 1 : 0;
  return { ns: t.ns, stack, rootStack, clamp };
}

/** Resolve to an existing object; ENOENT if missing. `at`: relative to an open directory. */
export function resolveFrame(k: Kernel, p: Process, path: string, follow: boolean, at?: DirFd | null): Frame | SysError {
  const r = walk(k, p, path, at ? { follow, at } : { follow });
  if (isErr(r)) return r;
  return r.child ?? sysErr('ENOENT');
}

/** The path of a frame as the process names it: relative to its root ("/" if the root itself). */
export function pathForProcess(p: Process, nsPath: string): string {
  if (p.root === '/') return nsPath;
  if (!isUnder(nsPath, p.root)) return nsPath;
  const r = nsPath.slice(p.root.length);
  return r === '' ? '/' : r;
}

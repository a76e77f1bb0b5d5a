/**
 * Creating and removing cgroups: mkdir(2) and rmdir(2) in /sys/fs/cgroup
 * (cgroup-v2.rst "Basic Operations"; kernel/cgroup/cgroup.c cgroup_mkdir,
 * cgroup_rmdir, cgroup_check_hierarchy_limits).
 *
 * Models: a new cgroup starts empty, with default knobs and the controllers
 * its parent's cgroup.subtree_control enables. mkdir fails with EEXIST if the
 * name exists (as a cgroup or an interface file), ENOENT if the parent does
 * not, EAGAIN past cgroup.max.depth / cgroup.max.descendants. rmdir fails
 * with EBUSY while the cgroup has live processes or child cgroups.
 *
 * SIMPLIFICATIONS: no directory permissions here (the fs module's); a
 * removed cgroup vanishes at once (no dying descendants).
 */

import type { Kernel } from '../kernel.ts';
import { sysErr, type SysError } from '../errno.ts';
import { baseName, chain, depthOf, normalizeCgroupPath, parentOf, subtree } from './tree.ts';
import { isCgroupFile } from './files.ts';

export function mkdirCgroup(k: Kernel, path: string): void | SysError {
  const p = normalizeCgroupPath(path);
  if (p === null) return sysErr('ENOENT');
  const cg = k.state.cgroup;
  if (p === '/' || cg.byPath[p]) return sysErr('EEXIST');
  const parent = parentOf(p) as string;
  if (!cg.byPath[parent]) return sysErr('ENOENT');
  const name = baseName(p);
  if (name.includes('\n')) return sysErr('EINVAL');
  if (name.length > 255) return sysErr('ENAMETOOLONG');
  if (isCgroupFile(k, parent, name)) return sysErr('EEXIST');
  const depth = depthOf(p);
  for (const a of chain(cg, parent)) {
    if (a.maxDepth !== 'max' && depth - depthOf(a.path) > a.maxDepth) return sysErr('EAGAIN');
    if (a.maxDescendants !== 'max' && subtree(cg, a.path).length - 1 >= a.maxDescendants) return sysErr('EAGAIN');
  }
  k.emit({ type: 'cgroup.created', path: p });
}

export function rmdirCgroup(k: Kernel, path: string): void | SysError {
  const p = normalizeCgroupPath(path);
  if (p === null) return sysErr('ENOENT');
  const c = k.state.cgroup.byPath[p];
  if (!c) return sysErr('ENOENT');
  if (p === '/' || c.nrLive > 0 || c.children.length > 0) return sysErr('EBUSY');
  k.emit({ type: 'cgroup.removed', path: p });
}

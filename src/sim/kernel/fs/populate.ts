/**
 * Unpacking a whole directory tree at once: how the image store lays an image
 * layer out under /var/lib/docker/overlay2/<id>/diff (one fs.treeCreated event).
 * The parent must exist unless `parents` is set (then it is made like mkdir -p).
 *
 * Models: extracting a layer tarball into a new directory, as root, with the
 * permission and read-only checks of creating that directory.
 * SIMPLIFICATIONS: the tree lands atomically; only on inode filesystems (ext4, tmpfs).
 */

import type { Kernel } from '../kernel.ts';
import { sysErr, isErr, type SysError } from '../errno.ts';
import type { TreeSpec } from './tree.ts';
import type { FsEvent } from './events.ts';
import { compileTree, type TreeGraft, type TreeTemplate } from './tree-template.ts';
import { walk, resolveFrame } from './vfs/resolve.ts';
import { diffLayers, type Change } from './overlay.ts';
import { prepCreate } from './vfs/create.ts';
import { nowMs, procOf, whereChild } from './vfs/ctx.ts';
import { mkdirAll } from './vfs/ops-write.ts';

/**
 * Create a directory at `dirPath` holding the whole tree in one event
 * (fs.treeCreated): how an image layer is unpacked into
 * /var/lib/docker/overlay2/<id>/diff. The directory must not exist; its parent must, unless `parents`.
 * With `graft`, the top-level directory `graft.name` of `spec` holds a
 * compiled tree (tree-template.ts), e.g. a layer's diff/ from its catalogue
 * template, which the event names rather than copies.
 */
export function populateTree(
  k: Kernel,
  pid: number,
  dirPath: string,
  spec: TreeSpec,
  opts: { mode?: number; uid?: number; gid?: number; parents?: boolean; graft?: { name: string; tree: TreeTemplate } } = {},
): number | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  if (opts.parents) {
    const cut = dirPath.replace(/\/+$/, '').lastIndexOf('/');
    if (cut > 0) {
      const made = mkdirAll(k, pid, dirPath.slice(0, cut));
      if (isErr(made)) return made;
    }
  }
  const r = walk(k, p, dirPath, { follow: false });
  if (isErr(r)) return r;
  const c = prepCreate(k, p, r);
  if (isErr(c)) return c;
  if (c.parent.node.k !== 'i') return sysErr('EINVAL');
  const dir = k.state.fs.inodes[c.parent.node.ino];
  if (!dir) return sysErr('ENOENT');
  const tree = compileTree(spec, { mode: opts.mode, uid: opts.uid, gid: opts.gid });
  let graft: TreeGraft | undefined;
  if (opts.graft) {
    const name = opts.graft.name;
    const at = tree.name.findIndex((n, i) => n === name && tree.parent[i] === 0);
    if (at < 0 || tree.node[at]?.type !== 'dir') throw new Error(`populateTree: graft ${name} is not a top-level directory of the spec`);
    graft = { at, tree: opts.graft.tree };
  }
  const root = k.state.fs.nextIno;
  const e: FsEvent = { type: 'fs.treeCreated', sb: dir.sb, dir: c.parent.node.ino, name: r.name, root, tree, timeMs: nowMs(k), at: whereChild(r.ns, c.parent, r.name) };
  if (graft) e.graft = graft;
  k.emit(e);
  return root;
}

/** docker diff for directories named by path (upperdir, lowerdirs top first), as `pid` resolves them. */
export function diffPaths(k: Kernel, pid: number, upperdir: string, lowerdirs: readonly string[]): Change[] | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const inos: number[] = [];
  for (const path of [upperdir, ...lowerdirs]) {
    const f = resolveFrame(k, p, path, true);
    if (isErr(f)) return f;
    if (f.node.k !== 'i') return sysErr('EINVAL');
    inos.push(f.node.ino);
  }
  return diffLayers(k, inos[0] as number, inos.slice(1));
}

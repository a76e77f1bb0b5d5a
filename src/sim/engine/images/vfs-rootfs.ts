/**
 * A container's layers with the vfs storage driver: plain directories, no
 * overlay.
 *
 * Models: moby daemon/graphdriver/vfs (driver.go: Create copies the parent's
 * directory with dirCopy, Get returns the directory itself, Diff is the naive
 * diff comparing a layer with its parent): the -init layer
 * vfs/dir/<mount-id>-init is a full copy of the image plus the init entries,
 * the read-write layer vfs/dir/<mount-id> a full copy of that, and the
 * container's root is that directory (runc bind-mounts it onto itself; the
 * host has no mount for it). layerdb/mounts/<container> is kept under
 * image/vfs as with overlay2.
 * SIMPLIFICATIONS: `docker diff` compares the container's directory with the
 * -init copy by content (no mtimes); SizeRw is the difference in bytes
 * between the two copies.
 */

import type { Engine } from '../engine.ts';
import type { TreeSpec } from '../../kernel/fs/tree.ts';
import type { RwLayerRecord } from './types.ts';
import type { PreparedRootfs } from './container-fs.ts';
import { isErr } from '../../kernel/errno.ts';
import { VFS_DIR, imageRoot, putTree, rmTree } from './hostfs.ts';
import { chainTree, diffTrees, newRandomId, newShortId } from './layers.ts';
import { exportTree } from './tree-export.ts';
import { flattenTrees } from './tar.ts';

/** A vfs container's directories, in the shape overlay2's have (container-fs.ts). */
export type VfsDirs = PreparedRootfs;

/** The container's directory (vfs/dir/<mount-id>): its root filesystem. */
export function vfsDirsOf(m: RwLayerRecord): VfsDirs {
  const dir = `${VFS_DIR}/${m.mountId}`;
  return { lowerdirs: [], upperdir: dir, workdir: '', merged: dir, mountId: m.mountId, graphDriver: { LowerDir: '', MergedDir: '', UpperDir: '', WorkDir: '' } };
}

/** Create the -init copy and the container's copy over a layer chain. */
export function prepareVfsRootfs(engine: Engine, topChainId: string, containerId: string, imageId: string, initEntries: TreeSpec): VfsDirs | { error: string } {
  const mountId = newRandomId(engine);
  const image = chainTree(engine, topChainId);
  const init = flattenTrees([image, initEntries]);
  if (image['etc/mtab'] !== undefined) init['etc/mtab'] = image['etc/mtab'];
  const a = putTree(engine, `${VFS_DIR}/${mountId}-init`, init, 0o755);
  if (isErr(a)) return { error: `failed to create init layer: ${a.errno}` };
  const b = putTree(engine, `${VFS_DIR}/${mountId}`, init, 0o755);
  if (isErr(b)) return { error: `failed to create rw layer: ${b.errno}` };
  putTree(engine, `${imageRoot(engine)}/layerdb/mounts/${containerId}`, { 'init-id': `${mountId}-init`, 'mount-id': mountId, ...(topChainId ? { parent: topChainId } : {}) });
  // Short ids are drawn as overlay2 does, so a record has the same shape whatever the driver.
  const mount: RwLayerRecord = { containerId, imageId, parentChainId: topChainId, mountId, shortId: newShortId(engine), initShortId: newShortId(engine) };
  engine.emit({ type: 'image.rwLayerCreated', mount });
  return vfsDirsOf(mount);
}

export function removeVfsRootfs(engine: Engine, m: RwLayerRecord): void {
  rmTree(engine, `${VFS_DIR}/${m.mountId}`);
  rmTree(engine, `${VFS_DIR}/${m.mountId}-init`);
  rmTree(engine, `${imageRoot(engine)}/layerdb/mounts/${m.containerId}`);
}

/** docker diff with vfs: the container's copy against the -init copy, with the changed paths' parent directories as C. */
export function vfsChanges(engine: Engine, m: RwLayerRecord): Array<{ kind: 'A' | 'C' | 'D'; path: string }> {
  const before = exportTree(engine, `${VFS_DIR}/${m.mountId}-init`) ?? {};
  const after = exportTree(engine, `${VFS_DIR}/${m.mountId}`) ?? {};
  const d = diffTrees(before, after);
  const out = new Map<string, 'A' | 'C' | 'D'>();
  for (const [p, e] of Object.entries(d)) {
    const kind = typeof e === 'object' && e !== null && 'whiteout' in e ? 'D' : before[p] === undefined ? 'A' : 'C';
    // A directory whose entry is unchanged but whose content changed shows up through its children.
    if (kind === 'C' && typeof e === 'object' && e !== null && 'dir' in e) continue;
    out.set(`/${p}`, kind);
    for (let q = p; q.includes('/'); ) {
      q = q.slice(0, q.lastIndexOf('/'));
      if (!out.has(`/${q}`) && before[q] !== undefined) out.set(`/${q}`, 'C');
    }
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, kind]) => ({ kind, path }));
}

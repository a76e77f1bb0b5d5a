/**
 * The layer store and the overlay2 graph driver's directories.
 *
 * Models: moby's layer store (layer/layer_store.go): a read-only layer is
 * named by its ChainID (the DiffID for a bottom layer, else
 * sha256(parentChainID + " " + DiffID)), kept in layerdb/sha256/<chainid>/
 * (cache-id, diff, size, parent) and unpacked by overlay2
 * (daemon/graphdriver/overlay2/overlay.go) into overlay2/<cache-id>/ with
 * diff/, link (a 26-character short id), lower ("l/<short>:..." uppermost
 * first, absent on a bottom layer), work/, and a symlink l/<short> ->
 * ../<cache-id>/diff keeping mount options short. With the vfs driver
 * (daemon/graphdriver/vfs: Create copies the parent's directory), a layer is
 * vfs/dir/<cache-id>, a full copy of the filesystem up to that layer, so
 * nothing is shared: `du -sh /var/lib/docker/vfs` shows the cost.
 * SIMPLIFICATIONS: no tar-split data; cache-ids and short ids come from the
 * host's seeded rng; a layer is removed when no image and no container uses it
 * (derived, not refcounted); the build cache does not pin layers.
 */

import type { Engine } from '../engine.ts';
import type { TreeSpec } from '../../kernel/fs/tree.ts';
import { compileTree, type TreeTemplate } from '../../kernel/fs/tree-template.ts';
import type { LayerRecord } from './types.ts';
import { isErr, type SysError } from '../../kernel/errno.ts';
import { codesOf, drawn, hex } from '../../host/rng.ts';
import { sha256Hex } from './sha256.ts';
import { OVERLAY2, VFS_DIR, driverOf, imageRoot, putSymlink, putTree, rmTree } from './hostfs.ts';
import { exportTree } from './tree-export.ts';
import { flattenTrees } from './tar.ts';

const BASE32_CODES = codesOf('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');

/** ChainID of a layer with DiffID `diffId` over the chain `parent` ("" for none). */
export function chainIdOf(parent: string, diffId: string): string {
  return parent ? `sha256:${sha256Hex(`${parent} ${diffId}`)}` : diffId;
}

/** ChainIDs of a stack of DiffIDs, bottom first. */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  let parent = '';
  for (const d of diffIds) {
    parent = chainIdOf(parent, d);
    out.push(parent);
  }
  return out;
}

/** overlay2's short link id: 26 base32 characters. */
export function newShortId(engine: Engine): string {
  return drawn(engine.k.state.rng, BASE32_CODES, 26);
}

/** A random 64-hex id (cache-ids, mount-ids). */
export function newRandomId(engine: Engine): string {
  return hex(engine.k.state.rng, 64);
}

export function diffDir(cacheId: string): string {
  return `${OVERLAY2}/${cacheId}/diff`;
}

export function linkPath(shortId: string): string {
  return `${OVERLAY2}/l/${shortId}`;
}

/** The filesystem of a layer chain, merged (overlay2: its diffs applied bottom up; vfs: the top layer's copy). */
export function chainTree(engine: Engine, topChainId: string): TreeSpec {
  const stack = layerStack(engine, topChainId);
  if (driverOf(engine) === 'vfs') return stack[0] ? (exportTree(engine, `${VFS_DIR}/${stack[0].cacheId}`) ?? {}) : {};
  return flattenTrees([...stack].reverse().map((l) => exportTree(engine, diffDir(l.cacheId)) ?? {}));
}

/** What a layer changed over its parent (overlay2: its diff directory; vfs: its copy compared with its parent's, as vfs's naive diff does). */
export function layerTree(engine: Engine, l: LayerRecord): TreeSpec {
  if (driverOf(engine) !== 'vfs') return exportTree(engine, diffDir(l.cacheId)) ?? {};
  const mine = exportTree(engine, `${VFS_DIR}/${l.cacheId}`) ?? {};
  const parent = l.parent ? engine.state.images.layers[l.parent] : undefined;
  return diffTrees(parent ? (exportTree(engine, `${VFS_DIR}/${parent.cacheId}`) ?? {}) : {}, mine);
}

/** The changes from tree `a` to tree `b`: new or changed entries, and whiteouts for what `b` lost (topmost path only). */
export function diffTrees(a: TreeSpec, b: TreeSpec): TreeSpec {
  const out: TreeSpec = {};
  for (const [p, e] of Object.entries(b)) {
    const was = a[p];
    if (was === undefined || JSON.stringify(was) !== JSON.stringify(e)) out[p] = e;
  }
  for (const p of Object.keys(a)) {
    if (b[p] !== undefined) continue;
    const parent = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
    if (parent && b[parent] === undefined && a[parent] !== undefined) continue;
    out[p] = { whiteout: true };
  }
  return out;
}

/** The layers of a chain, top first (the top layer itself included). */
export function layerStack(engine: Engine, topChainId: string): LayerRecord[] {
  const out: LayerRecord[] = [];
  let cur = topChainId;
  const layers = engine.state.images.layers;
  while (cur) {
    const l = layers[cur];
    if (!l) break;
    out.push(l);
    cur = l.parent;
  }
  return out;
}

/** Prefix every path of a tree spec ("etc/passwd" → "diff/etc/passwd"). */
export function underDir(prefix: string, spec: TreeSpec): TreeSpec {
  const out: TreeSpec = {};
  for (const [k, v] of Object.entries(spec)) out[`${prefix}/${k}`] = v;
  return out;
}

export interface NewLayer {
  diffId: string;
  /** ChainID of the layer below, "" for a bottom layer. */
  parent: string;
  /** This layer's ChainID when the caller knows it (chainIdOf(parent, diffId)). */
  chainId?: string;
  /** The layer's files (a function: made only when the layer is new). */
  tree: TreeSpec | (() => TreeSpec);
  /** The same files compiled, when the caller has them so (catalogue layers: shared, frozen). */
  template?: () => TreeTemplate;
  size: number;
  compressedSize?: number;
  blobDigest?: string;
}

/**
 * Register and unpack a layer (or return the existing one with the same
 * ChainID: layers are shared between images).
 */
export function createLayer(engine: Engine, n: NewLayer): { layer: LayerRecord; existed: boolean } | SysError {
  const chainId = n.chainId ?? chainIdOf(n.parent, n.diffId);
  const have = engine.state.images.layers[chainId];
  if (have) return { layer: have, existed: true };
  const below = n.parent ? layerStack(engine, n.parent) : [];
  const cacheId = newRandomId(engine);
  const shortId = newShortId(engine);
  if (driverOf(engine) === 'vfs') {
    // A full copy: the parent's directory with this layer applied over it.
    const parentDir = below[0] ? `${VFS_DIR}/${below[0].cacheId}` : null;
    const full = flattenTrees([parentDir ? (exportTree(engine, parentDir) ?? {}) : {}, typeof n.tree === 'function' ? n.tree() : n.tree]);
    const made = putTree(engine, `${VFS_DIR}/${cacheId}`, full, 0o755);
    if (isErr(made)) return made;
  } else {
    // overlay2/<cache-id>/ with the layer's files in diff/ (unpacked from the template in the same event).
    const dir: TreeSpec = { diff: { dir: true }, link: { file: shortId, mode: 0o644 } };
    if (below.length) {
      dir.lower = { file: below.map((l) => `l/${l.shortId}`).join(':'), mode: 0o644 };
      dir.work = { dir: true, mode: 0o700 };
    }
    const files = n.template ? n.template() : compileTree(typeof n.tree === 'function' ? n.tree() : n.tree);
    const made = putTree(engine, `${OVERLAY2}/${cacheId}`, dir, 0o710, { name: 'diff', tree: files });
    if (isErr(made)) return made;
    const ln = putSymlink(engine, `../${cacheId}/diff`, linkPath(shortId));
    if (isErr(ln)) return ln;
  }
  const meta: TreeSpec = { 'cache-id': cacheId, diff: n.diffId, size: String(n.size), 'tar-split.json.gz': { file: null, size: Math.max(32, Math.round(n.size / 400)) } };
  if (n.parent) meta.parent = n.parent;
  putTree(engine, `${imageRoot(engine)}/layerdb/sha256/${chainId.replace(/^sha256:/, '')}`, meta);
  const layer: LayerRecord = {
    chainId,
    diffId: n.diffId,
    parent: n.parent,
    cacheId,
    shortId,
    size: n.size,
    compressedSize: n.compressedSize ?? 0,
    blobDigest: n.blobDigest ?? '',
  };
  engine.emit({ type: 'image.layerCreated', layer });
  return { layer, existed: false };
}

/** Is the layer `chainId` part of any image's or container layer's chain? */
export function layerInUse(engine: Engine, chainId: string): boolean {
  const st = engine.state.images;
  const tops = new Set<string>();
  for (const img of Object.values(st.images)) if (img.topChainId) tops.add(img.topChainId);
  for (const m of Object.values(st.mounts)) if (m.parentChainId) tops.add(m.parentChainId);
  for (const t of tops) {
    let cur = t;
    while (cur) {
      if (cur === chainId) return true;
      cur = st.layers[cur]?.parent ?? '';
    }
  }
  return false;
}

/** Remove the layers of a chain that nothing uses any more, top first; returns their ChainIDs. */
export function releaseChain(engine: Engine, topChainId: string): string[] {
  const removed: string[] = [];
  let cur = topChainId;
  while (cur) {
    const l = engine.state.images.layers[cur];
    if (!l || layerInUse(engine, cur)) break;
    if (driverOf(engine) === 'vfs') rmTree(engine, `${VFS_DIR}/${l.cacheId}`);
    else {
      rmTree(engine, `${OVERLAY2}/${l.cacheId}`);
      rmTree(engine, linkPath(l.shortId));
    }
    rmTree(engine, `${imageRoot(engine)}/layerdb/sha256/${l.chainId.replace(/^sha256:/, '')}`);
    engine.emit({ type: 'image.layerRemoved', chainId: l.chainId });
    removed.push(l.chainId);
    cur = l.parent;
  }
  return removed;
}

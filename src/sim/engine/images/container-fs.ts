/**
 * A container's layers: the read-write layer over the image, with the -init
 * layer between them, and what `docker diff` and `docker ps -s` read from it.
 *
 * Models: moby's layer store CreateRWLayer (layer/layer_store.go) with the
 * init layer of daemon/initlayer (setup_unix.go: /dev/pts, /dev/shm, /proc,
 * /sys, /.dockerenv, /etc/resolv.conf, /etc/hosts, /etc/hostname,
 * /dev/console, /etc/mtab -> /proc/mounts), overlay2's <mount-id>-init and
 * <mount-id> directories (diff, link, lower, work, merged), layerdb/mounts,
 * and the changes and size computations (ContainerChanges, SizeRw).
 * With the vfs driver the layers are plain directories (vfs-rootfs.ts).
 * SIMPLIFICATIONS: the init layer's entries are created whatever the image
 * has (dirs merge; the files are placeholders that Docker bind-mounts over),
 * except /etc/mtab, made only if the image lacks it.
 */

import type { Engine } from '../engine.ts';
import type { TreeSpec } from '../../kernel/fs/tree.ts';
import { compileTree, freezeTemplate } from '../../kernel/fs/tree-template.ts';
import type { LayerRecord, RwLayerRecord } from './types.ts';
import { isErr } from '../../kernel/errno.ts';
import { lstat } from '../../kernel/fs/vfs/ops-read.ts';
import { diffPaths } from '../../kernel/fs/populate.ts';
import { OVERLAY2, daemonPid, driverOf, exists, imageRoot, putSymlink, putTree, rmTree } from './hostfs.ts';
import { prepareVfsRootfs, removeVfsRootfs, vfsChanges, vfsDirsOf } from './vfs-rootfs.ts';
import { diffDir, layerStack, linkPath, newRandomId, newShortId, releaseChain } from './layers.ts';

export interface PreparedRootfs {
  lowerdirs: string[];
  upperdir: string;
  workdir: string;
  merged: string;
  /** overlay2 mount-id of the container layer. */
  mountId: string;
  /** GraphDriver.Data as `docker inspect` shows it. */
  graphDriver: { LowerDir: string; MergedDir: string; UpperDir: string; WorkDir: string };
}

/** `below`: the layers under the container's, when the caller has them already (layerStack of m.parentChainId). */
function dirsOf(engine: Engine, m: RwLayerRecord, below?: LayerRecord[]): PreparedRootfs {
  if (driverOf(engine) === 'vfs') return vfsDirsOf(m);
  const stack = below ?? layerStack(engine, m.parentChainId);
  const dir = `${OVERLAY2}/${m.mountId}`;
  return {
    lowerdirs: [linkPath(m.initShortId), ...stack.map((l) => linkPath(l.shortId))],
    upperdir: `${dir}/diff`,
    workdir: `${dir}/work`,
    merged: `${dir}/merged`,
    mountId: m.mountId,
    graphDriver: {
      LowerDir: [`${dir}-init/diff`, ...stack.map((l) => diffDir(l.cacheId))].join(':'),
      MergedDir: `${dir}/merged`,
      UpperDir: `${dir}/diff`,
      WorkDir: `${dir}/work`,
    },
  };
}

/** Does any image layer (top first) have `path`? */
function inImage(engine: Engine, cacheIds: string[], path: string): boolean {
  return cacheIds.some((c) => exists(engine, `${diffDir(c)}/${path}`));
}

/** What the -init layer holds (daemon/initlayer), relative to the root. */
const INIT_ENTRIES: TreeSpec = {
  'dev/pts': { dir: true },
  'dev/shm': { dir: true },
  'dev/console': { file: '', mode: 0o755 },
  proc: { dir: true },
  sys: { dir: true },
  '.dockerenv': { file: '', mode: 0o755 },
  'etc/resolv.conf': { file: '', mode: 0o755 },
  'etc/hosts': { file: '', mode: 0o755 },
  'etc/hostname': { file: '', mode: 0o755 },
  'etc/mtab': { symlink: '/proc/mounts' },
};

/** The -init layer's diff/, compiled once (frozen, shared by every container): with /etc/mtab, and without for images that have one. */
const INIT_DIFF_MTAB = freezeTemplate(compileTree(INIT_ENTRIES));
const INIT_DIFF = freezeTemplate(compileTree(Object.fromEntries(Object.entries(INIT_ENTRIES).filter(([path]) => path !== 'etc/mtab'))));

/** Create the container's -init and read-write layers over image `imageId`. */
export function prepareRootfs(engine: Engine, imageId: string, containerId: string): PreparedRootfs | { error: string } {
  const st = engine.state.images;
  const existing = st.mounts[containerId];
  if (existing) return dirsOf(engine, existing);
  const img = st.images[imageId];
  if (!img) return { error: `No such image: ${imageId}` };
  return prepareRootfsOver(engine, img.topChainId, containerId, imageId);
}

/** The -init and read-write layers over a layer chain (a build step's container has no image yet). */
export function prepareRootfsOver(engine: Engine, topChainId: string, containerId: string, imageId = ''): PreparedRootfs | { error: string } {
  if (driverOf(engine) === 'vfs') return prepareVfsRootfs(engine, topChainId, containerId, imageId, INIT_ENTRIES);
  const stack = layerStack(engine, topChainId);
  const mountId = newRandomId(engine);
  const initShortId = newShortId(engine);
  const shortId = newShortId(engine);
  const below = stack.map((l) => `l/${l.shortId}`).join(':');
  const init: TreeSpec = { diff: { dir: true }, link: { file: initShortId }, work: { dir: true, mode: 0o700 } };
  if (below) init.lower = { file: below };
  const withMtab = !inImage(engine, stack.map((l) => l.cacheId), 'etc/mtab');
  // The -init layer's diff/ is unpacked from a compiled template (the same inodes, in the same order, as spelling it out).
  const a = putTree(engine, `${OVERLAY2}/${mountId}-init`, init, 0o710, { name: 'diff', tree: withMtab ? INIT_DIFF_MTAB : INIT_DIFF });
  if (isErr(a)) return { error: `failed to create init layer: ${a.errno}` };
  const b = putTree(
    engine,
    `${OVERLAY2}/${mountId}`,
    { diff: { dir: true }, link: { file: shortId }, lower: { file: below ? `l/${initShortId}:${below}` : `l/${initShortId}` }, work: { dir: true, mode: 0o700 }, merged: { dir: true } },
    0o710,
  );
  if (isErr(b)) return { error: `failed to create rw layer: ${b.errno}` };
  putSymlink(engine, `../${mountId}-init/diff`, linkPath(initShortId));
  putSymlink(engine, `../${mountId}/diff`, linkPath(shortId));
  const meta: TreeSpec = { 'init-id': `${mountId}-init`, 'mount-id': mountId };
  if (topChainId) meta.parent = topChainId;
  putTree(engine, `${imageRoot(engine)}/layerdb/mounts/${containerId}`, meta);
  const mount: RwLayerRecord = { containerId, imageId, parentChainId: topChainId, mountId, shortId, initShortId };
  engine.emit({ type: 'image.rwLayerCreated', mount });
  return dirsOf(engine, mount, stack);
}

/** The overlay directories of a container's layers (null if it has none). */
export function rootfsDirs(engine: Engine, containerId: string): PreparedRootfs | null {
  const m = engine.state.images.mounts[containerId];
  return m ? dirsOf(engine, m) : null;
}

/** Remove a container's layers (docker rm); `release` drops image layers nothing else uses (not for build steps). */
export function removeRootfs(engine: Engine, containerId: string, release = true): void {
  const m = engine.state.images.mounts[containerId];
  if (!m) return;
  if (driverOf(engine) === 'vfs') removeVfsRootfs(engine, m);
  else {
    rmTree(engine, `${OVERLAY2}/${m.mountId}`);
    rmTree(engine, `${OVERLAY2}/${m.mountId}-init`);
    rmTree(engine, linkPath(m.shortId));
    rmTree(engine, linkPath(m.initShortId));
    rmTree(engine, `${imageRoot(engine)}/layerdb/mounts/${containerId}`);
  }
  engine.emit({ type: 'image.rwLayerRemoved', containerId });
  // Layers of an image deleted with -f while this container used them go now.
  if (release && m.parentChainId && !engine.state.images.images[m.imageId]) releaseChain(engine, m.parentChainId);
}

/** Files Docker manages itself (bind mounts and the init layer's placeholders): never reported by docker diff. */
const IGNORED = new Set(['/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/.dockerenv', '/dev/console', '/dev/pts', '/dev/shm']);

export interface Change {
  kind: 'A' | 'C' | 'D';
  path: string;
}

/** docker diff: the container layer against the image (and init) layers, as A/C/D by path. */
export function changes(engine: Engine, containerId: string): Change[] | { error: string } {
  const m = engine.state.images.mounts[containerId];
  if (!m) return { error: `No such container: ${containerId}` };
  if (driverOf(engine) === 'vfs') return vfsChanges(engine, m).filter((c) => !IGNORED.has(c.path));
  const d = dirsOf(engine, m);
  const lowers = d.graphDriver.LowerDir.split(':').filter(Boolean);
  const all = diffPaths(engine.k, daemonPid(engine), d.upperdir, lowers);
  if (isErr(all)) return { error: `failed to get changes: ${all.errno}` };
  const kept = all.filter((c) => !IGNORED.has(c.path));
  // A directory reported only because an ignored file inside it was written is not a change.
  return kept.filter((c) => !(c.kind === 'C' && all.some((x) => IGNORED.has(x.path) && x.path.startsWith(`${c.path}/`)) && !kept.some((x) => x !== c && x.path.startsWith(`${c.path}/`))));
}

/** The Engine API's /containers/{id}/changes body: Kind 0 = C, 1 = A, 2 = D. */
export function containerChanges(engine: Engine, containerId: string): Array<{ Kind: number; Path: string }> | { error: string } {
  const c = changes(engine, containerId);
  if ('error' in c) return c;
  return c.map((x) => ({ Kind: x.kind === 'C' ? 0 : x.kind === 'A' ? 1 : 2, Path: x.path }));
}

/** Bytes of regular files under a directory inode (du of a layer's diff, as Docker's SizeRw counts). */
export function treeBytes(engine: Engine, path: string): number {
  const st = lstat(engine.k, daemonPid(engine), path);
  if (isErr(st)) return 0;
  const inodes = engine.k.state.fs.inodes;
  let total = 0;
  const todo = [st.ino];
  const seen = new Set<number>();
  while (todo.length) {
    const n = todo.pop() as number;
    if (seen.has(n)) continue;
    seen.add(n);
    const i = inodes[n];
    if (!i) continue;
    if (i.type === 'dir') for (const c of Object.values(i.entries ?? {})) todo.push(c);
    else if (i.type === 'file' || i.type === 'symlink') total += i.size;
  }
  return total;
}

/** `docker ps -s`: SizeRw (the container layer) and SizeRootFs (image plus container layer). */
export function layerSize(engine: Engine, containerId: string): { sizeRw: number; sizeRootFs: number } {
  const m = engine.state.images.mounts[containerId];
  if (!m) return { sizeRw: 0, sizeRootFs: 0 };
  const rw =
    driverOf(engine) === 'vfs'
      ? Math.max(0, treeBytes(engine, `${vfsDirsOf(m).upperdir}`) - treeBytes(engine, `${vfsDirsOf(m).upperdir}-init`))
      : treeBytes(engine, `${OVERLAY2}/${m.mountId}/diff`);
  const img = engine.state.images.images[m.imageId];
  return { sizeRw: rw, sizeRootFs: rw + (img?.size ?? 0) };
}

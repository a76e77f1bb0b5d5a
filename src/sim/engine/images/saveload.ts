/**
 * `docker save` (GET /images/get), `docker load` (POST /images/load),
 * `docker import` (POST /images/create?fromSrc=-) and the archive side of
 * `docker export` (exportContainer, for the containers area's route).
 *
 * Models: moby image/tarexport (save writes an OCI layout with Docker's
 * manifest.json and repositories files; load registers each layer and tags
 * the RepoTags, printing "Loaded image: <ref>" or "Loaded image ID: <id>")
 * and daemon/images ImportImage (a rootfs archive becomes a one-layer image,
 * history "Imported from -"; prints the new ID).
 * SIMPLIFICATIONS: archives are JSON (see tar.ts); load does not verify blob digests.
 */

import type { Engine } from '../engine.ts';
import type { HistoryEntry, ImageConfig, ImageRecord } from './types.ts';
import type { TreeSpec } from '../../kernel/fs/tree.ts';
import { isErr } from '../../kernel/errno.ts';
import { archiveBody, decodeTar, entriesToTree, flattenTrees, treeToEntries, type TarEntry } from './tar.ts';
import { createLayer, layerStack, layerTree } from './layers.ts';
import { exportTree, treeDiffId, treeSize } from './tree-export.ts';
import { configJson, findImage, normalizeRef, tagImage, writeImageDb } from './store.ts';
import { digestOf } from './sha256.ts';
import { rfc3339Nano } from './time.ts';
import { parseChanges } from './changes.ts';
import { rootfsDirs } from './container-fs.ts';

type Err = { status: number; message: string };

const hexOf = (d: string): string => d.replace(/^sha256:/, '');

/** GET /images/get?names=...: the archive of the named images. */
export function saveImages(engine: Engine, names: string[]): { files: TarEntry[] } | Err {
  const entries: TarEntry[] = [];
  const manifest: Array<{ Config: string; RepoTags: string[]; Layers: string[] }> = [];
  const repositories: Record<string, Record<string, string>> = {};
  const seenBlobs = new Set<string>();
  const index: Array<Record<string, unknown>> = [];
  for (const n of names) {
    const f = findImage(engine, n);
    if (!('image' in f)) return f;
    const img = f.image;
    const cfg = configJson(img);
    const cfgPath = `blobs/sha256/${hexOf(img.id)}`;
    if (!seenBlobs.has(cfgPath)) {
      seenBlobs.add(cfgPath);
      entries.push({ path: cfgPath, type: 'file', mode: 0o644, data: cfg });
    }
    const layerPaths: string[] = [];
    for (const l of [...layerStack(engine, img.topChainId)].reverse()) {
      const p = `blobs/sha256/${hexOf(l.diffId)}`;
      layerPaths.push(p);
      if (seenBlobs.has(p)) continue;
      seenBlobs.add(p);
      entries.push({ path: p, type: 'file', mode: 0o644, size: l.size, layer: layerTree(engine, l) });
    }
    const n2 = normalizeRef(n);
    const tags = n2 && !n2.ref.digest && img.repoTags.includes(n2.key) ? [n2.key] : n2 ? [] : [];
    manifest.push({ Config: cfgPath, RepoTags: tags, Layers: layerPaths });
    for (const t of tags) {
      const i = t.lastIndexOf(':');
      (repositories[t.slice(0, i)] ??= {})[t.slice(i + 1)] = hexOf(img.diffIds[img.diffIds.length - 1] ?? img.id);
    }
    const man = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { digest: img.id }, layers: img.diffIds.map((d) => ({ digest: d })) });
    const manDigest = digestOf(man);
    entries.push({ path: `blobs/sha256/${hexOf(manDigest)}`, type: 'file', mode: 0o644, data: man });
    index.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: manDigest, size: man.length, ...(tags[0] ? { annotations: { 'io.containerd.image.name': `docker.io/${tags[0].includes('/') ? '' : 'library/'}${tags[0]}`, 'org.opencontainers.image.ref.name': tags[0].slice(tags[0].lastIndexOf(':') + 1) } } : {}) });
    engine.emit({ type: 'image.saved', ids: [img.id] });
  }
  entries.push({ path: 'index.json', type: 'file', mode: 0o644, data: JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: index }) });
  entries.push({ path: 'manifest.json', type: 'file', mode: 0o644, data: JSON.stringify(manifest) });
  entries.push({ path: 'oci-layout', type: 'file', mode: 0o644, data: '{"imageLayoutVersion": "1.0.0"}' });
  if (Object.keys(repositories).length) entries.push({ path: 'repositories', type: 'file', mode: 0o644, data: JSON.stringify(repositories) });
  return archiveBody(entries);
}

/** POST /images/load: register the archive's images; the JSON stream lines. */
export function loadImages(engine: Engine, body: unknown, quiet: boolean): Array<Record<string, unknown>> | Err {
  const entries = decodeTar(body);
  const byPath = new Map((entries ?? []).map((e) => [e.path, e]));
  const manifestText = byPath.get('manifest.json')?.data;
  if (!entries || !manifestText) return { status: 500, message: 'unexpected EOF' };
  let manifest: Array<{ Config: string; RepoTags?: string[] | null; Layers: string[] }>;
  try {
    manifest = JSON.parse(manifestText);
  } catch {
    return { status: 500, message: 'invalid character in manifest.json' };
  }
  const out: Array<Record<string, unknown>> = [];
  for (const m of manifest) {
    const cfgText = byPath.get(m.Config)?.data;
    if (!cfgText) return { status: 500, message: `open ${m.Config}: no such file or directory` };
    const cfg = JSON.parse(cfgText) as { config?: ImageConfig; created?: string; history?: HistoryEntry[]; author?: string; comment?: string; rootfs?: { diff_ids?: string[] } };
    let parent = '';
    let size = 0;
    for (const lp of m.Layers) {
      const e = byPath.get(lp);
      const tree = e?.layer ?? {};
      const diffId = `sha256:${lp.slice(lp.lastIndexOf('/') + 1)}`;
      const lsize = e?.size ?? treeSize(tree);
      const made = createLayer(engine, { diffId, parent, tree, size: lsize });
      if (isErr(made)) return { status: 500, message: `failed to register layer: ${made.errno}` };
      if (!made.existed && !quiet) out.push({ status: 'Loading layer', progressDetail: { current: lsize, total: lsize }, id: diffId.slice(7, 19) });
      parent = made.layer.chainId;
      size += lsize;
    }
    const id = `sha256:${m.Config.slice(m.Config.lastIndexOf('/') + 1)}`;
    if (!engine.state.images.images[id]) {
      const rec: ImageRecord = {
        id, repoTags: [], repoDigests: [], parent: '', comment: cfg.comment ?? '', created: cfg.created ?? rfc3339Nano(engine.k.nowMs), author: cfg.author ?? '',
        dockerVersion: '', config: cfg.config ?? {}, architecture: 'amd64', os: 'linux', diffIds: cfg.rootfs?.diff_ids ?? [], topChainId: parent, history: cfg.history ?? [], size, lastTagTime: '',
      };
      engine.emit({ type: 'image.created', image: rec });
      writeImageDb(engine, rec);
    }
    const tags = m.RepoTags ?? [];
    for (const t of tags) {
      const prev = engine.state.images.tags[t];
      if (prev && prev !== id) out.push({ stream: `The image ${t} already exists, renaming the old one with ID ${prev} to empty string\n` });
      tagImage(engine, id, t);
      out.push({ stream: `Loaded image: ${t}\n` });
      engine.emit({ type: 'image.loaded', id, ref: t });
    }
    if (!tags.length) {
      out.push({ stream: `Loaded image ID: ${id}\n` });
      engine.emit({ type: 'image.loaded', id, ref: id });
    }
  }
  return out;
}

/** POST /images/create?fromSrc=-: a rootfs archive becomes a one-layer image. */
export function importImage(engine: Engine, body: unknown, o: { repo?: string; tag?: string; message?: string; changes?: string[] }): Array<Record<string, unknown>> | Err {
  const entries = decodeTar(body);
  if (!entries) return { status: 500, message: 'archive/tar: invalid tar header' };
  let config: ImageConfig = {};
  if (o.changes?.length) {
    const c = parseChanges(o.changes, config);
    if ('error' in c) return { status: 400, message: c.error };
    config = c.config;
  }
  const tree = entriesToTree(entries);
  const diffId = treeDiffId(tree);
  const size = treeSize(tree);
  const made = createLayer(engine, { diffId, parent: '', tree, size });
  if (isErr(made)) return { status: 500, message: `failed to register layer: ${made.errno}` };
  const created = rfc3339Nano(engine.k.nowMs);
  const base = { architecture: 'amd64' as const, os: 'linux' as const, config, created, history: [{ created, created_by: '', comment: o.message || 'Imported from -' }], diffIds: [diffId], author: '', comment: o.message ?? '' };
  const id = digestOf(configJson(base));
  if (!engine.state.images.images[id]) {
    const rec: ImageRecord = Object.assign({}, base, { id, repoTags: [], repoDigests: [], parent: '' as const, dockerVersion: '28.2.2' as const, topChainId: made.layer.chainId, size, lastTagTime: '' as const });
    engine.emit({ type: 'image.created', image: rec });
    writeImageDb(engine, rec);
  }
  if (o.repo) {
    const n = normalizeRef(`${o.repo}${o.tag ? `:${o.tag}` : ''}`);
    if (!n) return { status: 400, message: 'invalid reference format' };
    tagImage(engine, id, n.key);
  }
  engine.emit({ type: 'image.imported', id, ref: o.repo ?? id });
  return [{ status: id }];
}

/** The merged root filesystem of a container's layers (docker export). */
export function containerTree(engine: Engine, containerId: string): TreeSpec | null {
  const d = rootfsDirs(engine, containerId);
  if (!d) return null;
  const dirs = [...d.graphDriver.LowerDir.split(':').filter(Boolean).reverse(), d.upperdir];
  return flattenTrees(dirs.map((p) => exportTree(engine, p) ?? {}));
}

/** The container's filesystem as an archive body (from its layers, without mounting). */
export function exportContainer(engine: Engine, containerId: string): { files: TarEntry[] } | null {
  const t = containerTree(engine, containerId);
  return t ? archiveBody(treeToEntries(t)) : null;
}


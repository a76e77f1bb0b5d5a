/**
 * `docker commit`: a container's read-write layer becomes a new image layer
 * on top of its image, with the container's config (plus --change lines).
 *
 * Models: moby daemon/commit.go (CreateImageFromContainer): the layer is the
 * container layer's diff (not the -init layer); an unchanged container gives
 * an empty layer that is not stored (history empty_layer); history
 * created_by is the container's Cmd joined with spaces; Parent is the
 * container's image; the new image is tagged repo:tag (tag defaults to latest).
 * SIMPLIFICATIONS: no pause of a running container (the simulation is
 * synchronous); files Docker bind-mounts (/etc/hosts, /etc/hostname,
 * /etc/resolv.conf) are left out of the layer.
 */

import type { Engine } from '../engine.ts';
import type { HistoryEntry, ImageConfig, ImageRecord } from './types.ts';
import type { TreeSpec } from '../../kernel/fs/tree.ts';
import { isErr } from '../../kernel/errno.ts';
import { createLayer, diffTrees } from './layers.ts';
import { exportTree, treeDiffId, treeSize } from './tree-export.ts';
import { configJson, normalizeRef, tagImage, writeImageDb } from './store.ts';
import { digestOf } from './sha256.ts';
import { rfc3339Nano } from './time.ts';
import { parseChanges } from './changes.ts';
import { rootfsDirs } from './container-fs.ts';

const BIND_MOUNTED = ['etc/hosts', 'etc/hostname', 'etc/resolv.conf'];

/** The container layer's changes as a layer tree (Docker-managed files left out). */
export function upperTree(engine: Engine, containerId: string): TreeSpec | null {
  const d = rootfsDirs(engine, containerId);
  if (!d) return null;
  // vfs: the container's directory is a full copy; its changes are what differs from the -init copy.
  const t = d.merged === d.upperdir ? diffTrees(exportTree(engine, `${d.upperdir}-init`) ?? {}, exportTree(engine, d.upperdir) ?? {}) : (exportTree(engine, d.upperdir) ?? {});
  for (const p of BIND_MOUNTED) delete t[p];
  if (t.etc && !Object.keys(t).some((k) => k.startsWith('etc/'))) delete t.etc;
  return t;
}

export interface CommitOptions {
  repo?: string;
  tag?: string;
  comment?: string;
  author?: string;
  changes?: string[];
  pause?: boolean;
}

interface ContainerLike {
  Id: string;
  Image: string;
  Config: { Cmd: string[] | null; Entrypoint: string[] | null; Env: string[]; ExposedPorts?: Record<string, Record<string, never>>; Labels: Record<string, string>; User: string; WorkingDir: string; Volumes: Record<string, Record<string, never>> | null; StopSignal?: string; Healthcheck?: ImageConfig['Healthcheck']; OnBuild: string[] | null };
}

function configFrom(c: ContainerLike): ImageConfig {
  const cfg: ImageConfig = { Env: [...c.Config.Env], Cmd: c.Config.Cmd ? [...c.Config.Cmd] : null };
  if (c.Config.User) cfg.User = c.Config.User;
  if (c.Config.ExposedPorts && Object.keys(c.Config.ExposedPorts).length) cfg.ExposedPorts = { ...c.Config.ExposedPorts };
  if (c.Config.Entrypoint) cfg.Entrypoint = [...c.Config.Entrypoint];
  if (c.Config.Volumes && Object.keys(c.Config.Volumes).length) cfg.Volumes = { ...c.Config.Volumes };
  if (c.Config.WorkingDir) cfg.WorkingDir = c.Config.WorkingDir;
  if (c.Config.Labels && Object.keys(c.Config.Labels).length) cfg.Labels = { ...c.Config.Labels };
  if (c.Config.StopSignal) cfg.StopSignal = c.Config.StopSignal;
  if (c.Config.Healthcheck) cfg.Healthcheck = c.Config.Healthcheck;
  if (c.Config.OnBuild?.length) cfg.OnBuild = [...c.Config.OnBuild];
  return cfg;
}

/** Commit container `containerId` (ID or name) to a new image; returns {Id: "sha256:..."}. */
export function commitContainer(engine: Engine, containerId: string, opts: CommitOptions | Record<string, unknown> = {}): { Id: string } | { error: string; status?: number } {
  const o = opts as CommitOptions;
  const byId = (engine.state.containers as unknown as { byId?: Record<string, ContainerLike>; names?: Record<string, string> }) ?? {};
  const c = byId.byId?.[containerId] ?? byId.byId?.[byId.names?.[`/${containerId.replace(/^\//, '')}`] ?? ''] ?? Object.values(byId.byId ?? {}).find((x) => x.Id.startsWith(containerId));
  if (!c) return { error: `No such container: ${containerId}`, status: 404 };
  const parent = engine.state.images.images[c.Image];
  if (!parent) return { error: `No such image: ${c.Image}`, status: 404 };
  let target: string | null = null;
  if (o.repo) {
    const n = normalizeRef(`${o.repo}${o.tag ? `:${o.tag}` : ''}`);
    if (!n || n.ref.digest) return { error: 'invalid reference format', status: 400 };
    target = n.key;
  }
  let config = configFrom(c);
  if (o.changes?.length) {
    const ch = parseChanges(o.changes, config);
    if ('error' in ch) return { error: ch.error, status: 400 };
    config = ch.config;
  }
  const tree = upperTree(engine, c.Id);
  if (!tree) return { error: `container ${c.Id} has no layer`, status: 500 };
  const created = rfc3339Nano(engine.k.nowMs);
  const empty = Object.keys(tree).length === 0;
  let topChainId = parent.topChainId;
  let diffIds = [...parent.diffIds];
  let size = parent.size;
  if (!empty) {
    const diffId = treeDiffId(tree);
    const lsize = treeSize(tree);
    const made = createLayer(engine, { diffId, parent: parent.topChainId, tree, size: lsize });
    if (isErr(made)) return { error: `failed to register layer: ${made.errno}`, status: 500 };
    topChainId = made.layer.chainId;
    diffIds = [...diffIds, diffId];
    size += lsize;
  }
  const h: HistoryEntry = { created, created_by: (c.Config.Cmd ?? []).join(' ') };
  if (o.author) h.author = o.author;
  if (o.comment) h.comment = o.comment;
  if (empty) h.empty_layer = true;
  const base = { architecture: 'amd64' as const, os: 'linux' as const, config, created, history: [...parent.history, h], diffIds, author: o.author ?? '', comment: o.comment ?? '' };
  const id = digestOf(configJson(base));
  if (!engine.state.images.images[id]) {
    const rec: ImageRecord = Object.assign({}, base, { id, repoTags: [], repoDigests: [], parent: parent.id, dockerVersion: '28.2.2' as const, topChainId, size, lastTagTime: '' as const });
    engine.emit({ type: 'image.created', image: rec });
    writeImageDb(engine, rec);
  }
  if (target) tagImage(engine, id, target);
  return { Id: id };
}

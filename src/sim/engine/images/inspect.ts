/**
 * What the Engine API answers about images: `docker image inspect`
 * (GET /images/{name}/json), `docker images` (GET /images/json with filters)
 * and `docker history` (GET /images/{name}/history).
 *
 * Models: moby api/types/image (InspectResponse, Summary, HistoryResponseItem)
 * for API 1.50 (Docker 28): no Container/ContainerConfig/VirtualSize; Config
 * with Docker's OCI image config fields, empty ones omitted; dangling images
 * listed as "<none>:<none>"; list sorted newest first.
 * SIMPLIFICATIONS: Containers and SharedSize are -1 as without the counting
 * options; no Descriptor/Manifests (those come with the containerd store).
 */

import type { Engine } from '../engine.ts';
import type { ImageConfig, ImageRecord } from './types.ts';
import { OVERLAY2, driverOf } from './hostfs.ts';
import { layerStack, diffDir } from './layers.ts';
import { findImage } from './store.ts';
import { unixSeconds } from './time.ts';

const CONFIG_KEYS: Array<keyof ImageConfig> = ['User', 'ExposedPorts', 'Env', 'Entrypoint', 'Cmd', 'Volumes', 'WorkingDir', 'Labels', 'StopSignal', 'ArgsEscaped', 'Healthcheck', 'OnBuild', 'Shell'];

function empty(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

/** The image config as inspect prints it: fixed key order, empty fields omitted. */
export function inspectConfig(c: ImageConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of CONFIG_KEYS) if (!empty(c[k])) out[k] = c[k];
  return out;
}

/** GraphDriver of an image: its top layer's directories, the layers below as LowerDir. */
export function imageGraphDriver(engine: Engine, img: ImageRecord): { Data: Record<string, string> | null; Name: string } {
  // vfs reports no metadata (its GetMetadata returns nil).
  if (driverOf(engine) === 'vfs') return { Data: null, Name: 'vfs' };
  const stack = layerStack(engine, img.topChainId);
  const top = stack[0];
  if (!top) return { Data: {}, Name: 'overlay2' };
  const data: Record<string, string> = {};
  if (stack.length > 1) data.LowerDir = stack.slice(1).map((l) => diffDir(l.cacheId)).join(':');
  data.MergedDir = `${OVERLAY2}/${top.cacheId}/merged`;
  data.UpperDir = diffDir(top.cacheId);
  data.WorkDir = `${OVERLAY2}/${top.cacheId}/work`;
  return { Data: data, Name: 'overlay2' };
}

export function inspectImage(engine: Engine, img: ImageRecord): Record<string, unknown> {
  return {
    Id: img.id,
    RepoTags: [...img.repoTags],
    RepoDigests: [...img.repoDigests],
    Parent: img.parent,
    Comment: img.comment,
    Created: img.created,
    DockerVersion: img.dockerVersion,
    Author: img.author,
    Config: inspectConfig(img.config),
    Architecture: img.architecture,
    Os: img.os,
    Size: img.size,
    GraphDriver: imageGraphDriver(engine, img),
    RootFS: { Type: 'layers', Layers: [...img.diffIds] },
    Metadata: { LastTagTime: img.lastTagTime || '0001-01-01T00:00:00Z' },
  };
}

export interface ImageSummary {
  Containers: number;
  Created: number;
  Id: string;
  Labels: Record<string, string> | null;
  ParentId: string;
  RepoDigests: string[];
  RepoTags: string[];
  SharedSize: number;
  Size: number;
}

export function summaryOf(img: ImageRecord): ImageSummary {
  const dangling = img.repoTags.length === 0 && img.repoDigests.length === 0;
  return {
    Containers: -1,
    Created: unixSeconds(img.created),
    Id: img.id,
    Labels: img.config.Labels && Object.keys(img.config.Labels).length ? { ...img.config.Labels } : null,
    ParentId: img.parent,
    RepoDigests: dangling ? ['<none>@<none>'] : [...img.repoDigests],
    RepoTags: dangling ? ['<none>:<none>'] : [...img.repoTags],
    SharedSize: -1,
    Size: img.size,
  };
}

/** Filters as the API sends them: {"dangling":{"true":true}} or {"dangling":["true"]}. */
export function parseFilters(raw: string | string[] | undefined): Record<string, string[]> | { error: string } {
  const s = Array.isArray(raw) ? raw[0] : raw;
  if (!s) return {};
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch {
    return { error: 'invalid filter' };
  }
  const out: Record<string, string[]> = {};
  if (typeof v !== 'object' || v === null) return { error: 'invalid filter' };
  for (const [k, vals] of Object.entries(v as Record<string, unknown>)) {
    if (Array.isArray(vals)) out[k] = vals.map(String);
    else if (vals && typeof vals === 'object') out[k] = Object.keys(vals as object);
  }
  return out;
}

/** Go's path.Match for reference filters ("alp*", "learner/app:1.*"). */
export function globMatch(pattern: string, s: string): boolean {
  const re = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${re}$`).test(s);
}

const IMAGE_FILTERS = new Set(['dangling', 'label', 'before', 'since', 'reference', 'until']);

/** GET /images/json. */
export function listImages(engine: Engine, o: { all?: boolean; filters?: Record<string, string[]> }): ImageSummary[] | { status: number; message: string } {
  const f = o.filters ?? {};
  for (const k of Object.keys(f)) if (!IMAGE_FILTERS.has(k)) return { status: 400, message: `invalid filter '${k}'` };
  for (const d of f.dangling ?? []) if (d !== 'true' && d !== 'false' && d !== '1' && d !== '0') return { status: 400, message: `invalid filter 'dangling=${d}'` };
  const danglingOnly = (f.dangling ?? []).some((d) => d === 'true' || d === '1');
  const danglingNot = (f.dangling ?? []).some((d) => d === 'false' || d === '0');
  const bound = (key: 'before' | 'since'): number | { status: number; message: string } | null => {
    const v = f[key]?.[0];
    if (v === undefined) return null;
    const r = findImage(engine, v);
    return 'image' in r ? unixSeconds(r.image.created) : r;
  };
  const before = bound('before');
  const since = bound('since');
  if (before && typeof before === 'object') return before;
  if (since && typeof since === 'object') return since;
  const images = Object.values(engine.state.images.images);
  const parents = new Set(images.map((i) => i.parent).filter(Boolean));
  const out: ImageSummary[] = [];
  for (const img of images) {
    const dangling = img.repoTags.length === 0;
    if (danglingOnly && !dangling) continue;
    if (danglingNot && dangling) continue;
    const created = unixSeconds(img.created);
    if (typeof before === 'number' && created >= before) continue;
    if (typeof since === 'number' && created <= since) continue;
    if (f.label && !f.label.every((l) => matchLabel(img.config.Labels ?? {}, l))) continue;
    const refs = f.reference;
    let tags = img.repoTags;
    if (refs) {
      tags = img.repoTags.filter((t) => refs.some((p) => globMatch(p, t) || globMatch(p, t.slice(0, t.lastIndexOf(':')))));
      if (!tags.length) continue;
    }
    if (img.repoTags.length === 0 && img.repoDigests.length === 0 && !o.all && parents.has(img.id)) continue;
    const s = summaryOf(img);
    if (refs) s.RepoTags = tags;
    out.push(s);
  }
  return out.sort((a, b) => b.Created - a.Created || (a.Id < b.Id ? -1 : 1));
}

function matchLabel(labels: Record<string, string>, f: string): boolean {
  const i = f.indexOf('=');
  if (i === -1) return Object.prototype.hasOwnProperty.call(labels, f);
  return labels[f.slice(0, i)] === f.slice(i + 1);
}

export interface HistoryItem {
  Id: string;
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

/** GET /images/{name}/history: newest first; entries of images in the store carry their IDs. */
export function imageHistory(engine: Engine, img: ImageRecord): HistoryItem[] {
  const st = engine.state.images;
  const layers = [...layerStack(engine, img.topChainId)].reverse();
  const items: HistoryItem[] = [];
  let li = 0;
  for (const h of img.history) {
    let size = 0;
    if (!h.empty_layer) {
      size = layers[li]?.size ?? 0;
      li++;
    }
    items.push({ Id: '<missing>', Created: unixSeconds(h.created), CreatedBy: h.created_by, Tags: null, Size: size, Comment: h.comment ?? '' });
  }
  // Mark the top entry of this image and of each parent (classic builder / commit chains).
  let cur: ImageRecord | undefined = img;
  while (cur) {
    const n = cur.history.length;
    const item = items[n - 1];
    if (item) {
      item.Id = cur.id;
      item.Tags = cur.repoTags.length ? [...cur.repoTags] : null;
    }
    cur = cur.parent ? st.images[cur.parent] : undefined;
  }
  return items.reverse();
}

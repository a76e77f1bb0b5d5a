/**
 * `docker image prune` (POST /images/prune), the build cache's prune
 * (POST /build/prune) and the images part of `docker system df`.
 *
 * Models: moby daemon/images/image_prune.go (dangling images by default;
 * with dangling=false every image no container uses; until/label filters;
 * SpaceReclaimed counts the layers actually removed) and the disk-usage
 * figures of GET /system/df (layers counted once however many images share them).
 * SIMPLIFICATIONS: the build cache's size is the size of the layers its
 * records produced.
 */

import type { Engine } from '../engine.ts';
import type { ImageRecord } from './types.ts';
import { containersUsing, deleteImage, isDangling, type DeleteRecord } from './store.ts';
import { layerStack } from './layers.ts';
import { summaryOf } from './inspect.ts';
import { unixSeconds } from './time.ts';
import { parseDuration } from './changes.ts';

function layersSize(engine: Engine): number {
  return Object.values(engine.state.images.layers).reduce((n, l) => n + l.size, 0);
}

export function pruneImages(engine: Engine, filters: Record<string, string[]>): { ImagesDeleted: DeleteRecord[] | null; SpaceReclaimed: number } | { status: number; message: string } {
  for (const k of Object.keys(filters)) if (!['dangling', 'until', 'label', 'label!'].includes(k)) return { status: 400, message: `invalid filter '${k}'` };
  const danglingOnly = !(filters.dangling ?? []).some((d) => d === 'false' || d === '0');
  let until = Infinity;
  const u = filters.until?.[0];
  if (u !== undefined) {
    const d = parseDuration(u);
    until = d !== null ? (engine.k.nowMs - d / 1e6) / 1000 : unixSeconds(u);
  }
  const before = layersSize(engine);
  const deleted: DeleteRecord[] = [];
  const candidates = Object.values(engine.state.images.images).filter((img: ImageRecord) => {
    if (danglingOnly && !isDangling(engine, img)) return false;
    if (containersUsing(engine, img.id).length) return false;
    if (unixSeconds(img.created) >= until) return false;
    const labels = img.config.Labels ?? {};
    for (const l of filters.label ?? []) if (!hasLabel(labels, l)) return false;
    for (const l of filters['label!'] ?? []) if (hasLabel(labels, l)) return false;
    return true;
  });
  for (const img of candidates) {
    if (!engine.state.images.images[img.id]) continue;
    const r = deleteImage(engine, img.id, { force: !danglingOnly });
    if (Array.isArray(r)) deleted.push(...r);
  }
  return { ImagesDeleted: deleted.length ? deleted : null, SpaceReclaimed: before - layersSize(engine) };
}

function hasLabel(labels: Record<string, string>, f: string): boolean {
  const i = f.indexOf('=');
  return i === -1 ? Object.prototype.hasOwnProperty.call(labels, f) : labels[f.slice(0, i)] === f.slice(i + 1);
}

/** POST /build/prune: drop build cache records (all with `all`, else those whose layers no image uses). */
export function pruneBuildCache(engine: Engine, all: boolean): { CachesDeleted: string[] | null; SpaceReclaimed: number } {
  const st = engine.state.images;
  const used = new Set<string>();
  for (const img of Object.values(st.images)) for (const l of layerStack(engine, img.topChainId)) used.add(l.chainId);
  const keys = Object.values(st.buildCache)
    .filter((r) => all || !r.chainId || !used.has(r.chainId))
    .map((r) => r.key);
  const space = keys.reduce((n, k) => n + (st.buildCache[k]?.size ?? 0), 0);
  if (keys.length) engine.emit({ type: 'image.buildCachePruned', keys });
  return { CachesDeleted: keys.length ? keys.map((k) => k.slice(7, 32)) : null, SpaceReclaimed: space };
}

/** The images part of GET /system/df: LayersSize (each layer once) and the image summaries with SharedSize and Containers. */
export function imagesDiskUsage(engine: Engine): { LayersSize: number; Images: Array<Record<string, unknown>>; BuildCache: Array<Record<string, unknown>> } {
  const st = engine.state.images;
  const users = new Map<string, number>();
  for (const img of Object.values(st.images)) for (const l of layerStack(engine, img.topChainId)) users.set(l.chainId, (users.get(l.chainId) ?? 0) + 1);
  const images = Object.values(st.images).map((img) => {
    const s = summaryOf(img) as unknown as Record<string, unknown>;
    s.Containers = containersUsing(engine, img.id).length;
    s.SharedSize = layerStack(engine, img.topChainId)
      .filter((l) => (users.get(l.chainId) ?? 0) > 1)
      .reduce((n, l) => n + l.size, 0);
    return s;
  });
  const buildCache = Object.values(st.buildCache).map((r) => ({
    ID: r.key.slice(7, 32),
    Parents: null,
    Type: 'regular',
    Description: r.description,
    InUse: false,
    Shared: false,
    Size: r.size,
    CreatedAt: new Date(engine.k.state.clock.bootEpochMs + r.createdMs).toISOString(),
    LastUsedAt: new Date(engine.k.state.clock.bootEpochMs + r.lastUsedMs).toISOString(),
    UsageCount: 1,
  }));
  return { LayersSize: layersSize(engine), Images: images, BuildCache: buildCache };
}

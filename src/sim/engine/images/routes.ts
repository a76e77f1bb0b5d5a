/**
 * Engine API routes of the images area (API 1.50, Docker 28).
 *
 * Streaming answers (pull, push, load, import, build) are `{ stream: [...] }`
 * bodies of the JSON messages Docker sends one per line, with `timesMs`, each
 * message's virtual-time offset, and the header X-Sim-Duration-Ms: how long
 * the operation takes in virtual time (a client may wait that long before or
 * while printing). Archives (save, load, import) are JSON documents
 * (tar.ts). A build that must wait for a RUN step answers with the output so
 * far and X-Sim-Continue: the path to GET for the rest (see build/route.ts);
 * so does a pull for a client that sends X-Sim-Accept-Continue: 1 (the sim's
 * docker CLI): each layer is unpacked when its "Pull complete" is due and the
 * stream continues at GET /images/pull-jobs/<id> (pull-job.ts). Without that
 * header the pull is done at once and answered whole.
 * Login: see auth.ts for the simulated Docker Hub accounts.
 */

import type { ApiRequest, ApiResponse, Route } from '../api/types.ts';
import { apiError, apiJson } from '../api/types.ts';
import type { Engine } from '../engine.ts';
import { deleteImage, findImage, normalizeRef, tagImage } from './store.ts';
import { imageHistory, inspectImage, listImages, parseFilters } from './inspect.ts';
import { pullAllTags, pullImage, startPullOf } from './pull.ts';
import { continuePull, type PullPart } from './pull-job.ts';
import { pushImage } from './push.ts';
import { searchImages } from './search.ts';
import { login } from './auth.ts';
import { importImage, loadImages, saveImages } from './saveload.ts';
import { pruneBuildCache, pruneImages } from './prune.ts';
import { parseReference } from './reference.ts';
import { buildRoutes } from './build/route.ts';

export function q(req: ApiRequest, name: string): string | undefined {
  const v = req.query[name];
  return Array.isArray(v) ? v[0] : v;
}

export function qAll(req: ApiRequest, name: string): string[] {
  const v = req.query[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function truthy(v: string | undefined): boolean {
  return v === '1' || v === 'true' || v === 'True';
}

/** A streamed answer: status 200, the messages, their virtual times. */
export function streamed(messages: unknown[], timesMs: number[] = [], durationMs = 0, extra: Record<string, string> = {}): ApiResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'X-Sim-Duration-Ms': String(Math.round(durationMs)), ...extra },
    body: { stream: messages, timesMs: timesMs.length ? timesMs : messages.map(() => 0) },
  };
}

function errOf(r: { status: number; message: string }): ApiResponse {
  return apiError(r.status, r.message);
}

function create(engine: Engine, req: ApiRequest): ApiResponse {
  const fromImage = q(req, 'fromImage');
  const fromSrc = q(req, 'fromSrc');
  if (fromSrc !== undefined) {
    if (fromSrc !== '-') return apiError(500, `Get "${fromSrc}": dial tcp: lookup ${fromSrc.replace(/^https?:\/\//, '').split('/')[0]} on 10.0.2.3:53: no such host`);
    const r = importImage(engine, req.body, { repo: q(req, 'repo'), tag: q(req, 'tag'), message: q(req, 'message'), changes: qAll(req, 'changes') });
    return Array.isArray(r) ? streamed(r) : errOf(r);
  }
  if (!fromImage) return apiError(400, 'invalid reference format');
  const tag = q(req, 'tag');
  const platform = q(req, 'platform');
  if (platform && !/^linux(\/amd64)?$/.test(platform)) return apiError(404, `no matching manifest for ${platform} in the manifest list entries`);
  // The client sends a digest as the tag ("tag=sha256:...") or in fromImage.
  const ref = tag ? (tag.startsWith('sha256:') ? `${fromImage}@${tag}` : `${fromImage}:${tag}`) : fromImage;
  const parsed = parseReference(ref);
  if ('error' in parsed) return apiError(400, parsed.error);
  const allTags = !tag && !parsed.tag && !parsed.digest;
  if (truthy(req.headers['X-Sim-Accept-Continue'])) {
    const p = startPullOf(engine, allTags ? fromImage : parsed, allTags);
    return 'status' in p ? errOf(p) : pullPart(p);
  }
  const r = allTags ? pullAllTags(engine, fromImage) : pullImage(engine, parsed);
  return 'status' in r ? errOf(r) : streamed(r.messages, r.timesMs, r.durationMs);
}

/** A part of a pull's stream; while it goes on, where to continue and how long after its last message. */
function pullPart(p: PullPart): ApiResponse {
  const extra: Record<string, string> = p.next ? { 'X-Sim-Continue': p.next.path, 'X-Sim-Poll-Ms': String(p.next.pollMs) } : {};
  return streamed(p.messages, p.timesMs, p.durationMs, extra);
}

function tag(engine: Engine, req: ApiRequest, name: string): ApiResponse {
  const f = findImage(engine, name);
  if (!('image' in f)) return errOf(f);
  const repo = q(req, 'repo') ?? '';
  const t = q(req, 'tag') ?? '';
  const target = normalizeRef(`${repo}${t ? `:${t}` : ''}`);
  if (!repo || !target) {
    const p = parseReference(`${repo}${t ? `:${t}` : ''}`);
    return apiError(400, 'error' in p ? `Error parsing reference: "${repo}${t ? `:${t}` : ''}" is not a valid repository/tag: ${p.error}` : 'invalid reference format');
  }
  if (target.ref.digest) return apiError(400, 'refusing to create a tag with a digest reference');
  tagImage(engine, f.image.id, target.key);
  return { status: 201, headers: {} };
}

function push(engine: Engine, req: ApiRequest, name: string): ApiResponse {
  const r = pushImage(engine, name, q(req, 'tag') ?? '', req.headers);
  return 'status' in r ? errOf(r) : streamed(r.messages, r.timesMs, r.durationMs);
}

export const imagesRoutes: Route[] = [
  { method: 'POST', pattern: '/images/create', handle: (e, req) => create(e, req) },
  {
    method: 'GET',
    pattern: '/images/pull-jobs/{id}',
    handle: (e, _req, p) => {
      const r = continuePull(e, p.id ?? '');
      return 'status' in r ? errOf(r) : pullPart(r);
    },
  },
  {
    method: 'GET',
    pattern: '/images/json',
    handle: (e, req) => {
      const f = parseFilters(q(req, 'filters') ?? undefined);
      if ('error' in f) return apiError(400, String(f.error));
      const r = listImages(e, { all: truthy(q(req, 'all')), filters: f });
      return Array.isArray(r) ? apiJson(200, r) : errOf(r);
    },
  },
  {
    method: 'GET',
    pattern: '/images/search',
    handle: (e, req) => {
      const f = parseFilters(q(req, 'filters') ?? undefined);
      if ('error' in f) return apiError(400, String(f.error));
      const term = q(req, 'term') ?? '';
      const r = searchImages(e, term, Number(q(req, 'limit') ?? 25), f);
      return Array.isArray(r) ? apiJson(200, r) : errOf(r);
    },
  },
  {
    method: 'GET',
    pattern: '/images/get',
    handle: (e, req) => {
      const r = saveImages(e, qAll(req, 'names'));
      return 'files' in r ? { status: 200, headers: { 'Content-Type': 'application/x-tar' }, body: r } : errOf(r);
    },
  },
  {
    method: 'POST',
    pattern: '/images/load',
    handle: (e, req) => {
      const r = loadImages(e, req.body, truthy(q(req, 'quiet')));
      return Array.isArray(r) ? streamed(r) : errOf(r);
    },
  },
  {
    method: 'POST',
    pattern: '/images/prune',
    handle: (e, req) => {
      const f = parseFilters(q(req, 'filters') ?? undefined);
      if ('error' in f) return apiError(400, String(f.error));
      const r = pruneImages(e, f);
      return 'status' in r ? errOf(r) : apiJson(200, r);
    },
  },
  {
    method: 'GET',
    pattern: '/images/{name}/json',
    handle: (e, _req, p) => {
      const f = findImage(e, p.name ?? '');
      return 'image' in f ? apiJson(200, inspectImage(e, f.image)) : errOf(f);
    },
  },
  {
    method: 'GET',
    pattern: '/images/{name}/history',
    handle: (e, _req, p) => {
      const f = findImage(e, p.name ?? '');
      return 'image' in f ? apiJson(200, imageHistory(e, f.image)) : errOf(f);
    },
  },
  { method: 'POST', pattern: '/images/{name}/tag', handle: (e, req, p) => tag(e, req, p.name ?? '') },
  { method: 'POST', pattern: '/images/{name}/push', handle: (e, req, p) => push(e, req, p.name ?? '') },
  {
    method: 'DELETE',
    pattern: '/images/{name}',
    handle: (e, req, p) => {
      const r = deleteImage(e, p.name ?? '', { force: truthy(q(req, 'force')), noprune: truthy(q(req, 'noprune')) });
      return Array.isArray(r) ? apiJson(200, r) : errOf(r);
    },
  },
  { method: 'POST', pattern: '/auth', handle: (e, req) => login(e, req.body) },
  {
    method: 'POST',
    pattern: '/build/prune',
    handle: (e, req) => apiJson(200, pruneBuildCache(e, truthy(q(req, 'all')))),
  },
  ...buildRoutes,
];

/**
 * Engine API routes of the volumes area (docs.docker.com Engine API v1.50,
 * "Volume"): list, create, inspect, remove, prune, with Docker 28's bodies
 * and errors.
 */

import type { Route } from '../api/types.ts';
import { apiError, apiJson } from '../api/types.ts';
import { parseFilters } from '../network/inspect.ts';
import { createVolume, isVolError, noSuchVolume, pruneVolumes, removeVolume, volumeJson, volumeMatches, type CreateVolumeRequest } from './store.ts';

function body<T>(b: unknown): T {
  if (typeof b === 'string') {
    try {
      return JSON.parse(b) as T;
    } catch {
      return {} as T;
    }
  }
  return (b ?? {}) as T;
}

function truthy(v: string | string[] | undefined): boolean {
  const s = Array.isArray(v) ? v[0] : v;
  return s === '1' || s === 'true' || s === 'True';
}

export const volumesRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/volumes/create',
    handle(engine, req) {
      const v = createVolume(engine, body<CreateVolumeRequest>(req.body));
      return isVolError(v) ? apiError(v.status, v.error) : apiJson(201, volumeJson(v));
    },
  },
  {
    method: 'POST',
    pattern: '/volumes/prune',
    handle(engine, req) {
      const f = parseFilters(req.query.filters);
      if (typeof f === 'string') return apiError(400, f);
      const r = pruneVolumes(engine, f);
      return isVolError(r) ? apiError(r.status, r.error) : apiJson(200, r);
    },
  },
  {
    method: 'GET',
    pattern: '/volumes',
    handle(engine, req) {
      const f = parseFilters(req.query.filters);
      if (typeof f === 'string') return apiError(400, f);
      const out: unknown[] = [];
      for (const name of engine.state.volumes.order) {
        const v = engine.state.volumes.volumes[name];
        if (!v) continue;
        const m = volumeMatches(engine, v, f);
        if (typeof m === 'string') return apiError(400, m);
        if (m) out.push(volumeJson(v));
      }
      return apiJson(200, { Volumes: out, Warnings: null });
    },
  },
  {
    method: 'GET',
    pattern: '/volumes/{name}',
    handle(engine, _req, params) {
      const name = params.name ?? '';
      const v = engine.state.volumes.volumes[name];
      return v ? apiJson(200, volumeJson(v)) : apiError(404, noSuchVolume(name).error);
    },
  },
  {
    method: 'DELETE',
    pattern: '/volumes/{name}',
    handle(engine, req, params) {
      const r = removeVolume(engine, params.name ?? '', truthy(req.query.force));
      return r ? apiError(r.status, r.error) : { status: 204, headers: {} };
    },
  },
];

/**
 * Engine API routes of the system area: GET/HEAD /_ping, GET /version,
 * GET /info, GET /events, GET /system/df (docs.docker.com Engine API v1.50,
 * "System" section).
 * GET /events answers the ring's events in the window as one stream
 * ({"stream": [...]}); without `until` a client that wants to follow keeps
 * asking with `since` = the last event's time.
 */

import type { Engine } from '../engine.ts';
import type { ApiResponse, Route } from '../api/types.ts';
import { apiError, apiJson } from '../api/types.ts';
import { infoBody, pingHeaders, versionBody } from './info.ts';
import { queryEvents, validateEventFilters } from './events-log.ts';
import { parseFilters } from '../containers/filters.ts';
import { goDurationMs } from '../containers/filters.ts';
import { listEntry } from '../containers/inspect.ts';
import { seamsOf } from '../containers/seams.ts';
import { ensureRuntime } from '../containers/hooks.ts';

function q1(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

/** A --since/--until value as the CLI sends it (Unix seconds with a fraction, RFC 3339, or a duration). */
function timeParam(engine: Engine, v: string | undefined): number | null | 'bad' {
  if (v === undefined || v === '') return null;
  if (/^-?[0-9]+(\.[0-9]+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const d = goDurationMs(v);
  if (d !== null) return engine.k.nowMs - d;
  const t = Date.parse(v);
  return Number.isNaN(t) ? 'bad' : t;
}

function ping(method: string): ApiResponse {
  return { status: 200, headers: pingHeaders(), ...(method === 'HEAD' ? {} : { body: 'OK' }) };
}

function events(engine: Engine, query: Record<string, string | string[]>): ApiResponse {
  const keys = ['type', 'event', 'container', 'image', 'label', 'network', 'volume', 'daemon', 'plugin', 'scope', 'node', 'config', 'secret', 'service'];
  const f = parseFilters(query.filters, keys);
  if ('error' in f) return apiError(400, f.error);
  const bad = validateEventFilters(f.filters);
  if (bad) return apiError(400, bad);
  const sinceMs = timeParam(engine, q1(query.since));
  const untilMs = timeParam(engine, q1(query.until));
  if (sinceMs === 'bad' || untilMs === 'bad') return apiError(400, 'invalid since/until value');
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body: { stream: queryEvents(engine, { sinceMs, untilMs, filters: f.filters }) } };
}

function df(engine: Engine): ApiResponse {
  const parts = seamsOf(engine).systemDf(engine);
  const containers = Object.values(engine.state.containers.byId)
    .sort((a, b) => b.rt.createdSeq - a.rt.createdSeq)
    .map((c) => listEntry(engine, c, true));
  return apiJson(200, { LayersSize: parts.LayersSize, Images: parts.Images, Containers: containers, Volumes: parts.Volumes, BuildCache: parts.BuildCache });
}

function sys(method: 'GET' | 'HEAD', pattern: string, fn: (engine: Engine, query: Record<string, string | string[]>, method: string) => ApiResponse): Route {
  return {
    method,
    pattern,
    handle(engine, req) {
      ensureRuntime(engine);
      return fn(engine, req.query, req.method);
    },
  };
}

/** Engine API routes of the system area. */
export const systemRoutes: Route[] = [
  sys('GET', '/_ping', (_e, _q, m) => ping(m)),
  sys('GET', '/version', (e) => apiJson(200, versionBody(e))),
  sys('GET', '/info', (e) => apiJson(200, infoBody(e))),
  sys('GET', '/events', (e, q) => events(e, q)),
  sys('GET', '/system/df', (e) => df(e)),
];

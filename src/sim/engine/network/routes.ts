/**
 * Engine API routes of the network area (docs.docker.com Engine API v1.50,
 * "Network"): list, inspect, create, remove, connect, disconnect, prune.
 * Errors are Docker 28's {"message"} bodies with its status codes.
 * SIMPLIFICATIONS:
 * - connect/disconnect reach running containers only (see attach.ts).
 * - prune ignores the `until` filter.
 */

import type { Route } from '../api/types.ts';
import { apiError, apiJson } from '../api/types.ts';
import type { NetworkRecord } from './types.ts';
import { createNetwork, findNetwork, isNetError, notFound, removeNetwork, type CreateRequest } from './networks.ts';
import { networkJson, networkMatches, parseFilters } from './inspect.ts';
import { connectContainer, disconnectContainer, findSandbox } from './attach.ts';
import type { EndpointConfigIn } from './endpoint.ts';

const noContent = { status: 204, headers: {} };

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

export const networkRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/networks/create',
    handle(engine, req) {
      const r = createNetwork(engine, body<CreateRequest>(req.body));
      if (isNetError(r)) return apiError(r.status, r.error);
      return apiJson(201, r);
    },
  },
  {
    method: 'POST',
    pattern: '/networks/prune',
    handle(engine, req) {
      const f = parseFilters(req.query.filters);
      if (typeof f === 'string') return apiError(400, f);
      for (const k of Object.keys(f)) if (k !== 'label' && k !== 'label!' && k !== 'until') return apiError(400, `invalid filter '${k}'`);
      const deleted: string[] = [];
      const st = engine.state.network;
      for (const id of [...st.order]) {
        const n = st.networks[id];
        if (!n || n.predefined || Object.keys(n.endpoints).length) continue;
        if (f.label && !f.label.every((l) => matchLabel(n, l))) continue;
        if (f['label!'] && f['label!'].some((l) => matchLabel(n, l))) continue;
        if (!removeNetwork(engine, n.Id)) deleted.push(n.Name);
      }
      return apiJson(200, { NetworksDeleted: deleted.length ? deleted : null });
    },
  },
  {
    method: 'GET',
    pattern: '/networks',
    handle(engine, req) {
      const f = parseFilters(req.query.filters);
      if (typeof f === 'string') return apiError(400, f);
      const st = engine.state.network;
      const out: unknown[] = [];
      for (const id of st.order) {
        const n = st.networks[id];
        if (!n) continue;
        const m = networkMatches(n, f);
        if (typeof m === 'string') return apiError(400, m);
        if (m) out.push(networkJson(engine, n, false));
      }
      return apiJson(200, out);
    },
  },
  {
    method: 'GET',
    pattern: '/networks/{id}',
    handle(engine, _req, params) {
      const term = params.id ?? '';
      const n = findNetwork(engine, term);
      if (!n) return apiError(404, notFound(term).error);
      return apiJson(200, networkJson(engine, n, true));
    },
  },
  {
    method: 'DELETE',
    pattern: '/networks/{id}',
    handle(engine, _req, params) {
      const r = removeNetwork(engine, params.id ?? '');
      return r ? apiError(r.status, r.error) : noContent;
    },
  },
  {
    method: 'POST',
    pattern: '/networks/{id}/connect',
    handle(engine, req, params) {
      const b = body<{ Container?: string; EndpointConfig?: EndpointConfigIn | null }>(req.body);
      const term = params.id ?? '';
      if (!findNetwork(engine, term)) return apiError(404, notFound(term).error);
      const sb = findSandbox(engine, b.Container ?? '');
      if (!sb) return apiError(404, `No such container: ${b.Container ?? ''}`);
      const r = connectContainer(engine, sb.containerId, term, b.EndpointConfig ?? {});
      return isNetError(r) ? apiError(r.status, r.error) : { status: 200, headers: {} };
    },
  },
  {
    method: 'POST',
    pattern: '/networks/{id}/disconnect',
    handle(engine, req, params) {
      const b = body<{ Container?: string; Force?: boolean }>(req.body);
      const term = params.id ?? '';
      const n = findNetwork(engine, term);
      if (!n) return apiError(404, notFound(term).error);
      const sb = findSandbox(engine, b.Container ?? '');
      if (!sb) return apiError(404, `No such container: ${b.Container ?? ''}`);
      const r = disconnectContainer(engine, sb.containerId, term);
      return r ? apiError(r.status, r.error) : { status: 200, headers: {} };
    },
  },
];

function matchLabel(n: NetworkRecord, want: string): boolean {
  const eq = want.indexOf('=');
  return eq < 0 ? want in n.Labels : n.Labels[want.slice(0, eq)] === want.slice(eq + 1);
}

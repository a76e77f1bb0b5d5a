/**
 * Engine API routes of the network area (docs.docker.com Engine API v1.50,
 * "Network"): list, inspect, create, remove, connect, disconnect, prune.
 * Errors are Docker 28's {"message"} bodies with its status codes.
 * SIMPLIFICATIONS:
 * - connect/disconnect plumb running containers (attach.ts) and record
 *   endpoints of stopped ones for their next start (stopped.ts); the
 *   container record's NetworkSettings is updated through its own event.
 * - prune ignores the `until` filter.
 */

import type { Route } from '../api/types.ts';
import { apiError, apiJson } from '../api/types.ts';
import type { NetworkRecord } from './types.ts';
import { createNetwork, findNetwork, isNetError, notFound, removeNetwork, type CreateRequest } from './networks.ts';
import { networkJson, networkMatches, parseFilters } from './inspect.ts';
import { connectContainer, disconnectContainer, findSandbox, networkSettings } from './attach.ts';
import { findContainer } from '../containers/lookup.ts';
import type { Engine } from '../engine.ts';
import type { EndpointConfigIn } from './endpoint.ts';
import type { ContainerRecord } from '../containers/types.ts';
import { connectStopped, disconnectStopped } from './stopped.ts';

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
      const who = running(engine, b.Container ?? '');
      if ('status' in who) return apiError(who.status, who.message);
      if ('stopped' in who) {
        const e = connectStopped(engine, who.stopped, term, b.EndpointConfig ?? {});
        return e ? apiError(e.status, e.error) : { status: 200, headers: {} };
      }
      const r = connectContainer(engine, who.id, term, b.EndpointConfig ?? {});
      if (isNetError(r)) return apiError(r.status, r.error);
      syncContainerSettings(engine, who.id);
      return { status: 200, headers: {} };
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
      const who = running(engine, b.Container ?? '');
      if ('status' in who) return apiError(who.status, who.message);
      if ('stopped' in who) {
        const e = disconnectStopped(engine, who.stopped, term);
        return e ? apiError(e.status, e.error) : { status: 200, headers: {} };
      }
      const r = disconnectContainer(engine, who.id, term);
      if (r) return apiError(r.status, r.error);
      syncContainerSettings(engine, who.id);
      return { status: 200, headers: {} };
    },
  },
];

/**
 * The container the request names: running (it has a sandbox), or stopped
 * (its endpoints are recorded for its next start). Containers are found by
 * id, name or prefix with the containers slice's errors; one being removed
 * cannot be changed.
 */
function running(engine: Engine, term: string): { id: string } | { stopped: ContainerRecord } | { status: number; message: string } {
  const found = findContainer(engine, term);
  const id = 'Id' in found ? found.Id : findSandbox(engine, term)?.containerId;
  if (!id) return 'Id' in found ? { status: 404, message: `No such container: ${term}` } : found;
  if (engine.state.network.sandboxes[id]) return { id };
  const c = engine.state.containers.byId[id];
  if (!c) return { status: 404, message: `No such container: ${term}` };
  if (c.State.Status === 'removing' || c.State.Dead) return { status: 409, message: `Container ${id} is marked for removal and cannot be connected or disconnected to the network` };
  return { stopped: c };
}

/** Keep the container record's NetworkSettings in step after connect/disconnect (docker inspect reads it). */
function syncContainerSettings(engine: Engine, id: string): void {
  const c = engine.state.containers.byId[id];
  const ns = networkSettings(engine, id);
  if (!c || !ns) return;
  const legacy = ns.networks.bridge;
  engine.emit({
    type: 'container.networkSettingsChanged',
    id,
    settings: Object.assign({}, c.NetworkSettings, { EndpointID: legacy?.EndpointID ?? '', Gateway: legacy?.Gateway ?? '', IPAddress: legacy?.IPAddress ?? '', IPPrefixLen: legacy?.IPPrefixLen ?? 0, MacAddress: legacy?.MacAddress ?? '', Networks: ns.networks as unknown as Record<string, Record<string, unknown>> }),
  });
}

function matchLabel(n: NetworkRecord, want: string): boolean {
  const eq = want.indexOf('=');
  return eq < 0 ? want in n.Labels : n.Labels[want.slice(0, eq)] === want.slice(eq + 1);
}

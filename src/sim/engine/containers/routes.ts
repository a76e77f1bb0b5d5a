/**
 * Engine API routes of the containers area (docs.docker.com Engine API v1.50,
 * "Container" and "Exec" sections; moby api/server/router/container).
 * Each handler makes sure the runtime is wired, and the daemon reads the
 * containers' output before it answers.
 */

import type { Engine } from '../engine.ts';
import type { ApiRequest, ApiResponse, HttpMethod, Route } from '../api/types.ts';
import { apiError } from '../api/types.ts';
import { ensureRuntime } from './hooks.ts';
import { drainAll } from './output.ts';
import { createContainer } from './create.ts';
import { startContainer } from './start.ts';
import { noContent, notModified, withContainer } from './lookup.ts';
import { inspectRoute, listRoute } from './inspect.ts';
import { killRoute, pauseRoute, restartRoute, stopRoute, unpauseRoute, waitRoute } from './signal.ts';
import { pruneRoute, rmRoute, removeContainer } from './remove.ts';
import { attachRoute, logsRoute } from './logs.ts';
import { execCreateRoute, execInspectRoute, execResizeRoute, execStartRoute } from './exec.ts';
import { renameRoute, resizeRoute, updateRoute } from './modify.ts';
import { statsRoute, topRoute } from './top.ts';
import { archiveRoute, changesRoute, commitRoute, exportRoute } from './archive.ts';

type Handler = (engine: Engine, req: ApiRequest, p: Record<string, string>, callerPid: number) => ApiResponse;

function route(method: HttpMethod, pattern: string, fn: Handler): Route {
  return {
    method,
    pattern,
    handle(engine, req, params, callerPid) {
      ensureRuntime(engine);
      const res = fn(engine, req, params, callerPid);
      drainAll(engine);
      return res;
    },
  };
}

/** POST /containers/{id}/start */
export function startRoute(engine: Engine, idOrName: string): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    const v = c.rt.lifecycle.value;
    if (v === 'paused') return apiError(409, 'cannot start a paused container, try unpause instead');
    if (v === 'running' || v === 'restarting') return notModified();
    if (v === 'removing' || v === 'dead') return apiError(409, 'container is marked for removal and cannot be started');
    const r = startContainer(engine, c, true);
    if (!('status' in r)) return noContent();
    // moby's containerStart: a container with AutoRemove (--rm) that fails to start is removed.
    const cur = engine.state.containers.byId[c.Id];
    if (cur?.HostConfig.AutoRemove) removeContainer(engine, cur, { volumes: true });
    return apiError(r.status, r.message);
  });
}

/** Engine API routes of the containers area. */
export const containersRoutes: Route[] = [
  route('POST', '/containers/create', (e, r) => createContainer(e, r.body, r.query)),
  route('GET', '/containers/json', (e, r) => listRoute(e, r.query)),
  route('POST', '/containers/prune', (e, r) => pruneRoute(e, r.query)),
  route('GET', '/containers/{id}/json', (e, r, p) => inspectRoute(e, p.id as string, r.query)),
  route('GET', '/containers/{id}/top', (e, r, p) => topRoute(e, p.id as string, r.query)),
  route('GET', '/containers/{id}/logs', (e, r, p) => logsRoute(e, p.id as string, r.query)),
  route('GET', '/containers/{id}/changes', (e, _r, p) => changesRoute(e, p.id as string)),
  route('GET', '/containers/{id}/export', (e, _r, p) => exportRoute(e, p.id as string)),
  route('GET', '/containers/{id}/stats', (e, _r, p) => statsRoute(e, p.id as string)),
  route('POST', '/containers/{id}/resize', (e, r, p) => resizeRoute(e, p.id as string, r.query)),
  route('POST', '/containers/{id}/start', (e, _r, p) => startRoute(e, p.id as string)),
  route('POST', '/containers/{id}/stop', (e, r, p) => stopRoute(e, p.id as string, r.query)),
  route('POST', '/containers/{id}/restart', (e, r, p) => restartRoute(e, p.id as string, r.query)),
  route('POST', '/containers/{id}/kill', (e, r, p) => killRoute(e, p.id as string, r.query)),
  route('POST', '/containers/{id}/update', (e, r, p) => updateRoute(e, p.id as string, r.body)),
  route('POST', '/containers/{id}/rename', (e, r, p) => renameRoute(e, p.id as string, r.query)),
  route('POST', '/containers/{id}/pause', (e, _r, p) => pauseRoute(e, p.id as string)),
  route('POST', '/containers/{id}/unpause', (e, _r, p) => unpauseRoute(e, p.id as string)),
  route('POST', '/containers/{id}/attach', (e, r, p) => attachRoute(e, p.id as string, r.query)),
  route('POST', '/containers/{id}/wait', (e, r, p) => waitRoute(e, p.id as string, r.query)),
  route('GET', '/containers/{id}/archive', (e, r, p) => archiveRoute(e, r.method, p.id as string, r.query, r.body)),
  route('PUT', '/containers/{id}/archive', (e, r, p) => archiveRoute(e, 'PUT', p.id as string, r.query, r.body)),
  route('POST', '/containers/{id}/exec', (e, r, p) => execCreateRoute(e, p.id as string, r.body)),
  route('DELETE', '/containers/{id}', (e, r, p) => rmRoute(e, p.id as string, r.query)),
  route('POST', '/exec/{id}/start', (e, r, p) => execStartRoute(e, p.id as string, r.body, r.query.mux === '1')),
  route('POST', '/exec/{id}/resize', (e, r, p) => execResizeRoute(e, p.id as string, r.query)),
  route('GET', '/exec/{id}/json', (e, _r, p) => execInspectRoute(e, p.id as string)),
  route('POST', '/commit', (e, r) => commitRoute(e, r.query, r.body)),
];

/**
 * The simulated Docker daemon: dockerd with containerd and runc beneath it.
 *
 * Models: dockerd answering the Engine API on /var/run/docker.sock, keeping
 * images, containers, networks and volumes; containerd and a shim per
 * container; runc creating containers by calling the kernel model (clone with
 * namespace flags, a cgroup, capability sets, an overlay mount and pivot_root,
 * a veth pair). Every effect is a kernel event, so the views see it naturally.
 * SIMPLIFICATIONS: one daemon per host; the engine's own state is a plain-data
 * object beside the kernel's (snapshotted with the host), changed only through
 * engine events, which also go to the host's event log.
 */

import type { Kernel } from '../kernel/kernel.ts';
import type { Userland } from '../userland/userland.ts';
import type { EngineState } from './state.ts';
import type { EngineEvent } from './events.ts';
import type { ApiRequest, ApiResponse, Route } from './api/types.ts';
import { apiError } from './api/types.ts';
import { createInitialContainersState } from './containers/types.ts';
import { createInitialImagesState } from './images/types.ts';
import { createInitialNetworkState } from './network/types.ts';
import { createInitialVolumesState } from './volumes/types.ts';
import { createInitialSystemState } from './system/types.ts';
import { applyContainersEvent } from './containers/apply.ts';
import { applyImagesEvent } from './images/apply.ts';
import { applyNetworkEvent } from './network/apply.ts';
import { applyVolumesEvent } from './volumes/apply.ts';
import { applySystemEvent } from './system/apply.ts';
import { containersRoutes } from './containers/routes.ts';
import { imagesRoutes } from './images/routes.ts';
import { networkRoutes } from './network/routes.ts';
import { volumesRoutes } from './volumes/routes.ts';
import { systemRoutes } from './system/routes.ts';

export function createInitialEngineState(): EngineState {
  return {
    containers: createInitialContainersState(),
    images: createInitialImagesState(),
    network: createInitialNetworkState(),
    volumes: createInitialVolumesState(),
    system: createInitialSystemState(),
  };
}

/**
 * Each slice's reducer handles only its own events (container.*, image.*, network.*, volume.*,
 * system.*), so the event goes to the one its type names rather than through every switch.
 */
export function applyEngineEvent(s: EngineState, e: EngineEvent): void {
  switch (e.type.charCodeAt(0)) {
    case 99: // c
      applyContainersEvent(s, e);
      return;
    case 105: // i
      applyImagesEvent(s, e);
      return;
    case 110: // n
      applyNetworkEvent(s, e);
      return;
    case 118: // v
      applyVolumesEvent(s, e);
      return;
    case 115: // s
      applySystemEvent(s, e);
      return;
    default:
      return;
  }
}

interface CompiledRoute {
  route: Route;
  re: RegExp;
  names: string[];
  /** The pattern's first segment when it is literal ("/containers"), else null. */
  head: string | null;
  /** The literal text after the pattern's last parameter ("/start"; the whole pattern when it has none). */
  tail: string;
}

/** "/containers/json" → "/containers"; the first segment of a path (with its slash). */
function headOf(path: string): string {
  const cut = path.indexOf('/', 1);
  return cut < 0 ? path : path.slice(0, cut);
}

function compile(routes: Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const head = headOf(route.pattern);
    const close = route.pattern.lastIndexOf('}');
    const names: string[] = [];
    const src = route.pattern.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_m, a: string, b: string) => {
      names.push(a ?? b);
      // Image names contain slashes ("library/alpine"): {name} may span segments when last.
      return (a ?? b) === 'name' ? '(.+?)' : '([^/]+)';
    });
    return { route, re: new RegExp(`^${src}$`), names, head: head.includes('{') ? null : head, tail: route.pattern.slice(close + 1) };
  });
}

export class Engine {
  state: EngineState;
  readonly routes: CompiledRoute[];

  constructor(
    readonly k: Kernel,
    readonly ul: Userland,
  ) {
    this.state = createInitialEngineState();
    this.routes = compile([...systemRoutes, ...containersRoutes, ...imagesRoutes, ...networkRoutes, ...volumesRoutes]);
  }

  /** Apply an engine event to the engine's state and record it in the host's log. */
  emit(e: EngineEvent): void {
    applyEngineEvent(this.state, e);
    this.k.emit(e);
  }

  /** Answer one Engine API request from process `callerPid` (the docker CLI, or a real client). */
  handle(req: ApiRequest, callerPid: number): ApiResponse {
    const path = req.path.replace(/^\/v\d+\.\d+(?=\/)/, '');
    let pathMatched = false;
    const head = headOf(path);
    for (const c of this.routes) {
      // Cheap necessary conditions first: the regex can only match a path with the pattern's literal head and tail.
      if ((c.head !== null && c.head !== head) || !path.endsWith(c.tail)) continue;
      const m = c.re.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (c.route.method !== req.method && !(req.method === 'HEAD' && c.route.method === 'GET')) continue;
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? '')));
      return c.route.handle(this, Object.assign({}, req, { path }), params, callerPid);
    }
    // dockerd answers unknown paths with 404 "page not found" and wrong methods the same way.
    return pathMatched ? apiError(405, 'method not allowed') : apiError(404, 'page not found');
  }
}

/**
 * `docker network connect` and `disconnect` of a container that is not
 * running (moby daemon/container_operations.go ConnectToNetwork and
 * DisconnectFromNetwork when !container.Running, updateNetworkConfig,
 * updateNetworkSettings): nothing is plumbed; the endpoint is recorded in the
 * container's settings and attached when the container next starts.
 *
 * Models: Docker 28's checks (a container sharing another's namespace cannot
 * join networks; only a host-mode container may be on the host network; none
 * excludes any other network; a static IP needs a user-defined network;
 * connecting twice is a no-op), NetworkSettings.Networks gaining the endpoint
 * without addresses, and disconnect's "is not connected to the network".
 * SIMPLIFICATIONS: disconnecting the network of HostConfig.NetworkMode from a
 * stopped container removes it from inspect, but the next start connects it
 * again (the mode's network always comes first here).
 */

import type { Engine } from '../engine.ts';
import type { ContainerRecord } from '../containers/types.ts';
import type { EndpointConfigIn } from './endpoint.ts';
import type { NetError } from './networks.ts';
import { findNetwork, isUserDefined, notFound } from './networks.ts';
import { seamIdleNetworkSettings } from './seams.ts';

const HOST_CONFLICT = 'container cannot be disconnected from host network or connected to host network';
const SHARED_CONFLICT = 'container sharing network namespace with another container or host cannot join any other network';
const NONE_CONFLICT = 'container cannot be connected to multiple networks with one of the networks in private (none) mode';

/** The networks a stopped container will join: its mode's network and its EndpointsConfig keys. */
function joined(c: ContainerRecord): string[] {
  const mode = c.HostConfig.NetworkMode || 'bridge';
  return mode.startsWith('container:') ? [] : [mode, ...Object.keys(c.EndpointsConfig).filter((t) => t !== mode)];
}

function refresh(engine: Engine, id: string, endpoints: Record<string, Record<string, unknown>>): void {
  engine.emit({ type: 'container.endpointsChanged', id, endpoints });
  const idle = seamIdleNetworkSettings(engine, id);
  if (idle) engine.emit({ type: 'container.networkSettingsChanged', id, settings: idle });
}

/** Record an endpoint for a stopped container (it is attached at the next start). */
export function connectStopped(engine: Engine, c: ContainerRecord, networkTerm: string, cfg: EndpointConfigIn): null | NetError {
  const n = findNetwork(engine, networkTerm);
  if (!n) return notFound(networkTerm);
  const mode = c.HostConfig.NetworkMode || 'bridge';
  if (mode.startsWith('container:')) return { error: SHARED_CONFLICT, status: 400 };
  if (cfg.IPAMConfig?.IPv4Address && !isUserDefined(n)) return { error: 'user specified IP address is supported on user defined networks only', status: 400 };
  if (mode !== 'host' && n.Driver === 'host') return { error: HOST_CONFLICT, status: 400 };
  for (const t of joined(c)) {
    const s = findNetwork(engine, t);
    if (!s) continue;
    if (s.Id === n.Id) return null;
    if (s.Driver === 'host' || n.Driver === 'host') return { error: SHARED_CONFLICT, status: 400 };
    if (s.Driver === 'null' || n.Driver === 'null') return { error: NONE_CONFLICT, status: 400 };
  }
  refresh(engine, c.Id, { ...c.EndpointsConfig, [n.Name]: { ...(cfg as Record<string, unknown>) } });
  return null;
}

/** Forget a stopped container's endpoint on a network. */
export function disconnectStopped(engine: Engine, c: ContainerRecord, networkTerm: string): null | NetError {
  const n = findNetwork(engine, networkTerm);
  if (!n) return notFound(networkTerm);
  if (n.Driver === 'host' && c.HostConfig.NetworkMode === 'host') return { error: HOST_CONFLICT, status: 400 };
  const key = Object.keys(c.NetworkSettings.Networks).find((t) => t === n.Name || findNetwork(engine, t)?.Id === n.Id);
  if (key === undefined) return { error: `container ${c.Id} is not connected to the network ${networkTerm}`, status: 400 };
  const endpoints: Record<string, Record<string, unknown>> = {};
  for (const [t, v] of Object.entries(c.EndpointsConfig)) if (t !== key && findNetwork(engine, t)?.Id !== n.Id) endpoints[t] = v;
  engine.emit({ type: 'container.endpointsChanged', id: c.Id, endpoints });
  const idle = seamIdleNetworkSettings(engine, c.Id);
  if (idle) {
    const nets = { ...idle.Networks };
    delete nets[key];
    engine.emit({ type: 'container.networkSettingsChanged', id: c.Id, settings: Object.assign({}, idle, { Networks: nets }) });
  }
  return null;
}

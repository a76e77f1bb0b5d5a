/**
 * A container's networking from start to stop: the sandbox dockerd builds when
 * a container starts (its network mode: a bridge or user network, host,
 * none, or another container's namespace), `docker network connect` and
 * `disconnect` while it runs, and the teardown when it stops
 * (moby daemon/container_operations.go: allocateNetwork, connectToNetwork,
 * ConnectToNetwork, DisconnectFromNetwork, releaseNetwork).
 *
 * Models: the first network from HostConfig.NetworkMode plus further ones from
 * NetworkingConfig.EndpointsConfig; `default` meaning the default bridge;
 * host mode sharing the host's stack (an endpoint without address on the
 * `host` network, the host's /etc/hosts and resolv.conf copied); none with
 * only lo up; container:<x> reusing x's sandbox and files; legacy --link
 * entries; --add-host, --dns, --dns-search, --dns-option; Docker 28's errors,
 * prefixed "failed to set up container networking: " when they stop a start.
 * SIMPLIFICATIONS:
 * - Only running containers have sandboxes: connecting a created-but-stopped
 *   container is the containers slice's job (it keeps the EndpointsConfig).
 */

import type { Engine } from '../engine.ts';
import { linkSet } from '../../kernel/net/link.ts';
import { findLink } from '../../kernel/net/netns.ts';
import type { NetworkRecord, SandboxRecord } from './types.ts';
import { inNetns, newId } from './kops.ts';
import { findNetwork, notFound, type NetError } from './networks.ts';
import { connectEndpoint, disconnectEndpoint, endpointSettings, type EndpointConfigIn, type EndpointSettings } from './endpoint.ts';
import { containerDir, gatewayBefore, peersOn, refreshDns, refreshSandbox } from './sandbox.ts';
import { unpublishPorts } from './ports.ts';
import { unregisterDnsServer } from '../../kernel/net/dns.ts';

export interface AttachRequest {
  /** Container name, without the leading slash. */
  name: string;
  /** Config.Hostname (default: the first 12 characters of the id). */
  hostname?: string;
  domainname?: string;
  /** HostConfig.NetworkMode: default, bridge, host, none, container:<id|name>, or a network name or id. */
  networkMode?: string;
  /** NetworkingConfig.EndpointsConfig. */
  endpointsConfig?: Record<string, EndpointConfigIn> | null;
  dns?: string[] | null;
  dnsSearch?: string[] | null;
  dnsOptions?: string[] | null;
  /** HostConfig.ExtraHosts ("name:ip"). */
  extraHosts?: string[] | null;
  /** HostConfig.Links ("/db:/web/db" or "db:alias"). */
  links?: string[] | null;
}

export interface AttachResult {
  /** NetworkSettings.Networks, keyed by network name. */
  networks: Record<string, EndpointSettings>;
  sandboxId: string;
  sandboxKey: string;
  hostsPath: string;
  resolvConfPath: string;
  hosts: string;
  resolvConf: string;
}

const START_PREFIX = 'failed to set up container networking: ';

/** A running container's sandbox by full id, exact name, or unique id prefix. */
export function findSandbox(engine: Engine, term: string): SandboxRecord | null {
  const all = engine.state.network.sandboxes;
  const t = term.replace(/^\//, '');
  if (all[t]) return all[t] ?? null;
  const list = Object.values(all);
  const byName = list.find((s) => s.name === t);
  if (byName) return byName;
  const byPrefix = list.filter((s) => s.containerId.startsWith(t));
  return t && byPrefix.length === 1 ? (byPrefix[0] ?? null) : null;
}

function parseLinks(engine: Engine, links: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const l of links) {
    const [target = '', aliasPath = target] = l.split(':');
    const alias = aliasPath.split('/').pop() ?? aliasPath;
    const sb = findSandbox(engine, target.replace(/^\//, ''));
    if (sb) out.push([alias, sb.containerId]);
  }
  return out;
}

function result(engine: Engine, sb: SandboxRecord): AttachResult {
  const networks: Record<string, EndpointSettings> = {};
  const cur = engine.state.network.sandboxes[sb.containerId] ?? sb;
  for (const id of cur.networks) {
    const n = engine.state.network.networks[id];
    const ep = n?.endpoints[sb.containerId];
    if (n && ep) networks[n.Name] = endpointSettings(engine, ep);
  }
  return { networks, sandboxId: sb.sandboxId, sandboxKey: sb.sandboxKey, hostsPath: cur.hostsPath, resolvConfPath: cur.resolvConfPath, hosts: cur.hosts, resolvConf: cur.resolvConf };
}

/**
 * The network whose endpoint pickGateway will choose once every network of a start is
 * connected (bridge-driver endpoints with a gateway on non-internal networks, by GwPriority,
 * then name; the first of equals): that endpoint's join sets the default route, so dockerd
 * enters the container's netns once per network rather than once more for the route.
 */
function plannedGateway(nets: NetworkRecord[], cfgs: EndpointConfigIn[]): NetworkRecord | null {
  let best: NetworkRecord | null = null;
  let bestPriority = 0;
  for (let i = 0; i < nets.length; i++) {
    const n = nets[i] as NetworkRecord;
    if (n.Driver !== 'bridge' || !n.bridge || n.Internal || (n.IPAM.Config?.[0]?.Gateway ?? null) === null) continue;
    const priority = cfgs[i]?.GwPriority ?? 0;
    if (best && gatewayBefore(priority, n.Name, bestPriority, best.Name) >= 0) continue;
    best = n;
    bestPriority = priority;
  }
  return best;
}

/**
 * Give container `containerId`, whose init process `initPid` lives in its new
 * network namespace, its networks. Call when starting the container (before
 * publishPorts). Errors carry Docker 28's start-time text.
 */
export function attachContainer(engine: Engine, containerId: string, initPid: number, req: AttachRequest): AttachResult | NetError {
  const k = engine.k;
  const p = k.proc(initPid);
  if (!p || p.state === 'Z') return { error: `${START_PREFIX}container init process ${initPid} is not running`, status: 500 };
  if (engine.state.network.sandboxes[containerId]) detachContainer(engine, containerId);
  const mode = !req.networkMode || req.networkMode === 'default' ? 'bridge' : req.networkMode;
  const sandboxId = newId(engine);
  const dir = containerDir(containerId);
  const sb: SandboxRecord = {
    containerId,
    name: req.name.replace(/^\//, ''),
    hostname: req.hostname || containerId.slice(0, 12),
    domainname: req.domainname ?? '',
    sandboxId,
    sandboxKey: `/var/run/docker/netns/${sandboxId.slice(0, 12)}`,
    pid: initPid,
    netns: p.ns.net,
    mode: 'bridge',
    sharedWith: null,
    networks: [],
    gatewayNetwork: null,
    dns: [...(req.dns ?? [])],
    dnsSearch: [...(req.dnsSearch ?? [])],
    dnsOptions: [...(req.dnsOptions ?? [])],
    extraHosts: [...(req.extraHosts ?? [])],
    links: parseLinks(engine, req.links ?? []),
    hosts: '',
    resolvConf: '',
    hostsPath: `${dir}/hosts`,
    resolvConfPath: `${dir}/resolv.conf`,
  };
  if (mode.startsWith('container:')) {
    const other = findSandbox(engine, mode.slice('container:'.length));
    if (!other) return { error: `cannot join network of a non running container: ${mode.slice('container:'.length)}`, status: 409 };
    const shared: SandboxRecord = Object.assign({}, sb, { mode: 'container' as const, sharedWith: other.containerId, sandboxId: '' as const, sandboxKey: '' as const, netns: other.netns, hosts: other.hosts, resolvConf: other.resolvConf, hostsPath: other.hostsPath, resolvConfPath: other.resolvConfPath });
    engine.emit({ type: 'network.sandboxCreated', sandbox: shared });
    return result(engine, shared);
  }
  // The CLI names the default network "default" in EndpointsConfig too; on Linux that is "bridge".
  const cfgs: Record<string, EndpointConfigIn> = {};
  for (const [t, c] of Object.entries(req.endpointsConfig ?? {})) cfgs[t === 'default' ? 'bridge' : t] = c;
  const terms = mode === 'host' || mode === 'none' ? [mode] : [mode, ...Object.keys(cfgs).filter((t) => t !== mode)];
  const nets: NetworkRecord[] = [];
  for (const t of terms) {
    const n = findNetwork(engine, t);
    if (!n) return { error: `${START_PREFIX}${notFound(t).error}`, status: 404 };
    if (!nets.includes(n)) nets.push(n);
  }
  const first = nets[0];
  if (first?.Driver === 'host') {
    sb.mode = 'host';
    sb.sandboxKey = '/var/run/docker/netns/default';
  } else if (first?.Driver === 'null') sb.mode = 'none';
  engine.emit({ type: 'network.sandboxCreated', sandbox: sb });
  if (sb.mode === 'none') {
    inNetns(engine, sb.netns, (pid) => {
      const ns = k.state.net.byNs[sb.netns];
      const lo = ns && findLink(ns, 'lo');
      if (lo && !lo.up) linkSet(k, pid, 'lo', { up: true });
    });
  }
  const netCfgs = nets.map((n) => cfgs[n.Name] ?? cfgs[n.Id] ?? Object.entries(cfgs).find(([t]) => findNetwork(engine, t) === n)?.[1] ?? {});
  const gateway = plannedGateway(nets, netCfgs);
  for (let i = 0; i < nets.length; i++) {
    const n = nets[i] as NetworkRecord;
    const r = connectEndpoint(engine, sb, n, netCfgs[i] as EndpointConfigIn, n === gateway);
    if ('error' in r) {
      detachContainer(engine, containerId);
      return { error: `${START_PREFIX}${r.error}`, status: r.status };
    }
  }
  refreshSandbox(engine, containerId);
  for (const n of nets) for (const peer of peersOn(engine, n.Id)) if (peer !== containerId) refreshDns(engine, peer);
  return result(engine, sb);
}

/** Tear down a container's networking (on stop): ports, endpoints, DNS, the sandbox record. */
export function detachContainer(engine: Engine, containerId: string): void {
  const sb = engine.state.network.sandboxes[containerId];
  if (!sb) return;
  unpublishPorts(engine, containerId);
  const nets = [...sb.networks];
  for (const id of nets) {
    const n = engine.state.network.networks[id];
    if (n) disconnectEndpoint(engine, n, containerId);
  }
  if (sb.mode === 'bridge' && engine.k.state.net.dnsServers[sb.netns]?.['127.0.0.11']) unregisterDnsServer(engine.k, sb.netns, '127.0.0.11');
  engine.emit({ type: 'network.sandboxRemoved', containerId });
  for (const id of nets) for (const peer of peersOn(engine, id)) refreshDns(engine, peer);
}

/** POST /networks/{id}/connect for a running container. */
export function connectContainer(engine: Engine, containerId: string, networkTerm: string, cfg: EndpointConfigIn): EndpointSettings | NetError {
  const n = findNetwork(engine, networkTerm);
  if (!n) return notFound(networkTerm);
  const sb = engine.state.network.sandboxes[containerId];
  if (!sb) return { error: `container ${containerId} is not running`, status: 409 };
  if (n.Driver === 'host' || sb.mode === 'host') return { error: 'container cannot be disconnected from host network or connected to host network', status: 403 };
  if (sb.mode === 'container') return { error: 'container sharing network namespace with another container or host cannot join any other network', status: 403 };
  if (sb.mode === 'none' || n.Driver === 'null') return { error: 'container cannot be connected to multiple networks with one of the networks in private (none) mode', status: 403 };
  const r = connectEndpoint(engine, sb, n, cfg);
  if ('error' in r) return r;
  refreshSandbox(engine, containerId);
  for (const peer of peersOn(engine, n.Id)) if (peer !== containerId) refreshDns(engine, peer);
  return endpointSettings(engine, r);
}

/** POST /networks/{id}/disconnect for a running container. */
export function disconnectContainer(engine: Engine, containerId: string, networkTerm: string): null | NetError {
  const n = findNetwork(engine, networkTerm);
  if (!n) return notFound(networkTerm);
  const sb = engine.state.network.sandboxes[containerId];
  if (n.Driver === 'host') return { error: 'container cannot be disconnected from host network or connected to host network', status: 403 };
  if (!sb || !n.endpoints[containerId]) return { error: `container ${containerId} is not connected to network ${n.Name}`, status: 403 };
  disconnectEndpoint(engine, n, containerId);
  refreshSandbox(engine, containerId);
  for (const peer of peersOn(engine, n.Id)) refreshDns(engine, peer);
  return null;
}

/** NetworkSettings fields this slice owns, for a running container (null when it has no sandbox). */
export function networkSettings(engine: Engine, containerId: string): Omit<AttachResult, 'hosts' | 'resolvConf'> | null {
  const sb = engine.state.network.sandboxes[containerId];
  if (!sb) return null;
  const { hosts: _h, resolvConf: _r, ...rest } = result(engine, sb);
  return rest;
}

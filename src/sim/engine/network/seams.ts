/**
 * The network area seen through the containers area's seams
 * (containers/seams.ts): the same operations, taking what they need from the
 * container record (Config, HostConfig, EndpointsConfig) the way dockerd's
 * container start reads it (moby daemon/container_operations.go
 * buildSandboxOptions, updateContainerNetworkSettings).
 *
 * Models: NetworkSettings as Docker 28 shows it: the legacy top-level
 * IPAddress/Gateway/MacAddress/EndpointID filled from the default bridge
 * endpoint only, Networks keyed by network name, Ports with exposed but
 * unpublished ports as null; a created container's endpoints empty but
 * present; renaming a running container renames its DNS entries.
 */

import type { Engine } from '../engine.ts';
import type { Seams } from '../containers/seams.ts';
import type { NetworkSettings, PortBinding } from '../containers/types.ts';
import { getContainer } from '../containers/lookup.ts';
import { attachContainer, detachContainer } from './attach.ts';
import type { EndpointConfigIn, EndpointSettings } from './endpoint.ts';
import { publishPorts } from './ports.ts';
import { setupDaemonNetworking } from './daemon-net.ts';
import { findNetwork, isNetError, isUserDefined } from './networks.ts';
import { peersOn, refreshDns, refreshSandbox } from './sandbox.ts';

function emptyEndpoint(cfg: EndpointConfigIn | undefined, userDefined: boolean): EndpointSettings {
  const ip = cfg?.IPAMConfig?.IPv4Address;
  return {
    IPAMConfig: ip ? { IPv4Address: ip } : null,
    Links: null,
    Aliases: userDefined && cfg?.Aliases?.length ? [...cfg.Aliases] : null,
    MacAddress: cfg?.MacAddress ?? '',
    DriverOpts: null,
    GwPriority: cfg?.GwPriority ?? 0,
    NetworkID: '',
    EndpointID: '',
    Gateway: '',
    IPAddress: '',
    IPPrefixLen: 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: null,
  };
}

function settings(networks: Record<string, EndpointSettings>, sandboxId: string, sandboxKey: string, ports: Record<string, PortBinding[] | null>): NetworkSettings {
  const legacy = networks.bridge;
  return {
    Bridge: '',
    SandboxID: sandboxId,
    SandboxKey: sandboxKey,
    Ports: ports,
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: legacy?.EndpointID ?? '',
    Gateway: legacy?.Gateway ?? '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    IPAddress: legacy?.IPAddress ?? '',
    IPPrefixLen: legacy?.IPPrefixLen ?? 0,
    IPv6Gateway: '',
    MacAddress: legacy?.MacAddress ?? '',
    Networks: networks as unknown as Record<string, Record<string, unknown>>,
  };
}

/** Seams.attachContainer: networks from the record, then its published ports. */
export const seamAttachContainer: Seams['attachContainer'] = (engine, containerId, netnsPid) => {
  const c = getContainer(engine, containerId);
  if (!c) return { error: `No such container: ${containerId}`, status: 404 };
  const h = c.HostConfig;
  const r = attachContainer(engine, c.Id, netnsPid, {
    name: c.Name,
    hostname: c.Config.Hostname,
    domainname: c.Config.Domainname,
    networkMode: h.NetworkMode,
    endpointsConfig: c.EndpointsConfig as Record<string, EndpointConfigIn>,
    dns: h.Dns,
    dnsSearch: h.DnsSearch,
    dnsOptions: h.DnsOptions,
    extraHosts: h.ExtraHosts,
    links: h.Links,
  });
  if ('error' in r) return r;
  const ports = publishPorts(engine, c.Id, h.PortBindings, c.Config.ExposedPorts ?? {}, h.PublishAllPorts);
  if (isNetError(ports)) {
    detachContainer(engine, c.Id);
    return ports;
  }
  return { settings: settings(r.networks, r.sandboxId, r.sandboxKey, ports), wroteFiles: true };
};

/** Seams.idleNetworkSettings: what inspect shows before the first start (endpoints without addresses). */
export const seamIdleNetworkSettings: Seams['idleNetworkSettings'] = (engine, containerId, given) => {
  let facts = given;
  if (!facts) {
    const c = getContainer(engine, containerId);
    if (!c) return null;
    facts = { networkMode: c.HostConfig.NetworkMode, endpointsConfig: c.EndpointsConfig };
  }
  const mode = !facts.networkMode || facts.networkMode === 'default' ? 'bridge' : facts.networkMode;
  const networks: Record<string, EndpointSettings> = {};
  if (!mode.startsWith('container:')) {
    const cfgs = facts.endpointsConfig as Record<string, EndpointConfigIn>;
    for (const term of [mode, ...Object.keys(cfgs).filter((t) => t !== mode)]) {
      const n = findNetwork(engine, term);
      networks[term] = emptyEndpoint(cfgs[term], !!n && isUserDefined(n));
    }
  }
  return settings(networks, '', '', {});
};

/** Seams.containerRenamed: the embedded DNS and `network inspect` follow the new name. */
export const seamContainerRenamed: Seams['containerRenamed'] = (engine, containerId, oldName, newName) => {
  const sb = engine.state.network.sandboxes[containerId];
  if (!sb) return;
  engine.emit({ type: 'network.containerRenamed', containerId, oldName: oldName.replace(/^\//, ''), newName: newName.replace(/^\//, '') });
  refreshSandbox(engine, containerId);
  for (const id of sb.networks) for (const peer of peersOn(engine, id)) if (peer !== containerId) refreshDns(engine, peer);
};

/** The network half of the containers area's seams. */
export const networkSeams = {
  setupDaemonNetworking: (engine: Engine) => setupDaemonNetworking(engine),
  attachContainer: seamAttachContainer,
  detachContainer,
  idleNetworkSettings: seamIdleNetworkSettings,
  containerRenamed: seamContainerRenamed,
} satisfies Partial<Seams>;

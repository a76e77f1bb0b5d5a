/**
 * The only writer of the network slice of EngineState. Copies everything out
 * of events (the emitter keeps its objects) and is deterministic.
 */

import type { EngineState } from '../state.ts';
import type { EngineEvent } from '../events.ts';
import type { EndpointRecord, NetworkRecord, PortMapping, SandboxRecord } from './types.ts';
import { copyPlain } from '../copy.ts';
import { parseIp } from '../../kernel/net/ip4.ts';

function copyEndpoint(e: EndpointRecord): EndpointRecord {
  return Object.assign({}, e, { aliases: [...e.aliases], dnsNames: [...e.dnsNames] });
}

/** copyPlain, not clonePlain: the record (read on every attach) stays a fast object for V8. */
function copyNetwork(n: NetworkRecord): NetworkRecord {
  return copyPlain(n);
}

/** Field by field (the record is strings, numbers and string lists): cheaper than a generic deep copy. */
function copySandbox(s: SandboxRecord): SandboxRecord {
  return {
    containerId: s.containerId,
    name: s.name,
    hostname: s.hostname,
    domainname: s.domainname,
    sandboxId: s.sandboxId,
    sandboxKey: s.sandboxKey,
    pid: s.pid,
    netns: s.netns,
    mode: s.mode,
    sharedWith: s.sharedWith,
    networks: [...s.networks],
    gatewayNetwork: s.gatewayNetwork,
    dns: [...s.dns],
    dnsSearch: [...s.dnsSearch],
    dnsOptions: [...s.dnsOptions],
    extraHosts: [...s.extraHosts],
    links: s.links.map((l): [string, string] => [l[0], l[1]]),
    hosts: s.hosts,
    resolvConf: s.resolvConf,
    hostsPath: s.hostsPath,
    resolvConfPath: s.resolvConfPath,
  };
}

export function applyNetworkEvent(s: EngineState, e: EngineEvent): void {
  const st = s.network;
  switch (e.type) {
    case 'network.daemonConfigured':
      st.daemonPid = e.daemonPid;
      return;
    case 'network.created':
      st.networks[e.network.Id] = copyNetwork(e.network);
      if (!st.order.includes(e.network.Id)) st.order.push(e.network.Id);
      return;
    case 'network.removed':
      delete st.networks[e.networkId];
      st.order = st.order.filter((id) => id !== e.networkId);
      return;
    case 'network.sandboxCreated':
      st.sandboxes[e.sandbox.containerId] = copySandbox(e.sandbox);
      return;
    case 'network.sandboxUpdated': {
      const sb = st.sandboxes[e.containerId];
      if (!sb) return;
      sb.gatewayNetwork = e.gatewayNetwork;
      sb.hosts = e.hosts;
      sb.resolvConf = e.resolvConf;
      return;
    }
    case 'network.sandboxRemoved':
      delete st.sandboxes[e.containerId];
      return;
    case 'network.connected': {
      const n = st.networks[e.endpoint.networkId];
      if (!n) return;
      n.endpoints[e.endpoint.containerId] = copyEndpoint(e.endpoint);
      if (e.endpoint.ip !== null) {
        n.allocated[e.endpoint.ip] = e.endpoint.endpointId;
        const v = parseIp(e.endpoint.ip);
        // IPAM handed out the lowest free address at or above the hint: everything below is now taken.
        if (v !== null && e.endpoint.requestedIp === null && v >= n.ipHint) n.ipHint = v + 1;
      }
      const sb = st.sandboxes[e.endpoint.containerId];
      if (sb && !sb.networks.includes(n.Id)) sb.networks.push(n.Id);
      return;
    }
    case 'network.disconnected': {
      const n = st.networks[e.networkId];
      if (n) {
        delete n.endpoints[e.containerId];
        if (e.ip !== null && n.allocated[e.ip] === e.endpointId) {
          delete n.allocated[e.ip];
          const v = parseIp(e.ip);
          if (v !== null && v < n.ipHint) n.ipHint = v;
        }
      }
      const sb = st.sandboxes[e.containerId];
      if (sb) sb.networks = sb.networks.filter((id) => id !== e.networkId);
      return;
    }
    case 'network.portsPublished': {
      const list = (st.published[e.containerId] ??= []);
      for (const m of e.mappings) {
        list.push({ ...m } satisfies PortMapping);
        st.portsInUse[portKey(m.proto, m.hostIp, m.hostPort)] = e.containerId;
      }
      st.lastEphemeral = { ...e.lastEphemeral };
      return;
    }
    case 'network.portsUnpublished': {
      for (const m of st.published[e.containerId] ?? []) {
        const key = portKey(m.proto, m.hostIp, m.hostPort);
        if (st.portsInUse[key] === e.containerId) delete st.portsInUse[key];
      }
      delete st.published[e.containerId];
      return;
    }
    case 'network.containerRenamed': {
      const sb = st.sandboxes[e.containerId];
      if (sb) sb.name = e.newName;
      for (const n of Object.values(st.networks)) {
        const ep = n.endpoints[e.containerId];
        if (!ep) continue;
        ep.name = e.newName;
        ep.dnsNames = ep.dnsNames.map((x) => (x === e.oldName ? e.newName : x));
      }
      return;
    }
    default:
      return;
  }
}

/** The port allocator's key for a host binding. */
export function portKey(proto: string, hostIp: string, hostPort: number): string {
  return `${proto}/${hostIp}/${hostPort}`;
}

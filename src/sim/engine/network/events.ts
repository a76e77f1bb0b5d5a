/**
 * Events of the engine's network slice (past tense; applied by applyNetworkEvent).
 * They also land in the host's event log, so views can show a network being
 * created, a container joining it, a port being published.
 */

import type { EndpointRecord, NetworkRecord, PortMapping, SandboxRecord } from './types.ts';

export type NetworkEvent =
  /** dockerd set up its networking (docker0, iptables chains) and the three predefined networks exist. */
  | { type: 'network.daemonConfigured'; daemonPid: number }
  | { type: 'network.created'; network: NetworkRecord }
  | { type: 'network.removed'; networkId: string; name: string }
  /** A container's network sandbox: its netns is now managed by the daemon. */
  | { type: 'network.sandboxCreated'; sandbox: SandboxRecord }
  /** /etc/hosts, /etc/resolv.conf or the default route's network of a sandbox changed. */
  | { type: 'network.sandboxUpdated'; containerId: string; gatewayNetwork: string | null; hosts: string; resolvConf: string }
  | { type: 'network.sandboxRemoved'; containerId: string }
  /** An endpoint joined a network (IPAM handed out `endpoint.ip`). */
  | { type: 'network.connected'; endpoint: EndpointRecord }
  /** An endpoint left a network (its address went back to IPAM). */
  | { type: 'network.disconnected'; networkId: string; containerId: string; endpointId: string; ip: string | null }
  | { type: 'network.portsPublished'; containerId: string; mappings: PortMapping[]; lastEphemeral: { tcp: number; udp: number } }
  | { type: 'network.portsUnpublished'; containerId: string }
  /** A running container was renamed: its endpoints and embedded-DNS names follow. */
  | { type: 'network.containerRenamed'; containerId: string; oldName: string; newName: string };

/**
 * Joining a container to a network and leaving it: libnetwork's endpoint
 * create/join and the bridge driver's CreateEndpoint (moby
 * daemon/libnetwork/drivers/bridge/bridge_linux.go, endpoint.go, osl/).
 *
 * Models, for a bridge network: IPAM hands out an address; a veth pair is
 * created in the host's namespace (host end `veth` + 7 hex characters, the
 * other end a temporary veth name), the host end is enslaved to the bridge
 * and brought up, the other end is moved into the container's network
 * namespace and renamed eth0 (eth1, ... for further networks), gets the
 * address and comes up (with the default route via the network's gateway when
 * this endpoint is to be the sandbox's gateway: libnetwork's sbJoin updates the
 * gateway right after populating the interface, in the same visit to the
 * container's netns); the raw-table rule against direct routing is added;
 * the container's MAC address is the random one the kernel gave the veth
 * (Docker ≥ 28 no longer derives it from the IP, moby#48808) unless one was
 * requested. Leaving deletes the host end (the kernel takes the peer with it)
 * and returns the address.
 * For host and none, the endpoint has no interface and no address.
 * SIMPLIFICATIONS:
 * - No IPv6, no link-local addresses, no gratuitous ARP.
 */

import type { Engine } from '../engine.ts';
import { linkAdd, linkDel, linkSet } from '../../kernel/net/link.ts';
import { addrAdd } from '../../kernel/net/addr.ts';
import { findLink } from '../../kernel/net/netns.ts';
import { isErr, sysErr } from '../../kernel/errno.ts';
import { hex } from '../../host/rng.ts';
import type { EndpointRecord, NetworkRecord, SandboxRecord } from './types.ts';
import { daemonPid, inNetns, newId } from './kops.ts';
import { allocateIp, prefixLenOf } from './ipam.ts';
import { addEndpointRules, removeEndpointRules } from './firewall.ts';
import { isUserDefined, type NetError } from './networks.ts';
import { recordEvent } from '../system/events-log.ts';
import { programDefaultRoute } from './sandbox.ts';

export interface EndpointConfigIn {
  Aliases?: string[] | null;
  IPAMConfig?: { IPv4Address?: string } | null;
  MacAddress?: string;
  GwPriority?: number;
}

/** EndpointSettings as `docker inspect` shows it under NetworkSettings.Networks (API 1.50, Docker 28). */
export interface EndpointSettings {
  IPAMConfig: { IPv4Address: string } | null;
  Links: string[] | null;
  Aliases: string[] | null;
  MacAddress: string;
  DriverOpts: Record<string, string> | null;
  GwPriority: number;
  NetworkID: string;
  EndpointID: string;
  Gateway: string;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
  DNSNames: string[] | null;
}

export function endpointSettings(engine: Engine, ep: EndpointRecord): EndpointSettings {
  const n = engine.state.network.networks[ep.networkId];
  return {
    IPAMConfig: ep.requestedIp ? { IPv4Address: ep.requestedIp } : null,
    Links: null,
    Aliases: ep.aliases.length ? [...ep.aliases] : null,
    MacAddress: ep.mac,
    DriverOpts: null,
    GwPriority: ep.gwPriority,
    NetworkID: ep.networkId,
    EndpointID: ep.endpointId,
    Gateway: ep.gateway ?? '',
    IPAddress: ep.ip ?? '',
    IPPrefixLen: ep.ip ? ep.prefixLen : 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: n && isUserDefined(n) ? [...ep.dnsNames] : null,
  };
}

/** buildEndpointDNSNames: the container's name, its aliases, its short id, its hostname (deduplicated). */
function dnsNamesFor(sb: SandboxRecord, aliases: string[]): string[] {
  const out: string[] = [];
  for (const n of [sb.name, ...aliases, sb.containerId.slice(0, 12), sb.hostname]) if (n && !out.includes(n)) out.push(n);
  return out;
}

/** GenerateIfaceName("veth", 7): `veth` and 7 random hex digits. */
function vethName(engine: Engine): string {
  return `veth${hex(engine.k.state.rng, 7)}`;
}

/** The lowest free ethN inside the container's netns. */
function nextEthName(engine: Engine, netns: number): string {
  const ns = engine.k.state.net.byNs[netns];
  for (let i = 0; ; i++) if (!ns || !findLink(ns, `eth${i}`)) return `eth${i}`;
}

/**
 * Create the endpoint of `sb` on `n` (interfaces, address, rules) and emit network.connected.
 * `gateway`: this endpoint is to be the sandbox's gateway, so its join also points the default
 * route at it (libnetwork's sbJoin updates the gateway once the interface is in place).
 */
export function connectEndpoint(engine: Engine, sb: SandboxRecord, n: NetworkRecord, cfg: EndpointConfigIn, gateway = false): EndpointRecord | NetError {
  if (n.endpoints[sb.containerId]) return { error: `endpoint with name ${sb.name} already exists in network ${n.Name}`, status: 403 };
  const aliases = [...(cfg.Aliases ?? [])];
  if (aliases.length && !isUserDefined(n)) return { error: 'network-scoped alias is supported only for containers in user defined networks', status: 400 };
  const requestedIp = cfg.IPAMConfig?.IPv4Address || null;
  const base: EndpointRecord = {
    containerId: sb.containerId,
    name: sb.name,
    networkId: n.Id,
    endpointId: newId(engine),
    ifname: null,
    hostIfname: null,
    mac: '',
    ip: null,
    prefixLen: 0,
    gateway: null,
    aliases,
    dnsNames: dnsNamesFor(sb, aliases),
    requestedIp,
    requestedMac: cfg.MacAddress || null,
    gwPriority: cfg.GwPriority ?? 0,
  };
  if (n.Driver !== 'bridge' || !n.bridge) {
    if (requestedIp) return { error: 'user specified IP address is supported on user defined networks only', status: 400 };
    engine.emit({ type: 'network.connected', endpoint: base });
    recordEvent(engine, 'network', 'connect', n.Id, { container: sb.containerId, name: n.Name, type: n.Driver });
    return base;
  }
  const ip = allocateIp(n, requestedIp);
  if ('error' in ip) return ip;
  const k = engine.k;
  const pid = daemonPid(engine);
  const hostNs = k.state.net.byNs[k.proc(pid)?.ns.net ?? -1];
  if (!hostNs || !k.state.net.byNs[sb.netns]) return { error: 'container network namespace is gone', status: 500 };
  const mtu = Number(n.Options['com.docker.network.driver.mtu'] ?? 1500) || 1500;
  // Random names; on the (rare) clash with an existing device the kernel says EEXIST and we draw again.
  let hostIf = '';
  let tmpIf = '';
  let made: ReturnType<typeof linkAdd> = sysErr('EEXIST');
  for (let tries = 0; tries < 8 && isErr(made) && made.errno === 'EEXIST'; tries++) {
    hostIf = vethName(engine);
    tmpIf = vethName(engine);
    made = linkAdd(k, pid, { name: hostIf, kind: 'veth', peer: { name: tmpIf }, mtu, txqueuelen: 0 });
  }
  if (isErr(made)) return { error: `failed to add the host (${hostIf}) <=> sandbox (${tmpIf}) pair interfaces: ${made.errno}`, status: 500 };
  linkSet(k, pid, hostIf, { master: n.bridge, up: true });
  const ifname = nextEthName(engine, sb.netns);
  const moved = linkSet(k, pid, tmpIf, { netns: sb.netns, name: ifname });
  if (isErr(moved)) {
    linkDel(k, pid, hostIf);
    return { error: `failed to move ${tmpIf} into the container's network namespace: ${moved.errno}`, status: 500 };
  }
  const len = prefixLenOf(n.IPAM.Config?.[0]?.Subnet ?? '');
  const gw = n.IPAM.Config?.[0]?.Gateway ?? null;
  let mac = '';
  inNetns(engine, sb.netns, (p) => {
    const cns = k.state.net.byNs[sb.netns];
    const lo = cns && findLink(cns, 'lo');
    if (lo && !lo.up) linkSet(k, p, 'lo', { up: true });
    if (base.requestedMac) linkSet(k, p, ifname, { address: base.requestedMac });
    addrAdd(k, p, ifname, `${ip.ip}/${len}`, { broadcast: '+' });
    linkSet(k, p, ifname, { up: true });
    if (gateway) programDefaultRoute(engine, p, sb.netns, { gateway: gw, ifname });
    const after = k.state.net.byNs[sb.netns];
    mac = (after && findLink(after, ifname)?.mac) ?? '';
  });
  addEndpointRules(engine, n, ip.ip);
  const ep: EndpointRecord = Object.assign({}, base, { ifname, hostIfname: hostIf, mac, ip: ip.ip, prefixLen: len, gateway: gw });
  engine.emit({ type: 'network.connected', endpoint: ep });
  recordEvent(engine, 'network', 'connect', n.Id, { container: sb.containerId, name: n.Name, type: n.Driver });
  return ep;
}

/** Remove the endpoint of container `containerId` from `n` (veth, rule, address). */
export function disconnectEndpoint(engine: Engine, n: NetworkRecord, containerId: string): void {
  const ep = n.endpoints[containerId];
  if (!ep) return;
  const k = engine.k;
  const pid = daemonPid(engine);
  const hostNs = k.state.net.byNs[k.proc(pid)?.ns.net ?? -1];
  if (ep.hostIfname && hostNs && findLink(hostNs, ep.hostIfname)) linkDel(k, pid, ep.hostIfname);
  if (ep.ip) removeEndpointRules(engine, n, ep.ip);
  engine.emit({ type: 'network.disconnected', networkId: n.Id, containerId, endpointId: ep.endpointId, ip: ep.ip });
  recordEvent(engine, 'network', 'disconnect', n.Id, { container: containerId, name: n.Name, type: n.Driver });
}

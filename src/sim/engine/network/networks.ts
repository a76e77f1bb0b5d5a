/**
 * Creating, finding and removing networks (moby daemon/network.go
 * createNetwork/deleteNetwork, FindNetwork; libnetwork bridge driver
 * createNetwork: the Linux bridge `br-<12 hex of the id>` with the gateway
 * address, its iptables rules).
 *
 * Models: lookup by full id, exact name, then id prefix; the predefined
 * networks (bridge, host, none) that cannot be created or removed; name
 * conflicts; IPAM validation and subnet choice; removal refused while
 * containers are attached, with Docker 28's texts.
 * SIMPLIFICATIONS:
 * - Drivers bridge (user-defined), host and null only; unknown drivers fail like a missing plugin.
 * - EnableIPv6 requests are accepted and ignored (IPv4-only kernel model).
 */

import type { Engine } from '../engine.ts';
import { linkAdd, linkDel, linkSet } from '../../kernel/net/link.ts';
import { addrAdd } from '../../kernel/net/addr.ts';
import { findLink } from '../../kernel/net/netns.ts';
import { isErr } from '../../kernel/errno.ts';
import type { IpamConfig, NetworkDriver, NetworkRecord } from './types.ts';
import { daemonPid, newId, rfc3339Nano } from './kops.ts';
import { addNetworkRules, removeNetworkRules } from './firewall.ts';
import { NO_POOL, POOL_OVERLAPS, firstHost, pickSubnet, prefixLenOf, subnetOverlaps, usedSubnets, validateIpam } from './ipam.ts';
import { recordEvent } from '../system/events-log.ts';

export interface NetError {
  error: string;
  status: number;
}

export function isNetError(x: unknown): x is NetError {
  return typeof x === 'object' && x !== null && 'error' in x && 'status' in x;
}

export const PREDEFINED = ['bridge', 'host', 'none'];

/** FindNetwork: full id, exact name, then a unique id prefix. */
export function findNetwork(engine: Engine, term: string): NetworkRecord | null {
  const st = engine.state.network;
  if (st.networks[term]) return st.networks[term] ?? null;
  for (const id of st.order) {
    const n = st.networks[id];
    if (n && n.Name === term) return n;
  }
  if (!term) return null;
  const all = st.order.map((id) => st.networks[id]).filter((n): n is NetworkRecord => !!n);
  const byPrefix = all.filter((n) => n.Id.startsWith(term));
  return byPrefix.length === 1 ? (byPrefix[0] ?? null) : null;
}

export function notFound(term: string): NetError {
  return { error: `network ${term} not found`, status: 404 };
}

/** A user-defined network: any bridge network but the default one. */
export function isUserDefined(n: NetworkRecord): boolean {
  return n.Driver === 'bridge' && !n.predefined;
}

/** The bridge device and its address: ip link add NAME type bridge; ip addr add GW/LEN brd + dev NAME; ip link set NAME up. */
export function setupBridgeDevice(engine: Engine, n: NetworkRecord): void {
  if (!n.bridge) return;
  const k = engine.k;
  const pid = daemonPid(engine);
  const ns = k.state.net.byNs[k.proc(pid)?.ns.net ?? -1];
  const cfg = n.IPAM.Config?.[0];
  if (!ns || !cfg?.Gateway) return;
  const mtu = Number(n.Options['com.docker.network.driver.mtu'] ?? 1500) || 1500;
  if (!findLink(ns, n.bridge)) linkAdd(k, pid, { name: n.bridge, kind: 'bridge', txqueuelen: 0, mtu });
  const br = findLink(ns, n.bridge);
  const len = prefixLenOf(cfg.Subnet);
  if (br && !br.addrs.some((a) => a.local === cfg.Gateway)) addrAdd(k, pid, n.bridge, `${cfg.Gateway}/${len}`, { broadcast: '+' });
  if (br && !br.up) linkSet(k, pid, n.bridge, { up: true });
}

export interface NetworkSpec {
  name: string;
  driver: NetworkDriver;
  subnet?: IpamConfig;
  options?: Record<string, string>;
  labels?: Record<string, string>;
  ipamOptions?: Record<string, string> | null;
  internal?: boolean;
  attachable?: boolean;
  predefined?: boolean;
  userSubnet?: boolean;
  bridge?: string | null;
}

/** Build a network record (id and creation time from the rng and clock). */
export function newNetworkRecord(engine: Engine, s: NetworkSpec): NetworkRecord {
  const id = newId(engine);
  const cfg = s.subnet ? [{ ...s.subnet }] : s.driver === 'bridge' ? [] : null;
  const bridge = s.driver !== 'bridge' ? null : (s.bridge ?? s.options?.['com.docker.network.bridge.name'] ?? `br-${id.slice(0, 12)}`);
  const allocated: Record<string, string> = {};
  if (s.subnet?.Gateway) allocated[s.subnet.Gateway] = 'gateway';
  return {
    Name: s.name,
    Id: id,
    Created: rfc3339Nano(engine),
    Scope: 'local',
    Driver: s.driver,
    EnableIPv4: true,
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: s.ipamOptions === undefined ? {} : s.ipamOptions, Config: cfg },
    Internal: s.internal ?? false,
    Attachable: s.attachable ?? false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Options: { ...(s.options ?? {}) },
    Labels: { ...(s.labels ?? {}) },
    bridge,
    predefined: s.predefined ?? false,
    userSubnet: s.userSubnet ?? false,
    allocated,
    ipHint: 0,
    endpoints: {},
  };
}

/** Prefixes the host already routes (so Docker never picks a subnet that would hide them). */
export function hostPrefixes(engine: Engine): string[] {
  const ns = engine.k.state.net.byNs[engine.k.state.ns.initial.net];
  if (!ns) return [];
  const bridges = new Set(Object.values(engine.state.network.networks).map((n) => n.bridge));
  const out: string[] = [];
  for (const r of ns.routes) {
    const dev = ns.links[r.dev];
    if (r.dstLen === 0 || !dev || bridges.has(dev.name)) continue;
    out.push(`${r.dst}/${r.dstLen}`);
  }
  return out;
}

export interface CreateRequest {
  Name?: string;
  Driver?: string;
  Internal?: boolean;
  Attachable?: boolean;
  EnableIPv6?: boolean;
  IPAM?: { Driver?: string; Config?: Array<Partial<IpamConfig>> | null; Options?: Record<string, string> | null } | null;
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

/** POST /networks/create. */
export function createNetwork(engine: Engine, req: CreateRequest): { Id: string; Warning: string } | NetError {
  const name = req.Name ?? '';
  if (!name) return { error: 'invalid name: network name must not be empty', status: 400 };
  if (PREDEFINED.includes(name) || name === 'default') return { error: `${name} is a pre-defined network and cannot be created`, status: 403 };
  const driver = req.Driver || 'bridge';
  if (driver === 'host' || driver === 'null') return { error: `only one instance of "${driver}" network is allowed`, status: 403 };
  if (driver !== 'bridge') return { error: `plugin "${driver}" not found`, status: 404 };
  const st = engine.state.network;
  if (st.order.some((id) => st.networks[id]?.Name === name)) return { error: `network with name ${name} already exists`, status: 409 };
  const configs = (req.IPAM?.Config ?? []).map((c) => ({ Subnet: c.Subnet ?? '', ...(c.IPRange ? { IPRange: c.IPRange } : {}), ...(c.Gateway ? { Gateway: c.Gateway } : {}) }));
  const invalid = validateIpam(configs);
  if (invalid) return { error: invalid, status: 400 };
  let subnet: IpamConfig;
  const given = configs[0];
  if (given) {
    // Only other networks count here: a user may pick a subnet the host also routes.
    if (subnetOverlaps(usedSubnets(st, []), given.Subnet)) return { error: POOL_OVERLAPS, status: 403 };
    subnet = { Subnet: given.Subnet, ...(given.IPRange ? { IPRange: given.IPRange } : {}), Gateway: given.Gateway ?? firstHost(given.Subnet) };
  } else {
    const picked = pickSubnet(usedSubnets(st, hostPrefixes(engine)));
    if (!picked) return { error: NO_POOL, status: 500 };
    subnet = { Subnet: picked, Gateway: firstHost(picked) };
  }
  const n = newNetworkRecord(engine, {
    name,
    driver: 'bridge',
    subnet,
    options: req.Options ?? {},
    labels: req.Labels ?? {},
    ipamOptions: req.IPAM?.Options ?? {},
    internal: !!req.Internal,
    attachable: !!req.Attachable,
    userSubnet: !!given,
  });
  const ns = engine.k.state.net.byNs[engine.k.state.ns.initial.net];
  if (n.bridge && ns && findLink(ns, n.bridge) && findLink(ns, n.bridge)?.kind !== 'bridge') {
    return { error: `device ${n.bridge} already exists and is not a bridge`, status: 500 };
  }
  setupBridgeDevice(engine, n);
  addNetworkRules(engine, n);
  engine.emit({ type: 'network.created', network: n });
  recordEvent(engine, 'network', 'create', n.Id, { name: n.Name, type: n.Driver });
  return { Id: n.Id, Warning: '' };
}

/** DELETE /networks/{id}. */
export function removeNetwork(engine: Engine, term: string): null | NetError {
  const n = findNetwork(engine, term);
  if (!n) return notFound(term);
  if (n.predefined) return { error: `${n.Name} is a pre-defined network and cannot be removed`, status: 403 };
  const eps = Object.values(n.endpoints).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (eps.length) {
    const list = eps.map((e) => `name:"${e.name}" id:"${e.endpointId.slice(0, 12)}"`).join(', ');
    return { error: `error while removing network: network ${n.Name} has active endpoints (${list})`, status: 403 };
  }
  removeNetworkRules(engine, n);
  if (n.bridge) {
    const r = linkDel(engine.k, daemonPid(engine), n.bridge);
    if (isErr(r) && r.errno !== 'ENODEV') return { error: `failed to remove bridge ${n.bridge}: ${r.errno}`, status: 500 };
  }
  engine.emit({ type: 'network.removed', networkId: n.Id, name: n.Name });
  recordEvent(engine, 'network', 'destroy', n.Id, { name: n.Name, type: n.Driver });
  return null;
}

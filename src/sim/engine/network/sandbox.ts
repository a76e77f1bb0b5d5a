/**
 * A container's network sandbox beyond its interfaces: the default route's
 * network, the /etc/hosts and /etc/resolv.conf files, and the embedded DNS
 * server at 127.0.0.11 (moby daemon/libnetwork/sandbox.go, sandbox_dns_unix.go,
 * resolver.go).
 *
 * Models: the gateway endpoint chosen as libnetwork sorts endpoints
 * (non-internal networks first, then higher GwPriority, then network name),
 * the default route moved when that changes; hosts and resolv.conf rewritten
 * under /var/lib/docker/containers/<id>/ whenever the container's addresses
 * change; the embedded DNS of containers on user-defined networks answering
 * the DNS names (container name, --network-alias values, short id) of every
 * endpoint on the networks the container is attached to, forwarding other
 * names to the host's resolvers (or --dns servers).
 * SIMPLIFICATIONS:
 * - The embedded DNS is the kernel's registered server at 127.0.0.11:53; no
 *   DOCKER_OUTPUT/DOCKER_POSTROUTING NAT rules in the container's netns.
 * - A name present on several networks answers with the first network's address only.
 */

import type { Engine } from '../engine.ts';
import { readFile } from '../../kernel/fs/index.ts';
import { isErr } from '../../kernel/errno.ts';
import { registerDnsServer, unregisterDnsServer } from '../../kernel/net/dns.ts';
import { routeAdd, routeDel } from '../../kernel/net/route.ts';
import type { EndpointRecord, SandboxRecord } from './types.ts';
import { daemonPid, inNetns, writeHostFile } from './kops.ts';
import { generateHosts, generateResolvConf, parseExtraHost, parseResolvConf, type DnsOverrides, type GeneratedResolv, type HostsRecord, type ResolvConf } from './etcfiles.ts';
import { isUserDefined } from './networks.ts';
import { containerDir } from '../containers/files.ts';

export { containerDir };

function readHost(engine: Engine, path: string): string | null {
  const r = readFile(engine.k, daemonPid(engine), path);
  return isErr(r) ? null : r;
}

/**
 * Parsed resolv.conf texts, keyed by source path and content (so never stale),
 * and what generateResolvConf made of each without overrides. Derived data
 * outside the engine state; the parsed records are shared, so read-only.
 */
interface ResolvMemo {
  parsed: Map<string, ResolvConf>;
  generated: WeakMap<ResolvConf, Partial<Record<'legacy' | 'internal' | 'host', GeneratedResolv>>>;
}
const resolvMemos = new WeakMap<Engine, ResolvMemo>();

function memoOf(engine: Engine): ResolvMemo {
  let m = resolvMemos.get(engine);
  if (!m) resolvMemos.set(engine, (m = { parsed: new Map(), generated: new WeakMap() }));
  return m;
}

function parsedResolvConf(engine: Engine, raw: string, sourcePath: string): ResolvConf {
  const memo = memoOf(engine).parsed;
  const key = `${sourcePath}\n${raw}`;
  let rc = memo.get(key);
  if (!rc) {
    if (memo.size >= 16) memo.clear();
    rc = parseResolvConf(raw, sourcePath);
    memo.set(key, rc);
  }
  return rc;
}

/** generateResolvConf, remembered per parsed host file and mode when there are no overrides. */
function resolvFor(engine: Engine, rc: ResolvConf, mode: 'legacy' | 'internal' | 'host', o: DnsOverrides): GeneratedResolv {
  if (o.dns.length || o.dnsSearch.length || o.dnsOptions.length) return generateResolvConf(rc, mode, o);
  const memo = memoOf(engine).generated;
  let byMode = memo.get(rc);
  if (!byMode) memo.set(rc, (byMode = {}));
  const gen = (byMode[mode] ??= generateResolvConf(rc, mode, o));
  return { text: gen.text, extServers: [...gen.extServers] };
}

/** The host's resolv.conf as dockerd reads it (systemd-resolved's upstream file when the stub is all it lists). */
export function hostResolvConf(engine: Engine): { rc: ResolvConf; raw: string } {
  const raw = readHost(engine, '/etc/resolv.conf') ?? '';
  const rc = parsedResolvConf(engine, raw, '/etc/resolv.conf');
  if (rc.nameservers.length === 1 && rc.nameservers[0] === '127.0.0.53') {
    const sd = readHost(engine, '/run/systemd/resolve/resolv.conf');
    if (sd !== null) return { rc: parsedResolvConf(engine, sd, '/run/systemd/resolve/resolv.conf'), raw: sd };
  }
  return { rc, raw };
}

/** The sandbox's endpoints, in attach order. */
export function endpointsOf(engine: Engine, sb: SandboxRecord): EndpointRecord[] {
  const out: EndpointRecord[] = [];
  for (const id of sb.networks) {
    const ep = engine.state.network.networks[id]?.endpoints[sb.containerId];
    if (ep) out.push(ep);
  }
  return out;
}

function hasUserNetwork(engine: Engine, sb: SandboxRecord): boolean {
  return sb.networks.some((id) => {
    const n = engine.state.network.networks[id];
    return !!n && isUserDefined(n);
  });
}

/**
 * libnetwork's order of gateway candidates: higher GwPriority first, then network name
 * (callers keep only candidates that have a gateway and an interface, on non-internal networks).
 */
export function gatewayBefore(aPriority: number, aName: string, bPriority: number, bName: string): number {
  if (aPriority !== bPriority) return bPriority - aPriority;
  return aName < bName ? -1 : aName > bName ? 1 : 0;
}

/** libnetwork's gateway endpoint: non-internal first, then GwPriority (highest), then network name. */
export function pickGateway(engine: Engine, sb: SandboxRecord): EndpointRecord | null {
  const nets = engine.state.network.networks;
  const candidates = endpointsOf(engine, sb).filter((e) => e.gateway !== null && e.ifname !== null && !nets[e.networkId]?.Internal);
  candidates.sort((a, b) => gatewayBefore(a.gwPriority, nets[a.networkId]?.Name ?? '', b.gwPriority, nets[b.networkId]?.Name ?? ''));
  return candidates[0] ?? null;
}

/** The default route of netns `netns` and whether it already goes via `gw` (null: no gateway wanted). */
function defaultRouteState(engine: Engine, netns: number, gw: Pick<EndpointRecord, 'gateway' | 'ifname'> | null): { current: boolean; keep: boolean } {
  const ns = engine.k.state.net.byNs[netns];
  const current = ns?.routes.find((r) => r.dstLen === 0);
  const wantDev = gw?.ifname ?? null;
  const curDev = current ? ns?.links[current.dev]?.name : undefined;
  const keep = !!current && !!gw && curDev === wantDev && current.via === gw.gateway;
  return { current: !!current, keep: keep || (!current && !gw) };
}

/**
 * Replace the default route by one via `gw` (or remove it), as dockerd does from inside the
 * container's netns (its `pid` is there already); nothing when the route is already right.
 */
export function programDefaultRoute(engine: Engine, pid: number, netns: number, gw: Pick<EndpointRecord, 'gateway' | 'ifname'> | null): void {
  const st = defaultRouteState(engine, netns, gw);
  if (!st.keep) replaceDefaultRoute(engine, pid, st.current, gw);
}

/** Delete the default route (if there is one) and add one via `gw` (if it has a gateway), from inside the netns. */
function replaceDefaultRoute(engine: Engine, pid: number, current: boolean, gw: Pick<EndpointRecord, 'gateway' | 'ifname'> | null): void {
  if (current) routeDel(engine.k, pid, { dst: 'default' });
  if (gw?.gateway && gw.ifname) routeAdd(engine.k, pid, { dst: 'default', via: gw.gateway, dev: gw.ifname });
}

/** Point the default route at the gateway endpoint's network, if that changed. Returns the network id. */
export function updateDefaultRoute(engine: Engine, sb: SandboxRecord): string | null {
  const gw = pickGateway(engine, sb);
  const want = gw?.networkId ?? null;
  if (sb.mode !== 'bridge' || !engine.k.state.net.byNs[sb.netns]) return want;
  const st = defaultRouteState(engine, sb.netns, gw);
  if (st.keep) return want;
  inNetns(engine, sb.netns, (pid) => replaceDefaultRoute(engine, pid, st.current, gw));
  return want;
}

/** The hosts and resolv.conf texts of a sandbox, as dockerd generates them now. */
export function renderFiles(engine: Engine, sb: SandboxRecord): { hosts: string; resolvConf: string; extServers: string[] } {
  const { rc, raw } = hostResolvConf(engine);
  const overrides = { dns: sb.dns, dnsSearch: sb.dnsSearch, dnsOptions: sb.dnsOptions };
  const extra: HostsRecord[] = [];
  if (sb.extraHosts.length) {
    const bridgeGw = Object.values(engine.state.network.networks).find((n) => n.Name === 'bridge')?.IPAM.Config?.[0]?.Gateway ?? '172.17.0.1';
    for (const h of sb.extraHosts) {
      const r = parseExtraHost(h, bridgeGw);
      if (r) extra.push(r);
    }
  }
  if (sb.mode === 'host') {
    const hostHosts = readHost(engine, '/etc/hosts') ?? '';
    const hosts = hostHosts + extra.map((r) => `${r.ip}\t${r.names}\n`).join('');
    const plain = !sb.dns.length && !sb.dnsSearch.length && !sb.dnsOptions.length;
    return { hosts, resolvConf: plain ? raw : resolvFor(engine, rc, 'host', overrides).text, extServers: [] };
  }
  for (const [alias, target] of sb.links) {
    const t = engine.state.network.sandboxes[target];
    const ip = t ? endpointsOf(engine, t).find((e) => engine.state.network.networks[e.networkId]?.Name === 'bridge')?.ip : null;
    if (!t || !ip) continue;
    const names = alias === t.name ? `${alias} ${t.hostname}` : `${alias} ${t.hostname} ${t.name}`;
    extra.push({ ip, names });
  }
  const fqdn = sb.domainname ? `${sb.hostname}.${sb.domainname}` : sb.hostname;
  const names = fqdn.includes('.') ? `${fqdn} ${fqdn.split('.')[0]}` : fqdn;
  const own: HostsRecord[] = endpointsOf(engine, sb)
    .filter((e) => e.ip !== null)
    .map((e) => ({ ip: e.ip as string, names }));
  const mode = hasUserNetwork(engine, sb) ? 'internal' : 'legacy';
  const gen = resolvFor(engine, rc, mode, overrides);
  return { hosts: generateHosts(extra, own), resolvConf: gen.text, extServers: gen.extServers };
}

/** Rewrite the sandbox's files and default route, re-register its DNS server; emits network.sandboxUpdated. */
export function refreshSandbox(engine: Engine, containerId: string): void {
  const sb = engine.state.network.sandboxes[containerId];
  if (!sb || sb.mode === 'container') return;
  const gatewayNetwork = updateDefaultRoute(engine, sb);
  const files = renderFiles(engine, sb);
  writeHostFile(engine, sb.hostsPath, files.hosts);
  writeHostFile(engine, sb.resolvConfPath, files.resolvConf);
  engine.emit({ type: 'network.sandboxUpdated', containerId, gatewayNetwork, hosts: files.hosts, resolvConf: files.resolvConf });
  refreshDns(engine, containerId, files.extServers);
}

/** The names the embedded DNS of `sb` answers: endpoints on its user-defined networks. */
export function dnsRecords(engine: Engine, sb: SandboxRecord): Record<string, string[]> {
  const records: Record<string, string[]> = {};
  for (const id of sb.networks) {
    const n = engine.state.network.networks[id];
    if (!n || !isUserDefined(n)) continue;
    for (const ep of Object.values(n.endpoints)) {
      if (!ep.ip) continue;
      for (const name of ep.dnsNames) records[name.toLowerCase()] ??= [ep.ip];
    }
  }
  return records;
}

/** (Re)register the embedded DNS server of one container, or remove it when it has no user-defined network left. */
export function refreshDns(engine: Engine, containerId: string, extServers?: string[]): void {
  const sb = engine.state.network.sandboxes[containerId];
  if (!sb || sb.mode !== 'bridge' || !engine.k.state.net.byNs[sb.netns]) return;
  const registered = !!engine.k.state.net.dnsServers[sb.netns]?.['127.0.0.11'];
  if (!hasUserNetwork(engine, sb)) {
    if (registered) unregisterDnsServer(engine.k, sb.netns, '127.0.0.11');
    return;
  }
  const fwd = extServers ?? renderFiles(engine, sb).extServers;
  registerDnsServer(engine.k, sb.netns, '127.0.0.11', dnsRecords(engine, sb), fwd);
}

/**
 * The running containers whose embedded DNS answers change when an endpoint
 * joins or leaves network `networkId`: its members, if it is user-defined
 * (the default bridge has no DNS, so nothing to refresh there).
 */
export function peersOn(engine: Engine, networkId: string): string[] {
  const n = engine.state.network.networks[networkId];
  return n && isUserDefined(n) ? Object.keys(n.endpoints) : [];
}

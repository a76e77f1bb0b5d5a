/**
 * Name resolution as glibc's stub resolver does it (resolv.conf(5), hosts(5)),
 * and DNS servers living inside network namespaces.
 *
 * Models: /etc/hosts first; then each nameserver in order (at most three; none
 * listed means 127.0.0.1), each query a UDP packet to port 53 traced through
 * the namespaces (so a container without a route, or a DROP rule, really
 * cannot resolve); an NXDOMAIN answer ends the search, SERVFAIL or silence
 * moves to the next server. Servers are Docker's embedded DNS (127.0.0.11 in a
 * container's netns, registered by the engine: its own records, then its
 * forwarders, asked from the host's netns as dockerd does) or internet resolvers
 * answering from the public table.
 * SIMPLIFICATIONS:
 * - A records only; no search domains, ndots, TCP fallback, caching or retries.
 */

import type { Kernel } from '../kernel.ts';
import { sysErr, type SysError } from '../errno.ts';
import { parseIp } from './ip4.ts';
import { traceFlow } from './connect.ts';

export type ResolveResult = { addr: string } | { error: 'NXDOMAIN' | 'SERVFAIL' | 'TIMEOUT' };

function norm(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** The first IPv4 address hosts(5) gives `name`, or null. */
export function lookupHostsFile(hostsFile: string, name: string): string | null {
  const want = norm(name);
  for (const raw of hostsFile.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [ip, ...names] = line.split(/\s+/);
    if (!ip || parseIp(ip) === null) continue;
    if (names.some((n) => norm(n) === want)) return ip;
  }
  return null;
}

/** Public DNS: the internet table's A records. */
export function internetLookup(k: Kernel, name: string): string[] | null {
  return k.state.net.internet.dns[norm(name)] ?? null;
}

type Answer = { addr: string } | 'NXDOMAIN' | 'SERVFAIL' | 'TIMEOUT';

/** Send one query from `netns` to `server`:53 and read the answer. */
function query(k: Kernel, netns: number, server: string, name: string, depth: number): Answer {
  const tr = traceFlow(k, netns, null, 'udp', server, 53, null);
  if (tr.result !== 'ok' || !tr.endpoint) return 'TIMEOUT';
  const ep = tr.endpoint;
  if (ep.kind === 'internet') {
    if (!ep.host.dns) return 'TIMEOUT';
    const a = internetLookup(k, name);
    return a && a[0] ? { addr: a[0] } : 'NXDOMAIN';
  }
  if (ep.kind === 'dns') {
    const own = ep.server.records[norm(name)];
    if (own && own[0]) return { addr: own[0] };
    if (depth > 2) return 'SERVFAIL';
    // dockerd forwards from the host's network namespace.
    for (const f of ep.server.forwarders) {
      const r = query(k, k.state.ns.initial.net, f, name, depth + 1);
      if (r === 'TIMEOUT' || r === 'SERVFAIL') continue;
      return r;
    }
    return 'SERVFAIL';
  }
  // A program bound to port 53 that the simulation cannot ask.
  return 'TIMEOUT';
}

/**
 * getaddrinfo(name) for IPv4 from `fromNetns`, given the caller's /etc/resolv.conf
 * nameservers and /etc/hosts text (the userland reads both files).
 */
export function resolveName(k: Kernel, fromNetns: number, name: string, resolvConfNameservers: string[], hostsFile: string): ResolveResult {
  const n = norm(name);
  if (parseIp(n) !== null) return { addr: n };
  const fromHosts = lookupHostsFile(hostsFile, n);
  if (fromHosts) return { addr: fromHosts };
  const servers = (resolvConfNameservers.length ? resolvConfNameservers : ['127.0.0.1']).filter((s) => parseIp(s) !== null).slice(0, 3);
  let servfail = false;
  for (const srv of servers) {
    const a = query(k, fromNetns, srv, n, 0);
    if (a === 'NXDOMAIN') return { error: 'NXDOMAIN' };
    if (a === 'SERVFAIL') servfail = true;
    else if (a !== 'TIMEOUT') return a;
  }
  return { error: servfail ? 'SERVFAIL' : 'TIMEOUT' };
}

/**
 * Put a DNS server at `ip` inside netns `netns` (Docker's embedded DNS at
 * 127.0.0.11). `records`: name → A records; `forwarders`: upstream resolvers.
 */
export function registerDnsServer(k: Kernel, netns: number, ip: string, records: Record<string, string[]>, forwarders: string[]): null | SysError {
  if (!k.state.net.byNs[netns] || parseIp(ip) === null) return sysErr('EINVAL');
  const recs: Record<string, string[]> = {};
  for (const [nm, addrs] of Object.entries(records)) recs[norm(nm)] = addrs.filter((a) => parseIp(a) !== null);
  k.emit({ type: 'net.dnsServerRegistered', netns, ip, records: recs, forwarders: forwarders.filter((f) => parseIp(f) !== null) });
  return null;
}

export function unregisterDnsServer(k: Kernel, netns: number, ip: string): null | SysError {
  if (!k.state.net.dnsServers[netns]?.[ip]) return sysErr('ENOENT');
  k.emit({ type: 'net.dnsServerUnregistered', netns, ip });
  return null;
}

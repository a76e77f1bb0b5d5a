/**
 * The main routing table as the kernel's FIB keeps it (net/ipv4/fib_trie.c).
 *
 * Models: dump order (by destination key; for one key, longer prefixes first;
 * then by metric), connected ("proto kernel scope link") routes derived from
 * addresses, and longest-prefix-match lookup with the metric as tie-breaker.
 * SIMPLIFICATIONS:
 * - One table (main); no policy routing rules, TOS, multipath or route cache.
 */

import type { IfAddr, Link, NetNs, Route } from './types.ts';
import { inPrefix, networkStr, parseIp } from './ip4.ts';

function key(r: Route): number {
  return parseIp(r.dst) ?? 0;
}

/** Order of `ip route show`. */
export function compareRoutes(a: Route, b: Route): number {
  return key(a) - key(b) || b.dstLen - a.dstLen || (a.metric ?? 0) - (b.metric ?? 0);
}

/** Same destination, length and metric: the kernel's identity of a route (RTM_NEWROUTE with NLM_F_EXCL). */
export function sameRouteKey(a: Route, b: Route): boolean {
  return a.dst === b.dst && a.dstLen === b.dstLen && (a.metric ?? 0) === (b.metric ?? 0);
}

export function insertRoute(routes: Route[], r: Route): void {
  let i = 0;
  while (i < routes.length && compareRoutes(routes[i] as Route, r) <= 0) i++;
  routes.splice(i, 0, r);
}

/** The prefix route an address brings with it, or null (loopback, /32, noprefixroute). */
export function connectedRoute(l: Link, a: IfAddr): Route | null {
  if (l.kind === 'loopback' || a.noprefixroute || a.prefixlen >= 32) return null;
  return {
    dst: networkStr(a.local, a.prefixlen),
    dstLen: a.prefixlen,
    via: null,
    dev: l.ifindex,
    proto: 'kernel',
    scope: 'link',
    src: a.local,
    metric: a.metric,
  };
}

/** Longest-prefix match in the main table over routes whose device is up. */
export function lookupMain(ns: NetNs, dst: string): Route | null {
  const d = parseIp(dst);
  if (d === null) return null;
  let best: Route | null = null;
  for (const r of ns.routes) {
    const dev = ns.links[r.dev];
    if (!dev || !dev.up) continue;
    const net = parseIp(r.dst);
    if (net === null || !inPrefix(d, net, r.dstLen)) continue;
    if (!best || r.dstLen > best.dstLen || (r.dstLen === best.dstLen && (r.metric ?? 0) < (best.metric ?? 0))) best = r;
  }
  return best;
}

/**
 * Route operations: ip route add / del (RTM_NEWROUTE, RTM_DELROUTE) and the
 * routing decision (ip route get).
 *
 * Models: the kernel's checks (destination without host bits, gateway reachable
 * on a link, device up, preferred source local, no duplicate), iproute2's
 * defaults (proto boot, scope link without a gateway), the local table derived
 * from addresses, and source address selection (inet_select_addr()).
 * Needs CAP_NET_ADMIN over the netns.
 * SIMPLIFICATIONS:
 * - Main table only; no onlink, blackhole/unreachable/prohibit types, multipath or nexthop objects.
 */

import type { Kernel } from '../kernel.ts';
import { isErr, sysErr, type SysError } from '../errno.ts';
import type { Link, NetNs, NetState, Route, RouteProto } from './types.ts';
import { findLink, isLocalAddr, localLinkFor } from './netns.ts';
import { lookupMain, sameRouteKey } from './fib.ts';
import { inPrefix, ipInPrefix, networkStr, parseIp, parsePrefix } from './ip4.ts';
import { checkNetCap, procNet } from './perm.ts';

export interface RouteSpec {
  /** "default" or a prefix such as "10.1.0.0/16" (a bare address is /32). */
  dst: string;
  via?: string;
  dev?: string;
  proto?: RouteProto;
  scope?: 'link' | 'global' | 'host';
  src?: string;
  metric?: number;
}

function parseDst(dst: string): { dst: string; len: number } | null {
  if (dst === 'default' || dst === '0/0' || dst === 'all') return { dst: '0.0.0.0', len: 0 };
  const p = parsePrefix(dst);
  if (!p) return null;
  return { dst: p.addr, len: p.len };
}

/** ip route add DST [via GW] [dev DEV] [proto P] [scope S] [src A] [metric N]. */
export function routeAdd(k: Kernel, pid: number, spec: RouteSpec): Route | SysError {
  const pn = procNet(k, pid);
  if (isErr(pn)) return pn;
  const { p, ns } = pn;
  const denied = checkNetCap(k, p, ns.inum);
  if (denied) return denied;
  const d = parseDst(spec.dst);
  if (!d || networkStr(d.dst, d.len) !== d.dst) return sysErr('EINVAL');
  let dev: Link | undefined;
  if (spec.dev !== undefined) {
    dev = findLink(ns, spec.dev);
    if (!dev) return sysErr('ENODEV');
  }
  if (spec.via !== undefined) {
    if (parseIp(spec.via) === null || isLocalAddr(ns, spec.via)) return sysErr('EINVAL');
    const onLink = ns.routes.find((r) => r.scope === 'link' && (!dev || r.dev === dev.ifindex) && ipInPrefix(spec.via as string, r.dst, r.dstLen) && ns.links[r.dev]?.up);
    if (!onLink) return sysErr('ENETUNREACH');
    dev ??= ns.links[onLink.dev];
  }
  if (!dev) return sysErr('ENODEV');
  if (!dev.up) return sysErr('ENETDOWN');
  if (spec.src !== undefined && !isLocalAddr(ns, spec.src)) return sysErr('EINVAL');
  const route: Route = {
    dst: d.dst,
    dstLen: d.len,
    via: spec.via ?? null,
    dev: dev.ifindex,
    proto: spec.proto ?? 'boot',
    scope: spec.scope ?? (spec.via !== undefined ? 'global' : 'link'),
    src: spec.src ?? null,
    metric: spec.metric ?? null,
  };
  if (ns.routes.some((r) => sameRouteKey(r, route))) return sysErr('EEXIST');
  k.emit({ type: 'net.routeAdded', netns: ns.inum, route });
  return route;
}

/** ip route del DST [via GW] [dev DEV] [metric N]: ESRCH if nothing matches. */
export function routeDel(k: Kernel, pid: number, spec: RouteSpec): null | SysError {
  const pn = procNet(k, pid);
  if (isErr(pn)) return pn;
  const { p, ns } = pn;
  const denied = checkNetCap(k, p, ns.inum);
  if (denied) return denied;
  const d = parseDst(spec.dst);
  if (!d) return sysErr('EINVAL');
  const dev = spec.dev !== undefined ? findLink(ns, spec.dev) : undefined;
  if (spec.dev !== undefined && !dev) return sysErr('ENODEV');
  const r = ns.routes.find(
    (x) =>
      x.dst === d.dst &&
      x.dstLen === d.len &&
      (spec.via === undefined || x.via === spec.via) &&
      (!dev || x.dev === dev.ifindex) &&
      (spec.metric === undefined || (x.metric ?? 0) === spec.metric),
  );
  if (!r) return sysErr('ESRCH');
  k.emit({ type: 'net.routeRemoved', netns: ns.inum, route: { ...r } });
  return null;
}

export type RouteDecision =
  /** Delivered to this netns (RTN_LOCAL); `dev` is the device holding the address. */
  | { type: 'local'; dev: Link; src: string }
  /** Sent out of `dev` towards `nextHop` (the gateway, or the destination itself on a link). */
  | { type: 'unicast'; route: Route; dev: Link; nextHop: string; src: string | null };

/** inet_select_addr(): the preferred source for leaving through `dev` towards `towards`. */
export function selectSource(ns: NetNs, dev: Link, towards: string): string | null {
  const usable = dev.addrs.filter((a) => a.scope !== 'host');
  const t = parseIp(towards);
  const same = usable.find((a) => t !== null && inPrefix(t, parseIp(a.local) ?? 0, a.prefixlen));
  if (same) return same.local;
  if (usable[0]) return usable[0].local;
  for (const l of Object.values(ns.links)) {
    if (!l.up) continue;
    const g = l.addrs.find((a) => a.scope === 'global');
    if (g) return g.local;
  }
  return null;
}

/** The routing decision for `dst` in `ns` (local table first, then the main table). */
export function decideRoute(_s: NetState, ns: NetNs, dst: string): RouteDecision | null {
  const local = localLinkFor(ns, dst);
  if (local) return { type: 'local', dev: local, src: dst };
  const r = lookupMain(ns, dst);
  if (!r) return null;
  const dev = ns.links[r.dev];
  if (!dev) return null;
  const nextHop = r.via ?? dst;
  return { type: 'unicast', route: r, dev, nextHop, src: r.src ?? selectSource(ns, dev, nextHop) };
}

/** ip route get DST, from netns `netns` (by inode): null when unreachable (ENETUNREACH). */
export function routeLookup(k: Kernel, netns: number, dst: string): RouteDecision | null {
  const ns = k.state.net.byNs[netns];
  return ns ? decideRoute(k.state.net, ns, dst) : null;
}

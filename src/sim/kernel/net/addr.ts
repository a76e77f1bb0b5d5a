/**
 * Address operations: ip address add / del (RTM_NEWADDR, RTM_DELADDR).
 *
 * Models: IPv4 addresses with prefix length, optional broadcast ("brd +"
 * computes it), scope (host for 127.0.0.0/8, as iproute2 picks, else global),
 * route metric and noprefixroute; the connected route that follows is derived
 * by the reducer ("proto kernel scope link src ADDR").
 * Needs CAP_NET_ADMIN over the netns.
 * SIMPLIFICATIONS:
 * - No address lifetimes set by the user (DHCP leases exist only on boot's eth0), no labels, no peer addresses.
 */

import type { Kernel } from '../kernel.ts';
import { isErr, sysErr, type SysError } from '../errno.ts';
import type { IfAddr } from './types.ts';
import { findLink } from './netns.ts';
import { broadcastStr, isLoopbackIp, parseIp, parsePrefix } from './ip4.ts';
import { checkNetCap, procNet } from './perm.ts';

export interface AddrAddOpts {
  /** "+" computes the broadcast address from the prefix; omit for none. */
  broadcast?: string;
  scope?: 'host' | 'link' | 'global';
  metric?: number;
  noprefixroute?: boolean;
}

/** ip addr add CIDR dev IFNAME [brd +] [scope S] [metric N] [noprefixroute]. */
export function addrAdd(k: Kernel, pid: number, ifname: string, cidr: string, o: AddrAddOpts = {}): IfAddr | SysError {
  const pn = procNet(k, pid);
  if (isErr(pn)) return pn;
  const { p, ns } = pn;
  const denied = checkNetCap(k, p, ns.inum);
  if (denied) return denied;
  const l = findLink(ns, ifname);
  if (!l) return sysErr('ENODEV');
  const pre = parsePrefix(cidr);
  if (!pre) return sysErr('EINVAL');
  if (l.addrs.some((a) => a.local === pre.addr && a.prefixlen === pre.len)) return sysErr('EEXIST');
  let broadcast: string | null = null;
  if (o.broadcast === '+') broadcast = pre.len < 31 ? broadcastStr(pre.addr, pre.len) : null;
  else if (o.broadcast !== undefined) {
    if (parseIp(o.broadcast) === null) return sysErr('EINVAL');
    broadcast = o.broadcast;
  }
  const addr: IfAddr = {
    local: pre.addr,
    prefixlen: pre.len,
    broadcast,
    scope: o.scope ?? (isLoopbackIp(pre.addr) ? 'host' : 'global'),
    dynamic: false,
    validLftSec: null,
    addedMs: k.uptimeMs,
    metric: o.metric ?? null,
    noprefixroute: o.noprefixroute ?? false,
  };
  k.emit({ type: 'net.addrAdded', netns: ns.inum, ifindex: l.ifindex, ifname: l.name, addr });
  return addr;
}

/** ip addr del CIDR dev IFNAME (without /LEN: the first address with that local part). */
export function addrDel(k: Kernel, pid: number, ifname: string, cidr: string): null | SysError {
  const pn = procNet(k, pid);
  if (isErr(pn)) return pn;
  const { p, ns } = pn;
  const denied = checkNetCap(k, p, ns.inum);
  if (denied) return denied;
  const l = findLink(ns, ifname);
  if (!l) return sysErr('ENODEV');
  const pre = parsePrefix(cidr);
  if (!pre) return sysErr('EINVAL');
  const wildcard = !cidr.includes('/');
  const a = l.addrs.find((x) => x.local === pre.addr && (wildcard || x.prefixlen === pre.len));
  if (!a) return sysErr('EADDRNOTAVAIL');
  k.emit({ type: 'net.addrRemoved', netns: ns.inum, ifindex: l.ifindex, ifname: l.name, local: a.local, prefixlen: a.prefixlen });
  return null;
}

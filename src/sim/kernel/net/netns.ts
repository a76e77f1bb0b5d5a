/**
 * Building and reading one network namespace's record.
 *
 * Models: what a new netns holds (network_namespaces(7): only `lo`, down, with no
 * address), what the host's initial netns holds after boot (lo up with
 * 127.0.0.1/8; eth0 on QEMU's user network with a DHCP lease), and derived facts
 * the kernel computes on demand: carrier, operstate (RFC 2863), the flags
 * `ip link` prints, and which addresses are local.
 * SIMPLIFICATIONS:
 * - A device's carrier is derived from its kind: a veth needs both ends up, a
 *   bridge needs one port with carrier, lo, eth0 and dummy devices have carrier
 *   when up, a tun/tap device while a process holds its file descriptor.
 * - Addresses count as local only while their device is up (the kernel removes
 *   the local routes of a device that goes down).
 */

import type { IfAddr, IptTable, IptTableName, Link, NetNs, NetState, Route } from './types.ts';
import { BUILTIN_CHAINS, NETNS_SYSCTL_DEFAULTS } from './types.ts';
import { SLIRP } from './internet.ts';
import { broadcastStr, ipInPrefix } from './ip4.ts';

export function emptyTable(t: IptTableName): IptTable {
  const chains: IptTable['chains'] = {};
  for (const c of BUILTIN_CHAINS[t]) chains[c] = { name: c, builtin: true, policy: 'ACCEPT', rules: [], pkts: 0, bytes: 0 };
  return { chains };
}

export function loopbackLink(up: boolean): Link {
  return {
    ifindex: 1,
    name: 'lo',
    kind: 'loopback',
    mac: '00:00:00:00:00:00',
    mtu: 65536,
    up,
    qdisc: up ? 'noqueue' : 'noop',
    txqueuelen: 1000,
    addrs: up ? [loopbackAddr(0)] : [],
    master: null,
    peer: null,
  };
}

/** The address the kernel puts on lo when it first comes up (inetdev_event, NETDEV_UP). */
export function loopbackAddr(nowMs: number): IfAddr {
  return { local: '127.0.0.1', prefixlen: 8, broadcast: null, scope: 'host', dynamic: false, validLftSec: null, addedMs: nowMs, metric: null, noprefixroute: false };
}

/** A new, empty network namespace: lo only, down (network_namespaces(7)). */
export function newNetNs(inum: number, inheritFrom: NetNs | undefined): NetNs {
  const sysctl = { ...NETNS_SYSCTL_DEFAULTS };
  // devconf_inherit_init_net=0: IPv4 conf (and so ip_forward) is copied from init_net.
  if (inheritFrom) sysctl['net.ipv4.ip_forward'] = inheritFrom.sysctl['net.ipv4.ip_forward'] ?? '0';
  return {
    inum,
    links: { 1: loopbackLink(false) },
    nextIfindex: 2,
    routes: [],
    sysctl,
    iptables: { filter: emptyTable('filter'), nat: emptyTable('nat'), mangle: emptyTable('mangle'), raw: emptyTable('raw') },
    nsids: {},
  };
}

/**
 * The host's netns after boot: lo up; eth0 (virtio-net on QEMU's user network)
 * configured by systemd-networkd's DHCP client with metric 100.
 */
export function initialNetNs(inum: number): NetNs {
  const ns = newNetNs(inum, undefined);
  ns.links[1] = loopbackLink(true);
  const lease: IfAddr = {
    local: SLIRP.guest,
    prefixlen: SLIRP.len,
    broadcast: broadcastStr(SLIRP.guest, SLIRP.len),
    scope: 'global',
    dynamic: true,
    validLftSec: 86400,
    addedMs: 0,
    metric: 100,
    noprefixroute: false,
  };
  ns.links[2] = {
    ifindex: 2,
    name: 'eth0',
    kind: 'ether',
    mac: SLIRP.guestMac,
    mtu: 1500,
    up: true,
    qdisc: 'fq_codel',
    txqueuelen: 1000,
    addrs: [lease],
    master: null,
    peer: null,
  };
  ns.nextIfindex = 3;
  const r = (x: Partial<Route>): Route => ({ dst: '0.0.0.0', dstLen: 0, via: null, dev: 2, proto: 'dhcp', scope: 'global', src: SLIRP.guest, metric: 100, ...x });
  ns.routes = [
    r({ via: SLIRP.gateway }),
    r({ dst: SLIRP.net, dstLen: SLIRP.len, proto: 'kernel', scope: 'link' }),
    r({ dst: SLIRP.gateway, dstLen: 32, scope: 'link' }),
    r({ dst: SLIRP.dns, dstLen: 32, scope: 'link' }),
  ];
  return ns;
}

/**
 * Index of a netns's links by name (the kernel's dev_name_hash): derived
 * from `ns.links`, not state. Built on first use for a links table (so a
 * restored snapshot gets its own) and kept in step by the reducer, the only
 * writer of links, through setLink/deleteLink/renameLink.
 */
const byName = new WeakMap<object, Map<string, number>>();

function nameIndex(ns: NetNs): Map<string, number> {
  let idx = byName.get(ns.links);
  if (!idx) {
    idx = new Map();
    for (const l of Object.values(ns.links)) if (!idx.has(l.name)) idx.set(l.name, l.ifindex);
    byName.set(ns.links, idx);
  }
  return idx;
}

export function findLink(ns: NetNs, name: string): Link | undefined {
  const ifindex = nameIndex(ns).get(name);
  const l = ifindex === undefined ? undefined : ns.links[ifindex];
  return l && l.name === name ? l : undefined;
}

/** Put a link into its netns (reducer only). */
export function setLink(ns: NetNs, l: Link): void {
  const old = ns.links[l.ifindex];
  const idx = byName.get(ns.links);
  if (idx && old && idx.get(old.name) === old.ifindex) idx.delete(old.name);
  ns.links[l.ifindex] = l;
  idx?.set(l.name, l.ifindex);
}

/** Take a link out of its netns (reducer only). */
export function deleteLink(ns: NetNs, ifindex: number): void {
  const old = ns.links[ifindex];
  if (!old) return;
  const idx = byName.get(ns.links);
  if (idx && idx.get(old.name) === ifindex) idx.delete(old.name);
  delete ns.links[ifindex];
}

/** Rename a link in place (reducer only). */
export function renameLink(ns: NetNs, l: Link, to: string): void {
  const idx = byName.get(ns.links);
  if (idx && idx.get(l.name) === l.ifindex) idx.delete(l.name);
  l.name = to;
  idx?.set(to, l.ifindex);
}

export function linksInOrder(ns: NetNs): Link[] {
  return Object.values(ns.links).sort((a, b) => a.ifindex - b.ifindex);
}

export function peerOf(s: NetState, l: Link): { ns: NetNs; link: Link } | null {
  if (!l.peer) return null;
  const ns = s.byNs[l.peer.netns];
  const link = ns?.links[l.peer.ifindex];
  return ns && link ? { ns, link } : null;
}

export function portsOf(ns: NetNs, bridge: Link): Link[] {
  return linksInOrder(ns).filter((l) => l.master === bridge.ifindex);
}

/** LOWER_UP / IFF_RUNNING. */
export function hasCarrier(s: NetState, ns: NetNs, l: Link, depth = 0): boolean {
  if (!l.up) return false;
  switch (l.kind) {
    case 'loopback':
    case 'ether':
    case 'dummy':
      return true;
    case 'tun':
      return l.tun?.attached ?? false;
    case 'veth': {
      const p = peerOf(s, l);
      return p !== null && p.link.up;
    }
    case 'bridge':
      return depth < 4 && portsOf(ns, l).some((p) => hasCarrier(s, ns, p, depth + 1));
  }
}

export type OperState = 'UNKNOWN' | 'DOWN' | 'LOWERLAYERDOWN' | 'UP';

/** IFLA_OPERSTATE as the kernel's default_operstate() computes it. */
export function operstate(s: NetState, ns: NetNs, l: Link): OperState {
  if (!l.up) return 'DOWN';
  // lo and dummy never change their carrier, so linkwatch never moves them off IF_OPER_UNKNOWN.
  if (l.kind === 'loopback' || l.kind === 'dummy') return 'UNKNOWN';
  // The tun driver never sets an operstate: with its carrier on it stays IF_OPER_UNKNOWN.
  if (l.kind === 'tun') return hasCarrier(s, ns, l) ? 'UNKNOWN' : 'DOWN';
  if (hasCarrier(s, ns, l)) return 'UP';
  if (l.kind === 'veth' && l.peer && l.peer.netns === ns.inum) {
    const p = ns.links[l.peer.ifindex];
    if (p && p.up && hasCarrier(s, ns, p)) return 'DOWN';
    return 'LOWERLAYERDOWN';
  }
  return 'DOWN';
}

/** The <...> flags iproute2 prints, in print_link_flags() order. */
export function linkFlags(s: NetState, ns: NetNs, l: Link): string[] {
  const out: string[] = [];
  const carrier = hasCarrier(s, ns, l);
  if (l.up && !carrier) out.push('NO-CARRIER');
  if (l.kind === 'loopback') out.push('LOOPBACK');
  else out.push('BROADCAST');
  // dummy_setup() clears IFF_MULTICAST and sets IFF_NOARP.
  if (l.kind !== 'loopback' && l.kind !== 'dummy') out.push('MULTICAST');
  if (l.kind === 'dummy') out.push('NOARP');
  if (l.up) out.push('UP');
  if (carrier) out.push('LOWER_UP');
  return out;
}

/** Is `ip` a local address of this netns (RTN_LOCAL in its local table)? */
export function isLocalAddr(ns: NetNs, ip: string): boolean {
  return localLinkFor(ns, ip) !== null;
}

/** The up device holding `ip` as a local address; a loopback address covers its whole prefix. */
export function localLinkFor(ns: NetNs, ip: string): Link | null {
  // Object.values lists integer keys (ifindexes) in ascending order, as linksInOrder sorts them; it is
  // several times quicker than for-in, which makes a string of each index.
  const links = Object.values(ns.links);
  for (let i = 0; i < links.length; i++) {
    const l = links[i] as Link;
    if (!l.up) continue;
    for (const a of l.addrs) {
      if (a.local === ip) return l;
      if (l.kind === 'loopback' && ipInPrefix(ip, a.local, a.prefixlen)) return l;
    }
  }
  return null;
}

export function loopbackOf(ns: NetNs): Link | undefined {
  return ns.links[1];
}

/** The first (primary) address of a device, if any. */
export function primaryAddr(l: Link): IfAddr | null {
  return l.addrs[0] ?? null;
}

/** Is this address secondary (another address of the same subnet came first)? */
export function isSecondary(l: Link, a: IfAddr): boolean {
  for (const b of l.addrs) {
    if (b === a) return false;
    if (b.prefixlen === a.prefixlen && ipInPrefix(a.local, b.local, b.prefixlen)) return true;
  }
  return false;
}

export function sysctlNum(ns: NetNs, name: string): number {
  return Number(ns.sysctl[name] ?? NETNS_SYSCTL_DEFAULTS[name] ?? 0);
}

/** Two numbers of a range sysctl such as ping_group_range ("1\t0"). */
export function sysctlRange(ns: NetNs, name: string): [number, number] {
  const v = (ns.sysctl[name] ?? NETNS_SYSCTL_DEFAULTS[name] ?? '0 0').trim().split(/\s+/).map(Number);
  return [v[0] ?? 0, v[1] ?? 0];
}

/**
 * What iproute2 6.x prints for `ip address show`, `ip link show`, `ip route show`
 * and `ip route get` (ip/ipaddress.c print_linkinfo()/print_addrinfo(), ip/iproute.c print_route()).
 *
 * Models: the header line (ifindex, name@peer — "@ifN" when the peer lives in
 * another netns —, flags with NO-CARRIER and M-DOWN, mtu, qdisc, master, state,
 * "mode DEFAULT" for ip link, group, qlen only when non-zero, with iproute2's
 * trailing space before a missing qlen), the link/ether line with
 * link-netnsid (or link-netns NAME when the caller names the peer netns under /run/netns), inet lines with metric, brd, scope, secondary/dynamic/noprefixroute
 * flags and lifetimes; route lines with iproute2's trailing space, "proto boot"
 * omitted, "scope global" omitted, linkdown on routes whose device lacks carrier.
 * With -d (details): promiscuity and the MTU range on the link/ether line, the
 * kind's line (tun type tap pi off vnet_hdr on persist off; veth; bridge; dummy) and
 * a bridge port's bridge_slave line, then the af_spec fields.
 * SIMPLIFICATIONS:
 * - No inet6 lines, altnames, statistics (-s) or JSON output.
 * - -d lines are abridged: the bridge and bridge_slave lines stop after their
 *   first fields; no allmulti, gro/tso sizes, port ids or timers.
 * - A DHCP lease is shown as renewed at half its length (T1), so it never runs out.
 */

import type { KernelState } from '../../state.ts';
import type { IfAddr, Link, NetNs, Route } from '../types.ts';
import { findLink, hasCarrier, isSecondary, linkFlags, linksInOrder, operstate, peerOf } from '../netns.ts';
import { decideRoute } from '../route.ts';
import { mtuLimits } from '../link.ts';

function nameAndPeer(s: KernelState, ns: NetNs, l: Link): { text: string; mdown: boolean } {
  if (l.kind !== 'veth' || !l.peer) return { text: l.name, mdown: false };
  if (l.peer.netns === ns.inum) {
    const p = ns.links[l.peer.ifindex];
    return { text: `${l.name}@${p ? p.name : `if${l.peer.ifindex}`}`, mdown: !!p && !p.up };
  }
  return { text: `${l.name}@if${l.peer.ifindex}`, mdown: false };
}


const AF_SPEC = 'addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 ';

/** `ip -d`: the rest of the link/ether line, the kind's own line and the bridge port's line. */
function detailLines(ns: NetNs, l: Link): { tail: string; more: string[] } {
  const [min, max] = mtuLimits(l);
  const master = l.master !== null ? ns.links[l.master] : undefined;
  const tail = ` promiscuity ${master ? 1 : 0} minmtu ${min} maxmtu ${max} `;
  const more: string[] = [];
  if (l.kind === 'tun' && l.tun) {
    const t = l.tun;
    let line = `tun type ${t.type} pi ${t.pi ? 'on' : 'off'} vnet_hdr ${t.vnetHdr ? 'on' : 'off'} persist ${t.persist ? 'on' : 'off'} `;
    if (t.owner !== null) line += `user ${t.owner} `;
    if (t.group !== null) line += `group ${t.group} `;
    more.push(line);
  } else if (l.kind === 'veth') more.push('veth ');
  else if (l.kind === 'dummy') more.push('dummy ');
  else if (l.kind === 'bridge') more.push('bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0 vlan_protocol 802.1Q ');
  if (master) more.push('bridge_slave state forwarding priority 32 cost 100 hairpin off guard off root_block off fastleave off learning on flood on ');
  return { tail, more };
}

/** How `ip` names a peer netns: iproute2 looks the nsid up among the names under /run/netns (get_name_from_nsid()). */
export interface ShowOpts {
  details?: boolean;
  /** The name under /run/netns of the namespace this netns calls `nsid`, if any: printed as "link-netns NAME". */
  nsidName?: (nsid: number) => string | undefined;
}

function linkLines(s: KernelState, ns: NetNs, l: Link, doLink: boolean, opts: ShowOpts = {}): string {
  const details = opts.details ?? false;
  const net = s.net;
  const { text, mdown } = nameAndPeer(s, ns, l);
  const flags = linkFlags(net, ns, l).join(',') + (mdown ? ',M-DOWN' : '');
  const master = l.master !== null ? ns.links[l.master] : undefined;
  let line = `${l.ifindex}: ${text}: <${flags}> mtu ${l.mtu} qdisc ${l.qdisc} `;
  if (master) line += `master ${master.name} `;
  line += `state ${operstate(net, ns, l)} `;
  if (doLink) line += 'mode DEFAULT ';
  line += 'group default ';
  if (l.txqueuelen) line += `qlen ${l.txqueuelen}`;
  const lo = l.kind === 'loopback';
  let second = `    link/${lo ? 'loopback' : 'ether'} ${l.mac} brd ${lo ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff'}`;
  if (l.peer && l.peer.netns !== ns.inum && peerOf(net, l)) {
    const id = ns.nsids[l.peer.netns];
    const named = id !== undefined ? opts.nsidName?.(id) : undefined;
    if (named !== undefined) second += ` link-netns ${named}`;
    else if (id !== undefined) second += ` link-netnsid ${id}`;
  }
  if (!details) return `${line}\n${second}\n`;
  const d = detailLines(ns, l);
  second += d.tail;
  const rest = d.more.map((m) => `    ${m}`);
  if (rest.length) rest[rest.length - 1] += AF_SPEC;
  else second += AF_SPEC;
  return `${line}\n${second}\n${rest.map((r) => r + '\n').join('')}`;
}

function lifetime(s: KernelState, a: IfAddr): string {
  if (a.validLftSec === null) return 'forever';
  const renew = Math.max(1, Math.floor(a.validLftSec / 2));
  const elapsed = Math.floor(Math.max(0, s.clock.uptimeMs - a.addedMs) / 1000) % renew;
  return `${a.validLftSec - elapsed}sec`;
}

function addrLines(s: KernelState, l: Link): string {
  let out = '';
  for (const a of l.addrs) {
    let line = `    inet ${a.local}/${a.prefixlen} `;
    if (a.metric !== null) line += `metric ${a.metric} `;
    if (a.broadcast) line += `brd ${a.broadcast} `;
    line += `scope ${a.scope} `;
    if (isSecondary(l, a)) line += 'secondary ';
    if (a.dynamic) line += 'dynamic ';
    if (a.noprefixroute) line += 'noprefixroute ';
    line += l.name;
    const lft = lifetime(s, a);
    out += `${line}\n       valid_lft ${lft} preferred_lft ${lft}\n`;
  }
  return out;
}

function select(s: KernelState, netns: number, ifname?: string): { ns: NetNs; links: Link[] } | null {
  const ns = s.net.byNs[netns];
  if (!ns) return null;
  if (ifname === undefined) return { ns, links: linksInOrder(ns) };
  const l = findLink(ns, ifname);
  return l ? { ns, links: [l] } : null;
}

/** `ip address show [dev IFNAME]`; null when the device does not exist (Device "x" does not exist.). */
export function ipAddrShow(s: KernelState, netns: number, ifname?: string, opts: ShowOpts = {}): string | null {
  const sel = select(s, netns, ifname);
  if (!sel) return null;
  return sel.links.map((l) => linkLines(s, sel.ns, l, false, opts) + addrLines(s, l)).join('');
}

/** `ip [-d] link show [dev IFNAME]`; null when the device does not exist. */
export function ipLinkShow(s: KernelState, netns: number, ifname?: string, opts: ShowOpts = {}): string | null {
  const sel = select(s, netns, ifname);
  if (!sel) return null;
  return sel.links.map((l) => linkLines(s, sel.ns, l, true, opts)).join('');
}

function routeLine(s: KernelState, ns: NetNs, r: Route): string {
  const dev = ns.links[r.dev];
  let line = r.dstLen === 0 ? 'default ' : r.dstLen === 32 ? `${r.dst} ` : `${r.dst}/${r.dstLen} `;
  if (r.via) line += `via ${r.via} `;
  line += `dev ${dev ? dev.name : `if${r.dev}`} `;
  if (r.proto !== 'boot') line += `proto ${r.proto} `;
  if (r.scope !== 'global') line += `scope ${r.scope} `;
  if (r.src) line += `src ${r.src} `;
  if (r.metric) line += `metric ${r.metric} `;
  if (dev && !hasCarrier(s.net, ns, dev)) line += 'linkdown ';
  return `${line}\n`;
}

/** `ip route show` (the main table); empty string for an empty table. */
export function ipRouteShow(s: KernelState, netns: number): string {
  const ns = s.net.byNs[netns];
  if (!ns) return '';
  return ns.routes.map((r) => routeLine(s, ns, r)).join('');
}

/** `ip route get DST` as uid `uid`; null when unreachable (RTNETLINK answers: Network is unreachable). */
export function ipRouteGet(s: KernelState, netns: number, dst: string, uid = 0): string | null {
  const ns = s.net.byNs[netns];
  if (!ns) return null;
  const rd = decideRoute(s.net, ns, dst);
  if (!rd) return null;
  if (rd.type === 'local') return `local ${dst} dev lo src ${rd.src} uid ${uid} \n    cache <local> \n`;
  let line = `${dst} `;
  if (rd.route.via) line += `via ${rd.route.via} `;
  line += `dev ${rd.dev.name} `;
  if (rd.src) line += `src ${rd.src} `;
  return `${line}uid ${uid} \n    cache \n`;
}

/**
 * Link operations: ip link add / set / del (rtnetlink RTM_NEWLINK, RTM_SETLINK, RTM_DELLINK).
 *
 * Models: veth pairs (veth(4): the peer registers first and gets the lower
 * ifindex; both ends get random MACs; either end may be created straight into
 * another netns), bridges, dummy devices (drivers/net/dummy.c: NOARP, no
 * multicast, no queue, always a carrier, no MTU limits), per-netns cyclic ifindex allocation, moving a device
 * to another netns (it goes down, loses addresses and master, keeps its ifindex
 * if free), renaming (EBUSY while up), enslaving to a bridge, MTU, MAC, up/down.
 * Needs CAP_NET_ADMIN in the user namespace owning each netns involved.
 * SIMPLIFICATIONS:
 * - Kinds: veth, bridge and dummy can be created here (tun/tap devices in tun.ts); lo and eth0 exist already and cannot be deleted.
 * - No bridge MAC inheritance from ports, STP, VLANs (no vlan/macvlan kinds) or link groups.
 */

import type { Kernel } from '../kernel.ts';
import { isErr, sysErr, type SysError } from '../errno.ts';
import { mac as randomMac } from '../../host/rng.ts';
import { newLink, type Link, type NetNs } from './types.ts';
import { findLink } from './netns.ts';
import { checkNetCap, procNet } from './perm.ts';

/** dev_valid_name(): 1..15 characters, not "." or "..", no '/', ':' or whitespace. */
export function validIfname(name: string): boolean {
  return name.length > 0 && name.length < 16 && name !== '.' && name !== '..' && !/[/:\s]/.test(name);
}

/** The cyclic allocator: the first free index at or after nextIfindex (skipping `taken`). */
export function allocIfindex(ns: NetNs, taken: number[] = []): number {
  let i = Math.max(ns.nextIfindex, 1);
  while (ns.links[i] || taken.includes(i)) i++;
  return i;
}

/** "veth%d": the lowest free number. */
function defaultName(ns: NetNs, pattern: string, taken: string[] = []): string {
  for (let n = 0; ; n++) {
    const name = pattern.replace('%d', String(n));
    if (!findLink(ns, name) && !taken.includes(name)) return name;
  }
}

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** is_valid_ether_addr(): not multicast (low bit of the first octet), not all zeros; else EADDRNOTAVAIL. */
function badMac(mac: string | undefined): SysError | null {
  if (mac === undefined) return null;
  if (!MAC_RE.test(mac)) return sysErr('EINVAL');
  if (parseInt(mac.slice(0, 2), 16) & 1 || mac === '00:00:00:00:00:00') return sysErr('EADDRNOTAVAIL');
  return null;
}

/** The kinds `ip link add ... type KIND` can create here (rtnl_link_ops registered). */
export type AddKind = 'veth' | 'bridge' | 'dummy';

export interface LinkAddOpts {
  name?: string;
  kind: AddKind;
  /** Create the device in this netns (by inode) instead of the caller's (IFLA_NET_NS_FD / IFLA_NET_NS_PID). */
  netns?: number;
  /** veth only: the other end, by default in the caller's netns (not the device's), or straight into another netns (by inode). */
  peer?: { name?: string; netns?: number; mtu?: number; mac?: string };
  mtu?: number;
  mac?: string;
  /** Docker creates its veths and bridges with txqueuelen 0. */
  txqueuelen?: number;
}

export interface LinkAddResult {
  netns: number;
  ifindex: number;
  name: string;
  peer?: { netns: number; ifindex: number; name: string };
}

/**
 * The driver's MTU range (dev->min_mtu, dev->max_mtu; `ip -d` prints it): ether_setup's 68..1500 widened to
 * 65535 by veth, bridge and tun (65521 for a tap); lo and dummy set both to 0, and a 0 maximum is no limit.
 */
export function mtuLimits(l: Pick<Link, 'kind' | 'tun'>): [number, number] {
  if (l.kind === 'loopback' || l.kind === 'dummy') return [0, 0];
  if (l.kind === 'tun') return [68, l.tun?.type === 'tap' ? 65521 : 65535];
  return [68, 65535];
}

/** dev_validate_mtu(): within the driver's range (EINVAL otherwise). */
export function mtuInRange(l: Pick<Link, 'kind' | 'tun'>, mtu: number): boolean {
  const [min, max] = mtuLimits(l);
  return Number.isInteger(mtu) && mtu >= min && mtu <= (max || 0x7fffffff);
}

/**
 * ip link add [NAME] [netns NS] type veth [peer [name] PEER [netns NS]] | type bridge | type dummy
 * (rtnl_newlink(): the device's netns needs CAP_NET_ADMIN too; names are checked in the netns they land in).
 */
export function linkAdd(k: Kernel, pid: number, o: LinkAddOpts): LinkAddResult | SysError {
  const pn = procNet(k, pid);
  if (isErr(pn)) return pn;
  const { p } = pn;
  const src = pn.ns;
  const denied = checkNetCap(k, p, src.inum);
  if (denied) return denied;
  const ns = o.netns !== undefined ? k.state.net.byNs[o.netns] : src;
  if (!ns) return sysErr('EINVAL');
  if (ns !== src) {
    const d = checkNetCap(k, p, ns.inum);
    if (d) return d;
  }
  const mtu = o.mtu ?? 1500;
  if (!mtuInRange(o, mtu)) return sysErr('EINVAL');
  const macErr = badMac(o.mac);
  if (macErr) return macErr;
  const txqueuelen = o.txqueuelen ?? 1000;

  if (o.kind !== 'veth') {
    const name = o.name ?? defaultName(ns, `${o.kind}%d`);
    if (!validIfname(name)) return sysErr('EINVAL');
    if (findLink(ns, name)) return sysErr('EEXIST');
    const ifindex = allocIfindex(ns);
    const link = newLink(ifindex, name, o.kind, o.mac ?? randomMac(k.state.rng), mtu, txqueuelen, null);
    k.emit({ type: 'net.linkCreated', netns: ns.inum, link });
    return { netns: ns.inum, ifindex, name };
  }

  // veth_newlink(): the peer's netns comes from its own IFLA_NET_NS_*, else the requester's (src_net).
  const peerNs = o.peer?.netns !== undefined ? k.state.net.byNs[o.peer.netns] : src;
  if (!peerNs) return sysErr('EINVAL');
  if (peerNs !== src && peerNs !== ns) {
    const d = checkNetCap(k, p, peerNs.inum);
    if (d) return d;
  }
  const peerMtu = o.peer?.mtu ?? mtu;
  if (!mtuInRange(o, peerMtu)) return sysErr('EINVAL');
  const peerMacErr = badMac(o.peer?.mac);
  if (peerMacErr) return peerMacErr;
  // The peer registers first and takes the lowest free veth%d, even the name asked for the device (then EEXIST).
  const peerName = o.peer?.name ?? defaultName(peerNs, 'veth%d');
  const name = o.name ?? defaultName(ns, 'veth%d', peerNs === ns ? [peerName] : []);
  if (!validIfname(name) || !validIfname(peerName)) return sysErr('EINVAL');
  if (findLink(ns, name) || findLink(peerNs, peerName) || (peerNs === ns && name === peerName)) return sysErr('EEXIST');
  const peerIndex = allocIfindex(peerNs);
  const index = peerNs === ns ? allocIfindex(ns, [peerIndex]) : allocIfindex(ns);
  const peerMac = o.peer?.mac ?? randomMac(k.state.rng);
  const devMac = o.mac ?? randomMac(k.state.rng);
  k.emit({
    type: 'net.vethCreated',
    a: { netns: ns.inum, ifindex: index, ifname: name, mac: devMac },
    b: { netns: peerNs.inum, ifindex: peerIndex, ifname: peerName, mac: peerMac },
    mtu,
    txqueuelen,
  });
  // The peer's own IFLA_MTU ("peer name P mtu N").
  if (peerMtu !== mtu) k.emit({ type: 'net.linkMtuChanged', netns: peerNs.inum, ifindex: peerIndex, ifname: peerName, mtu: peerMtu });
  return { netns: ns.inum, ifindex: index, name, peer: { netns: peerNs.inum, ifindex: peerIndex, name: peerName } };
}

export interface LinkSetOpts {
  up?: boolean;
  /** A bridge's name to enslave to, or null for nomaster. */
  master?: string | null;
  /** Move to the netns with this inode number. */
  netns?: number;
  name?: string;
  mtu?: number;
  address?: string;
}

/**
 * ip link set DEV [netns NS] [address MAC] [mtu N] [name NEW] [master BR | nomaster] [up | down],
 * applied in do_setlink()'s order. Returns where the device ends up.
 */
export function linkSet(k: Kernel, pid: number, name: string, o: LinkSetOpts): { netns: number; ifindex: number; name: string } | SysError {
  const pn = procNet(k, pid);
  if (isErr(pn)) return pn;
  const { p } = pn;
  let ns = pn.ns;
  const denied = checkNetCap(k, p, ns.inum);
  if (denied) return denied;
  let l = findLink(ns, name);
  if (!l) return sysErr('ENODEV');
  if (o.mtu !== undefined && !mtuInRange(l, o.mtu)) return sysErr('EINVAL');
  if (o.address !== undefined && l.kind === 'loopback') return sysErr('EINVAL');
  const addrErr = badMac(o.address);
  if (addrErr) return addrErr;
  if (o.name !== undefined && !validIfname(o.name)) return sysErr('EINVAL');

  let renamedInMove = false;
  if (o.netns !== undefined && o.netns !== ns.inum) {
    const to = k.state.net.byNs[o.netns];
    if (!to) return sysErr('EINVAL');
    if (l.kind === 'loopback' || l.kind === 'bridge') return sysErr('EINVAL'); // NETIF_F_NETNS_LOCAL
    const d = checkNetCap(k, p, to.inum);
    if (d) return d;
    const newName = o.name ?? l.name;
    if (findLink(to, newName)) return sysErr('EEXIST');
    const ifindex = to.links[l.ifindex] ? allocIfindex(to) : l.ifindex;
    k.emit({ type: 'net.linkMoved', from: { netns: ns.inum, ifindex: l.ifindex, ifname: l.name }, to: { netns: to.inum, ifindex, ifname: newName } });
    ns = to;
    l = ns.links[ifindex];
    if (!l) throw new Error('net.linkMoved did not land');
    renamedInMove = o.name !== undefined;
  }
  const at = { netns: ns.inum, ifindex: l.ifindex, ifname: l.name };
  if (o.address !== undefined && o.address !== l.mac) k.emit({ type: 'net.linkAddressChanged', netns: at.netns, ifindex: at.ifindex, ifname: at.ifname, mac: o.address });
  if (o.mtu !== undefined && o.mtu !== l.mtu) k.emit({ type: 'net.linkMtuChanged', netns: at.netns, ifindex: at.ifindex, ifname: at.ifname, mtu: o.mtu });
  if (o.name !== undefined && !renamedInMove && o.name !== l.name) {
    if (l.up) return sysErr('EBUSY');
    if (findLink(ns, o.name)) return sysErr('EEXIST');
    k.emit({ type: 'net.linkRenamed', netns: ns.inum, ifindex: l.ifindex, from: l.name, to: o.name });
    at.ifname = o.name;
  }
  if (o.master !== undefined) {
    const r = setMaster(k, ns, l, o.master);
    if (r) return r;
  }
  if (o.up !== undefined && o.up !== l.up) k.emit({ type: 'net.linkStateChanged', netns: at.netns, ifindex: at.ifindex, ifname: at.ifname, up: o.up });
  return { netns: ns.inum, ifindex: l.ifindex, name: at.ifname };
}

function setMaster(k: Kernel, ns: NetNs, l: Link, master: string | null): SysError | null {
  const at = { netns: ns.inum, ifindex: l.ifindex, ifname: l.name };
  if (master === null) {
    if (l.master !== null) k.emit({ type: 'net.linkMasterChanged', netns: at.netns, ifindex: at.ifindex, ifname: at.ifname, master: null });
    return null;
  }
  const br = findLink(ns, master);
  if (!br) return sysErr('ENODEV');
  if (br.kind !== 'bridge') return sysErr('EOPNOTSUPP');
  if (br === l) return sysErr('ELOOP');
  if (l.kind === 'loopback') return sysErr('EINVAL');
  if (l.kind === 'bridge') return sysErr('ELOOP');
  if (l.master !== br.ifindex) k.emit({ type: 'net.linkMasterChanged', netns: at.netns, ifindex: at.ifindex, ifname: at.ifname, master: br.ifindex });
  return null;
}

/** ip link del DEV: a veth takes its peer with it; lo and physical devices cannot be deleted. */
export function linkDel(k: Kernel, pid: number, name: string): null | SysError {
  const pn = procNet(k, pid);
  if (isErr(pn)) return pn;
  const { p, ns } = pn;
  const denied = checkNetCap(k, p, ns.inum);
  if (denied) return denied;
  const l = findLink(ns, name);
  if (!l) return sysErr('ENODEV');
  if (l.kind === 'loopback' || l.kind === 'ether') return sysErr('EOPNOTSUPP');
  let peer = null;
  if (l.peer) {
    const pl = k.state.net.byNs[l.peer.netns]?.links[l.peer.ifindex];
    if (pl) peer = { netns: l.peer.netns, ifindex: pl.ifindex, ifname: pl.name };
  }
  k.emit({ type: 'net.linkDeleted', netns: ns.inum, ifindex: l.ifindex, ifname: l.name, peer, reason: 'deleted' });
  return null;
}

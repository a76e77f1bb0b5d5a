/**
 * tun/tap devices: a network device whose other side is a file descriptor in a
 * process (Documentation/networking/tuntap.rst, drivers/net/tun.c). A VMM opens
 * /dev/net/tun and asks for a tap (TUNSETIFF with IFF_TAP | IFF_NO_PI |
 * IFF_VNET_HDR): Ethernet frames the guest's virtio NIC sends come out of the
 * device on the host, so the host can bridge them like any port.
 *
 * Models: TUNSETIFF creating the device (kind "tun", `ip -d link` prints "tun
 * type tap pi off vnet_hdr on persist off"), CAP_NET_ADMIN in the netns's
 * owning user namespace to create one, the carrier on while the descriptor is
 * held (operstate stays UNKNOWN: the driver never sets one), the device going
 * away when the last descriptor closes unless it is persistent, and the root
 * qdisc replaced (`tc qdisc replace dev vnet0 root noqueue`, which libvirt does
 * for the taps it plugs into a bridge).
 * SIMPLIFICATIONS:
 * - No /dev/net/tun file descriptors: `attached` says whether one is held; the
 *   creator's close is tunClose.
 * - Multi-queue taps, TUNSETOWNER checks on open and `ip tuntap` are not modelled.
 */

import type { Kernel } from '../kernel.ts';
import { isErr, sysErr, type SysError } from '../errno.ts';
import { mac as randomMac } from '../../host/rng.ts';
import type { Link } from './types.ts';
import { findLink } from './netns.ts';
import { checkNetCap, procNet } from './perm.ts';
import { allocIfindex, validIfname } from './link.ts';

export interface TunCreateOpts {
  /** IFF_TAP ('tap', Ethernet frames) or IFF_TUN ('tun', IP packets). */
  type: 'tun' | 'tap';
  /** Requested name; a "%d" pattern ("tap%d", the default "tun%d"/"tap%d") takes the lowest free number. */
  name?: string;
  mac?: string;
  /** IFF_NO_PI not set. Default false (QEMU sets IFF_NO_PI). */
  pi?: boolean;
  vnetHdr?: boolean;
  persist?: boolean;
  owner?: number | null;
  group?: number | null;
}

/** TUNSETIFF on a fresh /dev/net/tun descriptor: the device, down, with its descriptor attached. */
export function tunCreate(k: Kernel, pid: number, o: TunCreateOpts): { netns: number; ifindex: number; name: string } | SysError {
  const pn = procNet(k, pid);
  if (isErr(pn)) return pn;
  const { p, ns } = pn;
  const denied = checkNetCap(k, p, ns.inum);
  if (denied) return denied;
  let name = o.name ?? `${o.type}%d`;
  if (name.includes('%d')) {
    const pattern = name;
    for (let n = 0; ; n++) {
      name = pattern.replace('%d', String(n));
      if (!findLink(ns, name)) break;
    }
  }
  if (!validIfname(name)) return sysErr('EINVAL');
  if (findLink(ns, name)) return sysErr('EBUSY');
  const ifindex = allocIfindex(ns);
  const link: Link = {
    ifindex,
    name,
    kind: 'tun',
    mac: o.mac ?? randomMac(k.state.rng),
    mtu: 1500,
    up: false,
    qdisc: 'noop',
    txqueuelen: 1000,
    addrs: [],
    master: null,
    peer: null,
    tun: { type: o.type, pi: o.pi ?? false, vnetHdr: o.vnetHdr ?? false, persist: o.persist ?? false, attached: true, owner: o.owner ?? null, group: o.group ?? null },
  };
  k.emit({ type: 'net.linkCreated', netns: ns.inum, link });
  return { netns: ns.inum, ifindex, name };
}

/** The last descriptor of a non-persistent tun/tap device closed: the device goes. */
export function tunClose(k: Kernel, netns: number, name: string): void {
  const ns = k.state.net.byNs[netns];
  const l = ns ? findLink(ns, name) : undefined;
  if (!ns || !l || l.kind !== 'tun') return;
  k.emit({ type: 'net.linkDeleted', netns, ifindex: l.ifindex, ifname: l.name, peer: null, reason: 'deleted' });
}

/** `tc qdisc replace dev DEV root QDISC` (only the names `ip link` prints: noqueue, fq_codel, pfifo_fast). */
export function qdiscReplace(k: Kernel, pid: number, dev: string, qdisc: 'noqueue' | 'fq_codel' | 'pfifo_fast'): null | SysError {
  const pn = procNet(k, pid);
  if (isErr(pn)) return pn;
  const { p, ns } = pn;
  const denied = checkNetCap(k, p, ns.inum);
  if (denied) return denied;
  const l = findLink(ns, dev);
  if (!l) return sysErr('ENODEV');
  if (l.qdisc !== qdisc) k.emit({ type: 'net.qdiscChanged', netns: ns.inum, ifindex: l.ifindex, ifname: l.name, qdisc });
  return null;
}

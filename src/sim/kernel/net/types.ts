/**
 * The network stack's state: one record per network namespace, plus the world
 * beyond eth0 (a small simulated internet) and the DNS servers that answer.
 *
 * Models: network_namespaces(7): each netns has its own interfaces (ip-link(8)),
 * IPv4 addresses (ip-address(8)), main routing table (ip-route(8)), sysctls under
 * /proc/sys/net, netfilter tables (iptables(8)), sockets (ss(8)), and the ids it
 * gives to peer namespaces (link-netnsid, see ip-netns(8)).
 * SIMPLIFICATIONS:
 * - IPv4 only: no inet6 addresses (as in a container started with IPv6 disabled).
 * - Only the main routing table is stored; the local table is derived from addresses.
 * - No ARP or neighbour table; the data path decides reachability from who owns an address.
 * - No link statistics beyond iptables packet counters.
 * - The internet is a table of hosts answering ping, TCP ports and DNS; it routes
 *   nothing back to private (unmasqueraded) source addresses.
 */

import type { MachineInfo } from '../state.ts';
import { defaultInternet } from './internet.ts';

export type LinkKind = 'loopback' | 'ether' | 'veth' | 'bridge' | 'tun' | 'dummy';

/** A tun/tap device's driver settings (TUNSETIFF flags, TUNSETPERSIST, TUNSETOWNER/GROUP). */
export interface TunInfo {
  /** IFF_TAP: Ethernet frames; IFF_TUN: IP packets. */
  type: 'tun' | 'tap';
  /** IFF_NO_PI cleared: packets carry a 4-byte packet-information header. */
  pi: boolean;
  /** IFF_VNET_HDR: a virtio-net header precedes each frame (QEMU with vhost-net sets it). */
  vnetHdr: boolean;
  /** The device outlives its file descriptor (ip tuntap add, TUNSETPERSIST). */
  persist: boolean;
  /** Some process holds the device's /dev/net/tun file descriptor: the carrier is on. */
  attached: boolean;
  /** TUNSETOWNER / TUNSETGROUP, or null (-1). */
  owner: number | null;
  group: number | null;
}

/** One IPv4 address on an interface (struct in_ifaddr). */
export interface IfAddr {
  local: string;
  prefixlen: number;
  /** brd, or null when none was given (ip addr add without "brd +"). */
  broadcast: string | null;
  scope: 'host' | 'link' | 'global';
  /** Not IFA_F_PERMANENT: handed out by a DHCP client with a lease. */
  dynamic: boolean;
  /** Lease length in seconds, or null for "forever". */
  validLftSec: number | null;
  /** Virtual time the address was added (ms since boot), for the remaining lifetime. */
  addedMs: number;
  /** IFA_RT_PRIORITY: metric given to the prefix route. */
  metric: number | null;
  /** IFA_F_NOPREFIXROUTE: no connected route for this address. */
  noprefixroute: boolean;
}

/** A network device (struct net_device) as `ip link` shows it. */
export interface Link {
  /** Per-netns interface index; lo is always 1. */
  ifindex: number;
  name: string;
  kind: LinkKind;
  mac: string;
  mtu: number;
  /** IFF_UP: administratively up. Carrier (LOWER_UP) is derived, see link-state.ts. */
  up: boolean;
  /** Root qdisc: "noop" until the device is first brought up. */
  qdisc: string;
  txqueuelen: number;
  addrs: IfAddr[];
  /** ifindex of the bridge this device is a port of (same netns), or null. */
  master: number | null;
  /** The other end of a veth pair. */
  peer: { netns: number; ifindex: number } | null;
  /** kind 'tun' only: the tun/tap driver's settings. */
  tun?: TunInfo;
}

export type RouteProto = 'kernel' | 'boot' | 'static' | 'dhcp';

/** A route in the main table. */
export interface Route {
  /** Network address of the destination prefix; "0.0.0.0" with dstLen 0 is "default". */
  dst: string;
  dstLen: number;
  via: string | null;
  /** ifindex of the output device. */
  dev: number;
  proto: RouteProto;
  scope: 'link' | 'global' | 'host';
  /** Preferred source address (RTA_PREFSRC). */
  src: string | null;
  metric: number | null;
}

export type IptTableName = 'filter' | 'nat' | 'mangle' | 'raw';

export const IPT_TABLES: readonly IptTableName[] = ['raw', 'mangle', 'filter', 'nat'];

/** Built-in chains of each table, in the order iptables lists them. */
export const BUILTIN_CHAINS: Readonly<Record<IptTableName, readonly string[]>> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
};

export interface Negatable<T> {
  value: T;
  neg: boolean;
}

/** A port or port range as --dport/--sport take it: 80 or 8000:8080. */
export interface PortRange {
  from: number;
  to: number;
}

export type IptMatch =
  | { name: 'tcp' | 'udp'; sport: Negatable<PortRange> | null; dport: Negatable<PortRange> | null }
  | { name: 'addrtype'; srcType: Negatable<string[]> | null; dstType: Negatable<string[]> | null }
  | { name: 'conntrack'; ctstate: Negatable<string[]> }
  | { name: 'state'; state: Negatable<string[]> }
  | { name: 'comment'; comment: string }
  | { name: 'icmp'; icmpType: Negatable<number> | null }
  | { name: 'multiport'; which: 'dports' | 'sports' | 'ports'; ports: number[]; neg: boolean };

export type IptTarget =
  | { kind: 'none' }
  | { kind: 'ACCEPT' | 'DROP' | 'RETURN' }
  | { kind: 'jump'; chain: string; goto: boolean }
  | { kind: 'DNAT'; to: string }
  | { kind: 'SNAT'; to: string }
  | { kind: 'MASQUERADE'; toPorts: string | null }
  | { kind: 'REDIRECT'; toPorts: string | null }
  | { kind: 'REJECT'; with: string }
  | { kind: 'LOG'; prefix: string | null };

/** One rule: the parsed form used for matching and for the canonical `iptables -S` text. */
export interface IptRule {
  src: Negatable<{ addr: string; len: number }> | null;
  dst: Negatable<{ addr: string; len: number }> | null;
  inIface: Negatable<string> | null;
  outIface: Negatable<string> | null;
  /** Protocol number (6 tcp, 17 udp, 1 icmp); null for "all". */
  proto: Negatable<number> | null;
  matches: IptMatch[];
  target: IptTarget;
  /** The rule as the user typed it (argv after the chain name), kept for reference. */
  spec: string[];
  pkts: number;
  bytes: number;
}

export interface IptChain {
  name: string;
  builtin: boolean;
  /** Built-in chains only. */
  policy: 'ACCEPT' | 'DROP' | null;
  rules: IptRule[];
  /** Policy counters (built-in chains). */
  pkts: number;
  bytes: number;
}

export interface IptTable {
  chains: Record<string, IptChain>;
}

/** A socket as ss(8) lists it. */
export interface Socket {
  /** Socket inode number (unique per kernel), as in /proc/PID/fd → socket:[N]. */
  inode: number;
  netns: number;
  proto: 'tcp' | 'udp';
  state: 'LISTEN' | 'UNCONN' | 'ESTAB';
  localAddr: string;
  localPort: number;
  peerAddr: string | null;
  peerPort: number | null;
  /** Host PID of the owner. */
  pid: number;
}

export interface NetNs {
  inum: number;
  links: Record<number, Link>;
  /** Next ifindex to try (the kernel's cyclic allocator). */
  nextIfindex: number;
  /** The main routing table, kept in the order `ip route` dumps it. */
  routes: Route[];
  /** /proc/sys/net values of this netns, keyed by sysctl name (net.ipv4.ip_forward). */
  sysctl: Record<string, string>;
  iptables: Record<IptTableName, IptTable>;
  /** Ids this netns gives other namespaces (peer netns inum → nsid), for link-netnsid. */
  nsids: Record<number, number>;
  /** The next nsid while the ids given are exactly 0..n-1 (absent after one was freed). */
  nsidNext?: number;
}

/** A machine on the simulated internet (or on the link beyond eth0, like the gateway). */
export interface InternetHost {
  ip: string;
  /** Names for reverse display only; forward DNS lives in InternetState.dns. */
  names: string[];
  ping: boolean;
  tcpPorts: number[];
  /** Answers DNS queries on port 53 from InternetState.dns. */
  dns: boolean;
  /** TTL of its echo replies as they arrive at the host's eth0. */
  ttl: number;
  rttMs: number;
  /** On the link beyond eth0 (reached without the gateway). */
  onLink: boolean;
}

export interface InternetState {
  hosts: Record<string, InternetHost>;
  /** Public DNS: lowercase name → A records. */
  dns: Record<string, string[]>;
}

/** A DNS server inside a netns (Docker's embedded DNS at 127.0.0.11, or a user's). */
export interface DnsServer {
  netns: number;
  ip: string;
  /** lowercase name → A records. */
  records: Record<string, string[]>;
  /** Upstream resolvers asked for names it does not know, in order. */
  forwarders: string[];
}

export interface NetState {
  byNs: Record<number, NetNs>;
  internet: InternetState;
  /** netns inum → server IP → server. */
  dnsServers: Record<number, Record<string, DnsServer>>;
  /** Every open socket by inode. */
  sockets: Record<number, Socket>;
  /** Host PID → inodes of its sockets (so exit is O(own sockets)). */
  socketsByPid: Record<number, number[]>;
  nextSocketInode: number;
}

/** Sysctl defaults of a new netns (net/ipv4/sysctl_net_ipv4.c, devinet.c). */
export const NETNS_SYSCTL_DEFAULTS: Readonly<Record<string, string>> = {
  'net.ipv4.ip_forward': '0',
  'net.ipv4.ip_unprivileged_port_start': '1024',
  'net.ipv4.ping_group_range': '1\t0',
  'net.ipv4.ip_local_port_range': '32768\t60999',
  'net.ipv4.icmp_echo_ignore_all': '0',
  'net.ipv4.conf.all.route_localnet': '0',
};

/** The first socket inode handed out (sockfs inodes on a booted host are in this range). */
export const FIRST_SOCKET_INODE = 20481;

/** A link as a new device starts: down, qdisc noop, no addresses, no master (rtnl_newlink). */
export function newLink(ifindex: number, name: string, kind: Link['kind'], mac: string, mtu: number, txqueuelen: number, peer: Link['peer']): Link {
  return { ifindex, name, kind, mac, mtu, up: false, qdisc: 'noop', txqueuelen, addrs: [], master: null, peer };
}

export function createInitialNetState(_machine: MachineInfo): NetState {
  return {
    byNs: {},
    internet: defaultInternet(),
    dnsServers: {},
    sockets: {},
    socketsByPid: {},
    nextSocketInode: FIRST_SOCKET_INODE,
  };
}

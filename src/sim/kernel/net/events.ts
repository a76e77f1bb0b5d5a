/**
 * Events of the net module (past tense; applied by applyNetEvent).
 *
 * Each event is one thing a user or program did (a netlink request, an
 * iptables command, a socket call) or one packet's journey. What the kernel
 * does as a consequence (connected routes on address add, routes flushed when
 * a device goes down, a bridge port released when its device moves) is derived
 * by the reducer, as the kernel derives it.
 */

import type { IfAddr, IptRule, IptTableName, Link, Route, Socket } from './types.ts';
import type { Errno } from '../errno.ts';

/** Where a link lives: its netns (inode number) and ifindex there. */
export interface LinkRef {
  netns: number;
  ifindex: number;
  ifname: string;
}

/** One step of a packet's journey, for views to animate and lessons to check. */
export interface Hop {
  netns: number;
  ifname: string;
  what: 'route' | 'dnat' | 'snat' | 'masquerade' | 'forward' | 'bridge' | 'veth' | 'internet' | 'deliver' | 'drop' | 'reject';
  detail: string;
}

/** A rule or policy that a traced packet hit; the reducer bumps its counters. */
export interface RuleHit {
  netns: number;
  table: IptTableName;
  chain: string;
  /** Index into the chain's rules, or -1 for the chain's policy. */
  rule: number;
}

export type NetEvent =
  /** A single device was created (ip link add ... type bridge). */
  | { type: 'net.linkCreated'; netns: number; link: Link }
  /** A veth pair was created; `a` is the device named in the request, `b` its peer. */
  | { type: 'net.vethCreated'; a: LinkRef & { mac: string }; b: LinkRef & { mac: string }; mtu: number; txqueuelen: number }
  /** ip link set DEV netns NS: the device goes down and loses its addresses and master. */
  | { type: 'net.linkMoved'; from: LinkRef; to: LinkRef }
  | { type: 'net.linkRenamed'; netns: number; ifindex: number; from: string; to: string }
  | { type: 'net.linkStateChanged'; netns: number; ifindex: number; ifname: string; up: boolean }
  | { type: 'net.linkMasterChanged'; netns: number; ifindex: number; ifname: string; master: number | null }
  | { type: 'net.linkMtuChanged'; netns: number; ifindex: number; ifname: string; mtu: number }
  | { type: 'net.linkAddressChanged'; netns: number; ifindex: number; ifname: string; mac: string }
  /** tc qdisc replace dev DEV root QDISC. */
  | { type: 'net.qdiscChanged'; netns: number; ifindex: number; ifname: string; qdisc: string }
  /** A device is gone; deleting a veth takes its peer too (`peer`, null if already gone). */
  | { type: 'net.linkDeleted'; netns: number; ifindex: number; ifname: string; peer: LinkRef | null; reason: 'deleted' | 'peerNetnsDestroyed' }
  | { type: 'net.addrAdded'; netns: number; ifindex: number; ifname: string; addr: IfAddr }
  | { type: 'net.addrRemoved'; netns: number; ifindex: number; ifname: string; local: string; prefixlen: number }
  | { type: 'net.routeAdded'; netns: number; route: Route }
  | { type: 'net.routeRemoved'; netns: number; route: Route }
  | { type: 'net.ruleAppended'; netns: number; table: IptTableName; chain: string; rule: IptRule }
  /** `index` is 0-based (iptables -I CHAIN 1 inserts at index 0). */
  | { type: 'net.ruleInserted'; netns: number; table: IptTableName; chain: string; index: number; rule: IptRule }
  | { type: 'net.ruleDeleted'; netns: number; table: IptTableName; chain: string; index: number }
  /** iptables -F [CHAIN]; chain null flushes every chain of the table. */
  | { type: 'net.chainFlushed'; netns: number; table: IptTableName; chain: string | null }
  | { type: 'net.chainCreated'; netns: number; table: IptTableName; chain: string }
  | { type: 'net.chainDeleted'; netns: number; table: IptTableName; chain: string }
  | { type: 'net.chainRenamed'; netns: number; table: IptTableName; from: string; to: string }
  | { type: 'net.policySet'; netns: number; table: IptTableName; chain: string; policy: 'ACCEPT' | 'DROP' }
  /** iptables -Z [CHAIN]. */
  | { type: 'net.countersZeroed'; netns: number; table: IptTableName; chain: string | null }
  | { type: 'net.sysctlSet'; netns: number; name: string; value: string }
  | { type: 'net.socketListening'; socket: Socket }
  /** A TCP connection that stays open: the client's socket and the server's accepted one. */
  | { type: 'net.connectionEstablished'; client: Socket; server: Socket | null }
  | { type: 'net.socketClosed'; inode: number; netns: number; pid: number }
  | {
      type: 'net.packetTraced';
      kind: 'tcp' | 'udp' | 'icmp';
      netns: number;
      pid: number | null;
      src: string;
      dst: string;
      dport: number | null;
      hops: Hop[];
      result: 'ok' | Errno;
      hits: RuleHit[];
      bytes: number;
    }
  | { type: 'net.dnsServerRegistered'; netns: number; ip: string; records: Record<string, string[]>; forwarders: string[] }
  | { type: 'net.dnsServerUnregistered'; netns: number; ip: string };

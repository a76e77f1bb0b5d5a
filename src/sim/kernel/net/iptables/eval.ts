/**
 * Walking a packet through a netfilter chain (ipt_do_table() in net/ipv4/netfilter/ip_tables.c).
 *
 * Models: rules tried in order; a rule matches when every part matches (each
 * part may be negated with "!"); -j to a user chain and back on RETURN or at
 * its end; -g (goto) returning to the caller's caller; terminal targets
 * (ACCEPT, DROP, REJECT, DNAT, SNAT, MASQUERADE, REDIRECT) and non-terminal ones
 * (LOG, no target); the built-in chain's policy when nothing decides. Every
 * rule that matches, and every policy applied, is recorded for the counters.
 * Interface names ending in "+" match by prefix, as iptables(8) says.
 * SIMPLIFICATIONS:
 * - No packet marks, fragments or TCP flags; conntrack state is given by the caller (NEW or ESTABLISHED).
 */

import type { IptMatch, IptRule, IptTableName, NetNs } from '../types.ts';
import type { RuleHit } from '../events.ts';
import { ipInPrefix, isMulticastIp } from '../ip4.ts';
import { isLocalAddr, linksInOrder } from '../netns.ts';
import { broadcastStr } from '../ip4.ts';

/** What the rules can see of a packet at one hook. */
export interface PktView {
  /** 6 tcp, 17 udp, 1 icmp */
  proto: number;
  src: string;
  dst: string;
  sport: number | null;
  dport: number | null;
  icmpType: number | null;
  /** Input device name, '' where there is none (OUTPUT, POSTROUTING). */
  inIface: string;
  outIface: string;
  ctstate: 'NEW' | 'ESTABLISHED' | 'RELATED';
}

export type Verdict =
  | { v: 'ACCEPT' }
  | { v: 'DROP' }
  | { v: 'REJECT'; with: string }
  | { v: 'DNAT'; to: string }
  | { v: 'SNAT'; to: string }
  | { v: 'MASQUERADE' }
  | { v: 'REDIRECT'; toPorts: string | null };

function ifaceMatch(pattern: string, name: string): boolean {
  if (pattern.endsWith('+')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

/** RTN_* type of an address in this netns, as the addrtype match sees it. */
export function addrType(ns: NetNs, ip: string): string {
  if (isLocalAddr(ns, ip)) return 'LOCAL';
  if (ip === '255.255.255.255') return 'BROADCAST';
  if (isMulticastIp(ip)) return 'MULTICAST';
  for (const l of linksInOrder(ns)) for (const a of l.addrs) if (a.prefixlen < 31 && broadcastStr(a.local, a.prefixlen) === ip) return 'BROADCAST';
  return 'UNICAST';
}

function inRange(p: number | null, from: number, to: number): boolean {
  return p !== null && p >= from && p <= to;
}

function matchOne(ns: NetNs, m: IptMatch, pkt: PktView): boolean {
  switch (m.name) {
    case 'tcp':
    case 'udp': {
      if (pkt.proto !== (m.name === 'tcp' ? 6 : 17)) return false;
      if (m.sport && inRange(pkt.sport, m.sport.value.from, m.sport.value.to) === m.sport.neg) return false;
      if (m.dport && inRange(pkt.dport, m.dport.value.from, m.dport.value.to) === m.dport.neg) return false;
      return true;
    }
    case 'addrtype': {
      if (m.srcType && m.srcType.value.includes(addrType(ns, pkt.src)) === m.srcType.neg) return false;
      if (m.dstType && m.dstType.value.includes(addrType(ns, pkt.dst)) === m.dstType.neg) return false;
      return true;
    }
    case 'conntrack':
      return m.ctstate.value.includes(pkt.ctstate) !== m.ctstate.neg;
    case 'state':
      return m.state.value.includes(pkt.ctstate) !== m.state.neg;
    case 'comment':
      return true;
    case 'icmp':
      if (pkt.proto !== 1) return false;
      return !m.icmpType || (m.icmpType.value === pkt.icmpType) !== m.icmpType.neg;
    case 'multiport': {
      const ports = m.which === 'dports' ? [pkt.dport] : m.which === 'sports' ? [pkt.sport] : [pkt.sport, pkt.dport];
      return ports.some((p) => p !== null && m.ports.includes(p)) !== m.neg;
    }
  }
}

export function ruleMatches(ns: NetNs, r: IptRule, pkt: PktView): boolean {
  if (r.src && ipInPrefix(pkt.src, r.src.value.addr, r.src.value.len) === r.src.neg) return false;
  if (r.dst && ipInPrefix(pkt.dst, r.dst.value.addr, r.dst.value.len) === r.dst.neg) return false;
  if (r.inIface && ifaceMatch(r.inIface.value, pkt.inIface) === r.inIface.neg) return false;
  if (r.outIface && ifaceMatch(r.outIface.value, pkt.outIface) === r.outIface.neg) return false;
  if (r.proto && (pkt.proto === r.proto.value) === r.proto.neg) return false;
  return r.matches.every((m) => matchOne(ns, m, pkt));
}

type Walk = Verdict | 'RETURN' | null;

function walkChain(ns: NetNs, table: IptTableName, chain: string, pkt: PktView, hits: RuleHit[], depth: number): Walk {
  const c = ns.iptables[table].chains[chain];
  if (!c || depth > 32) return null;
  for (let i = 0; i < c.rules.length; i++) {
    const r = c.rules[i] as IptRule;
    if (!ruleMatches(ns, r, pkt)) continue;
    hits.push({ netns: ns.inum, table, chain, rule: i });
    const t = r.target;
    switch (t.kind) {
      case 'none':
      case 'LOG':
        continue;
      case 'ACCEPT':
      case 'DROP':
        return { v: t.kind };
      case 'RETURN':
        return 'RETURN';
      case 'REJECT':
        return { v: 'REJECT', with: t.with };
      case 'DNAT':
      case 'SNAT':
        return { v: t.kind, to: t.to };
      case 'MASQUERADE':
        return { v: 'MASQUERADE' };
      case 'REDIRECT':
        return { v: 'REDIRECT', toPorts: t.toPorts };
      case 'jump': {
        const sub = walkChain(ns, table, t.chain, pkt, hits, depth + 1);
        if (sub !== null && sub !== 'RETURN') return sub;
        if (t.goto) return 'RETURN';
        continue;
      }
    }
  }
  return null;
}

/** Run a built-in chain; falls back to its policy (recorded as rule -1). */
export function runChain(ns: NetNs, table: IptTableName, chain: string, pkt: PktView, hits: RuleHit[]): Verdict {
  const c = ns.iptables[table].chains[chain];
  if (!c) return { v: 'ACCEPT' };
  const w = walkChain(ns, table, chain, pkt, hits, 0);
  if (w !== null && w !== 'RETURN') return w;
  hits.push({ netns: ns.inum, table, chain, rule: -1 });
  return { v: c.policy === 'DROP' ? 'DROP' : 'ACCEPT' };
}

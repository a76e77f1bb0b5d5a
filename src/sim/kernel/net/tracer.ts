/**
 * The state of one packet walk and the netfilter hook runner it uses (see datapath.ts).
 *
 * Models: running the tables of one hook in priority order (raw, mangle, nat,
 * filter), NAT decided once per connection and manipulation (conntrack), and
 * what each verdict does to the packet: DROP is silence, REJECT an error back,
 * DNAT/REDIRECT rewrite the destination, SNAT/MASQUERADE the source.
 * SIMPLIFICATIONS:
 * - See datapath.ts.
 */

import type { Errno } from '../errno.ts';
import type { Hop, RuleHit } from './events.ts';
import type { DnsServer, InternetHost, IptTableName, Link, NetNs, NetState, Socket } from './types.ts';
import { primaryAddr } from './netns.ts';
import { selectSource } from './route.ts';
import { runChain, type PktView, type Verdict } from './iptables/eval.ts';

export type FlowProto = 'tcp' | 'udp' | 'icmp';

export interface Flow {
  proto: FlowProto;
  /** Source address, or null to pick it from the route. */
  src: string | null;
  dst: string;
  sport: number | null;
  dport: number | null;
}

/** Who answered. */
export type Endpoint =
  | { kind: 'socket'; socket: Socket }
  | { kind: 'stack'; netns: number; addr: string }
  | { kind: 'dns'; server: DnsServer }
  | { kind: 'internet'; host: InternetHost };

export interface Trace {
  result: 'ok' | Errno;
  hops: Hop[];
  hits: RuleHit[];
  /** Source chosen in the sending netns. */
  src: string;
  /** Destination and port as finally delivered (after DNAT). */
  dst: string;
  dport: number | null;
  /** Source as the receiver sees it (after SNAT/MASQUERADE). */
  seenSrc: string;
  endpoint: Endpoint | null;
  /** Routers (forwarding namespaces) on the way: each takes one from the reply's TTL. */
  routers: number;
  /** Namespaces crossed. */
  crossings: number;
}

export interface Pkt {
  proto: number;
  src: string;
  dst: string;
  sport: number | null;
  dport: number | null;
  icmpType: number | null;
}

export interface FwdNode {
  ns: NetNs;
  inIf: string;
  outIf: string;
  srcIn: string;
  dstOut: string;
}

export type Step = 'ok' | Errno;

export const PROTO: Record<FlowProto, number> = { tcp: 6, udp: 17, icmp: 1 };

export class Tracer {
  hops: Hop[] = [];
  hits: RuleHit[] = [];
  routers = 0;
  crossings = 0;
  fwd: FwdNode[] = [];
  natDone = new Set<string>();
  endpoint: Endpoint | null = null;
  /** Where the flow entered the namespace that answered, for its reply. */
  answerIf = '';
  answerNs: NetNs | null = null;

  constructor(readonly s: NetState) {}

  hop(ns: NetNs, ifname: string, what: Hop['what'], detail: string): void {
    this.hops.push({ netns: ns.inum, ifname, what, detail });
  }

  view(p: Pkt, inIface: string, outIface: string, ctstate: PktView['ctstate'] = 'NEW'): PktView {
    return Object.assign({}, p, { inIface, outIface, ctstate });
  }

  /** Run `tables` at `hook`; NAT verdicts rewrite `p`. Returns null to continue, or the failure. */
  hook(ns: NetNs, hook: string, tables: IptTableName[], p: Pkt, inIf: string, outIf: string, outDev: Link | null): Step | null {
    for (const table of tables) {
      if (!ns.iptables[table].chains[hook]) continue;
      if (table === 'nat') {
        // NAT is decided once per connection and manipulation (conntrack): destination at PREROUTING/OUTPUT, source at POSTROUTING/INPUT.
        const key = `${ns.inum}:${hook === 'PREROUTING' || hook === 'OUTPUT' ? 'dst' : 'src'}`;
        if (this.natDone.has(key)) continue;
        this.natDone.add(key);
      }
      const v = runChain(ns, table, hook, this.view(p, inIf, outIf), this.hits);
      const stop = this.apply(ns, table, hook, v, p, inIf, outDev);
      if (stop) return stop;
    }
    return null;
  }

  private apply(ns: NetNs, table: string, hook: string, v: Verdict, p: Pkt, inIf: string, outDev: Link | null): Step | null {
    const where = `${table} ${hook}`;
    switch (v.v) {
      case 'ACCEPT':
        return null;
      case 'DROP':
        this.hop(ns, inIf, 'drop', `${where}: DROP`);
        return 'ETIMEDOUT';
      case 'REJECT':
        this.hop(ns, inIf, 'reject', `${where}: REJECT --reject-with ${v.with}`);
        if (v.with.includes('host-unreach') || v.with.includes('net-unreach') || v.with.includes('admin-prohib')) return 'EHOSTUNREACH';
        return 'ECONNREFUSED';
      case 'DNAT':
      case 'REDIRECT': {
        const before = endpointStr(p.dst, p.dport);
        if (v.v === 'DNAT') {
          const [ip, ports] = v.to.split(':');
          p.dst = ip ?? p.dst;
          if (ports) p.dport = Number(ports.split('-')[0]);
        } else {
          const inLink = findByName(ns, inIf);
          p.dst = hook === 'OUTPUT' ? '127.0.0.1' : ((inLink && primaryAddr(inLink)?.local) ?? p.dst);
          if (v.toPorts) p.dport = Number(v.toPorts.split('-')[0]);
        }
        this.hop(ns, inIf, 'dnat', `${where}: ${before} → ${endpointStr(p.dst, p.dport)}`);
        return null;
      }
      case 'SNAT':
      case 'MASQUERADE': {
        const before = p.src;
        if (v.v === 'SNAT') p.src = v.to.split(':')[0] ?? p.src;
        else {
          const a = outDev ? selectSource(ns, outDev, p.dst) : null;
          if (!a) {
            this.hop(ns, outDev?.name ?? '', 'drop', `${where}: MASQUERADE: no address on ${outDev?.name ?? '?'}`);
            return 'ETIMEDOUT';
          }
          p.src = a;
        }
        this.hop(ns, outDev?.name ?? '', v.v === 'SNAT' ? 'snat' : 'masquerade', `${where}: ${before} → ${p.src}`);
        return null;
      }
    }
  }
}

function findByName(ns: NetNs, name: string): Link | undefined {
  return Object.values(ns.links).find((l) => l.name === name);
}

function endpointStr(ip: string, port: number | null): string {
  return port === null ? ip : `${ip}:${port}`;
}

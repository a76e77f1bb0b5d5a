/**
 * Parsing an iptables rule specification (iptables(8), iptables-extensions(8)).
 *
 * Models: -s/-d (masked to the network, as iptables stores them), -i/-o, -p
 * (names or numbers; "all" is protocol 0), "!" negation, -m tcp/udp (loaded
 * implicitly by -p tcp --dport), addrtype, conntrack, state, comment, icmp,
 * multiport; -j ACCEPT/DROP/RETURN/DNAT/SNAT/MASQUERADE/REDIRECT/REJECT/LOG or a
 * user chain, -g; and the error texts of iptables 1.8.10 (nf_tables).
 * SIMPLIFICATIONS:
 * - No hostname lookups (only "localhost"), no -f, no -c, no other extensions.
 */

import type { IptMatch, IptRule, IptTarget, Negatable, PortRange } from '../types.ts';
import { fmtIp, networkOf, parseIp, parsePrefix } from '../ip4.ts';

export const IPTABLES_VERSION = 'v1.8.10 (nf_tables)';
const HINT = "Try `iptables -h' or 'iptables --help' for more information.";

export interface IptError {
  message: string;
  exitCode: number;
}

/** xtables_error(PARAMETER_PROBLEM, ...): exit status 2 and the help hint. */
export function paramProblem(msg: string): IptError {
  return { message: `iptables ${IPTABLES_VERSION}: ${msg}\n${HINT}`, exitCode: 2 };
}

export const PROTO_NUMBERS: Readonly<Record<string, number>> = { all: 0, icmp: 1, tcp: 6, udp: 17 };
export const PROTO_NAMES: Readonly<Record<number, string>> = { 0: 'all', 1: 'icmp', 6: 'tcp', 17: 'udp' };

/** A few lines of /etc/services. */
export const SERVICES: Readonly<Record<string, number>> = {
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  http: 80,
  pop3: 110,
  ntp: 123,
  imap: 143,
  https: 443,
  mysql: 3306,
  postgresql: 5432,
  'redis': 6379,
  'http-alt': 8080,
};

export const ICMP_TYPES: Readonly<Record<string, number>> = {
  'echo-reply': 0,
  'destination-unreachable': 3,
  'echo-request': 8,
  'time-exceeded': 11,
};

const ADDR_TYPES = ['UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE'];
/** conntrack's print order (print_state() in libxt_conntrack.c). */
export const CT_STATES = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];
const STANDARD_TARGETS = ['ACCEPT', 'DROP', 'RETURN', 'DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'REJECT', 'LOG'];
const MATCHES = ['tcp', 'udp', 'addrtype', 'conntrack', 'state', 'comment', 'icmp', 'multiport'];

function parsePort(v: string): number | null {
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return n <= 65535 ? n : null;
  }
  return SERVICES[v] ?? null;
}

function parsePortRange(v: string): PortRange | null {
  const [a, b, extra] = v.split(':');
  if (extra !== undefined || a === undefined) return null;
  const from = a === '' ? 0 : parsePort(a);
  const to = b === undefined ? from : b === '' ? 65535 : parsePort(b);
  if (from === null || to === null || from > to) return null;
  return { from, to };
}

type MatchOf<N extends IptMatch['name']> = Extract<IptMatch, { name: N }>;

function newMatch(name: string): IptMatch {
  switch (name) {
    case 'tcp':
    case 'udp':
      return { name, sport: null, dport: null };
    case 'addrtype':
      return { name, srcType: null, dstType: null };
    case 'conntrack':
      return { name, ctstate: { value: [], neg: false } };
    case 'state':
      return { name, state: { value: [], neg: false } };
    case 'comment':
      return { name, comment: '' };
    case 'icmp':
      return { name, icmpType: null };
    default:
      return { name: 'multiport', which: 'dports', ports: [], neg: false };
  }
}

/**
 * The cursor of one parse: position, a pending "!", and the rule being built.
 * (A class rather than closures made per call: under tsx's keepNames every
 * named closure costs a defineProperty each time it is created.)
 */
class RuleParser {
  i = 0;
  invert = false;
  constructor(
    readonly tokens: readonly string[],
    readonly rule: IptRule,
  ) {}

  next(opt: string): string | IptError {
    const v = this.tokens[this.i + 1];
    if (v === undefined) return paramProblem(`option "${opt}" requires an argument`);
    this.i++;
    return v;
  }

  lastMatch<N extends IptMatch['name']>(...names: N[]): MatchOf<N> | undefined {
    const matches = this.rule.matches;
    for (let j = matches.length - 1; j >= 0; j--) {
      const m = matches[j];
      if (m && (names as string[]).includes(m.name)) return m as MatchOf<N>;
    }
    return undefined;
  }

  /** A protocol match, loaded implicitly by -p tcp/udp/icmp when its option appears. */
  protoMatch<N extends 'tcp' | 'udp' | 'icmp'>(names: N[]): MatchOf<N> | undefined {
    const m = this.lastMatch(...names);
    if (m) return m;
    const rule = this.rule;
    const pname = rule.proto ? PROTO_NAMES[rule.proto.value] : undefined;
    if (pname && (names as string[]).includes(pname) && !rule.proto?.neg) {
      const nm = newMatch(pname) as MatchOf<N>;
      rule.matches.push(nm);
      return nm;
    }
    return undefined;
  }

  neg<T>(value: T): Negatable<T> {
    const r = { value, neg: this.invert };
    this.invert = false;
    return r;
  }

  noInvert(opt: string): IptError | null {
    return this.invert ? paramProblem(`cannot have ! before ${opt}`) : null;
  }
}

/** Parse the argv of a rule (everything after the chain name, e.g. `-p tcp --dport 80 -j ACCEPT`). */
export function parseRuleSpec(tokens: readonly string[]): IptRule | IptError {
  const rule: IptRule = { src: null, dst: null, inIface: null, outIface: null, proto: null, matches: [], target: { kind: 'none' }, spec: [...tokens], pkts: 0, bytes: 0 };
  const ps = new RuleParser(tokens, rule);
  let targetSet = false;
  for (; ps.i < tokens.length; ps.i++) {
    const tok = tokens[ps.i] as string;
    if (tok === '!') {
      if (ps.invert) return paramProblem("multiple `!' flags not allowed");
      ps.invert = true;
      continue;
    }
    switch (tok) {
      case '-s':
      case '--source':
      case '--src':
      case '-d':
      case '--destination':
      case '--dst': {
        const v = ps.next(tok);
        if (typeof v !== 'string') return v;
        const p = parsePrefix(v === 'localhost' ? '127.0.0.1' : v);
        if (!p) return paramProblem(`host/network \`${v}' not found`);
        const isSrc = tok === '-s' || tok.startsWith('--s');
        if (isSrc ? rule.src : rule.dst) return paramProblem(`multiple -${isSrc ? 's' : 'd'} flags not allowed`);
        const val = ps.neg({ addr: fmtIp(networkOf(parseIp(p.addr) ?? 0, p.len)), len: p.len });
        if (isSrc) rule.src = val;
        else rule.dst = val;
        break;
      }
      case '-i':
      case '--in-interface':
      case '-o':
      case '--out-interface': {
        const v = ps.next(tok);
        if (typeof v !== 'string') return v;
        if (v.length > 15) return paramProblem(`interface name \`${v}' must be shorter than IFNAMSIZ (16)`);
        const isIn = tok === '-i' || tok === '--in-interface';
        if (isIn ? rule.inIface : rule.outIface) return paramProblem(`multiple -${isIn ? 'i' : 'o'} flags not allowed`);
        if (isIn) rule.inIface = ps.neg(v);
        else rule.outIface = ps.neg(v);
        break;
      }
      case '-p':
      case '--protocol': {
        const v = ps.next(tok);
        if (typeof v !== 'string') return v;
        const lower = v.toLowerCase();
        const n = /^\d+$/.test(lower) ? Number(lower) : PROTO_NUMBERS[lower];
        if (n === undefined || n > 255) return paramProblem(`unknown protocol "${v}" specified`);
        if (rule.proto) return paramProblem('multiple -p flags not allowed');
        rule.proto = ps.neg(n);
        if (n === 0 && !rule.proto.neg) rule.proto = null;
        break;
      }
      case '-m':
      case '--match': {
        if (ps.invert) return paramProblem('unexpected ! flag before --match');
        const v = ps.next(tok);
        if (typeof v !== 'string') return v;
        if (!MATCHES.includes(v)) return paramProblem(`Couldn't load match \`${v}':No such file or directory`);
        rule.matches.push(newMatch(v));
        break;
      }
      case '-j':
      case '--jump':
      case '-g':
      case '--goto': {
        const e = ps.noInvert(tok);
        if (e) return e;
        const v = ps.next(tok);
        if (typeof v !== 'string') return v;
        if (targetSet) return paramProblem('multiple -j flags not allowed');
        targetSet = true;
        const isGoto = tok === '-g' || tok === '--goto';
        rule.target = isGoto || !STANDARD_TARGETS.includes(v) ? { kind: 'jump', chain: v, goto: isGoto } : defaultTarget(v);
        break;
      }
      case '--dport':
      case '--destination-port':
      case '--sport':
      case '--source-port': {
        const m = ps.protoMatch(['tcp', 'udp']);
        if (!m) return paramProblem(`unknown option "${tok}"`);
        const v = ps.next(tok);
        if (typeof v !== 'string') return v;
        const r = parsePortRange(v);
        if (!r) return paramProblem(`invalid port/service \`${v}' specified`);
        if (tok.startsWith('--d')) m.dport = ps.neg(r);
        else m.sport = ps.neg(r);
        break;
      }
      case '--dst-type':
      case '--src-type': {
        const m = ps.lastMatch('addrtype');
        if (!m) return paramProblem(`unknown option "${tok}"`);
        const v = ps.next(tok);
        if (typeof v !== 'string') return v;
        const types = v.toUpperCase().split(',');
        const bad = types.find((t) => !ADDR_TYPES.includes(t));
        if (bad !== undefined) return paramProblem(`addrtype: bad type \`${bad}'`);
        if (tok === '--dst-type') m.dstType = ps.neg(types);
        else m.srcType = ps.neg(types);
        break;
      }
      case '--ctstate':
      case '--state': {
        const m = tok === '--ctstate' ? ps.lastMatch('conntrack') : ps.lastMatch('state');
        if (!m) return paramProblem(`unknown option "${tok}"`);
        const v = ps.next(tok);
        if (typeof v !== 'string') return v;
        const states = v.toUpperCase().split(',');
        const bad = states.find((x) => !CT_STATES.includes(x));
        if (bad !== undefined) return paramProblem(`Bad ${m.name === 'state' ? 'state' : 'ctstate'} "${bad}"`);
        const ordered = CT_STATES.filter((x) => states.includes(x));
        if (m.name === 'conntrack') m.ctstate = ps.neg(ordered);
        else m.state = ps.neg(ordered);
        break;
      }
      case '--comment': {
        const m = ps.lastMatch('comment');
        if (!m) return paramProblem(`unknown option "${tok}"`);
        const e = ps.noInvert(tok);
        if (e) return e;
        const v = ps.next(tok);
        if (typeof v !== 'string') return v;
        m.comment = v;
        break;
      }
      case '--icmp-type': {
        const m = ps.protoMatch(['icmp']);
        if (!m) return paramProblem(`unknown option "${tok}"`);
        const v = ps.next(tok);
        if (typeof v !== 'string') return v;
        const t = /^\d+$/.test(v) ? Number(v) : ICMP_TYPES[v];
        if (t === undefined || t > 255) return paramProblem(`Invalid ICMP type \`${v}'`);
        m.icmpType = ps.neg(t);
        break;
      }
      case '--dports':
      case '--sports':
      case '--ports': {
        const m = ps.lastMatch('multiport');
        if (!m) return paramProblem(`unknown option "${tok}"`);
        const v = ps.next(tok);
        if (typeof v !== 'string') return v;
        const ports = v.split(',').map(parsePort);
        if (ports.some((x) => x === null)) return paramProblem(`invalid port/service \`${v}' specified`);
        m.which = tok.slice(2) as 'dports' | 'sports' | 'ports';
        m.ports = ports as number[];
        m.neg = ps.invert;
        ps.invert = false;
        break;
      }
      case '--to-destination':
      case '--to-source':
      case '--to-ports':
      case '--reject-with':
      case '--log-prefix': {
        const t = rule.target;
        const v = ps.next(tok);
        if (typeof v !== 'string') return v;
        const e = ps.noInvert(tok);
        if (e) return e;
        if (tok === '--to-destination' && t.kind === 'DNAT') t.to = v;
        else if (tok === '--to-source' && t.kind === 'SNAT') t.to = v;
        else if (tok === '--to-ports' && (t.kind === 'MASQUERADE' || t.kind === 'REDIRECT')) t.toPorts = v;
        else if (tok === '--reject-with' && t.kind === 'REJECT') t.with = v;
        else if (tok === '--log-prefix' && t.kind === 'LOG') t.prefix = v;
        else return paramProblem(`unknown option "${tok}"`);
        if ((t.kind === 'DNAT' || t.kind === 'SNAT') && !validNatTo(v)) return paramProblem(`Bad IP address "${v.split(':')[0] ?? v}"`);
        break;
      }
      default:
        if (tok.startsWith('-')) return paramProblem(`unknown option "${tok}"`);
        return paramProblem(`Bad argument \`${tok}'`);
    }
  }
  if (rule.target.kind === 'DNAT' && rule.target.to === '') return paramProblem('DNAT: option "--to-destination" must be specified');
  if (rule.target.kind === 'SNAT' && rule.target.to === '') return paramProblem('SNAT: option "--to-source" must be specified');
  return rule;
}

/** "172.17.0.2", "172.17.0.2:80" or "172.17.0.2:80-90". */
function validNatTo(v: string): boolean {
  const [ip, ports] = v.split(':');
  if (ip === undefined || parseIp(ip) === null) return false;
  return ports === undefined || /^\d{1,5}(-\d{1,5})?$/.test(ports);
}

function defaultTarget(name: string): IptTarget {
  switch (name) {
    case 'DNAT':
      return { kind: 'DNAT', to: '' };
    case 'SNAT':
      return { kind: 'SNAT', to: '' };
    case 'MASQUERADE':
      return { kind: 'MASQUERADE', toPorts: null };
    case 'REDIRECT':
      return { kind: 'REDIRECT', toPorts: null };
    case 'REJECT':
      return { kind: 'REJECT', with: 'icmp-port-unreachable' };
    case 'LOG':
      return { kind: 'LOG', prefix: null };
    default:
      return { kind: name as 'ACCEPT' | 'DROP' | 'RETURN' };
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Do two rules match the same packets with the same target (iptables -D / -C by specification)? */
export function sameRule(a: IptRule, b: IptRule): boolean {
  // Cheap differences first (a chain of per-container rules differs mostly in its address), then the full comparison.
  if (a.target.kind !== b.target.kind || a.matches.length !== b.matches.length) return false;
  if (a.dst !== b.dst && (a.dst === null || b.dst === null || a.dst.value.addr !== b.dst.value.addr || a.dst.value.len !== b.dst.value.len || a.dst.neg !== b.dst.neg)) return false;
  if (a.src !== b.src && (a.src === null || b.src === null || a.src.value.addr !== b.src.value.addr || a.src.value.len !== b.src.value.len || a.src.neg !== b.src.neg)) return false;
  return (
    same(a.src, b.src) &&
    same(a.dst, b.dst) &&
    same(a.inIface, b.inIface) &&
    same(a.outIface, b.outIface) &&
    same(a.proto, b.proto) &&
    same(a.matches, b.matches) &&
    same(a.target, b.target)
  );
}

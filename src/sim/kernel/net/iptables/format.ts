/**
 * How iptables prints a rule: the save form (`iptables -S`, iptables-save) and
 * the table form (`iptables -L`).
 *
 * Models: print_rule4()/save_ipv4_addr()/save_rule_details() order
 * (-s -d -i -o -p, then each match with its options, then -j and the target's
 * options); each extension's save and print functions (libxt_tcp, libxt_addrtype,
 * libxt_conntrack, libxt_DNAT ...); xtables_save_string() quoting; and the
 * -L columns of print_rule_details()/print_fragment()/print_ifaces()/print_ipv4_addresses().
 * SIMPLIFICATIONS:
 * - Reverse DNS in non-numeric listings only knows localhost.
 */

import type { IptMatch, IptRule, IptTarget, Negatable, PortRange } from '../types.ts';
import { ICMP_TYPES, PROTO_NAMES, SERVICES } from './parse.ts';

/** xtables_save_string(): bare when only [A-Za-z0-9_-], else double-quoted with \" \\ \' escaped. */
export function saveString(v: string): string {
  if (v.length > 0 && /^[A-Za-z0-9_-]+$/.test(v)) return ` ${v}`;
  return ` "${v.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

function portStr(r: PortRange): string {
  return r.from === r.to ? String(r.from) : `${r.from}:${r.to}`;
}

function saveMatch(m: IptMatch): string {
  switch (m.name) {
    case 'tcp':
    case 'udp': {
      let s = ` -m ${m.name}`;
      if (m.sport) s += `${m.sport.neg ? ' !' : ''} --sport ${portStr(m.sport.value)}`;
      if (m.dport) s += `${m.dport.neg ? ' !' : ''} --dport ${portStr(m.dport.value)}`;
      return s;
    }
    case 'addrtype': {
      let s = ' -m addrtype';
      if (m.srcType) s += `${m.srcType.neg ? ' !' : ''} --src-type ${m.srcType.value.join(',')}`;
      if (m.dstType) s += `${m.dstType.neg ? ' !' : ''} --dst-type ${m.dstType.value.join(',')}`;
      return s;
    }
    case 'conntrack':
      return ` -m conntrack${m.ctstate.neg ? ' !' : ''} --ctstate ${m.ctstate.value.join(',')}`;
    case 'state':
      return ` -m state${m.state.neg ? ' !' : ''} --state ${m.state.value.join(',')}`;
    case 'comment':
      return ` -m comment --comment${saveString(m.comment)}`;
    case 'icmp':
      return ` -m icmp${m.icmpType ? `${m.icmpType.neg ? ' !' : ''} --icmp-type ${m.icmpType.value}` : ''}`;
    case 'multiport':
      return ` -m multiport${m.neg ? ' !' : ''} --${m.which} ${m.ports.join(',')}`;
  }
}

function saveTarget(t: IptTarget): string {
  switch (t.kind) {
    case 'none':
      return '';
    case 'jump':
      return ` ${t.goto ? '-g' : '-j'} ${t.chain}`;
    case 'DNAT':
      return ` -j DNAT --to-destination ${t.to}`;
    case 'SNAT':
      return ` -j SNAT --to-source ${t.to}`;
    case 'MASQUERADE':
      return ` -j MASQUERADE${t.toPorts ? ` --to-ports ${t.toPorts}` : ''}`;
    case 'REDIRECT':
      return ` -j REDIRECT${t.toPorts ? ` --to-ports ${t.toPorts}` : ''}`;
    case 'REJECT':
      return ` -j REJECT --reject-with ${t.with}`;
    case 'LOG':
      return ` -j LOG${t.prefix !== null ? ` --log-prefix${saveString(t.prefix)}` : ''}`;
    default:
      return ` -j ${t.kind}`;
  }
}

function saveAddr(letter: string, a: IptRule['src']): string {
  if (!a) return '';
  return `${a.neg ? ' !' : ''} -${letter} ${a.value.addr}/${a.value.len}`;
}

function saveIface(letter: string, a: Negatable<string> | null): string {
  return a ? `${a.neg ? ' !' : ''} -${letter} ${a.value}` : '';
}

/** One `-A CHAIN ...` line as iptables -S and iptables-save print it; counters for -S -v. */
export function saveRule(chain: string, r: IptRule, counters = false): string {
  let s = `-A ${chain}`;
  s += saveAddr('s', r.src) + saveAddr('d', r.dst);
  s += saveIface('i', r.inIface) + saveIface('o', r.outIface);
  if (r.proto) s += `${r.proto.neg ? ' !' : ''} -p ${PROTO_NAMES[r.proto.value] ?? r.proto.value}`;
  for (const m of r.matches) s += saveMatch(m);
  if (counters) s += ` -c ${r.pkts} ${r.bytes}`;
  return s + saveTarget(r.target);
}

function svc(port: number, numeric: boolean): string {
  if (numeric) return String(port);
  for (const [n, p] of Object.entries(SERVICES)) if (p === port) return n;
  return String(port);
}

function printPorts(label: string, r: Negatable<PortRange>, numeric: boolean): string {
  const inv = r.neg ? '!' : '';
  const v = r.value;
  if (v.from === v.to) return ` ${label}:${inv}${svc(v.from, numeric)}`;
  return ` ${label}s:${inv}${svc(v.from, numeric)}:${svc(v.to, numeric)}`;
}

/** The extension's print function (the text after the destination column of -L). */
function printMatch(m: IptMatch, numeric: boolean): string {
  switch (m.name) {
    case 'tcp':
    case 'udp': {
      let s = ` ${m.name}`;
      if (m.sport) s += printPorts('spt', m.sport, numeric);
      if (m.dport) s += printPorts('dpt', m.dport, numeric);
      return s;
    }
    case 'addrtype': {
      let s = ' ADDRTYPE match';
      if (m.srcType) s += ` src-type ${m.srcType.neg ? '!' : ''}${m.srcType.value.join(',')}`;
      if (m.dstType) s += ` dst-type ${m.dstType.neg ? '!' : ''}${m.dstType.value.join(',')}`;
      return s;
    }
    case 'conntrack':
      return `${m.ctstate.neg ? ' !' : ''} ctstate ${m.ctstate.value.join(',')}`;
    case 'state':
      return `${m.state.neg ? ' !' : ''} state ${m.state.value.join(',')}`;
    case 'comment':
      return ` /* ${m.comment} */`;
    case 'icmp': {
      if (!m.icmpType) return ' icmp any';
      const name = numeric ? undefined : Object.keys(ICMP_TYPES).find((n) => ICMP_TYPES[n] === m.icmpType?.value);
      if (name) return ` icmp ${m.icmpType.neg ? '!' : ''}${name}`;
      return ` icmp${m.icmpType.neg ? ' !' : ''}type ${m.icmpType.value}`;
    }
    case 'multiport':
      return ` multiport ${m.which}${m.neg ? ' !' : ''} ${m.ports.map((p) => svc(p, numeric)).join(',')}`;
  }
}

function printTarget(t: IptTarget): string {
  switch (t.kind) {
    case 'DNAT':
    case 'SNAT':
      return ` to:${t.to}`;
    case 'MASQUERADE':
      return t.toPorts ? ` masq ports: ${t.toPorts}` : '';
    case 'REDIRECT':
      return t.toPorts ? ` redir ports ${t.toPorts}` : '';
    case 'REJECT':
      return ` reject-with ${t.with}`;
    case 'LOG':
      return ` LOG flags 0 level 4${t.prefix !== null ? ` prefix "${t.prefix}"` : ''}`;
    default:
      return '';
  }
}

export function targetName(t: IptTarget): string {
  if (t.kind === 'none') return '';
  if (t.kind === 'jump') return t.chain;
  return t.kind;
}

/** xtables_print_num() with FMT_KILOMEGAGIGA (-v without -x): 5 columns, then K, M, G, T. */
export function kmg(n: number): string {
  if (n <= 99999) return `${String(n).padStart(5)} `;
  let v = n;
  for (const unit of ['K', 'M', 'G']) {
    v = Math.floor((v + 500) / 1000);
    if (v <= 9999) return `${String(v).padStart(4)}${unit} `;
  }
  v = Math.floor((v + 500) / 1000);
  return `${String(v).padStart(4)}T `;
}

export interface ListFormat {
  numeric: boolean;
  verbose: boolean;
  lineNumbers: boolean;
  /** -x: exact counters (8 and 10 columns instead of K/M/G). */
  exact: boolean;
}

function addrCol(a: IptRule['src'], numeric: boolean): string {
  let text: string;
  if (!a || a.value.len === 0) text = numeric ? '0.0.0.0/0' : 'anywhere';
  else {
    const host = !numeric && a.value.addr === '127.0.0.1' ? 'localhost' : a.value.addr;
    text = a.value.len === 32 ? host : `${host}/${a.value.len}`;
  }
  return `${a?.neg ? '!' : ' '}${text.padEnd(19)} `;
}

/** One rule row of `iptables -L` (without the newline). */
export function listRule(r: IptRule, num: number, f: ListFormat): string {
  let s = '';
  if (f.lineNumbers) s += `${String(num).padEnd(4)} `;
  if (f.verbose) s += f.exact ? `${String(r.pkts).padStart(8)} ${String(r.bytes).padStart(10)} ` : kmg(r.pkts) + kmg(r.bytes);
  s += `${targetName(r.target).padEnd(9)} `;
  s += r.proto?.neg ? '!' : ' ';
  const p = r.proto?.value ?? 0;
  s += `${(f.numeric ? String(p) : (PROTO_NAMES[p] ?? String(p))).padEnd(4)} `;
  s += '-- ';
  if (f.verbose) {
    const any = f.numeric ? '*' : 'any';
    const inn = r.inIface ? `${r.inIface.neg ? '!' : ''}${r.inIface.value}` : any;
    const out = r.outIface ? `${r.outIface.neg ? '!' : ''}${r.outIface.value}` : any;
    s += ` ${inn.padEnd(6)} ${out.padEnd(6)} `;
  }
  s += addrCol(r.src, f.numeric) + addrCol(r.dst, f.numeric);
  if (r.target.kind === 'jump' && r.target.goto) s += '[goto] ';
  for (const m of r.matches) s += printMatch(m, f.numeric);
  return s + printTarget(r.target);
}

/** The two header lines of one chain in `iptables -L`. */
export function listHeader(chain: string, policy: string | null, refs: number, pkts: number, bytes: number, f: ListFormat): string {
  let s = `Chain ${chain}`;
  if (policy) s += f.verbose ? ` (policy ${policy} ${pkts} packets, ${bytes} bytes)\n` : ` (policy ${policy})\n`;
  else s += ` (${refs} references)\n`;
  if (f.lineNumbers) s += 'num  ';
  if (f.verbose) s += f.exact ? `${'pkts'.padStart(8)} ${'bytes'.padStart(10)} ` : `${'pkts'.padStart(5)} ${'bytes'.padStart(5)} `;
  s += `${'target'.padEnd(9)} `;
  s += ' prot opt';
  if (f.verbose) s += ` ${'in'.padEnd(6)} ${'out'.padEnd(6)} `;
  s += ` ${'source'.padEnd(19)} `;
  s += ` ${'destination'.padEnd(19)} `;
  return s;
}

/**
 * A packet's journey through namespaces, netfilter hooks, veths and bridges.
 *
 * Models: the netfilter hook order (raw, mangle, nat, filter at OUTPUT;
 * POSTROUTING after the routing decision; PREROUTING, then the routing
 * decision, then INPUT or FORWARD on the way in), NAT decided once per
 * conntrack (once per netns for a flow), re-routing after DNAT, ip_forward,
 * MASQUERADE to the output device's address, veth pairs carrying frames to
 * their peer, bridges forwarding to the port whose far side owns the next-hop
 * address, replies allowed back (filter OUTPUT/FORWARD/INPUT with ctstate
 * ESTABLISHED), and eth0 leading to the simulated internet.
 * SIMPLIFICATIONS:
 * - No ARP: a next hop is reachable when some namespace behind the link owns its address.
 * - One packet per decision (the first of the flow); replies are checked, not traced hop by hop.
 * - Bridged frames skip iptables (br_netfilter off).
 * - The internet answers only replies addressed to eth0's own address (so private sources must be masqueraded).
 */

import type { Link, NetNs, NetState, Socket } from './types.ts';
import { hasCarrier, isLocalAddr, loopbackOf, peerOf, portsOf, sysctlNum } from './netns.ts';
import { decideRoute } from './route.ts';
import { runChain, type PktView } from './iptables/eval.ts';
import { PROTO, Tracer, type Flow, type FwdNode, type Pkt, type Step, type Trace } from './tracer.ts';

export type { Endpoint, Flow, FlowProto, Trace } from './tracer.ts';

/** Follow one new flow from `fromNs` to whoever answers (or not). Pure: reads state only. */
export function trace(s: NetState, fromNs: number, flow: Flow): Trace {
  const t = new Tracer(s);
  const ns = s.byNs[fromNs];
  const p: Pkt = { proto: PROTO[flow.proto], src: flow.src ?? '', dst: flow.dst, sport: flow.sport, dport: flow.dport, icmpType: flow.proto === 'icmp' ? 8 : null };
  const origDst = flow.dst;
  const done = (result: Step, src: string): Trace => ({
    result,
    hops: t.hops,
    hits: t.hits,
    src,
    dst: p.dst,
    dport: p.dport,
    seenSrc: p.src,
    endpoint: result === 'ok' ? t.endpoint : null,
    routers: t.routers,
    crossings: t.crossings,
  });
  if (!ns) return done('ENETUNREACH', '');
  let rd = decideRoute(s, ns, p.dst);
  if (!rd) {
    t.hop(ns, '', 'drop', `no route to ${p.dst}`);
    return done('ENETUNREACH', p.src);
  }
  if (!p.src) p.src = rd.src ?? '0.0.0.0';
  const src = p.src;
  const outName = () => (rd?.type === 'local' ? 'lo' : (rd?.dev.name ?? ''));
  let r = t.hook(ns, 'OUTPUT', ['raw', 'mangle', 'nat'], p, '', outName(), null);
  if (r) return done(r, src);
  if (p.dst !== origDst) {
    rd = decideRoute(s, ns, p.dst);
    if (!rd) {
      t.hop(ns, '', 'drop', `no route to ${p.dst}`);
      return done('ENETUNREACH', src);
    }
  }
  r = t.hook(ns, 'OUTPUT', ['filter'], p, '', outName(), null);
  if (r) return done(r, src);

  let result: Step;
  if (rd.type === 'local') {
    t.hop(ns, 'lo', 'route', `${p.dst} is local: via lo`);
    result = loopbackIn(t, ns, p);
  } else {
    const dev = rd.dev;
    t.hop(ns, dev.name, 'route', `${p.dst}${rd.route.via ? ` via ${rd.route.via}` : ''} dev ${dev.name} src ${p.src}`);
    r = t.hook(ns, 'POSTROUTING', ['mangle', 'nat'], p, '', dev.name, dev);
    result = r ?? transmit(t, ns, dev, rd.nextHop, p, 0);
  }
  if (result === 'ok') result = checkReplies(t, ns, p, origDst, src, flow, rd.type === 'local' ? 'lo' : rd.dev.name);
  return done(result, src);
}

/** Locally generated, locally delivered: out through lo and back in (no NAT again). */
function loopbackIn(t: Tracer, ns: NetNs, p: Pkt): Step {
  const r = t.hook(ns, 'POSTROUTING', ['mangle', 'nat'], p, '', 'lo', loopbackOf(ns) ?? null);
  if (r) return r;
  if (!loopbackOf(ns)?.up) {
    t.hop(ns, 'lo', 'drop', 'lo is down: the packet is dropped');
    return 'ETIMEDOUT';
  }
  const pr = t.hook(ns, 'PREROUTING', ['raw', 'mangle'], p, 'lo', '', null);
  if (pr) return pr;
  return localIn(t, ns, 'lo', p);
}

function localIn(t: Tracer, ns: NetNs, inIf: string, p: Pkt): Step {
  const r = t.hook(ns, 'INPUT', ['mangle', 'filter', 'nat'], p, inIf, '', null);
  if (r) return r;
  return deliver(t, ns, inIf, p);
}

function deliver(t: Tracer, ns: NetNs, inIf: string, p: Pkt): Step {
  t.answerNs = ns;
  t.answerIf = inIf;
  if (p.proto === 1) {
    if (sysctlNum(ns, 'net.ipv4.icmp_echo_ignore_all') !== 0) {
      t.hop(ns, inIf, 'drop', 'net.ipv4.icmp_echo_ignore_all=1');
      return 'ETIMEDOUT';
    }
    t.endpoint = { kind: 'stack', netns: ns.inum, addr: p.dst };
    t.hop(ns, inIf, 'deliver', `icmp echo request to ${p.dst}: echo reply`);
    return 'ok';
  }
  const proto = p.proto === 6 ? 'tcp' : 'udp';
  if (proto === 'udp' && p.dport === 53) {
    const servers = t.s.dnsServers[ns.inum];
    const srv = servers?.[p.dst] ?? servers?.['0.0.0.0'];
    if (srv) {
      t.endpoint = { kind: 'dns', server: srv };
      t.hop(ns, inIf, 'deliver', `udp ${p.dst}:53: DNS server`);
      return 'ok';
    }
  }
  let best: Socket | null = null;
  for (const so of Object.values(t.s.sockets)) {
    if (so.netns !== ns.inum || so.proto !== proto || so.localPort !== p.dport) continue;
    if (so.state === 'ESTAB') continue;
    if (so.localAddr === p.dst) {
      best = so;
      break;
    }
    if (so.localAddr === '0.0.0.0' && !best) best = so;
  }
  if (!best) {
    t.hop(ns, inIf, 'reject', proto === 'tcp' ? `no listener on ${p.dst}:${p.dport}: RST` : `nothing bound to ${p.dst}:${p.dport}: ICMP port unreachable`);
    return 'ECONNREFUSED';
  }
  t.endpoint = { kind: 'socket', socket: best };
  t.hop(ns, inIf, 'deliver', `${proto} ${p.dst}:${p.dport}: socket of pid ${best.pid}`);
  return 'ok';
}

function transmit(t: Tracer, ns: NetNs, dev: Link, nextHop: string, p: Pkt, depth: number): Step {
  if (depth > 16) {
    t.hop(ns, dev.name, 'drop', 'routing loop: TTL exceeded');
    return 'ETIMEDOUT';
  }
  if (!hasCarrier(t.s, ns, dev)) {
    t.hop(ns, dev.name, 'drop', `${dev.name} has no carrier: nobody answers ARP for ${nextHop}`);
    return 'EHOSTUNREACH';
  }
  switch (dev.kind) {
    case 'veth': {
      const peer = peerOf(t.s, dev);
      if (!peer) return 'EHOSTUNREACH';
      t.crossings += peer.ns === ns ? 0 : 1;
      t.hop(ns, dev.name, 'veth', `${dev.name} → ${peer.link.name}${peer.ns === ns ? '' : ` (netns ${peer.ns.inum})`}`);
      return receiveL2(t, peer.ns, peer.link, nextHop, p, depth);
    }
    case 'bridge':
      return bridgeOut(t, ns, dev, null, nextHop, p, depth);
    case 'ether':
      return toInternet(t, ns, dev, nextHop, p);
    case 'loopback':
      t.hop(ns, dev.name, 'drop', `${p.dst} routed to lo but not local`);
      return 'ENETUNREACH';
    case 'dummy':
      // dummy_xmit() frees every frame it is given, silently: the sender times out.
      t.hop(ns, dev.name, 'drop', `${dev.name} is a dummy device: it discards what it is sent`);
      return 'ETIMEDOUT';
    case 'tun':
      // The frame goes to the process holding the descriptor (a VMM); what is beyond is another kernel.
      t.hop(ns, dev.name, 'drop', `${dev.name} hands frames to the process holding its descriptor; nothing beyond it is traced`);
      return 'EHOSTUNREACH';
  }
}

function receiveL2(t: Tracer, ns: NetNs, link: Link, nextHop: string, p: Pkt, depth: number): Step {
  if (!link.up) {
    t.hop(ns, link.name, 'drop', `${link.name} is down`);
    return 'EHOSTUNREACH';
  }
  if (link.master !== null) {
    const br = ns.links[link.master];
    if (!br || !br.up) {
      t.hop(ns, link.name, 'drop', `bridge of ${link.name} is down`);
      return 'EHOSTUNREACH';
    }
    return bridgeOut(t, ns, br, link, nextHop, p, depth);
  }
  if (!isLocalAddr(ns, nextHop)) {
    t.hop(ns, link.name, 'drop', `nobody behind ${link.name} answers ARP for ${nextHop}`);
    return 'EHOSTUNREACH';
  }
  return ingress(t, ns, link, p, depth);
}

function bridgeOut(t: Tracer, ns: NetNs, br: Link, inPort: Link | null, nextHop: string, p: Pkt, depth: number): Step {
  if (inPort && isLocalAddr(ns, nextHop)) {
    t.hop(ns, br.name, 'bridge', `${inPort.name} → ${br.name} (to this netns's stack)`);
    return ingress(t, ns, br, p, depth);
  }
  for (const port of portsOf(ns, br)) {
    if (port === inPort || !port.up || port.kind !== 'veth') continue;
    const peer = peerOf(t.s, port);
    if (!peer || !peer.link.up || peer.link.master !== null || !isLocalAddr(peer.ns, nextHop)) continue;
    t.hop(ns, br.name, 'bridge', `${inPort ? inPort.name : br.name} → ${port.name}`);
    t.crossings += peer.ns === ns ? 0 : 1;
    t.hop(ns, port.name, 'veth', `${port.name} → ${peer.link.name}${peer.ns === ns ? '' : ` (netns ${peer.ns.inum})`}`);
    return ingress(t, peer.ns, peer.link, p, depth + 1);
  }
  t.hop(ns, br.name, 'drop', `no port of ${br.name} answers ARP for ${nextHop}`);
  return 'EHOSTUNREACH';
}

/** The IP stack of `ns` receives `p` on `link`. */
function ingress(t: Tracer, ns: NetNs, link: Link, p: Pkt, depth: number): Step {
  let r = t.hook(ns, 'PREROUTING', ['raw', 'mangle', 'nat'], p, link.name, '', null);
  if (r) return r;
  if (isLocalAddr(ns, p.dst)) return localIn(t, ns, link.name, p);
  if (sysctlNum(ns, 'net.ipv4.ip_forward') === 0) {
    t.hop(ns, link.name, 'drop', `not local and net.ipv4.ip_forward=0: dropped`);
    return 'ETIMEDOUT';
  }
  const rd = decideRoute(t.s, ns, p.dst);
  if (!rd || rd.type !== 'unicast') {
    t.hop(ns, link.name, 'drop', `no route to ${p.dst}: ICMP net unreachable`);
    return 'ENETUNREACH';
  }
  const dev = rd.dev;
  t.routers++;
  t.hop(ns, dev.name, 'forward', `${link.name} → ${dev.name}: ${p.dst}${rd.route.via ? ` via ${rd.route.via}` : ''}`);
  r = t.hook(ns, 'FORWARD', ['mangle', 'filter'], p, link.name, dev.name, dev);
  if (r) return r;
  const node: FwdNode = { ns, inIf: link.name, outIf: dev.name, srcIn: p.src, dstOut: p.dst };
  r = t.hook(ns, 'POSTROUTING', ['mangle', 'nat'], p, '', dev.name, dev);
  if (r) return r;
  t.fwd.push(node);
  return transmit(t, ns, dev, rd.nextHop, p, depth + 1);
}

function toInternet(t: Tracer, ns: NetNs, dev: Link, nextHop: string, p: Pkt): Step {
  const inet = t.s.internet;
  const gw = inet.hosts[nextHop];
  if (!gw || !gw.onLink) {
    t.hop(ns, dev.name, 'drop', `nobody on ${dev.name}'s link answers ARP for ${nextHop}`);
    return 'EHOSTUNREACH';
  }
  t.hop(ns, dev.name, 'internet', nextHop === p.dst ? `${dev.name} → ${p.dst}` : `${dev.name} → gateway ${nextHop} → ${p.dst}`);
  if (!dev.addrs.some((a) => a.local === p.src)) {
    t.hop(ns, dev.name, 'drop', `source ${p.src} is not ${dev.name}'s address: replies cannot come back (masquerade missing)`);
    return 'ETIMEDOUT';
  }
  const host = inet.hosts[p.dst];
  if (!host) {
    t.hop(ns, dev.name, 'drop', `no answer from ${p.dst}`);
    return 'ETIMEDOUT';
  }
  t.endpoint = { kind: 'internet', host };
  if (p.proto === 1) {
    if (host.ping) return 'ok';
    t.hop(ns, dev.name, 'drop', `${p.dst} does not answer ping`);
    return 'ETIMEDOUT';
  }
  if (p.proto === 17) {
    if (p.dport === 53 && host.dns) return 'ok';
    t.hop(ns, dev.name, 'drop', `no answer from ${p.dst}:${p.dport}`);
    return 'ETIMEDOUT';
  }
  if (p.dport !== null && host.tcpPorts.includes(p.dport)) return 'ok';
  t.hop(ns, dev.name, 'reject', `${p.dst}:${p.dport} refused (RST)`);
  return 'ECONNREFUSED';
}

/** The reply travels back: the answering netns's OUTPUT, each router's FORWARD, the sender's INPUT. */
function checkReplies(t: Tracer, from: NetNs, p: Pkt, origDst: string, origSrc: string, flow: Flow, egress: string): Step {
  const replyIcmp = p.proto === 1 ? 0 : null;
  const rv = (src: string, dst: string, inIf: string, outIf: string): PktView => ({
    proto: p.proto,
    src,
    dst,
    sport: p.dport,
    dport: flow.sport,
    icmpType: replyIcmp,
    inIface: inIf,
    outIface: outIf,
    ctstate: 'ESTABLISHED',
  });
  const verdict = (ns: NetNs, hook: string, v: PktView, where: string): Step | null => {
    const out = runChain(ns, 'filter', hook, v, t.hits);
    if (out.v === 'ACCEPT') return null;
    t.hop(ns, where, 'drop', `reply ${v.src} → ${v.dst}: filter ${hook} ${out.v}`);
    return 'ETIMEDOUT';
  };
  if (t.answerNs && t.answerNs !== from) {
    const r = verdict(t.answerNs, 'OUTPUT', rv(p.dst, p.src, '', t.answerIf), t.answerIf);
    if (r) return r;
  }
  for (let i = t.fwd.length - 1; i >= 0; i--) {
    const n = t.fwd[i] as FwdNode;
    const r = verdict(n.ns, 'FORWARD', rv(n.dstOut, n.srcIn, n.outIf, n.inIf), n.outIf);
    if (r) return r;
  }
  if (t.answerNs === from) return 'ok';
  return verdict(from, 'INPUT', rv(origDst, origSrc, egress, ''), egress) ?? 'ok';
}

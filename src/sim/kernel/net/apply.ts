/**
 * applyNetEvent: the only writer of KernelState.net.
 *
 * Copies what it stores out of events. Derives what the kernel derives:
 * connected routes when an address is added to an up device, routes flushed
 * when a device goes down or leaves, 127.0.0.1 on lo when lo first comes up,
 * bridge ports released when their bridge goes away, link-netnsids when a veth
 * end lands in another namespace, physical devices returned to the initial
 * netns when theirs is destroyed (network_namespaces(7)).
 * SIMPLIFICATIONS:
 * - Deleting a primary address does not delete or promote its secondaries.
 */

import type { KernelState } from '../state.ts';
import type { SimEvent } from '../../events.ts';
import { newLink, type IfAddr, type IptRule, type IptTableName, type Link, type NetNs, type NetState, type Negatable, type Route, type Socket } from './types.ts';
import { initialNetNs, loopbackAddr, newNetNs, findLink, setLink, deleteLink, renameLink } from './netns.ts';
import { clonePlain } from '../plain.ts';
import { connectedRoute, insertRoute, sameRouteKey } from './fib.ts';

function copyAddr(a: IfAddr): IfAddr {
  return { ...a };
}

/** A spread keeps the link's layout (same keys, same order); then its object values are replaced by copies. */
function copyLink(l: Link): Link {
  const c: Link = { ...l };
  c.addrs = l.addrs.length ? l.addrs.map(copyAddr) : [];
  c.peer = l.peer ? { ...l.peer } : null;
  if (l.tun) c.tun = { ...l.tun };
  return c;
}

/** One end of a new veth pair (net.vethCreated), down, pointing at its peer. */
function vethEnd(r: { ifindex: number; ifname: string; mac: string }, p: { netns: number; ifindex: number }, mtu: number, txqueuelen: number): Link {
  return newLink(r.ifindex, r.ifname, 'veth', r.mac, mtu, txqueuelen, { netns: p.netns, ifindex: p.ifindex });
}

function dropRoutesOfDev(ns: NetNs, ifindex: number): void {
  ns.routes = ns.routes.filter((r) => r.dev !== ifindex);
}

function addConnectedRoutes(ns: NetNs, l: Link): void {
  for (const a of l.addrs) {
    const r = connectedRoute(l, a);
    if (r && !ns.routes.some((x) => sameRouteKey(x, r) && x.dev === r.dev)) insertRoute(ns.routes, r);
  }
}

/** Give `peer` an id in `ns` (peernet2id_alloc): the lowest free id. */
function allocNsid(ns: NetNs, peer: number): void {
  if (ns.inum === peer || ns.nsids[peer] !== undefined) return;
  // While the ids are exactly 0..n-1 (no id was freed since), the lowest free one is nsidNext.
  if (ns.nsidNext !== undefined) {
    ns.nsids[peer] = ns.nsidNext++;
    return;
  }
  // Ids are distinct: n of them all below n are exactly 0..n-1, so the lowest free one is n.
  // (Object.values, not for-in: the keys are inode numbers, which for-in would sort as strings.)
  const ids = Object.values(ns.nsids);
  let max = -1;
  for (const v of ids) if (v > max) max = v;
  if (max === ids.length - 1) {
    ns.nsids[peer] = ids.length;
    ns.nsidNext = ids.length + 1;
    return;
  }
  const used = new Set(ids);
  let id = 0;
  while (used.has(id)) id++;
  ns.nsids[peer] = id;
  used.add(id);
  let next = id + 1;
  while (used.has(next)) next++;
  // Dense again (the hole was the last one): later ids follow on.
  if (next === used.size) ns.nsidNext = next;
}

function removeLink(s: NetState, ns: NetNs, ifindex: number): void {
  const l = ns.links[ifindex];
  if (!l) return;
  deleteLink(ns, ifindex);
  dropRoutesOfDev(ns, ifindex);
  if (l.kind === 'bridge') for (const p of Object.values(ns.links)) if (p.master === ifindex) p.master = null;
  if (l.peer) {
    const other = s.byNs[l.peer.netns]?.links[l.peer.ifindex];
    if (other && other.peer && other.peer.netns === ns.inum && other.peer.ifindex === ifindex) other.peer = null;
  }
}

function bringUp(ns: NetNs, l: Link, nowMs: number): void {
  l.up = true;
  if (l.qdisc === 'noop') l.qdisc = l.kind === 'ether' || l.kind === 'tun' ? 'fq_codel' : 'noqueue';
  if (l.kind === 'loopback' && !l.addrs.some((a) => a.local === '127.0.0.1')) l.addrs.unshift(loopbackAddr(nowMs));
  addConnectedRoutes(ns, l);
}

function dropSocket(s: NetState, inode: number): void {
  const so = s.sockets[inode];
  if (!so) return;
  delete s.sockets[inode];
  const list = s.socketsByPid[so.pid];
  if (list) {
    const i = list.indexOf(inode);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) delete s.socketsByPid[so.pid];
  }
}

function addSocket(s: NetState, so: Socket): void {
  s.sockets[so.inode] = { ...so };
  (s.socketsByPid[so.pid] ??= []).push(so.inode);
  if (so.inode >= s.nextSocketInode) s.nextSocketInode = so.inode + 1;
}

/** A dying netns hands its physical devices back to the initial netns, down and unconfigured. */
function returnPhysical(s: NetState, dying: NetNs, initial: number): void {
  const init = s.byNs[initial];
  if (!init || dying.inum === initial) return;
  for (const l of Object.values(dying.links)) {
    if (l.kind !== 'ether') continue;
    let ifindex = l.ifindex;
    if (init.links[ifindex]) {
      ifindex = init.nextIfindex;
      while (init.links[ifindex]) ifindex++;
      init.nextIfindex = ifindex + 1;
    }
    let name = l.name;
    for (let n = 0; findLink(init, name); n++) name = `dev${n}`;
    setLink(init, Object.assign({}, copyLink(l), { ifindex, name, up: false as const, qdisc: 'noop' as const, addrs: [], master: null }));
  }
}

function copyNeg<T>(x: Negatable<T> | null): Negatable<T> | null {
  return x === null ? null : { value: clonePlain(x.value), neg: x.neg };
}

/** A rule out of net.ruleAppended / net.ruleInserted: its fixed fields by hand, the matches and target as clonePlain copies them. */
function copyRule(r: IptRule): IptRule {
  return {
    src: copyNeg(r.src),
    dst: copyNeg(r.dst),
    inIface: copyNeg(r.inIface),
    outIface: copyNeg(r.outIface),
    proto: copyNeg(r.proto),
    matches: r.matches.length ? clonePlain(r.matches) : [],
    target: clonePlain(r.target),
    spec: r.spec.slice(),
    pkts: r.pkts,
    bytes: r.bytes,
  };
}

function table(s: NetState, netns: number, t: IptTableName) {
  return s.byNs[netns]?.iptables[t];
}

export function applyNetEvent(st: KernelState, e: SimEvent): void {
  // Every event of the host passes here; only net.* and ns.* concern this slice ('n'), so the
  // others skip the switch's string compares.
  if (e.type.charCodeAt(0) !== 110) return;
  const s = st.net;
  switch (e.type) {
    case 'ns.created': {
      if (e.ns.type !== 'net') return;
      const initial = st.ns.initial.net;
      s.byNs[e.ns.inum] = e.ns.inum === initial ? initialNetNs(e.ns.inum) : newNetNs(e.ns.inum, s.byNs[initial]);
      return;
    }
    case 'ns.destroyed': {
      if (e.nsType !== 'net') return;
      const dying = s.byNs[e.inum];
      if (!dying) return;
      returnPhysical(s, dying, st.ns.initial.net);
      delete s.byNs[e.inum];
      delete s.dnsServers[e.inum];
      for (const so of Object.values(s.sockets)) if (so.netns === e.inum) dropSocket(s, so.inode);
      for (const ns of Object.values(s.byNs)) {
        if (ns.nsids[e.inum] === undefined) continue;
        delete ns.nsids[e.inum];
        delete ns.nsidNext;
      }
      return;
    }
    case 'net.linkCreated': {
      const ns = s.byNs[e.netns];
      if (!ns) return;
      setLink(ns, copyLink(e.link));
      if (e.link.ifindex >= ns.nextIfindex) ns.nextIfindex = e.link.ifindex + 1;
      return;
    }
    case 'net.vethCreated': {
      const na = s.byNs[e.a.netns];
      const nb = s.byNs[e.b.netns];
      if (!na || !nb) return;
      // The peer registers first (veth_newlink), so it takes the lower index.
      setLink(nb, vethEnd(e.b, e.a, e.mtu, e.txqueuelen));
      if (e.b.ifindex >= nb.nextIfindex) nb.nextIfindex = e.b.ifindex + 1;
      setLink(na, vethEnd(e.a, e.b, e.mtu, e.txqueuelen));
      if (e.a.ifindex >= na.nextIfindex) na.nextIfindex = e.a.ifindex + 1;
      if (na !== nb) {
        allocNsid(na, nb.inum);
        allocNsid(nb, na.inum);
      }
      return;
    }
    case 'net.linkMoved': {
      const from = s.byNs[e.from.netns];
      const to = s.byNs[e.to.netns];
      const l = from?.links[e.from.ifindex];
      if (!from || !to || !l) return;
      deleteLink(from, e.from.ifindex);
      dropRoutesOfDev(from, e.from.ifindex);
      const moved: Link = Object.assign({}, copyLink(l), { ifindex: e.to.ifindex, name: e.to.ifname, up: false as const, qdisc: 'noop' as const, addrs: [], master: null });
      setLink(to, moved);
      if (moved.peer) {
        const pns = s.byNs[moved.peer.netns];
        const peer = pns?.links[moved.peer.ifindex];
        if (pns && peer) {
          peer.peer = { netns: to.inum, ifindex: moved.ifindex };
          allocNsid(to, pns.inum);
          allocNsid(pns, to.inum);
        }
      }
      return;
    }
    case 'net.linkRenamed': {
      const l = s.byNs[e.netns]?.links[e.ifindex];
      const ns = s.byNs[e.netns];
      if (l && ns) renameLink(ns, l, e.to);
      return;
    }
    case 'net.linkStateChanged': {
      const ns = s.byNs[e.netns];
      const l = ns?.links[e.ifindex];
      if (!ns || !l) return;
      if (e.up) bringUp(ns, l, st.clock.uptimeMs);
      else {
        l.up = false;
        dropRoutesOfDev(ns, l.ifindex);
      }
      return;
    }
    case 'net.linkMasterChanged': {
      const l = s.byNs[e.netns]?.links[e.ifindex];
      if (l) l.master = e.master;
      return;
    }
    case 'net.linkMtuChanged': {
      const l = s.byNs[e.netns]?.links[e.ifindex];
      if (l) l.mtu = e.mtu;
      return;
    }
    case 'net.linkAddressChanged': {
      const l = s.byNs[e.netns]?.links[e.ifindex];
      if (l) l.mac = e.mac;
      return;
    }
    case 'net.qdiscChanged': {
      const l = s.byNs[e.netns]?.links[e.ifindex];
      if (l) l.qdisc = e.qdisc;
      return;
    }
    case 'net.linkDeleted': {
      const ns = s.byNs[e.netns];
      if (ns) removeLink(s, ns, e.ifindex);
      if (e.peer) {
        const pns = s.byNs[e.peer.netns];
        if (pns) removeLink(s, pns, e.peer.ifindex);
      }
      return;
    }
    case 'net.addrAdded': {
      const ns = s.byNs[e.netns];
      const l = ns?.links[e.ifindex];
      if (!ns || !l) return;
      const a = { ...e.addr };
      l.addrs.push(a);
      if (l.up) addConnectedRoutes(ns, l);
      return;
    }
    case 'net.addrRemoved': {
      const ns = s.byNs[e.netns];
      const l = ns?.links[e.ifindex];
      if (!ns || !l) return;
      const i = l.addrs.findIndex((a) => a.local === e.local && a.prefixlen === e.prefixlen);
      if (i < 0) return;
      const [a] = l.addrs.splice(i, 1);
      const conn = a ? connectedRoute(l, a) : null;
      ns.routes = ns.routes.filter((r) => !(conn && sameRouteKey(r, conn) && r.dev === l.ifindex && r.proto === 'kernel') && r.src !== e.local);
      return;
    }
    case 'net.routeAdded': {
      const ns = s.byNs[e.netns];
      if (ns) insertRoute(ns.routes, { ...e.route });
      return;
    }
    case 'net.routeRemoved': {
      const ns = s.byNs[e.netns];
      if (!ns) return;
      const i = ns.routes.findIndex((r: Route) => sameRouteKey(r, e.route) && r.dev === e.route.dev);
      if (i >= 0) ns.routes.splice(i, 1);
      return;
    }
    case 'net.ruleAppended': {
      table(s, e.netns, e.table)?.chains[e.chain]?.rules.push(copyRule(e.rule));
      return;
    }
    case 'net.ruleInserted': {
      table(s, e.netns, e.table)?.chains[e.chain]?.rules.splice(e.index, 0, copyRule(e.rule));
      return;
    }
    case 'net.ruleDeleted': {
      table(s, e.netns, e.table)?.chains[e.chain]?.rules.splice(e.index, 1);
      return;
    }
    case 'net.chainFlushed': {
      const t = table(s, e.netns, e.table);
      if (!t) return;
      for (const c of Object.values(t.chains)) if (e.chain === null || c.name === e.chain) c.rules = [];
      return;
    }
    case 'net.chainCreated': {
      const t = table(s, e.netns, e.table);
      if (t && !t.chains[e.chain]) t.chains[e.chain] = { name: e.chain, builtin: false, policy: null, rules: [], pkts: 0, bytes: 0 };
      return;
    }
    case 'net.chainDeleted': {
      const t = table(s, e.netns, e.table);
      if (t?.chains[e.chain] && !t.chains[e.chain]?.builtin) delete t.chains[e.chain];
      return;
    }
    case 'net.chainRenamed': {
      const t = table(s, e.netns, e.table);
      const c = t?.chains[e.from];
      if (!t || !c) return;
      delete t.chains[e.from];
      c.name = e.to;
      t.chains[e.to] = c;
      for (const ch of Object.values(t.chains))
        for (const r of ch.rules) if (r.target.kind === 'jump' && r.target.chain === e.from) r.target.chain = e.to;
      return;
    }
    case 'net.policySet': {
      const c = table(s, e.netns, e.table)?.chains[e.chain];
      if (c?.builtin) c.policy = e.policy;
      return;
    }
    case 'net.countersZeroed': {
      const t = table(s, e.netns, e.table);
      if (!t) return;
      for (const c of Object.values(t.chains)) {
        if (e.chain !== null && c.name !== e.chain) continue;
        c.pkts = 0;
        c.bytes = 0;
        for (const r of c.rules) {
          r.pkts = 0;
          r.bytes = 0;
        }
      }
      return;
    }
    case 'net.sysctlSet': {
      const ns = s.byNs[e.netns];
      if (ns) ns.sysctl[e.name] = e.value;
      return;
    }
    case 'net.socketListening':
      if (s.byNs[e.socket.netns]) addSocket(s, e.socket);
      return;
    case 'net.connectionEstablished':
      if (s.byNs[e.client.netns]) addSocket(s, e.client);
      if (e.server && s.byNs[e.server.netns]) addSocket(s, e.server);
      return;
    case 'net.socketClosed':
      dropSocket(s, e.inode);
      return;
    case 'net.packetTraced':
      for (const h of e.hits) {
        const c = table(s, h.netns, h.table)?.chains[h.chain];
        if (!c) continue;
        const target = h.rule < 0 ? c : c.rules[h.rule];
        if (!target) continue;
        target.pkts += 1;
        target.bytes += e.bytes;
      }
      return;
    case 'net.dnsServerRegistered': {
      if (!s.byNs[e.netns]) return;
      const records: Record<string, string[]> = {};
      for (const [n, a] of Object.entries(e.records)) records[n] = [...a];
      (s.dnsServers[e.netns] ??= {})[e.ip] = { netns: e.netns, ip: e.ip, records, forwarders: [...e.forwarders] };
      return;
    }
    case 'net.dnsServerUnregistered': {
      const m = s.dnsServers[e.netns];
      if (m) delete m[e.ip];
      return;
    }
    default:
      return;
  }
}

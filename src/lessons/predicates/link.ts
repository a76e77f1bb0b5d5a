/**
 * The `link` predicate: a network interface exists in some network namespace,
 * e.g. "a veth whose host end is plugged into docker0" or "a veth whose peer
 * lives in another namespace" (`ip link` as each namespace would show it).
 */

import type { Link, NetNs } from '../../sim/kernel/net/types.ts';
import type { PredicateDef, Verdict } from './types.ts';
import { findContainer } from './lookup.ts';

export const linkPredicate: PredicateDef = {
  args: {
    name: 'string',
    kind: ['loopback', 'ether', 'veth', 'bridge'],
    master: 'string',
    up: 'boolean',
    ns: ['host', 'other', 'any'],
    container: 'string',
    peerNs: ['host', 'other'],
    address: 'string',
  },
  describe(a) {
    const what = a.kind ? `a ${String(a.kind)} interface` : 'an interface';
    const parts: string[] = [];
    if (a.name) parts.push(`named ${String(a.name)}`);
    if (a.master) parts.push(`plugged into ${String(a.master)}`);
    if (a.up === true) parts.push('that is up');
    if (a.address) parts.push(`with address ${String(a.address)}`);
    if (a.container) parts.push(`in container ${String(a.container)}`);
    else if (a.ns === 'host') parts.push("in the host's network namespace");
    else if (a.ns === 'other') parts.push('in a network namespace other than the host’s');
    if (a.peerNs === 'other') parts.push('whose peer is in another network namespace');
    if (a.peerNs === 'host') parts.push("whose peer is in the host's namespace");
    return `${what} ${parts.join(', ')}`.trim();
  },
  evaluate(a, ctx): Verdict {
    const hostNs = ctx.kernel.ns.initial.net;
    let only: number | null = null;
    if (a.container !== undefined) {
      const c = findContainer(ctx, String(a.container));
      if (!c?.rt.task) return `container ${String(a.container)} is not running`;
      only = c.rt.task.ns.net;
    }
    const match = (ns: NetNs, l: Link): boolean => {
      if (only !== null && ns.inum !== only) return false;
      if (a.ns === 'host' && ns.inum !== hostNs) return false;
      if (a.ns === 'other' && ns.inum === hostNs) return false;
      if (a.name !== undefined && l.name !== a.name) return false;
      if (a.kind !== undefined && l.kind !== a.kind) return false;
      if (a.up !== undefined && l.up !== a.up) return false;
      if (a.master !== undefined) {
        const m = l.master === null ? undefined : ns.links[l.master];
        if (m?.name !== a.master) return false;
      }
      if (a.peerNs !== undefined) {
        if (!l.peer) return false;
        const other = l.peer.netns !== ns.inum;
        if (a.peerNs === 'other' && !other) return false;
        if (a.peerNs === 'host' && l.peer.netns !== hostNs) return false;
      }
      if (a.address !== undefined) {
        const [ip, len] = String(a.address).split('/');
        if (!l.addrs.some((x) => x.local === ip && (len === undefined || String(x.prefixlen) === len))) return false;
      }
      return true;
    };
    for (const ns of Object.values(ctx.kernel.net.byNs)) for (const l of Object.values(ns.links)) if (match(ns, l)) return true;
    return 'no such interface exists yet';
  },
};

/**
 * Property: random link and namespace operations never leave a veth whose peer
 * is gone, a port whose bridge is gone, a route through a missing device or a
 * duplicate name; and no operation throws.
 */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bootNet, exit, inNewNetns } from './testkit.ts';
import { linkAdd, linkDel, linkSet } from './link.ts';
import { addrAdd } from './addr.ts';
import type { Kernel } from '../kernel.ts';
import type { NetState } from './types.ts';

function violations(s: NetState): string[] {
  const out: string[] = [];
  for (const ns of Object.values(s.byNs)) {
    const names = new Set<string>();
    for (const [key, l] of Object.entries(ns.links)) {
      const where = `${ns.inum}/${l.name}`;
      if (Number(key) !== l.ifindex) out.push(`${where}: stored under ${key} but ifindex ${l.ifindex}`);
      if (names.has(l.name)) out.push(`${where}: duplicate name`);
      names.add(l.name);
      if (l.kind === 'veth') {
        const p = l.peer ? s.byNs[l.peer.netns]?.links[l.peer.ifindex] : undefined;
        if (!p) out.push(`${where}: veth without a live peer`);
        else if (p.kind !== 'veth' || p.peer?.netns !== ns.inum || p.peer.ifindex !== l.ifindex) out.push(`${where}: peer does not point back`);
      }
      if (l.master !== null && ns.links[l.master]?.kind !== 'bridge') out.push(`${where}: master ${l.master} is not a bridge here`);
    }
    for (const r of ns.routes) if (!ns.links[r.dev]?.up) out.push(`${ns.inum}: route ${r.dst}/${r.dstLen} through missing or down dev ${r.dev}`);
    for (const peer of Object.keys(ns.nsids)) if (!s.byNs[Number(peer)]) out.push(`${ns.inum}: nsid for dead netns ${peer}`);
  }
  return out;
}

type Op =
  | { op: 'newNs' }
  | { op: 'killNs'; i: number }
  | { op: 'veth'; i: number; j: number }
  | { op: 'bridge'; i: number }
  | { op: 'move'; i: number; l: number; j: number }
  | { op: 'del'; i: number; l: number }
  | { op: 'master'; i: number; l: number; b: number }
  | { op: 'up'; i: number; l: number; up: boolean }
  | { op: 'rename'; i: number; l: number }
  | { op: 'addr'; i: number; l: number; n: number };

const idx = fc.nat(50);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ op: 'newNs' as const }),
  fc.record({ op: fc.constant('killNs' as const), i: idx }),
  fc.record({ op: fc.constant('veth' as const), i: idx, j: idx }),
  fc.record({ op: fc.constant('bridge' as const), i: idx }),
  fc.record({ op: fc.constant('move' as const), i: idx, l: idx, j: idx }),
  fc.record({ op: fc.constant('del' as const), i: idx, l: idx }),
  fc.record({ op: fc.constant('master' as const), i: idx, l: idx, b: idx }),
  fc.record({ op: fc.constant('up' as const), i: idx, l: idx, up: fc.boolean() }),
  fc.record({ op: fc.constant('rename' as const), i: idx, l: idx }),
  fc.record({ op: fc.constant('addr' as const), i: idx, l: idx, n: fc.nat(250) }),
);

function pick<T>(xs: T[], i: number): T | undefined {
  return xs.length ? xs[i % xs.length] : undefined;
}

function run(k: Kernel, spaces: Array<{ pid: number; netns: number }>, o: Op, n: number): void {
  const at = (i: number) => pick(spaces, i);
  const linkName = (sp: { netns: number }, l: number) => pick(Object.values(k.state.net.byNs[sp.netns]?.links ?? {}), l)?.name;
  switch (o.op) {
    case 'newNs':
      spaces.push(inNewNetns(k));
      return;
    case 'killNs': {
      if (spaces.length <= 1) return;
      const i = 1 + (o.i % (spaces.length - 1));
      const [sp] = spaces.splice(i, 1);
      if (sp) exit(k, sp.pid);
      return;
    }
    case 'veth': {
      const a = at(o.i);
      const b = at(o.j);
      if (a && b) linkAdd(k, a.pid, { name: `v${n}a`, kind: 'veth', peer: { name: `v${n}b`, netns: b.netns } });
      return;
    }
    case 'bridge': {
      const a = at(o.i);
      if (a) linkAdd(k, a.pid, { name: `br${n}`, kind: 'bridge' });
      return;
    }
    case 'move': {
      const a = at(o.i);
      const b = at(o.j);
      const name = a && linkName(a, o.l);
      if (a && b && name) linkSet(k, a.pid, name, { netns: b.netns });
      return;
    }
    case 'del': {
      const a = at(o.i);
      const name = a && linkName(a, o.l);
      if (a && name) linkDel(k, a.pid, name);
      return;
    }
    case 'master': {
      const a = at(o.i);
      const name = a && linkName(a, o.l);
      const br = a && linkName(a, o.b);
      if (a && name && br) linkSet(k, a.pid, name, { master: br });
      return;
    }
    case 'up': {
      const a = at(o.i);
      const name = a && linkName(a, o.l);
      if (a && name) linkSet(k, a.pid, name, { up: o.up });
      return;
    }
    case 'rename': {
      const a = at(o.i);
      const name = a && linkName(a, o.l);
      if (a && name) linkSet(k, a.pid, name, { name: `r${n}` });
      return;
    }
    case 'addr': {
      const a = at(o.i);
      const name = a && linkName(a, o.l);
      if (a && name) addrAdd(k, a.pid, name, `10.${o.n}.0.1/24`);
      return;
    }
  }
}

describe('net invariants under random operations', () => {
  it('never leaves a dangling veth, master, route or nsid', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const { k, host, hostNs } = bootNet();
        const spaces = [{ pid: host, netns: hostNs }];
        ops.forEach((o, n) => {
          run(k, spaces, o, n);
          const v = violations(k.state.net);
          if (v.length) throw new Error(`after op ${n} ${JSON.stringify(o)}: ${v.join('; ')}`);
        });
        // Tear everything down: only the host's devices may remain, and no veth.
        for (const sp of spaces.slice(1)) exit(k, sp.pid);
        expect(Object.keys(k.state.net.byNs)).toEqual([String(hostNs)]);
        expect(violations(k.state.net)).toEqual([]);
        expect(Object.values(k.state.net.byNs[hostNs]!.links).filter((l) => l.kind === 'veth' && l.peer?.netns !== hostNs)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

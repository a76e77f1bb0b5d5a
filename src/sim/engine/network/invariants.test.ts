/**
 * Property: random sequences of container starts (on any network, with and
 * without published ports), network connects and disconnects, container
 * stops (before or after the process dies) and network removals never throw,
 * keep the daemon's records and the kernel in step, and once every container
 * is gone leave no veth, container rule, address allocation, docker-proxy,
 * port allocation or DNS server behind.
 */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exitProcess } from '../../kernel/process/exit.ts';
import { iptablesListRules } from '../../kernel/net/render/iptables.ts';
import type { ApiRequest } from '../api/types.ts';
import { bootEngine, fakeContainer, FRESH_FILTER, FRESH_NAT, lines, type EngineHost } from './testkit.ts';
import { attachContainer, connectContainer, detachContainer, disconnectContainer } from './attach.ts';
import { publishPorts } from './ports.ts';
import { allocateIp } from './ipam.ts';
import { fmtIp, parseIp } from '../../kernel/net/ip4.ts';

const NETS = ['bridge', 'a', 'b', 'host', 'none'] as const;

type Op =
  | { op: 'start'; net: number; port: number | null }
  | { op: 'connect'; i: number; net: number }
  | { op: 'disconnect'; i: number; net: number }
  | { op: 'stop'; i: number; dieFirst: boolean }
  | { op: 'rmNet'; net: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('start' as const), net: fc.nat(4), port: fc.option(fc.constantFrom(8080, 8081, 0), { nil: null }) }),
  fc.record({ op: fc.constant('connect' as const), i: fc.nat(7), net: fc.nat(4) }),
  fc.record({ op: fc.constant('disconnect' as const), i: fc.nat(7), net: fc.nat(4) }),
  fc.record({ op: fc.constant('stop' as const), i: fc.nat(7), dieFirst: fc.boolean() }),
  fc.record({ op: fc.constant('rmNet' as const), net: fc.nat(4) }),
);

function api(h: EngineHost, method: ApiRequest['method'], path: string, body?: unknown) {
  return h.engine.handle({ method, path, query: {}, headers: {}, body }, 1);
}

/** Daemon records and kernel state agree while containers run. */
function consistency(h: EngineHost): string[] {
  const out: string[] = [];
  const st = h.engine.state.network;
  const hostNs = h.k.state.net.byNs[h.k.state.ns.initial.net];
  const veths = Object.values(hostNs?.links ?? {}).filter((l) => l.kind === 'veth').map((l) => l.name);
  const want: string[] = [];
  for (const n of Object.values(st.networks)) {
    for (const ep of Object.values(n.endpoints)) {
      if (ep.hostIfname) want.push(ep.hostIfname);
      if (ep.ip && n.allocated[ep.ip] !== ep.endpointId) out.push(`${ep.ip} on ${n.Name} not allocated to its endpoint`);
      if (!st.sandboxes[ep.containerId]?.networks.includes(n.Id)) out.push(`endpoint of ${ep.name} on ${n.Name} without sandbox link`);
    }
    const cfg = n.IPAM.Config?.[0];
    if (cfg) {
      // The IPAM hint never skips a free address: the next one handed out is the lowest free one.
      const base = parseIp(cfg.Subnet.split('/')[0] as string) as number;
      let lowest = base + 1;
      while (n.allocated[fmtIp(lowest)] !== undefined) lowest++;
      const got = allocateIp(n, null);
      if (!('ip' in got) || got.ip !== fmtIp(lowest)) out.push(`${n.Name}: IPAM would hand out ${JSON.stringify(got)}, lowest free is ${fmtIp(lowest)}`);
    }
    const owners = Object.values(n.allocated).filter((o) => o !== 'gateway');
    if (owners.length !== Object.values(n.endpoints).filter((e) => e.ip).length) out.push(`${n.Name}: ${owners.length} addresses for ${Object.keys(n.endpoints).length} endpoints`);
  }
  if ([...veths].sort().join() !== [...want].sort().join()) out.push(`host veths ${veths.join(',')} != endpoints ${want.join(',')}`);
  const raw = iptablesListRules(h.k.state, h.k.state.ns.initial.net, 'raw') ?? '';
  const rawRules = raw.split('\n').filter((l) => l.startsWith('-A PREROUTING -d 172.')).length;
  if (rawRules !== want.length) out.push(`${rawRules} raw rules for ${want.length} bridge endpoints`);
  return out;
}

describe('network invariants', () => {
  it('random start/connect/disconnect/stop sequences keep records and kernel in step and leak nothing', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 24 }), (ops) => {
        const h = bootEngine();
        api(h, 'POST', '/networks/create', { Name: 'a' });
        api(h, 'POST', '/networks/create', { Name: 'b', Options: { 'com.docker.network.bridge.enable_icc': 'false' } });
        const live: Array<{ id: string; pid: number }> = [];
        for (const o of ops) {
          if (o.op === 'start') {
            const c = fakeContainer(h, { serve: 80 });
            const r = attachContainer(h.engine, c.id, c.pid, { name: `c${c.pid}`, networkMode: NETS[o.net] });
            if ('error' in r) {
              exitProcess(h.k, c.pid, 0);
              continue;
            }
            if (o.port !== null) {
              const p = publishPorts(h.engine, c.id, { '80/tcp': [{ HostPort: String(o.port) }] }, ['80/tcp'], false);
              if ('error' in p) {
                detachContainer(h.engine, c.id);
                exitProcess(h.k, c.pid, 0);
                continue;
              }
            }
            live.push(c);
          } else if (o.op === 'connect' || o.op === 'disconnect') {
            const c = live[o.i % Math.max(1, live.length)];
            if (!c) continue;
            if (o.op === 'connect') connectContainer(h.engine, c.id, NETS[o.net] as string, {});
            else disconnectContainer(h.engine, c.id, NETS[o.net] as string);
          } else if (o.op === 'stop') {
            const c = live[o.i % Math.max(1, live.length)];
            if (!c) continue;
            live.splice(live.indexOf(c), 1);
            if (o.dieFirst) exitProcess(h.k, c.pid, 0);
            detachContainer(h.engine, c.id);
            if (!o.dieFirst) exitProcess(h.k, c.pid, 0);
          } else api(h, 'DELETE', `/networks/${NETS[o.net]}`);
          expect(consistency(h)).toEqual([]);
        }
        for (const c of [...live]) {
          detachContainer(h.engine, c.id);
          exitProcess(h.k, c.pid, 0);
        }
        for (const n of ['a', 'b']) api(h, 'DELETE', `/networks/${n}`);
        const st = h.engine.state.network;
        const hostNsId = h.k.state.ns.initial.net;
        expect(Object.values(h.k.state.net.byNs[hostNsId]?.links ?? {}).filter((l) => l.kind === 'veth')).toEqual([]);
        expect(iptablesListRules(h.k.state, hostNsId, 'filter')).toBe(lines(FRESH_FILTER));
        expect(iptablesListRules(h.k.state, hostNsId, 'nat')).toBe(lines(FRESH_NAT));
        expect(iptablesListRules(h.k.state, hostNsId, 'raw')).toBe('-P PREROUTING ACCEPT\n-P OUTPUT ACCEPT\n');
        for (const n of Object.values(st.networks)) {
          expect(n.endpoints).toEqual({});
          expect(Object.values(n.allocated).filter((o) => o !== 'gateway')).toEqual([]);
        }
        expect(st.sandboxes).toEqual({});
        expect(st.published).toEqual({});
        expect(st.portsInUse).toEqual({});
        expect(Object.values(h.k.state.proc.byPid).filter((p) => p.comm === 'docker-proxy')).toEqual([]);
        expect(Object.values(h.k.state.net.dnsServers).flatMap((m) => Object.keys(m))).toEqual([]);
        expect(Object.keys(h.k.state.net.byNs)).toEqual([String(hostNsId)]);
      }),
      { numRuns: 40 },
    );
  });
});

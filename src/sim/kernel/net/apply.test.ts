import { describe, expect, it } from 'vitest';
import { bootNet, inNewNetns, must } from './testkit.ts';
import { linkAdd, linkSet } from './link.ts';
import { addrAdd } from './addr.ts';
import { iptables } from './iptables/ops.ts';
import { connect } from './connect.ts';
import { listen } from './socket.ts';
import { registerDnsServer } from './dns.ts';
import type { Link } from './types.ts';

function busyHost() {
  const b = bootNet();
  const { k, host } = b;
  const c = inNewNetns(k);
  must(linkAdd(k, host, { name: 'br0', kind: 'bridge' }));
  must(linkAdd(k, host, { name: 'h0', kind: 'veth', peer: { name: 'c0', netns: c.netns } }));
  must(addrAdd(k, host, 'br0', '192.168.77.1/24', { broadcast: '+' }));
  must(linkSet(k, host, 'br0', { up: true }));
  must(linkSet(k, host, 'h0', { master: 'br0', up: true }));
  must(iptables(k, host, 'nat', { cmd: '-A', chain: 'POSTROUTING', rule: ['-s', '192.168.77.0/24', '-j', 'MASQUERADE'] }));
  must(listen(k, host, 'tcp', '0.0.0.0', 22));
  must(connect(k, host, '127.0.0.1', 22, 'tcp', { keep: true }));
  must(registerDnsServer(k, c.netns, '127.0.0.11', { web: ['192.168.77.2'] }, ['10.0.2.3']));
  return { ...b, c };
}

describe('applyNetEvent', () => {
  it('copies what it stores: changing an event afterwards does not change the state', () => {
    const { k, hostNs } = bootNet();
    const link: Link = { ifindex: 9, name: 'dummy9', kind: 'bridge', mac: '02:00:00:00:00:09', mtu: 1500, up: false, qdisc: 'noop', txqueuelen: 0, addrs: [], master: null, peer: null };
    k.emit({ type: 'net.linkCreated', netns: hostNs, link });
    link.name = 'changed';
    link.addrs.push({ local: '1.2.3.4', prefixlen: 8, broadcast: null, scope: 'global', dynamic: false, validLftSec: null, addedMs: 0, metric: null, noprefixroute: false });
    expect(k.state.net.byNs[hostNs]!.links[9]).toMatchObject({ name: 'dummy9', addrs: [] });
    expect(k.state.net.byNs[hostNs]!.nextIfindex).toBe(10);
  });

  it('keeps the slice plain JSON data', () => {
    const { k } = busyHost();
    expect(JSON.parse(JSON.stringify(k.state.net))).toEqual(k.state.net);
  });

  it('is deterministic: the same seed and operations give the same state and MACs', () => {
    const a = busyHost();
    const b = busyHost();
    expect(JSON.stringify(b.k.state.net)).toBe(JSON.stringify(a.k.state.net));
  });

  it('rebuilds the same state when the logged events are replayed', () => {
    const a = busyHost();
    const fresh = bootNet();
    // Replay everything after boot's own events onto a second kernel booted the same way.
    const start = fresh.log.length;
    for (const e of a.log.slice(start)) {
      const { seq: _s, t: _t, ...ev } = e as typeof e & { seq: number; t: number };
      fresh.k.emit(structuredClone(ev) as typeof e);
    }
    expect(JSON.stringify(fresh.k.state.net)).toBe(JSON.stringify(a.k.state.net));
  });
});

import { describe, expect, it } from 'vitest';
import { bootNet, exit, inNewNetns, must } from './testkit.ts';
import { linkSet, linkAdd } from './link.ts';
import { sysctlSet } from './sysctl.ts';
import { ping } from './connect.ts';
import { findLink, hasCarrier, operstate } from './netns.ts';

describe('network namespaces', () => {
  it('boots the host netns with lo up (127.0.0.1/8) and eth0 on the QEMU user network', () => {
    const { k, hostNs } = bootNet();
    const ns = k.state.net.byNs[hostNs]!;
    expect(Object.values(ns.links).map((l) => [l.ifindex, l.name, l.up])).toEqual([
      [1, 'lo', true],
      [2, 'eth0', true],
    ]);
    expect(ns.links[1]!.addrs.map((a) => `${a.local}/${a.prefixlen} ${a.scope}`)).toEqual(['127.0.0.1/8 host']);
    expect(ns.links[2]!.addrs.map((a) => `${a.local}/${a.prefixlen}`)).toEqual(['10.0.2.15/24']);
    expect(ns.links[2]!.mac).toBe('52:54:00:12:34:56');
    expect(ns.routes[0]).toMatchObject({ dst: '0.0.0.0', dstLen: 0, via: '10.0.2.2', dev: 2 });
    expect(ns.sysctl['net.ipv4.ip_unprivileged_port_start']).toBe('1024');
    expect(ns.sysctl['net.ipv4.ping_group_range']).toBe('1\t0');
  });

  it('gives a new netns only lo, down and without an address', () => {
    const { k } = bootNet();
    const { netns } = inNewNetns(k);
    const ns = k.state.net.byNs[netns]!;
    expect(Object.values(ns.links)).toHaveLength(1);
    expect(ns.links[1]).toMatchObject({ name: 'lo', up: false, qdisc: 'noop', addrs: [] });
    expect(ns.routes).toEqual([]);
  });

  it('copies ip_forward from the initial netns into a new one (devconf_inherit_init_net=0)', () => {
    const { k, host } = bootNet();
    expect(k.state.net.byNs[inNewNetns(k).netns]!.sysctl['net.ipv4.ip_forward']).toBe('0');
    must(sysctlSet(k, host, 'net.ipv4.ip_forward', '1'));
    expect(k.state.net.byNs[inNewNetns(k).netns]!.sysctl['net.ipv4.ip_forward']).toBe('1');
  });

  it('puts 127.0.0.1/8 on lo when it comes up: only then is 127.0.0.1 reachable', () => {
    const { k } = bootNet();
    const { pid, netns } = inNewNetns(k);
    expect(ping(k, pid, '127.0.0.1')).toEqual({ errno: 'ENETUNREACH' });
    must(linkSet(k, pid, 'lo', { up: true }));
    const lo = k.state.net.byNs[netns]!.links[1]!;
    expect(lo.addrs.map((a) => a.local)).toEqual(['127.0.0.1']);
    expect(lo.qdisc).toBe('noqueue');
    expect(operstate(k.state.net, k.state.net.byNs[netns]!, lo)).toBe('UNKNOWN');
    expect(must(ping(k, pid, '127.0.0.1')).ttl).toBe(64);
    // Down again: the address stays but local traffic is dropped on the floor.
    must(linkSet(k, pid, 'lo', { up: false }));
    expect(lo.addrs).toHaveLength(1);
  });

  it('drops the record when the netns is freed, and the nsids other namespaces gave it', () => {
    const { k, host, hostNs } = bootNet();
    const c = inNewNetns(k);
    must(linkAdd(k, host, { name: 'v0', kind: 'veth', peer: { name: 'v1', netns: c.netns } }));
    expect(k.state.net.byNs[hostNs]!.nsids[c.netns]).toBe(0);
    exit(k, c.pid);
    expect(k.state.net.byNs[c.netns]).toBeUndefined();
    expect(k.state.net.byNs[hostNs]!.nsids[c.netns]).toBeUndefined();
  });

  it('gives a new peer the lowest free nsid: n in a row, then the hole a freed namespace left', () => {
    const { k, host, hostNs } = bootNet();
    const cs = [0, 1, 2].map((i) => {
      const c = inNewNetns(k);
      must(linkAdd(k, host, { name: `v${i}`, kind: 'veth', peer: { name: 'eth0', netns: c.netns } }));
      return c;
    });
    const nsids = k.state.net.byNs[hostNs]!.nsids;
    expect(cs.map((c) => nsids[c.netns])).toEqual([0, 1, 2]);
    exit(k, cs[1]!.pid);
    const d = inNewNetns(k);
    must(linkAdd(k, host, { name: 'v3', kind: 'veth', peer: { name: 'eth0', netns: d.netns } }));
    expect(nsids[d.netns]).toBe(1);
    const e = inNewNetns(k);
    must(linkAdd(k, host, { name: 'v4', kind: 'veth', peer: { name: 'eth0', netns: e.netns } }));
    expect(nsids[e.netns]).toBe(3);
  });

  it('returns a physical device to the initial netns when its netns is freed (network_namespaces(7))', () => {
    const { k, host, hostNs } = bootNet();
    const c = inNewNetns(k);
    must(linkSet(k, host, 'eth0', { netns: c.netns }));
    expect(findLink(k.state.net.byNs[hostNs]!, 'eth0')).toBeUndefined();
    exit(k, c.pid);
    const eth0 = findLink(k.state.net.byNs[hostNs]!, 'eth0')!;
    expect(eth0).toMatchObject({ ifindex: 2, up: false, addrs: [] });
    expect(hasCarrier(k.state.net, k.state.net.byNs[hostNs]!, eth0)).toBe(false);
  });
});

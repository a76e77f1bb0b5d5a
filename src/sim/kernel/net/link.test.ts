import { describe, expect, it } from 'vitest';
import { becomeUser, fork } from '../process/testkit.ts';
import { unshare } from '../ns/unshare.ts';
import { CLONE_FLAGS } from '../ns/types.ts';
import { bootNet, inNewNetns, must } from './testkit.ts';
import { linkAdd, linkDel, linkSet, validIfname } from './link.ts';
import { addrAdd } from './addr.ts';
import { findLink, hasCarrier, linkFlags, operstate } from './netns.ts';

describe('ip link add', () => {
  it('creates a veth pair whose peer registers first (lower ifindex), default names veth0/veth1', () => {
    const { k, host, hostNs } = bootNet();
    const r = must(linkAdd(k, host, { kind: 'veth' }));
    expect(r).toMatchObject({ name: 'veth1', ifindex: 4, peer: { name: 'veth0', ifindex: 3 } });
    const ns = k.state.net.byNs[hostNs]!;
    expect(ns.links[3]).toMatchObject({ kind: 'veth', name: 'veth0', up: false, qdisc: 'noop', txqueuelen: 1000, peer: { netns: hostNs, ifindex: 4 } });
    expect(ns.links[3]!.mac).toMatch(/^[0-9a-f][26ae](:[0-9a-f]{2}){5}$/);
    expect(ns.links[3]!.mac).not.toBe(ns.links[4]!.mac);
  });

  it('creates the peer straight into another netns, allocating its ifindex there and nsids both ways', () => {
    const { k, host, hostNs } = bootNet();
    const c = inNewNetns(k);
    const r = must(linkAdd(k, host, { name: 'veth-h', kind: 'veth', peer: { name: 'eth0', netns: c.netns } }));
    expect(r.peer).toEqual({ netns: c.netns, ifindex: 2, name: 'eth0' });
    expect(r.ifindex).toBe(3);
    expect(k.state.net.byNs[c.netns]!.nsids[hostNs]).toBe(0);
    expect(k.state.net.byNs[hostNs]!.nsids[c.netns]).toBe(0);
  });

  it('refuses bad and duplicate names, and unprivileged callers', () => {
    const { k, host } = bootNet();
    expect(linkAdd(k, host, { name: 'eth0', kind: 'bridge' })).toEqual({ errno: 'EEXIST' });
    expect(linkAdd(k, host, { name: 'a-very-long-name', kind: 'bridge' })).toEqual({ errno: 'EINVAL' });
    expect(linkAdd(k, host, { name: 'x', kind: 'veth', peer: { name: 'x' } })).toEqual({ errno: 'EEXIST' });
    expect(validIfname('br/0')).toBe(false);
    expect(validIfname('docker0')).toBe(true);
    const user = fork(k, 1).pid;
    becomeUser(k, user, 1000);
    expect(linkAdd(k, user, { name: 'br0', kind: 'bridge' })).toEqual({ errno: 'EPERM' });
    expect(linkSet(k, user, 'eth0', { up: false })).toEqual({ errno: 'EPERM' });
  });

  it('gives an unprivileged user control of a netns its own user namespace owns (unshare -rn), not of the host', () => {
    const { k, hostNs } = bootNet();
    const user = fork(k, 1).pid;
    becomeUser(k, user, 1000);
    must(unshare(k, user, CLONE_FLAGS.user | CLONE_FLAGS.net));
    must(linkAdd(k, user, { name: 'v0', kind: 'veth', peer: { name: 'v1' } }));
    must(linkSet(k, user, 'lo', { up: true }));
    expect(linkSet(k, user, 'v1', { netns: hostNs })).toEqual({ errno: 'EPERM' });
  });
});

describe('ip link set', () => {
  it('moves a device: it goes down, loses addresses and master, keeps its ifindex if free', () => {
    const { k, host, hostNs } = bootNet();
    const c = inNewNetns(k);
    must(linkAdd(k, host, { name: 'br0', kind: 'bridge' }));
    must(linkAdd(k, host, { name: 'h', kind: 'veth', peer: { name: 'c' } }));
    must(addrAdd(k, host, 'c', '10.9.0.2/24'));
    must(linkSet(k, host, 'c', { master: 'br0', up: true }));
    const moved = must(linkSet(k, host, 'c', { netns: c.netns, name: 'eth0' }));
    expect(moved).toEqual({ netns: c.netns, ifindex: 4, name: 'eth0' });
    const eth0 = k.state.net.byNs[c.netns]!.links[4]!;
    expect(eth0).toMatchObject({ name: 'eth0', up: false, addrs: [], master: null, qdisc: 'noop' });
    expect(findLink(k.state.net.byNs[hostNs]!, 'h')!.peer).toEqual({ netns: c.netns, ifindex: 4 });
    expect(k.state.net.byNs[hostNs]!.routes.some((r) => r.dst === '10.9.0.0')).toBe(false);
  });

  it('gives a moved device a new ifindex when its own is taken in the target', () => {
    const { k, host } = bootNet();
    const c = inNewNetns(k);
    must(linkAdd(k, c.pid, { name: 'x0', kind: 'veth', peer: { name: 'x1' } })); // takes 2 and 3 in c
    must(linkAdd(k, host, { name: 'h', kind: 'veth', peer: { name: 'p' } })); // p = 3 on the host
    const r = must(linkSet(k, host, 'p', { netns: c.netns }));
    expect(r.ifindex).toBe(4);
  });

  it('refuses to move lo or a bridge (netns-local), and to rename a device that is up', () => {
    const { k, host } = bootNet();
    const c = inNewNetns(k);
    must(linkAdd(k, host, { name: 'br0', kind: 'bridge' }));
    expect(linkSet(k, host, 'lo', { netns: c.netns })).toEqual({ errno: 'EINVAL' });
    expect(linkSet(k, host, 'br0', { netns: c.netns })).toEqual({ errno: 'EINVAL' });
    expect(linkSet(k, host, 'eth0', { name: 'wan0' })).toEqual({ errno: 'EBUSY' });
    expect(linkSet(k, host, 'br0', { name: 'docker0' })).toMatchObject({ name: 'docker0' });
    expect(linkSet(k, host, 'nope', { up: true })).toEqual({ errno: 'ENODEV' });
    expect(linkSet(k, host, 'eth0', { mtu: 40 })).toEqual({ errno: 'EINVAL' });
  });

  it('derives carrier: a veth needs both ends up, a bridge one port with carrier', () => {
    const { k, host, hostNs } = bootNet();
    const ns = k.state.net.byNs[hostNs]!;
    must(linkAdd(k, host, { name: 'br0', kind: 'bridge' }));
    must(linkAdd(k, host, { name: 'a', kind: 'veth', peer: { name: 'b' } }));
    must(linkSet(k, host, 'br0', { up: true }));
    const br = findLink(ns, 'br0')!;
    const a = findLink(ns, 'a')!;
    expect(linkFlags(k.state.net, ns, br)).toEqual(['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP']);
    must(linkSet(k, host, 'a', { master: 'br0', up: true }));
    expect(operstate(k.state.net, ns, a)).toBe('LOWERLAYERDOWN');
    expect(hasCarrier(k.state.net, ns, br)).toBe(false);
    must(linkSet(k, host, 'b', { up: true }));
    expect(operstate(k.state.net, ns, a)).toBe('UP');
    expect(linkFlags(k.state.net, ns, br)).toEqual(['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP']);
  });

  it('checks masters: only a bridge, never lo, never a bridge into a bridge', () => {
    const { k, host } = bootNet();
    must(linkAdd(k, host, { name: 'br0', kind: 'bridge' }));
    must(linkAdd(k, host, { name: 'br1', kind: 'bridge' }));
    expect(linkSet(k, host, 'eth0', { master: 'lo' })).toEqual({ errno: 'EOPNOTSUPP' });
    expect(linkSet(k, host, 'lo', { master: 'br0' })).toEqual({ errno: 'EINVAL' });
    expect(linkSet(k, host, 'br1', { master: 'br0' })).toEqual({ errno: 'ELOOP' });
    expect(linkSet(k, host, 'eth0', { master: 'nope' })).toEqual({ errno: 'ENODEV' });
  });
});

describe('ip link del', () => {
  it('deletes both ends of a veth, releases bridge ports, refuses lo and eth0', () => {
    const { k, host, hostNs, log } = bootNet();
    const ns = k.state.net.byNs[hostNs]!;
    must(linkAdd(k, host, { name: 'br0', kind: 'bridge' }));
    must(linkAdd(k, host, { name: 'a', kind: 'veth', peer: { name: 'b' } }));
    must(linkSet(k, host, 'a', { master: 'br0' }));
    must(linkDel(k, host, 'b'));
    expect(findLink(ns, 'a')).toBeUndefined();
    expect(log.at(-1)).toMatchObject({ type: 'net.linkDeleted', ifname: 'b', peer: { ifname: 'a' }, reason: 'deleted' });
    must(linkAdd(k, host, { name: 'c', kind: 'veth', peer: { name: 'd' } }));
    must(linkSet(k, host, 'c', { master: 'br0' }));
    must(linkDel(k, host, 'br0'));
    expect(findLink(ns, 'c')!.master).toBeNull();
    expect(linkDel(k, host, 'lo')).toEqual({ errno: 'EOPNOTSUPP' });
    expect(linkDel(k, host, 'eth0')).toEqual({ errno: 'EOPNOTSUPP' });
    expect(linkDel(k, host, 'zz')).toEqual({ errno: 'ENODEV' });
  });
});

describe('ip link add type dummy, and into another netns', () => {
  it('makes a dummy: dummy%d names, NOARP without MULTICAST, carrier and state UNKNOWN once up, noqueue, no MTU limits', () => {
    const { k, host, hostNs } = bootNet();
    const ns = k.state.net.byNs[hostNs]!;
    expect(must(linkAdd(k, host, { kind: 'dummy' }))).toMatchObject({ name: 'dummy0', ifindex: 3 });
    const d = findLink(ns, 'dummy0')!;
    expect(d).toMatchObject({ kind: 'dummy', mtu: 1500, txqueuelen: 1000, qdisc: 'noop', peer: null });
    expect(linkFlags(k.state.net, ns, d)).toEqual(['BROADCAST', 'NOARP']);
    expect(operstate(k.state.net, ns, d)).toBe('DOWN');
    must(linkSet(k, host, 'dummy0', { up: true, mtu: 100000 }));
    const up = findLink(ns, 'dummy0')!;
    expect(linkFlags(k.state.net, ns, up)).toEqual(['BROADCAST', 'NOARP', 'UP', 'LOWER_UP']);
    expect(operstate(k.state.net, ns, up)).toBe('UNKNOWN');
    expect(up).toMatchObject({ qdisc: 'noqueue', mtu: 100000 });
    expect(linkSet(k, host, 'eth0', { mtu: 100000 })).toEqual({ errno: 'EINVAL' });
  });

  it('creates the device in the netns asked for, its veth peer in the caller\'s unless given its own', () => {
    const { k, host, hostNs } = bootNet();
    const c = inNewNetns(k);
    const r = must(linkAdd(k, host, { name: 'vc', kind: 'veth', netns: c.netns, peer: { name: 'pc' } }));
    expect(r).toEqual({ netns: c.netns, ifindex: 2, name: 'vc', peer: { netns: hostNs, ifindex: 3, name: 'pc' } });
    expect(must(linkAdd(k, host, { name: 'd0', kind: 'dummy', netns: c.netns }))).toMatchObject({ netns: c.netns, ifindex: 3 });
    expect(linkAdd(k, host, { name: 'd0', kind: 'dummy', netns: c.netns })).toEqual({ errno: 'EEXIST' });
    // A peer with its own MTU and MAC; multicast MACs are refused.
    const v = must(linkAdd(k, host, { name: 'v', kind: 'veth', peer: { name: 'p', mtu: 1400, mac: '02:00:00:00:00:02' } }));
    expect(k.state.net.byNs[hostNs]!.links[v.peer!.ifindex]).toMatchObject({ mtu: 1400, mac: '02:00:00:00:00:02' });
    expect(linkAdd(k, host, { name: 'b', kind: 'bridge', mac: '01:00:5e:00:00:01' })).toEqual({ errno: 'EADDRNOTAVAIL' });
    // Unprivileged in the target: EPERM.
    const user = fork(k, 1).pid;
    must(unshare(k, user, CLONE_FLAGS.user | CLONE_FLAGS.net));
    expect(linkAdd(k, user, { name: 'x', kind: 'dummy', netns: hostNs })).toEqual({ errno: 'EPERM' });
  });
});

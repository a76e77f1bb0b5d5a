/**
 * Scenario: build by hand, with the net module's operations, what dockerd builds
 * for `docker run -p 8080:80` on the default bridge (linux-and-vm-facts.md §5),
 * then check that packets take the paths real ones take.
 */

import { describe, expect, it } from 'vitest';
import { fork } from '../process/testkit.ts';
import { bootNet, exit, inNewNetns, must } from './testkit.ts';
import { linkAdd, linkSet } from './link.ts';
import { addrAdd } from './addr.ts';
import { routeAdd } from './route.ts';
import { sysctlSet } from './sysctl.ts';
import { iptables } from './iptables/ops.ts';
import { listen } from './socket.ts';
import { connect, ping } from './connect.ts';
import { ipAddrShow, ipRouteShow } from './render/ip.ts';
import { iptablesListRules } from './render/iptables.ts';
import { findLink } from './netns.ts';
import { isErr } from '../errno.ts';
import type { Kernel } from '../kernel.ts';
import type { LoggedEvent } from '../../events.ts';

function ipt(k: Kernel, pid: number, table: string, line: string): void {
  const [cmd, chain, ...rule] = line.split(' ');
  const c =
    cmd === '-N' ? { cmd: '-N' as const, chain: chain as string } : cmd === '-P' ? { cmd: '-P' as const, chain: chain as string, policy: rule[0] as string } : { cmd: '-A' as const, chain: chain as string, rule };
  const r = iptables(k, pid, table, c);
  if (isErr(r) || !r.ok) throw new Error(`iptables -t ${table} ${line}: ${JSON.stringify(r)}`);
}

const NAT_RULES = [
  '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
  '-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER',
  '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
  '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
];

/** dockerd's work for the default bridge and one container publishing 8080:80. */
function dockerHost() {
  const b = bootNet();
  const { k, host } = b;
  must(linkAdd(k, host, { name: 'docker0', kind: 'bridge', txqueuelen: 0 }));
  must(addrAdd(k, host, 'docker0', '172.17.0.1/16', { broadcast: '+' }));
  must(linkSet(k, host, 'docker0', { up: true }));
  must(sysctlSet(k, host, 'net.ipv4.ip_forward', '1'));
  ipt(k, host, 'nat', '-N DOCKER');
  for (const l of NAT_RULES) ipt(k, host, 'nat', l);
  for (const c of ['DOCKER', 'DOCKER-BRIDGE', 'DOCKER-CT', 'DOCKER-FORWARD', 'DOCKER-INTERNAL', 'DOCKER-USER']) ipt(k, host, 'filter', `-N ${c}`);
  for (const l of [
    '-P FORWARD DROP',
    '-A FORWARD -j DOCKER-USER',
    '-A FORWARD -j DOCKER-FORWARD',
    '-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT',
    '-A DOCKER ! -i docker0 -o docker0 -j DROP',
    '-A DOCKER-BRIDGE -o docker0 -j DOCKER',
    '-A DOCKER-CT -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A DOCKER-FORWARD -j DOCKER-CT',
    '-A DOCKER-FORWARD -j DOCKER-INTERNAL',
    '-A DOCKER-FORWARD -j DOCKER-BRIDGE',
    '-A DOCKER-FORWARD -i docker0 -j ACCEPT',
  ])
    ipt(k, host, 'filter', l);
  ipt(k, host, 'raw', '-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP');

  const ctr = addContainer(k, host, 'veth1a2b3c4', '172.17.0.2');
  const web = fork(k, ctr.pid).pid;
  must(listen(k, web, 'tcp', '0.0.0.0', 80));
  return { ...b, ctr, web };
}

/** One container on docker0: a new netns, a veth pair, eth0 inside with `ip`, default route. */
function addContainer(k: Kernel, host: number, hostVeth: string, ip: string) {
  const ctr = inNewNetns(k);
  must(linkAdd(k, host, { name: hostVeth, kind: 'veth', peer: { name: `${hostVeth}p` }, txqueuelen: 0 }));
  must(linkSet(k, host, hostVeth, { master: 'docker0', up: true }));
  must(linkSet(k, host, `${hostVeth}p`, { netns: ctr.netns }));
  must(linkSet(k, ctr.pid, `${hostVeth}p`, { name: 'eth0' }));
  must(addrAdd(k, ctr.pid, 'eth0', `${ip}/16`, { broadcast: '+' }));
  must(linkSet(k, ctr.pid, 'eth0', { up: true }));
  must(linkSet(k, ctr.pid, 'lo', { up: true }));
  must(routeAdd(k, ctr.pid, { dst: 'default', via: '172.17.0.1' }));
  return ctr;
}

describe('docker run -p 8080:80, built by hand', () => {
  it('lists the nat rules exactly as iptables -t nat -S does', () => {
    const { k, hostNs } = dockerHost();
    expect(iptablesListRules(k.state, hostNs, 'nat')).toBe(
      ['-P PREROUTING ACCEPT', '-P INPUT ACCEPT', '-P OUTPUT ACCEPT', '-P POSTROUTING ACCEPT', '-N DOCKER', ...NAT_RULES].join('\n') + '\n',
    );
  });

  it('shows the container side as eth0@ifN with link-netnsid, and its routes', () => {
    const { k, ctr, hostNs } = dockerHost();
    const eth0 = findLink(k.state.net.byNs[ctr.netns]!, 'eth0')!;
    const hostVeth = findLink(k.state.net.byNs[hostNs]!, 'veth1a2b3c4')!;
    expect(eth0.ifindex).toBe(4);
    expect(hostVeth.ifindex).toBe(5);
    expect(ipAddrShow(k.state, ctr.netns)).toBe(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n' +
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
        '    inet 127.0.0.1/8 scope host lo\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '4: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default \n' +
        `    link/ether ${eth0.mac} brd ff:ff:ff:ff:ff:ff link-netnsid 0\n` +
        '    inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0\n' +
        '       valid_lft forever preferred_lft forever\n',
    );
    expect(ipRouteShow(k.state, ctr.netns)).toBe('default via 172.17.0.1 dev eth0 \n172.17.0.0/16 dev eth0 proto kernel scope link src 172.17.0.2 \n');
    expect(ipAddrShow(k.state, hostNs, 'veth1a2b3c4')).toBe(
      '5: veth1a2b3c4@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master docker0 state UP group default \n' +
        `    link/ether ${hostVeth.mac} brd ff:ff:ff:ff:ff:ff link-netnsid 0\n`,
    );
  });

  it('carries host → 10.0.2.15:8080 through DNAT, the bridge and the veth to the listener', () => {
    const { k, host, web } = dockerHost();
    const r = must(connect(k, host, '10.0.2.15', 8080));
    expect(r.listener.pid).toBe(web);
    expect(r.listener.port).toBe(80);
    expect(r.dst).toBe('172.17.0.2');
    expect(r.path.map((h) => h.what)).toEqual(['dnat', 'route', 'bridge', 'veth', 'deliver']);
    expect(r.path[0]?.detail).toBe('nat OUTPUT: 10.0.2.15:8080 → 172.17.0.2:80');
    // The source was picked before DNAT (route to a local address), as connect(2) does.
    expect(r.srcIp).toBe('10.0.2.15');
  });

  it('does not DNAT host → 127.0.0.1:8080 (the OUTPUT jump skips 127.0.0.0/8): refused until docker-proxy listens', () => {
    const b = dockerHost();
    const { k, host } = b;
    const before = b.log.length;
    expect(connect(k, host, '127.0.0.1', 8080)).toEqual({ errno: 'ECONNREFUSED' });
    const traced = b.log.slice(before).find((e): e is Extract<LoggedEvent, { type: 'net.packetTraced' }> => e.type === 'net.packetTraced');
    expect(traced?.hops.some((h) => h.what === 'dnat')).toBe(false);
    const proxy = fork(k, 1).pid;
    must(listen(k, proxy, 'tcp', '0.0.0.0', 8080));
    expect(must(connect(k, host, '127.0.0.1', 8080)).listener.pid).toBe(proxy);
  });

  it('lets the container ping 8.8.8.8 through MASQUERADE (one router: ttl 116)', () => {
    const { k, ctr } = dockerHost();
    const r = must(ping(k, ctr.pid, '8.8.8.8'));
    expect(r.ttl).toBe(116);
    expect(r.hops.map((h) => h.what)).toEqual(['route', 'veth', 'bridge', 'forward', 'masquerade', 'internet']);
    expect(r.hops.find((h) => h.what === 'masquerade')?.detail).toBe('nat POSTROUTING: 172.17.0.2 → 10.0.2.15');
  });

  it('loses the container\'s ping without MASQUERADE, without ip_forward, or with FORWARD DROP and no ACCEPT', () => {
    const a = dockerHost();
    must(iptables(a.k, a.host, 'nat', { cmd: '-D', chain: 'POSTROUTING', rule: '-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE'.split(' ') }));
    expect(ping(a.k, a.ctr.pid, '8.8.8.8')).toEqual({ errno: 'ETIMEDOUT' });

    const b = dockerHost();
    must(sysctlSet(b.k, b.host, 'net.ipv4.ip_forward', '0'));
    expect(ping(b.k, b.ctr.pid, '8.8.8.8')).toEqual({ errno: 'ETIMEDOUT' });

    const c = dockerHost();
    must(iptables(c.k, c.host, 'filter', { cmd: '-D', chain: 'DOCKER-FORWARD', rule: ['-i', 'docker0', '-j', 'ACCEPT'] }));
    expect(ping(c.k, c.ctr.pid, '8.8.8.8')).toEqual({ errno: 'ETIMEDOUT' });
    // The reply needs DOCKER-CT's ESTABLISHED rule on the way back in.
    const d = dockerHost();
    must(iptables(d.k, d.host, 'filter', { cmd: '-F', chain: 'DOCKER-CT' }));
    expect(ping(d.k, d.ctr.pid, '8.8.8.8')).toEqual({ errno: 'ETIMEDOUT' });
  });

  it('counts the packets that hit each rule', () => {
    const { k, host, hostNs } = dockerHost();
    must(connect(k, host, '10.0.2.15', 8080));
    const nat = k.state.net.byNs[hostNs]!.iptables.nat;
    expect(nat.chains.OUTPUT!.rules[0]!.pkts).toBe(1);
    expect(nat.chains.DOCKER!.rules[0]!.pkts).toBe(1);
    expect(nat.chains.DOCKER!.rules[0]!.bytes).toBe(60);
  });

  it('bridges container → container on docker0 without the host routing it', () => {
    const { k, host, web } = dockerHost();
    const other = addContainer(k, host, 'veth9z8y7x6', '172.17.0.3');
    const r = must(connect(k, other.pid, '172.17.0.2', 80));
    expect(r.listener.pid).toBe(web);
    expect(r.path.map((h) => h.what)).toEqual(['route', 'veth', 'bridge', 'veth', 'deliver']);
    expect(must(ping(k, other.pid, '172.17.0.2')).ttl).toBe(64);
    expect(connect(k, other.pid, '172.17.0.99', 80)).toEqual({ errno: 'EHOSTUNREACH' });
  });

  it('removes both veth ends when the container\'s netns goes away', () => {
    const b = dockerHost();
    const { k, ctr, web, hostNs } = b;
    const before = b.log.length;
    exit(k, web);
    exit(k, ctr.pid);
    expect(k.state.net.byNs[ctr.netns]).toBeUndefined();
    expect(findLink(k.state.net.byNs[hostNs]!, 'veth1a2b3c4')).toBeUndefined();
    const deleted = b.log.slice(before).filter((e) => e.type === 'net.linkDeleted');
    expect(deleted).toMatchObject([{ ifname: 'veth1a2b3c4', reason: 'peerNetnsDestroyed' }]);
    expect(b.log.slice(before).some((e) => e.type === 'net.socketClosed')).toBe(true);
    // docker0 lost its only port: no carrier, its route shows linkdown.
    expect(ipRouteShow(k.state, hostNs)).toContain('172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown \n');
  });
});

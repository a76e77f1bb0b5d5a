import { describe, expect, it } from 'vitest';
import { becomeUser, fork } from '../process/testkit.ts';
import { bootNet, inNewNetns, must } from './testkit.ts';
import { connect, ping } from './connect.ts';
import { listen } from './socket.ts';
import { sysctlSet } from './sysctl.ts';
import { iptables } from './iptables/ops.ts';
import { linkAdd, linkSet } from './link.ts';
import { addrAdd } from './addr.ts';
import { routeAdd } from './route.ts';

describe('connect from the host', () => {
  it('reaches internet hosts on open ports; RST on closed ones; silence from unknown ones', () => {
    const { k, host, log } = bootNet();
    const r = must(connect(k, host, '93.184.215.14', 80));
    expect(r.listener).toMatchObject({ pid: null, netns: null, addr: '93.184.215.14', port: 80, host: 'example.com' });
    expect(r.path.map((h) => h.what)).toEqual(['route', 'internet']);
    expect(r.srcIp).toBe('10.0.2.15');
    expect(log.at(-1)).toMatchObject({ type: 'net.packetTraced', kind: 'tcp', result: 'ok', dst: '93.184.215.14', dport: 80 });
    expect(connect(k, host, '93.184.215.14', 22)).toEqual({ errno: 'ECONNREFUSED' });
    expect(connect(k, host, '203.0.113.9', 80)).toEqual({ errno: 'ETIMEDOUT' });
    expect(log.at(-1)).toMatchObject({ type: 'net.packetTraced', result: 'ETIMEDOUT' });
    expect(connect(k, host, '10.0.2.99', 80)).toEqual({ errno: 'EHOSTUNREACH' });
    expect(connect(k, host, 'example.com', 80)).toEqual({ errno: 'EINVAL' });
  });

  it('delivers to local listeners on 127.0.0.1 or the wildcard, and obeys OUTPUT rules', () => {
    const { k, host } = bootNet();
    const srv = fork(k, 1).pid;
    must(listen(k, srv, 'tcp', '127.0.0.1', 5432));
    expect(must(connect(k, host, '127.0.0.1', 5432)).listener.pid).toBe(srv);
    expect(connect(k, host, '10.0.2.15', 5432)).toEqual({ errno: 'ECONNREFUSED' });
    must(iptables(k, host, 'filter', { cmd: '-A', chain: 'OUTPUT', rule: ['-p', 'tcp', '--dport', '5432', '-j', 'DROP'] }));
    expect(connect(k, host, '127.0.0.1', 5432)).toEqual({ errno: 'ETIMEDOUT' });
    must(iptables(k, host, 'filter', { cmd: '-I', chain: 'OUTPUT', rule: ['-d', '93.184.215.14', '-j', 'REJECT'] }));
    expect(connect(k, host, '93.184.215.14', 443)).toEqual({ errno: 'ECONNREFUSED' });
  });

  it('follows REDIRECT to a local port (a transparent proxy)', () => {
    const { k, host } = bootNet();
    const proxy = fork(k, 1).pid;
    must(listen(k, proxy, 'tcp', '0.0.0.0', 3128));
    must(iptables(k, host, 'nat', { cmd: '-A', chain: 'OUTPUT', rule: ['-p', 'tcp', '--dport', '80', '-j', 'REDIRECT', '--to-ports', '3128'] }));
    const r = must(connect(k, host, '93.184.215.14', 80));
    expect(r.listener.pid).toBe(proxy);
    expect(r.path[0]).toMatchObject({ what: 'dnat', detail: 'nat OUTPUT: 93.184.215.14:80 → 127.0.0.1:3128' });
  });

  it('finds no route out of a netns with only lo', () => {
    const { k } = bootNet();
    const c = inNewNetns(k);
    expect(connect(k, c.pid, '8.8.8.8', 53)).toEqual({ errno: 'ENETUNREACH' });
  });

  it('crosses a router netns that forwards only with ip_forward=1', () => {
    const { k, host } = bootNet();
    // host <-veth-> router <-veth-> leaf
    const router = inNewNetns(k);
    const leaf = inNewNetns(k);
    must(linkAdd(k, host, { name: 'h-r', kind: 'veth', peer: { name: 'r-h', netns: router.netns } }));
    must(linkAdd(k, router.pid, { name: 'r-l', kind: 'veth', peer: { name: 'l-r', netns: leaf.netns } }));
    must(addrAdd(k, host, 'h-r', '10.10.0.1/24'));
    must(linkSet(k, host, 'h-r', { up: true }));
    must(addrAdd(k, router.pid, 'r-h', '10.10.0.2/24'));
    must(addrAdd(k, router.pid, 'r-l', '10.20.0.1/24'));
    must(linkSet(k, router.pid, 'r-h', { up: true }));
    must(linkSet(k, router.pid, 'r-l', { up: true }));
    must(addrAdd(k, leaf.pid, 'l-r', '10.20.0.2/24'));
    must(linkSet(k, leaf.pid, 'l-r', { up: true }));
    must(routeAdd(k, leaf.pid, { dst: 'default', via: '10.20.0.1' }));
    must(routeAdd(k, host, { dst: '10.20.0.0/24', via: '10.10.0.2' }));
    const srv = fork(k, leaf.pid).pid;
    must(listen(k, srv, 'tcp', '0.0.0.0', 80));
    expect(connect(k, host, '10.20.0.2', 80)).toEqual({ errno: 'ETIMEDOUT' });
    must(sysctlSet(k, router.pid, 'net.ipv4.ip_forward', '1'));
    const r = must(connect(k, host, '10.20.0.2', 80));
    expect(r.path.map((h) => `${h.what}:${h.ifname}`)).toEqual(['route:h-r', 'veth:h-r', 'forward:r-l', 'veth:r-l', 'deliver:l-r']);
    expect(must(ping(k, host, '10.20.0.2')).ttl).toBe(63);
    expect(connect(k, host, '10.20.0.3', 80)).toEqual({ errno: 'EHOSTUNREACH' });
  });
});

describe('ping', () => {
  it('needs CAP_NET_RAW or a group in ping_group_range', () => {
    const { k, host } = bootNet();
    const user = fork(k, 1).pid;
    becomeUser(k, user, 1000);
    expect(ping(k, user, '8.8.8.8')).toEqual({ errno: 'EPERM' });
    must(sysctlSet(k, host, 'net.ipv4.ping_group_range', '0 2147483647'));
    expect(must(ping(k, user, '8.8.8.8')).ttl).toBe(117);
  });

  it('answers with ttl 64 from a Linux netns and the table\'s ttl from the internet, with a positive rtt', () => {
    const { k, host } = bootNet();
    const local = must(ping(k, host, '10.0.2.15'));
    expect(local.ttl).toBe(64);
    expect(local.rttMs).toBeGreaterThan(0);
    expect(local.rttMs).toBeLessThan(1);
    const g = must(ping(k, host, '1.1.1.1'));
    expect(g.ttl).toBe(57);
    expect(g.rttMs).toBeGreaterThan(5);
    expect(ping(k, host, '54.236.113.205')).toEqual({ errno: 'ETIMEDOUT' });
    must(sysctlSet(k, host, 'net.ipv4.icmp_echo_ignore_all', '1'));
    expect(ping(k, host, '127.0.0.1')).toEqual({ errno: 'ETIMEDOUT' });
  });
});

import { describe, expect, it } from 'vitest';
import { bootNet, inNewNetns, must } from '../testkit.ts';
import { linkAdd, linkSet } from '../link.ts';
import { addrAdd } from '../addr.ts';
import { advanceTime } from '../../time.ts';
import { findLink } from '../netns.ts';
import { ipAddrShow, ipLinkShow, ipRouteGet, ipRouteShow } from './ip.ts';

const HOST_LO =
  '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n' +
  '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
  '    inet 127.0.0.1/8 scope host lo\n' +
  '       valid_lft forever preferred_lft forever\n';

describe('ip address show', () => {
  it('prints the booted host as iproute2 6.x does', () => {
    const { k, hostNs } = bootNet();
    expect(ipAddrShow(k.state, hostNs)).toBe(
      HOST_LO +
        '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n' +
        '    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n' +
        '    inet 10.0.2.15/24 metric 100 brd 10.0.2.255 scope global dynamic eth0\n' +
        '       valid_lft 86400sec preferred_lft 86400sec\n',
    );
  });

  it('counts the DHCP lease down with the virtual clock', () => {
    const { k, hostNs } = bootNet();
    advanceTime(k, 9_500);
    expect(ipAddrShow(k.state, hostNs, 'eth0')).toContain('valid_lft 86391sec preferred_lft 86391sec\n');
  });

  it('prints a fresh netns, a docker0 without ports, veths in one netns (M-DOWN) and secondary addresses', () => {
    const { k, host, hostNs } = bootNet();
    const c = inNewNetns(k);
    expect(ipAddrShow(k.state, c.netns)).toBe(
      '1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n',
    );
    must(linkAdd(k, host, { name: 'docker0', kind: 'bridge', txqueuelen: 0, mac: '02:42:ac:11:00:01' }));
    must(addrAdd(k, host, 'docker0', '172.17.0.1/16', { broadcast: '+' }));
    must(addrAdd(k, host, 'docker0', '172.17.0.9/16'));
    must(linkSet(k, host, 'docker0', { up: true }));
    expect(ipAddrShow(k.state, hostNs, 'docker0')).toBe(
      '3: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default \n' +
        '    link/ether 02:42:ac:11:00:01 brd ff:ff:ff:ff:ff:ff\n' +
        '    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '    inet 172.17.0.9/16 scope global secondary docker0\n' +
        '       valid_lft forever preferred_lft forever\n',
    );
    must(linkAdd(k, host, { name: 'veth0', kind: 'veth', peer: { name: 'veth1' }, mac: '0a:00:00:00:00:01' }));
    must(linkSet(k, host, 'veth0', { up: true }));
    const v1 = findLink(k.state.net.byNs[hostNs]!, 'veth1')!;
    expect(ipLinkShow(k.state, hostNs, 'veth0')).toBe(
      '5: veth0@veth1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000\n' +
        '    link/ether 0a:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n',
    );
    expect(ipLinkShow(k.state, hostNs, 'veth1')).toBe(
      '4: veth1@veth0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n' +
        `    link/ether ${v1.mac} brd ff:ff:ff:ff:ff:ff\n`,
    );
    expect(ipAddrShow(k.state, hostNs, 'nope')).toBeNull();
  });
});

describe('ip link show', () => {
  it('adds "mode DEFAULT" and omits addresses', () => {
    const { k, hostNs } = bootNet();
    expect(ipLinkShow(k.state, hostNs)).toBe(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n' +
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
        '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000\n' +
        '    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n',
    );
  });
});

describe('ip route', () => {
  it('shows the host table with iproute2\'s trailing spaces', () => {
    const { k, hostNs } = bootNet();
    expect(ipRouteShow(k.state, hostNs)).toBe(
      'default via 10.0.2.2 dev eth0 proto dhcp src 10.0.2.15 metric 100 \n' +
        '10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15 metric 100 \n' +
        '10.0.2.2 dev eth0 proto dhcp scope link src 10.0.2.15 metric 100 \n' +
        '10.0.2.3 dev eth0 proto dhcp scope link src 10.0.2.15 metric 100 \n',
    );
  });

  it('answers ip route get', () => {
    const { k, hostNs } = bootNet();
    expect(ipRouteGet(k.state, hostNs, '93.184.215.14')).toBe('93.184.215.14 via 10.0.2.2 dev eth0 src 10.0.2.15 uid 0 \n    cache \n');
    expect(ipRouteGet(k.state, hostNs, '10.0.2.15', 1000)).toBe('local 10.0.2.15 dev lo src 10.0.2.15 uid 1000 \n    cache <local> \n');
    const c = inNewNetns(k);
    expect(ipRouteGet(k.state, c.netns, '8.8.8.8')).toBeNull();
  });
});

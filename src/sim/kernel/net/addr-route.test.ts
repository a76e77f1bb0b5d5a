import { describe, expect, it } from 'vitest';
import { bootNet, inNewNetns, must } from './testkit.ts';
import { linkAdd, linkSet } from './link.ts';
import { addrAdd, addrDel } from './addr.ts';
import { routeAdd, routeDel, routeLookup } from './route.ts';
import { ipRouteShow } from './render/ip.ts';

function netnsWithEth(k: ReturnType<typeof bootNet>['k']) {
  const c = inNewNetns(k);
  must(linkAdd(k, c.pid, { name: 'eth0', kind: 'veth', peer: { name: 'peer0' } }));
  must(linkSet(k, c.pid, 'peer0', { up: true }));
  return c;
}

describe('ip addr', () => {
  it('adds the connected route (proto kernel scope link src) once the device is up', () => {
    const { k } = bootNet();
    const c = netnsWithEth(k);
    must(addrAdd(k, c.pid, 'eth0', '192.168.5.10/24'));
    expect(ipRouteShow(k.state, c.netns)).toBe('');
    must(linkSet(k, c.pid, 'eth0', { up: true }));
    expect(ipRouteShow(k.state, c.netns)).toBe('192.168.5.0/24 dev eth0 proto kernel scope link src 192.168.5.10 \n');
    must(addrAdd(k, c.pid, 'eth0', '10.1.2.3/32'));
    expect(ipRouteShow(k.state, c.netns)).toBe('192.168.5.0/24 dev eth0 proto kernel scope link src 192.168.5.10 \n');
  });

  it('computes brd only when asked ("brd +"), picks scope host for 127/8, refuses duplicates', () => {
    const { k } = bootNet();
    const c = netnsWithEth(k);
    expect(must(addrAdd(k, c.pid, 'eth0', '172.18.0.2/16', { broadcast: '+' })).broadcast).toBe('172.18.255.255');
    expect(must(addrAdd(k, c.pid, 'eth0', '172.19.0.2/16')).broadcast).toBeNull();
    expect(must(addrAdd(k, c.pid, 'lo', '127.0.0.2/8')).scope).toBe('host');
    expect(addrAdd(k, c.pid, 'eth0', '172.18.0.2/16')).toEqual({ errno: 'EEXIST' });
    expect(addrAdd(k, c.pid, 'eth0', '172.18.0.300/16')).toEqual({ errno: 'EINVAL' });
    expect(addrAdd(k, c.pid, 'nope', '10.0.0.1/8')).toEqual({ errno: 'ENODEV' });
  });

  it('removing an address removes its connected route and routes preferring it as source', () => {
    const { k } = bootNet();
    const c = netnsWithEth(k);
    must(addrAdd(k, c.pid, 'eth0', '192.168.5.10/24'));
    must(linkSet(k, c.pid, 'eth0', { up: true }));
    must(routeAdd(k, c.pid, { dst: '10.8.0.0/16', via: '192.168.5.1', src: '192.168.5.10' }));
    must(routeAdd(k, c.pid, { dst: 'default', via: '192.168.5.1' }));
    must(addrDel(k, c.pid, 'eth0', '192.168.5.10/24'));
    expect(ipRouteShow(k.state, c.netns)).toBe('default via 192.168.5.1 dev eth0 \n');
    expect(addrDel(k, c.pid, 'eth0', '192.168.5.10/24')).toEqual({ errno: 'EADDRNOTAVAIL' });
  });
});

describe('ip route', () => {
  it('checks what the kernel checks', () => {
    const { k } = bootNet();
    const c = netnsWithEth(k);
    must(addrAdd(k, c.pid, 'eth0', '192.168.5.10/24'));
    expect(routeAdd(k, c.pid, { dst: 'default', via: '192.168.5.1' })).toEqual({ errno: 'ENETUNREACH' });
    expect(routeAdd(k, c.pid, { dst: '10.0.0.0/8', dev: 'eth0' })).toEqual({ errno: 'ENETDOWN' });
    must(linkSet(k, c.pid, 'eth0', { up: true }));
    expect(routeAdd(k, c.pid, { dst: 'default', via: '10.9.9.9' })).toEqual({ errno: 'ENETUNREACH' });
    expect(routeAdd(k, c.pid, { dst: '10.0.0.1/8', dev: 'eth0' })).toEqual({ errno: 'EINVAL' });
    expect(routeAdd(k, c.pid, { dst: '10.0.0.0/8', dev: 'nope' })).toEqual({ errno: 'ENODEV' });
    expect(routeAdd(k, c.pid, { dst: '10.0.0.0/8', dev: 'eth0', src: '1.2.3.4' })).toEqual({ errno: 'EINVAL' });
    must(routeAdd(k, c.pid, { dst: 'default', via: '192.168.5.1', proto: 'static', metric: 50 }));
    expect(routeAdd(k, c.pid, { dst: 'default', via: '192.168.5.1', metric: 50 })).toEqual({ errno: 'EEXIST' });
    must(routeAdd(k, c.pid, { dst: 'default', via: '192.168.5.254', metric: 100 }));
    must(routeAdd(k, c.pid, { dst: '10.0.0.0/8', dev: 'eth0' }));
    expect(ipRouteShow(k.state, c.netns)).toBe(
      'default via 192.168.5.1 dev eth0 proto static metric 50 \n' +
        'default via 192.168.5.254 dev eth0 metric 100 \n' +
        '10.0.0.0/8 dev eth0 scope link \n' +
        '192.168.5.0/24 dev eth0 proto kernel scope link src 192.168.5.10 \n',
    );
    expect(routeDel(k, c.pid, { dst: '172.16.0.0/12' })).toEqual({ errno: 'ESRCH' });
    must(routeDel(k, c.pid, { dst: 'default', metric: 50 }));
    expect(ipRouteShow(k.state, c.netns).split('\n')[0]).toBe('default via 192.168.5.254 dev eth0 metric 100 ');
  });

  it('takes the longest prefix, then the lowest metric; local addresses first', () => {
    const { k, host, hostNs } = bootNet();
    must(linkAdd(k, host, { name: 'br0', kind: 'bridge' }));
    must(addrAdd(k, host, 'br0', '10.0.0.1/8'));
    must(linkSet(k, host, 'br0', { up: true }));
    expect(routeLookup(k, hostNs, '10.0.2.77')).toMatchObject({ type: 'unicast', nextHop: '10.0.2.77', dev: { name: 'eth0' }, src: '10.0.2.15' });
    expect(routeLookup(k, hostNs, '10.200.0.1')).toMatchObject({ type: 'unicast', dev: { name: 'br0' }, src: '10.0.0.1' });
    expect(routeLookup(k, hostNs, '1.1.1.1')).toMatchObject({ type: 'unicast', nextHop: '10.0.2.2', dev: { name: 'eth0' } });
    expect(routeLookup(k, hostNs, '127.3.4.5')).toMatchObject({ type: 'local', dev: { name: 'lo' } });
    expect(routeLookup(k, hostNs, '10.0.0.1')).toMatchObject({ type: 'local', dev: { name: 'br0' } });
  });

  it('loses every route through a device that goes down; connected ones come back with it', () => {
    const { k, host, hostNs } = bootNet();
    must(linkSet(k, host, 'eth0', { up: false }));
    expect(ipRouteShow(k.state, hostNs)).toBe('');
    expect(routeLookup(k, hostNs, '8.8.8.8')).toBeNull();
    must(linkSet(k, host, 'eth0', { up: true }));
    expect(ipRouteShow(k.state, hostNs)).toBe('10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15 metric 100 \n');
  });
});

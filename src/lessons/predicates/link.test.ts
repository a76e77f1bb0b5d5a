import { describe, expect, it } from 'vitest';
import { check, ctxOf, freshHost, sh } from './testkit.ts';

describe('link', () => {
  it('finds a veth in the host namespace whose peer is in another one', () => {
    const h = freshHost();
    const goal = { link: { kind: 'veth', ns: 'host', peerNs: 'other' } };
    sh(h, 'unshare --net sleep 1000 &', 'ip link add veth-host type veth peer name veth-ns');
    expect(check(goal, ctxOf(h))).toBe('no such interface exists yet');
    expect(check({ link: { name: 'veth-ns', ns: 'host' } }, ctxOf(h))).toBe(true);
    sh(h, 'ip link set veth-ns netns $!');
    expect(check(goal, ctxOf(h))).toBe(true);
    expect(check({ link: { name: 'veth-ns', ns: 'other', peerNs: 'host' } }, ctxOf(h))).toBe(true);
  });

  it('matches state, addresses and the loopback of the host', () => {
    const h = freshHost();
    const ctx = ctxOf(h);
    expect(check({ link: { name: 'lo', kind: 'loopback', up: true, address: '127.0.0.1/8' } }, ctx)).toBe(true);
    expect(check({ link: { name: 'eth0', up: false } }, ctx)).not.toBe(true);
  });
});

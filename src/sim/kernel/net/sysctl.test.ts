import { describe, expect, it } from 'vitest';
import { becomeUser, fork } from '../process/testkit.ts';
import { bootNet, inNewNetns, must } from './testkit.ts';
import { canonicalSysctl, sysctlAll, sysctlGet, sysctlSet } from './sysctl.ts';

describe('net sysctls', () => {
  it('are per netns, read and written by name or /proc/sys path', () => {
    const { k, host, hostNs } = bootNet();
    const c = inNewNetns(k);
    expect(must(sysctlSet(k, c.pid, 'net/ipv4/ip_unprivileged_port_start', '0'))).toBe('0');
    expect(sysctlGet(k.state.net, c.netns, 'net.ipv4.ip_unprivileged_port_start')).toBe('0');
    expect(sysctlGet(k.state.net, hostNs, 'net.ipv4.ip_unprivileged_port_start')).toBe('1024');
    must(sysctlSet(k, host, 'net.ipv4.conf.all.forwarding', '1'));
    expect(sysctlGet(k.state.net, hostNs, '/proc/sys/net/ipv4/ip_forward')).toBe('1');
    expect(canonicalSysctl('kernel.hostname')).toBeNull();
    expect(sysctlAll(k.state.net, hostNs).map(([n]) => n)).toContain('net.ipv4.ping_group_range');
  });

  it('validates values as the kernel does', () => {
    const { k, host, hostNs } = bootNet();
    expect(must(sysctlSet(k, host, 'net.ipv4.ping_group_range', '0   2147483647'))).toBe('0\t2147483647');
    expect(must(sysctlSet(k, host, 'net.ipv4.ping_group_range', '10 5'))).toBe('1\t0');
    expect(sysctlSet(k, host, 'net.ipv4.ping_group_range', '5')).toEqual({ errno: 'EINVAL' });
    expect(sysctlSet(k, host, 'net.ipv4.ip_unprivileged_port_start', '70000')).toEqual({ errno: 'EINVAL' });
    expect(sysctlSet(k, host, 'net.ipv4.ip_forward', 'yes')).toEqual({ errno: 'EINVAL' });
    expect(sysctlSet(k, host, 'net.ipv4.nope', '1')).toEqual({ errno: 'ENOENT' });
    expect(sysctlGet(k.state.net, hostNs, 'net.ipv4.ip_forward')).toBe('0');
  });

  it('may be written only by root of the owning user namespace or with CAP_NET_ADMIN', () => {
    const { k } = bootNet();
    const user = fork(k, 1).pid;
    becomeUser(k, user, 1000);
    expect(sysctlSet(k, user, 'net.ipv4.ip_forward', '1')).toEqual({ errno: 'EACCES' });
  });
});

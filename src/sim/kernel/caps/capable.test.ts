import { describe, expect, test } from 'vitest';
import { capable, capableOver, governingUserNs } from './capable.ts';
import { becomeUser, boot, fork } from '../process/testkit.ts';
import { CLONE_FLAGS as F } from '../ns/types.ts';
import { INITIAL_NS_INUMS } from '../boot.ts';
import { maskOf } from './caps.ts';

describe('capable() (user_namespaces(7))', () => {
  test('root in the initial namespace has every capability everywhere', () => {
    const { k } = boot();
    const c = fork(k, 1, { flags: F.user | F.net });
    expect(capable(k, 1, 'CAP_SYS_ADMIN')).toBe(true);
    expect(capable(k, 1, 'CAP_NET_ADMIN', c.ns.user)).toBe(true);
    expect(capableOver(k, 1, 'CAP_NET_ADMIN', c.ns.net)).toBe(true);
  });
  test('the effective set is what counts in one\'s own namespace', () => {
    const { k } = boot();
    const p = fork(k, 1);
    const m = maskOf(['CAP_NET_ADMIN']);
    k.emit({ type: 'process.capsChanged', pid: p.pid, caps: { effective: m, permitted: m, inheritable: 0, bounding: m, ambient: 0 } });
    expect(capable(k, p.pid, 'CAP_NET_ADMIN')).toBe(true);
    expect(capable(k, p.pid, 'CAP_SYS_ADMIN')).toBe(false);
  });
  test('a capability in a child user namespace gives nothing in the parent or a sibling', () => {
    const { k } = boot();
    const u = fork(k, 1);
    becomeUser(k, u.pid, 1000);
    const a = fork(k, u.pid, { flags: F.user });
    const b = fork(k, 1, { flags: F.user });
    expect(capable(k, a.pid, 'CAP_SYS_ADMIN')).toBe(true);
    expect(capable(k, a.pid, 'CAP_SYS_ADMIN', INITIAL_NS_INUMS.user)).toBe(false);
    expect(capable(k, a.pid, 'CAP_SYS_ADMIN', b.ns.user)).toBe(false);
    expect(capableOver(k, a.pid, 'CAP_NET_ADMIN', INITIAL_NS_INUMS.net)).toBe(false);
  });
  test('the owner (same euid, in the parent namespace) has every capability in the child without any of its own', () => {
    const { k } = boot();
    const u = fork(k, 1);
    becomeUser(k, u.pid, 1000);
    const a = fork(k, u.pid, { flags: F.user });
    expect(capable(k, u.pid, 'CAP_SYS_ADMIN')).toBe(false);
    expect(capable(k, u.pid, 'CAP_SYS_ADMIN', a.ns.user)).toBe(true);
    const other = fork(k, 1);
    becomeUser(k, other.pid, 1001);
    expect(capable(k, other.pid, 'CAP_SYS_ADMIN', a.ns.user)).toBe(false);
  });
  test('zombies and unknown PIDs have nothing; governingUserNs', () => {
    const { k } = boot();
    expect(capable(k, 999, 'CAP_KILL')).toBe(false);
    const ns = k.state.ns.byInum[INITIAL_NS_INUMS.net]!;
    expect(governingUserNs(ns)).toBe(INITIAL_NS_INUMS.user);
    expect(governingUserNs(k.state.ns.byInum[INITIAL_NS_INUMS.user]!)).toBe(INITIAL_NS_INUMS.user);
  });
});

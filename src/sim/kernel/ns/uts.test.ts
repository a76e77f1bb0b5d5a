import { describe, expect, test } from 'vitest';
import { hostnameOf, sethostname, setdomainname } from './uts.ts';
import { becomeUser, boot, fork, must } from '../process/testkit.ts';
import { CLONE_FLAGS as F } from './types.ts';
import { capSetsForContainer } from '../caps/container.ts';

describe('sethostname(2)', () => {
  test('root renames its UTS namespace; others keep their name', () => {
    const { k } = boot();
    const c = fork(k, 1, { flags: F.uts });
    must(sethostname(k, c.pid, 'web'));
    expect(hostnameOf(k, c.pid)).toBe('web');
    expect(hostnameOf(k, 1)).toBe('docker-host');
    must(setdomainname(k, c.pid, 'example'));
    expect(k.state.ns.byInum[c.ns.uts]).toMatchObject({ domainname: 'example' });
  });
  test('EPERM without CAP_SYS_ADMIN (a default container, or a user)', () => {
    const { k } = boot();
    const c = fork(k, 1, { flags: F.uts });
    const sets = capSetsForContainer({});
    if (typeof sets === 'string') throw new Error(sets);
    k.emit({ type: 'process.capsChanged', pid: c.pid, caps: sets });
    expect(sethostname(k, c.pid, 'x')).toEqual({ errno: 'EPERM' });
    const u = fork(k, 1);
    becomeUser(k, u.pid, 1000);
    expect(sethostname(k, u.pid, 'x')).toEqual({ errno: 'EPERM' });
  });
  test('EINVAL over 64 characters', () => {
    const { k } = boot();
    expect(sethostname(k, 1, 'a'.repeat(65))).toEqual({ errno: 'EINVAL' });
    expect(sethostname(k, 1, 'a'.repeat(64))).toBe(true);
  });
});

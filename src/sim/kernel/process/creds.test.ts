import { describe, expect, test } from 'vitest';
import { setgid, setgroups, seteuid, setuid } from './creds.ts';
import { becomeUser, boot, fork, must } from './testkit.ts';
import { setKeepCaps } from './prctl.ts';
import { CAP_FULL } from '../caps/caps.ts';
import { CLONE_FLAGS } from '../ns/types.ts';
import { writeIdMap } from '../ns/idmap.ts';

describe('setuid and capabilities', () => {
  test('root → non-root drops permitted and effective', () => {
    const { k } = boot();
    const p = fork(k, 1);
    must(setuid(k, p.pid, 1000));
    expect(k.proc(p.pid)!.cred).toMatchObject({ uid: 1000, euid: 1000, suid: 1000, fsuid: 1000 });
    expect(k.proc(p.pid)!.caps).toMatchObject({ permitted: 0, effective: 0, ambient: 0, bounding: CAP_FULL });
  });
  test('with PR_SET_KEEPCAPS the permitted set stays (effective is still cleared)', () => {
    const { k } = boot();
    const p = fork(k, 1);
    must(setKeepCaps(k, p.pid, true));
    must(setuid(k, p.pid, 1000));
    expect(k.proc(p.pid)!.caps).toMatchObject({ permitted: CAP_FULL, effective: 0 });
  });
  test('seteuid away from root and back restores the effective set', () => {
    const { k } = boot();
    const p = fork(k, 1);
    must(seteuid(k, p.pid, 1000));
    expect(k.proc(p.pid)!.caps).toMatchObject({ permitted: CAP_FULL, effective: 0 });
    must(seteuid(k, p.pid, 0));
    expect(k.proc(p.pid)!.caps.effective).toBe(CAP_FULL);
  });
  test('a user cannot become root or someone else (EPERM)', () => {
    const { k } = boot();
    const p = fork(k, 1);
    becomeUser(k, p.pid, 1000);
    expect(setuid(k, p.pid, 0)).toEqual({ errno: 'EPERM' });
    expect(setuid(k, p.pid, 1001)).toEqual({ errno: 'EPERM' });
    expect(setuid(k, p.pid, 1000)).toBe(true);
    expect(setgid(k, p.pid, 0)).toEqual({ errno: 'EPERM' });
    expect(setgroups(k, p.pid, [0])).toEqual({ errno: 'EPERM' });
  });
  test('root sets GIDs and groups', () => {
    const { k } = boot();
    const p = fork(k, 1);
    must(setgid(k, p.pid, 100));
    must(setgroups(k, p.pid, [100, 27]));
    expect(k.proc(p.pid)!.cred).toMatchObject({ gid: 100, egid: 100, sgid: 100, groups: [100, 27] });
  });
  test('in a user namespace IDs must be mapped (EINVAL before uid_map is written)', () => {
    const { k } = boot();
    const u = fork(k, 1);
    becomeUser(k, u.pid, 1000);
    const c = fork(k, u.pid, { flags: CLONE_FLAGS.user });
    expect(setuid(k, c.pid, 0)).toEqual({ errno: 'EINVAL' });
    must(writeIdMap(k, u.pid, c.pid, 'uid', [{ inside: 0, outside: 1000, count: 1 }]));
    must(setuid(k, c.pid, 0));
    // Root inside is UID 1000 to the kernel.
    expect(k.proc(c.pid)!.cred.uid).toBe(1000);
  });
});

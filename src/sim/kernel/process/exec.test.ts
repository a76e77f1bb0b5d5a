import { describe, expect, test } from 'vitest';
import { commFromPath, execve } from './exec.ts';
import { becomeUser, boot, fork, must } from './testkit.ts';
import { CAP_FULL, maskOf } from '../caps/caps.ts';
import { setDisposition } from './signal.ts';
import { setKeepCaps } from './prctl.ts';
import { capSetsForContainer } from '../caps/container.ts';

describe('execve', () => {
  test('new image: comm is the basename cut to 15 characters; env kept unless given', () => {
    const { k, log } = boot();
    const p = fork(k, 1, { env: { A: '1' } });
    must(execve(k, p.pid, { exe: '/usr/local/bin/my-very-long-server-name', argv: ['srv', '-v'], program: { name: 'srv', state: { n: 1 } } }));
    expect(k.proc(p.pid)).toMatchObject({ comm: 'my-very-long-se', exe: '/usr/local/bin/my-very-long-server-name', argv: ['srv', '-v'], env: { A: '1' } });
    expect(k.proc(p.pid)!.program).toEqual({ name: 'srv', state: { n: 1 } });
    expect(log.at(-1)?.type).toBe('process.execed');
    expect(commFromPath('/bin/sh')).toBe('sh');
  });
  test('handlers reset to default; ignored signals stay ignored; keep-caps cleared', () => {
    const { k } = boot();
    const p = fork(k, 1);
    must(setDisposition(k, p.pid, [15], [1]));
    must(setKeepCaps(k, p.pid, true));
    must(execve(k, p.pid, { exe: '/bin/sleep', argv: ['sleep'], program: { name: 'sleep', state: null } }));
    expect(k.proc(p.pid)).toMatchObject({ caught: [], ignored: [1], keepCaps: false });
  });
  test('root keeps its bounding set as permitted and effective (Docker\'s 14 in a container)', () => {
    const { k } = boot();
    const p = fork(k, 1);
    const sets = capSetsForContainer({});
    if (typeof sets === 'string') throw new Error(sets);
    k.emit({ type: 'process.capsChanged', pid: p.pid, caps: { ...sets, effective: 0, permitted: 0 } });
    must(execve(k, p.pid, { exe: '/bin/sh', argv: ['sh'], program: { name: 'sh', state: null } }));
    expect(k.proc(p.pid)!.caps.effective.toString(16)).toBe('a80425fb');
    expect(k.proc(p.pid)!.caps.permitted.toString(16)).toBe('a80425fb');
  });
  test('a non-root user ends with no capabilities, except ambient ones', () => {
    const { k } = boot();
    const p = fork(k, 1);
    becomeUser(k, p.pid, 1000);
    k.emit({ type: 'process.capsChanged', pid: p.pid, caps: { effective: CAP_FULL, permitted: CAP_FULL, inheritable: 0, bounding: CAP_FULL, ambient: 0 } });
    must(execve(k, p.pid, { exe: '/bin/sh', argv: ['sh'], program: { name: 'sh', state: null } }));
    expect(k.proc(p.pid)!.caps).toMatchObject({ effective: 0, permitted: 0, bounding: CAP_FULL });
    const nb = maskOf(['CAP_NET_BIND_SERVICE']);
    k.emit({ type: 'process.capsChanged', pid: p.pid, caps: { effective: nb, permitted: nb, inheritable: nb, bounding: CAP_FULL, ambient: nb } });
    must(execve(k, p.pid, { exe: '/usr/sbin/nginx', argv: ['nginx'], program: { name: 'nginx', state: null } }));
    expect(k.proc(p.pid)!.caps).toMatchObject({ effective: nb, permitted: nb, ambient: nb });
  });
  test('real UID root with another effective UID: permitted from bounding, effective only ambient', () => {
    const { k } = boot();
    const p = fork(k, 1);
    k.emit({ type: 'process.credsChanged', pid: p.pid, cred: { ...p.cred, euid: 1000, fsuid: 1000 }, caps: p.caps });
    must(execve(k, p.pid, { exe: '/bin/id', argv: ['id'], program: { name: 'id', state: null } }));
    expect(k.proc(p.pid)!.caps).toMatchObject({ permitted: CAP_FULL, effective: 0 });
    // execve sets the saved set-user-ID to the effective UID.
    expect(k.proc(p.pid)!.cred).toMatchObject({ uid: 0, euid: 1000, suid: 1000 });
  });
  test('errors', () => {
    const { k } = boot();
    expect(execve(k, 999, { exe: '/bin/sh', argv: [], program: { name: 'sh', state: null } })).toEqual({ errno: 'ESRCH' });
    expect(execve(k, 1, { exe: '', argv: [], program: { name: 'sh', state: null } })).toEqual({ errno: 'ENOENT' });
  });
});

describe('execve of a set-user-ID file', () => {
  const sudoFile = { mode: 0o4755, uid: 0, gid: 0 };
  const prog = { name: 'sudo', state: null };
  test('a user running a set-user-ID-root binary gets euid 0, saved uid 0 and the full capability sets; the real uid stays', () => {
    const { k } = boot();
    const p = fork(k, 1);
    becomeUser(k, p.pid, 1000);
    must(execve(k, p.pid, { exe: '/usr/bin/sudo', argv: ['sudo'], program: prog, file: sudoFile }));
    const q = k.proc(p.pid)!;
    expect(q.cred).toMatchObject({ uid: 1000, euid: 0, suid: 0, fsuid: 0 });
    expect(q.caps.effective).toBe(CAP_FULL);
  });
  test('no_new_privs makes the kernel ignore the bit', () => {
    const { k } = boot();
    const p = fork(k, 1);
    becomeUser(k, p.pid, 1000);
    k.emit({ type: 'process.noNewPrivsSet', pid: p.pid });
    must(execve(k, p.pid, { exe: '/usr/bin/sudo', argv: ['sudo'], program: prog, file: sudoFile }));
    expect(k.proc(p.pid)!.cred).toMatchObject({ uid: 1000, euid: 1000 });
    expect(k.proc(p.pid)!.caps.effective).toBe(0);
  });
  test('without the bit nothing changes; a set-group-ID file changes only the effective gid', () => {
    const { k } = boot();
    const p = fork(k, 1);
    becomeUser(k, p.pid, 1000);
    must(execve(k, p.pid, { exe: '/usr/bin/id', argv: ['id'], program: prog, file: { mode: 0o755, uid: 0, gid: 0 } }));
    expect(k.proc(p.pid)!.cred).toMatchObject({ euid: 1000, egid: 1000 });
    must(execve(k, p.pid, { exe: '/usr/bin/wall', argv: ['wall'], program: prog, file: { mode: 0o2755, uid: 0, gid: 5 } }));
    expect(k.proc(p.pid)!.cred).toMatchObject({ euid: 1000, egid: 5, sgid: 5 });
  });
});

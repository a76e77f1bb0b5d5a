import { describe, expect, test } from 'vitest';
import { setns, setnsInum } from './setns.ts';
import { becomeUser, boot, fork, must } from '../process/testkit.ts';
import { CLONE_FLAGS as F } from './types.ts';
import { INITIAL_NS_INUMS } from '../boot.ts';
import { exitProcess } from '../process/exit.ts';
import { CAP_FULL, maskOf } from '../caps/caps.ts';
import { capSetsForContainer } from '../caps/container.ts';

function container(k: ReturnType<typeof boot>['k']) {
  const shim = fork(k, 1, { comm: 'shim' });
  return fork(k, shim.pid, { flags: F.pid | F.net | F.mnt | F.uts | F.ipc | F.cgroup, comm: 'sh' });
}

describe('setns(2)', () => {
  test('root joins a container\'s namespaces (docker exec); the PID namespace only for its children', () => {
    const { k, log } = boot();
    const c = container(k);
    const runc = fork(k, 1, { comm: 'runc' });
    for (const t of ['net', 'uts', 'ipc', 'mnt', 'cgroup', 'pid'] as const) must(setns(k, runc.pid, c.pid, t));
    const r = k.proc(runc.pid)!;
    expect(r.ns.net).toBe(c.ns.net);
    expect(r.ns.mnt).toBe(c.ns.mnt);
    expect(r.pidNs).toBe(INITIAL_NS_INUMS.pid);
    expect(r.pidNsForChildren).toBe(c.pidNs);
    expect(log.some((e) => e.type === 'process.rootChanged' && e.pid === runc.pid)).toBe(true);
    const ex = fork(k, runc.pid);
    expect(ex.nspids).toEqual([ex.pid, 2]);
    expect(k.state.ns.byInum[c.ns.net]?.procCount).toBe(3);
  });
  test('without CAP_SYS_ADMIN → EPERM; mount namespaces also need CAP_SYS_CHROOT', () => {
    const { k } = boot();
    const c = container(k);
    const u = fork(k, 1);
    becomeUser(k, u.pid, 1000);
    expect(setns(k, u.pid, c.pid, 'net')).toEqual({ errno: 'EPERM' });
    const x = fork(k, 1);
    const admin = maskOf(['CAP_SYS_ADMIN']);
    k.emit({ type: 'process.capsChanged', pid: x.pid, caps: { effective: admin, permitted: admin, inheritable: 0, bounding: CAP_FULL, ambient: 0 } });
    expect(setns(k, x.pid, c.pid, 'mnt')).toEqual({ errno: 'EPERM' });
    expect(setns(k, x.pid, c.pid, 'uts')).toBe(true);
  });
  test('a default container (14 capabilities, no CAP_SYS_ADMIN) cannot setns', () => {
    const { k } = boot();
    const c = container(k);
    const sets = capSetsForContainer({});
    if (typeof sets === 'string') throw new Error(sets);
    k.emit({ type: 'process.capsChanged', pid: c.pid, caps: sets });
    expect(setnsInum(k, c.pid, INITIAL_NS_INUMS.net)).toEqual({ errno: 'EPERM' });
  });
  test('PID namespace must be the caller\'s or a descendant (EINVAL); the caller\'s own user ns is EINVAL', () => {
    const { k } = boot();
    const c = container(k);
    expect(setnsInum(k, c.pid, INITIAL_NS_INUMS.pid)).toEqual({ errno: 'EINVAL' });
    expect(setnsInum(k, 1, INITIAL_NS_INUMS.user)).toEqual({ errno: 'EINVAL' });
    expect(setnsInum(k, 1, INITIAL_NS_INUMS.net, 'pid')).toEqual({ errno: 'EINVAL' });
    expect(setnsInum(k, 1, 12345 as never)).toEqual({ errno: 'EBADF' });
  });
  test('joining a user namespace gives every capability in it', () => {
    const { k } = boot();
    const u = fork(k, 1);
    becomeUser(k, u.pid, 1000);
    const owner = fork(k, u.pid, { flags: F.user });
    const peer = fork(k, u.pid);
    // peer: same euid as the namespace's owner, in the parent: it has all capabilities there.
    must(setns(k, peer.pid, owner.pid, 'user'));
    expect(k.proc(peer.pid)!.caps.effective).toBe(CAP_FULL);
    expect(k.proc(peer.pid)!.ns.user).toBe(owner.ns.user);
  });
  test('the target must be visible', () => {
    const { k } = boot();
    const c = container(k);
    expect(setns(k, c.pid, 1, 'net')).toEqual({ errno: 'ESRCH' });
  });
  test('a namespace held only by a bind mount can be joined (ip netns exec)', () => {
    const { k } = boot();
    const sh = fork(k, 1);
    const p = fork(k, sh.pid, { flags: F.net });
    k.emit({ type: 'ns.held', inum: p.ns.net, delta: 1 });
    must(exitProcess(k, p.pid, 0));
    expect(k.state.ns.byInum[p.ns.net]).toMatchObject({ procCount: 0, holds: 1 });
    const q = fork(k, sh.pid);
    must(setnsInum(k, q.pid, p.ns.net, 'net'));
    expect(k.proc(q.pid)!.ns.net).toBe(p.ns.net);
  });
});

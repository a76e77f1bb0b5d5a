import { describe, expect, test } from 'vitest';
import { clone } from './clone.ts';
import { boot, fork, becomeUser, must, typesSince } from './testkit.ts';
import { CLONE_FLAGS, type PidNamespace, type UserNamespace } from '../ns/types.ts';
import { FIRST_DYNAMIC_NS_INUM, INITIAL_NS_INUMS } from '../boot.ts';
import { CAP_FULL } from '../caps/caps.ts';
import { unshare } from '../ns/unshare.ts';
import { exitProcess } from './exit.ts';
import { capable } from '../caps/capable.ts';
import { sethostname } from '../ns/uts.ts';
import { writeIdMap } from '../ns/idmap.ts';
import { mkdirCgroup } from '../cgroup/dir.ts';
import { freezeCgroup } from '../cgroup/ops.ts';
import { writeCgroupFile } from '../cgroup/files.ts';

const F = CLONE_FLAGS;

describe('clone without new namespaces (fork)', () => {
  test('the child copies its parent and gets the next host PID', () => {
    const { k } = boot();
    const sh = fork(k, 1, { comm: 'bash', argv: ['bash'], env: { HOME: '/root' } });
    expect(sh.pid).toBe(3);
    expect(sh.ppid).toBe(1);
    expect(sh.nspids).toEqual([3]);
    expect(sh.ns).toEqual(INITIAL_NS_INUMS);
    expect(k.proc(1)?.children).toContain(3);
    const c = fork(k, sh.pid);
    expect(c.pid).toBe(4);
    expect(c.comm).toBe('bash');
    expect(c.env).toEqual({ HOME: '/root' });
    expect(c.cred).toEqual(sh.cred);
    expect(c.state).toBe('R');
    expect(c.startMs).toBe(0);
  });
  test('comm is cut to 15 characters', () => {
    const { k } = boot();
    expect(fork(k, 1, { comm: 'a-very-long-program-name' }).comm).toBe('a-very-long-pro');
  });
  test('unknown or dead parent → ESRCH', () => {
    const { k } = boot();
    expect(clone(k, 999)).toEqual({ errno: 'ESRCH' });
    const c = fork(k, 1);
    const g = fork(k, c.pid);
    must(exitProcess(k, g.pid, 0));
    expect(clone(k, g.pid)).toEqual({ errno: 'ESRCH' });
  });
  test('handled and ignored signals are inherited, pending ones are not', () => {
    const { k } = boot();
    const c = fork(k, 1);
    expect(c.caught).toEqual(k.proc(1)?.caught);
  });
});

describe('clone with CLONE_NEW* flags', () => {
  test('namespaces need CAP_SYS_ADMIN: EPERM for an ordinary user', () => {
    const { k } = boot();
    const u = fork(k, 1);
    becomeUser(k, u.pid, 1000);
    for (const t of ['mnt', 'uts', 'ipc', 'pid', 'net', 'cgroup', 'time'] as const) {
      expect(clone(k, u.pid, { flags: F[t] })).toEqual({ errno: 'EPERM' });
    }
  });
  test('events: ns.created for each new namespace (user first), then process.spawned', () => {
    const { k, log } = boot();
    const before = log.length;
    const c = fork(k, 1, { flags: F.pid | F.net | F.user | F.mnt | F.uts });
    expect(typesSince(log, before)).toEqual(['ns.created', 'ns.created', 'ns.created', 'ns.created', 'ns.created', 'process.spawned']);
    const created = log.slice(before, before + 5).map((e) => (e.type === 'ns.created' ? e.ns.type : ''));
    expect(created).toEqual(['user', 'mnt', 'uts', 'pid', 'net']);
    expect(c.ns.user).toBe(FIRST_DYNAMIC_NS_INUM);
    expect(c.ns.mnt).toBe(FIRST_DYNAMIC_NS_INUM + 1);
    const mntEvent = log[before + 1]!;
    expect(mntEvent.type === 'ns.created' && mntEvent.from).toBe(INITIAL_NS_INUMS.mnt);
  });
  test('a new PID namespace: PID 1 inside, a host PID outside, init recorded', () => {
    const { k } = boot();
    const c = fork(k, 1, { flags: F.pid });
    expect(c.nspids).toEqual([3, 1]);
    const ns = k.state.ns.byInum[c.pidNs] as PidNamespace;
    expect(ns.level).toBe(1);
    expect(ns.parent).toBe(INITIAL_NS_INUMS.pid);
    expect(ns.init).toBe(3);
    expect(ns.pids).toEqual({ 1: 3 });
    const grandchild = fork(k, c.pid);
    expect(grandchild.nspids).toEqual([4, 2]);
    const nested = fork(k, grandchild.pid, { flags: F.pid });
    expect(nested.nspids).toEqual([5, 3, 1]);
  });
  test('PID namespaces nest at most 32 deep: ENOSPC beyond', () => {
    const { k } = boot();
    let p = 1;
    for (let i = 1; i <= 32; i++) p = fork(k, p, { flags: F.pid }).pid;
    expect((k.state.ns.byInum[k.proc(p)!.pidNs] as PidNamespace).level).toBe(32);
    expect(k.proc(p)!.nspids).toHaveLength(33);
    expect(clone(k, p, { flags: F.pid })).toEqual({ errno: 'ENOSPC' });
  });
  test('user namespaces nest at most 32 deep: ENOSPC beyond', () => {
    const { k } = boot();
    let p = 1;
    for (let i = 1; i <= 32; i++) {
      p = fork(k, p, { flags: F.user }).pid;
      // Each level maps its creator's root to root, as `unshare -r` does.
      must(writeIdMap(k, p, p, 'uid', [{ inside: 0, outside: 0, count: 1 }]));
      must(writeIdMap(k, p, p, 'gid', [{ inside: 0, outside: 0, count: 1 }]));
    }
    expect(clone(k, p, { flags: F.user })).toEqual({ errno: 'ENOSPC' });
  });
  test('CLONE_NEWUSER from a user namespace whose uid_map is unwritten → EPERM (the euid has no mapping)', () => {
    const { k } = boot();
    const c = fork(k, 1, { flags: F.user });
    expect(clone(k, c.pid, { flags: F.user })).toEqual({ errno: 'EPERM' });
  });
  test('CLONE_NEWUSER works unprivileged; the child has every capability in the new namespace, which owns the others', () => {
    const { k } = boot();
    const u = fork(k, 1);
    becomeUser(k, u.pid, 1000);
    const c = fork(k, u.pid, { flags: F.user | F.net | F.uts });
    expect(c.caps.effective).toBe(CAP_FULL);
    expect(c.caps.bounding).toBe(CAP_FULL);
    const userNs = k.state.ns.byInum[c.ns.user] as UserNamespace;
    expect(userNs.parent).toBe(INITIAL_NS_INUMS.user);
    expect(userNs.ownerUid).toBe(1000);
    expect(userNs.uidMap).toBeNull();
    expect(k.state.ns.byInum[c.ns.net]?.owner).toBe(c.ns.user);
    expect(k.state.ns.byInum[c.ns.uts]?.owner).toBe(c.ns.user);
    // Powerful inside its own namespaces, powerless over the host's.
    expect(capable(k, c.pid, 'CAP_SYS_ADMIN')).toBe(true);
    expect(capable(k, c.pid, 'CAP_SYS_ADMIN', INITIAL_NS_INUMS.user)).toBe(false);
    expect(sethostname(k, c.pid, 'inside')).toBe(true);
    expect(k.state.ns.byInum[INITIAL_NS_INUMS.uts]).toMatchObject({ hostname: 'docker-host' });
  });
  test('CLONE_NEWUSER in a chroot → EPERM', () => {
    const { k } = boot();
    const c = fork(k, 1);
    k.emit({ type: 'process.rootChanged', pid: c.pid, root: '/srv/jail', cwd: '/' });
    expect(clone(k, c.pid, { flags: F.user })).toEqual({ errno: 'EPERM' });
  });
  test('a new UTS namespace copies the hostname; a new cgroup namespace is rooted at the cgroup', () => {
    const { k } = boot();
    expect(clone(k, 1, { cgroup: '/system.slice/docker-abc.scope' })).toEqual({ errno: 'ENOENT' });
    expect(mkdirCgroup(k, '/system.slice/docker-abc.scope')).toBeUndefined();
    const c = fork(k, 1, { flags: F.uts | F.cgroup, cgroup: '/system.slice/docker-abc.scope' });
    expect(k.state.ns.byInum[c.ns.uts]).toMatchObject({ type: 'uts', hostname: 'docker-host', domainname: '(none)' });
    expect(k.state.ns.byInum[c.ns.cgroup]).toMatchObject({ type: 'cgroup', root: '/system.slice/docker-abc.scope' });
    expect(c.cgroup).toBe('/system.slice/docker-abc.scope');
  });
  test('a new time namespace starts at offset 0 and is the child\'s time_for_children', () => {
    const { k } = boot();
    const c = fork(k, 1, { flags: F.time });
    expect(k.state.ns.byInum[c.ns.time]).toMatchObject({ type: 'time', monotonicOffsetMs: 0, boottimeOffsetMs: 0 });
    expect(c.timeNsForChildren).toBe(c.ns.time);
  });
  test('after unshare(CLONE_NEWPID) the next child is PID 1 of the new namespace; clone(CLONE_NEWPID) is EINVAL until then', () => {
    const { k } = boot();
    const runc = fork(k, 1);
    must(unshare(k, runc.pid, F.pid));
    expect(clone(k, runc.pid, { flags: F.pid })).toEqual({ errno: 'EINVAL' });
    const init = fork(k, runc.pid);
    expect(init.nspids).toEqual([init.pid, 1]);
    expect(init.pidNs).toBe(runc.pidNsForChildren);
    expect(k.proc(runc.pid)!.pidNs).toBe(INITIAL_NS_INUMS.pid);
    const second = fork(k, runc.pid);
    expect(second.nspids).toEqual([second.pid, 2]);
  });
  test('forking into a PID namespace whose init died → ENOMEM', () => {
    const { k } = boot();
    const runc = fork(k, 1);
    must(unshare(k, runc.pid, F.pid));
    const init = fork(k, runc.pid);
    must(exitProcess(k, init.pid, 0));
    expect(clone(k, runc.pid)).toEqual({ errno: 'ENOMEM' });
  });
  test('a full pids cgroup → EAGAIN; a frozen cgroup gives a frozen child', () => {
    const { k } = boot();
    const cg = '/system.slice/docker-abc.scope';
    expect(mkdirCgroup(k, cg)).toBeUndefined();
    const init = fork(k, 1, { cgroup: cg });
    expect(writeCgroupFile(k, 1, cg, 'pids.max', '1')).toBeUndefined();
    expect(clone(k, init.pid)).toEqual({ errno: 'EAGAIN' });
    expect(writeCgroupFile(k, 1, cg, 'pids.max', 'max')).toBeUndefined();
    expect(freezeCgroup(k, cg, true)).toBeUndefined();
    expect(fork(k, init.pid).frozen).toBe(true);
  });
});

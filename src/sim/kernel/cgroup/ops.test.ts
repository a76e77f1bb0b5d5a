import { describe, it, expect } from 'vitest';
import { isErr } from '../errno.ts';
import { boot, spawnIn, mkdirs, eventsOf } from './testkit.ts';
import { mkdirCgroup, rmdirCgroup } from './dir.ts';
import { cgroupExists, cgroupProcs, freezeCgroup, moveToCgroup } from './ops.ts';
import { readCgroupFile, writeCgroupFile } from './files.ts';
import { exitProcess } from '../process/exit.ts';

describe('mkdir and rmdir', () => {
  it('creates a cgroup with the controllers its parent enables', () => {
    const { k, log } = boot();
    expect(mkdirCgroup(k, '/system.slice/docker-abc.scope')).toBeUndefined();
    expect(cgroupExists(k, '/system.slice/docker-abc.scope')).toBe(true);
    expect(readCgroupFile(k, '/system.slice/docker-abc.scope', 'cgroup.controllers')).toBe(
      'cpuset cpu io memory hugetlb pids rdma misc\n',
    );
    expect(k.state.cgroup.byPath['/system.slice']?.children).toContain('docker-abc.scope');
    expect(eventsOf(log, 'cgroup.created').map((e) => e.path)).toEqual(['/system.slice/docker-abc.scope']);
  });

  it('keeps a cgroup\'s children sorted as Array.prototype.sort would (each insert in place)', () => {
    const { k } = boot();
    const before = [...(k.state.cgroup.byPath['/system.slice']?.children ?? [])];
    const names = ['docker-b.scope', 'Zed', 'docker-a.scope', 'a', 'docker-a.scope0', '_x', 'docker-c.scope', '10', '9'];
    for (const n of names) expect(mkdirCgroup(k, `/system.slice/${n}`)).toBeUndefined();
    expect(k.state.cgroup.byPath['/system.slice']?.children).toEqual([...before, ...names].sort());
    expect(rmdirCgroup(k, '/system.slice/docker-a.scope')).toBeUndefined();
    expect(mkdirCgroup(k, '/system.slice/docker-a.scope')).toBeUndefined();
    expect(k.state.cgroup.byPath['/system.slice']?.children).toEqual([...before, ...names].sort());
  });

  it('fails with EEXIST, ENOENT as mkdir(2) does', () => {
    const { k } = boot();
    expect(mkdirCgroup(k, '/system.slice')).toEqual({ errno: 'EEXIST' });
    expect(mkdirCgroup(k, '/')).toEqual({ errno: 'EEXIST' });
    expect(mkdirCgroup(k, '/no/such')).toEqual({ errno: 'ENOENT' });
    expect(mkdirCgroup(k, '/system.slice/cgroup.procs')).toEqual({ errno: 'EEXIST' });
    expect(mkdirCgroup(k, '/system.slice/memory.max')).toEqual({ errno: 'EEXIST' });
    // A name that looks like a file but is not one is fine.
    expect(mkdirCgroup(k, '/system.slice/memory.foo')).toBeUndefined();
  });

  it('honours cgroup.max.depth and cgroup.max.descendants with EAGAIN', () => {
    const { k } = boot();
    mkdirs(k, '/lim');
    expect(writeCgroupFile(k, 1, '/lim', 'cgroup.max.depth', '1')).toBeUndefined();
    expect(mkdirCgroup(k, '/lim/a')).toBeUndefined();
    expect(mkdirCgroup(k, '/lim/a/b')).toEqual({ errno: 'EAGAIN' });
    expect(writeCgroupFile(k, 1, '/lim', 'cgroup.max.descendants', '1')).toBeUndefined();
    expect(mkdirCgroup(k, '/lim/c')).toEqual({ errno: 'EAGAIN' });
    expect(readCgroupFile(k, '/lim', 'cgroup.max.depth')).toBe('1\n');
  });

  it('refuses rmdir of a populated cgroup or one with children (EBUSY)', () => {
    const { k, log } = boot();
    mkdirs(k, '/a/b');
    expect(rmdirCgroup(k, '/a')).toEqual({ errno: 'EBUSY' });
    spawnIn(k, 100, '/a/b');
    expect(rmdirCgroup(k, '/a/b')).toEqual({ errno: 'EBUSY' });
    expect(rmdirCgroup(k, '/')).toEqual({ errno: 'EBUSY' });
    expect(rmdirCgroup(k, '/nope')).toEqual({ errno: 'ENOENT' });
    exitProcess(k, 100, 0);
    expect(rmdirCgroup(k, '/a/b')).toBeUndefined();
    expect(rmdirCgroup(k, '/a')).toBeUndefined();
    expect(cgroupExists(k, '/a')).toBe(false);
    expect(k.state.cgroup.byPath['/']?.children).not.toContain('a');
    expect(eventsOf(log, 'cgroup.removed').map((e) => e.path)).toEqual(['/a/b', '/a']);
  });
});

describe('moveToCgroup', () => {
  it('emits process.cgroupMoved with from and to', () => {
    const { k, log } = boot();
    mkdirs(k, '/a', '/b');
    spawnIn(k, 100, '/a');
    expect(moveToCgroup(k, 100, '/b')).toBeUndefined();
    expect(eventsOf(log, 'process.cgroupMoved').at(-1)).toMatchObject({ pid: 100, from: '/a', to: '/b' });
    expect(cgroupProcs(k, '/a')).toEqual([]);
    expect(cgroupProcs(k, '/b')).toEqual([100]);
  });

  it('does nothing when the process is already there', () => {
    const { k, log } = boot();
    mkdirs(k, '/a');
    spawnIn(k, 100, '/a');
    const before = log.length;
    expect(moveToCgroup(k, 100, '/a')).toBeUndefined();
    expect(log.length).toBe(before);
  });

  it('fails for zombies (ESRCH), missing cgroups (ENOENT), kernel threads (EINVAL)', () => {
    const { k } = boot();
    mkdirs(k, '/a');
    spawnIn(k, 100, '/a');
    spawnIn(k, 101, '/a', { ppid: 100 });
    exitProcess(k, 101, 0);
    expect(moveToCgroup(k, 101, '/')).toEqual({ errno: 'ESRCH' });
    expect(moveToCgroup(k, 999, '/')).toEqual({ errno: 'ESRCH' });
    expect(moveToCgroup(k, 100, '/zz')).toEqual({ errno: 'ENOENT' });
    expect(moveToCgroup(k, 2, '/a')).toEqual({ errno: 'EINVAL' });
  });

  it('enforces "no internal processes": EBUSY into a non-root cgroup that delegates controllers', () => {
    const { k } = boot();
    spawnIn(k, 100, '/');
    expect(moveToCgroup(k, 100, '/system.slice')).toEqual({ errno: 'EBUSY' });
    // The root is exempt.
    mkdirs(k, '/a');
    expect(moveToCgroup(k, 100, '/a')).toBeUndefined();
    expect(moveToCgroup(k, 100, '/')).toBeUndefined();
  });

  it('freezes a process moved into a frozen cgroup and thaws one moved out', () => {
    const { k } = boot();
    mkdirs(k, '/ice', '/warm');
    spawnIn(k, 100, '/warm', { cpuDemand: 1 });
    freezeCgroup(k, '/ice', true);
    moveToCgroup(k, 100, '/ice');
    expect(k.proc(100)?.frozen).toBe(true);
    moveToCgroup(k, 100, '/warm');
    expect(k.proc(100)?.frozen).toBe(false);
  });
});

describe('freezer', () => {
  it('freezes every process in the subtree and reports frozen in cgroup.events', () => {
    const { k, log } = boot();
    mkdirs(k, '/c/sub');
    spawnIn(k, 100, '/c');
    spawnIn(k, 101, '/c/sub');
    expect(freezeCgroup(k, '/c', true)).toBeUndefined();
    expect(k.proc(100)?.frozen).toBe(true);
    expect(k.proc(101)?.frozen).toBe(true);
    expect(eventsOf(log, 'cgroup.frozenChanged')).toHaveLength(1);
    expect(eventsOf(log, 'process.frozenChanged').map((e) => e.pid)).toEqual([100, 101]);
    expect(readCgroupFile(k, '/c', 'cgroup.events')).toBe('populated 1\nfrozen 1\n');
    expect(readCgroupFile(k, '/c/sub', 'cgroup.events')).toBe('populated 1\nfrozen 1\n');
    expect(readCgroupFile(k, '/c/sub', 'cgroup.freeze')).toBe('0\n');
    expect(readCgroupFile(k, '/c', 'cgroup.freeze')).toBe('1\n');
  });

  it('keeps a descendant frozen by its own cgroup.freeze when the parent thaws', () => {
    const { k } = boot();
    mkdirs(k, '/c/sub');
    spawnIn(k, 100, '/c');
    spawnIn(k, 101, '/c/sub');
    freezeCgroup(k, '/c/sub', true);
    freezeCgroup(k, '/c', true);
    freezeCgroup(k, '/c', false);
    expect(k.proc(100)?.frozen).toBe(false);
    expect(k.proc(101)?.frozen).toBe(true);
  });

  it('is idempotent and refuses the root', () => {
    const { k, log } = boot();
    mkdirs(k, '/c');
    freezeCgroup(k, '/c', true);
    const n = log.length;
    freezeCgroup(k, '/c', true);
    expect(log.length).toBe(n);
    expect(isErr(freezeCgroup(k, '/', true))).toBe(true);
  });

  it('works through the cgroup.freeze file, with ERANGE for other numbers', () => {
    const { k } = boot();
    mkdirs(k, '/c');
    spawnIn(k, 100, '/c');
    expect(writeCgroupFile(k, 1, '/c', 'cgroup.freeze', '1\n')).toBeUndefined();
    expect(k.proc(100)?.frozen).toBe(true);
    expect(writeCgroupFile(k, 1, '/c', 'cgroup.freeze', '2')).toEqual({ errno: 'ERANGE' });
    expect(writeCgroupFile(k, 1, '/c', 'cgroup.freeze', 'yes')).toEqual({ errno: 'EINVAL' });
    expect(writeCgroupFile(k, 1, '/c', 'cgroup.freeze', '0')).toBeUndefined();
    expect(k.proc(100)?.frozen).toBe(false);
  });
});

describe('cgroup.kill', () => {
  it('SIGKILLs every process in the subtree', () => {
    const { k } = boot();
    mkdirs(k, '/c/sub');
    spawnIn(k, 100, '/c');
    spawnIn(k, 101, '/c/sub');
    spawnIn(k, 102, '/');
    expect(writeCgroupFile(k, 1, '/c', 'cgroup.kill', '1')).toBeUndefined();
    expect(k.proc(100)?.state ?? 'gone').not.toBe('S');
    expect(k.proc(101)?.state ?? 'gone').not.toBe('S');
    expect(k.proc(102)?.state).toBe('S');
    expect(readCgroupFile(k, '/c', 'cgroup.events')).toBe('populated 0\nfrozen 0\n');
    expect(writeCgroupFile(k, 1, '/c', 'cgroup.kill', '0')).toEqual({ errno: 'ERANGE' });
    expect(readCgroupFile(k, '/c', 'cgroup.kill')).toEqual({ errno: 'EACCES' });
  });
});

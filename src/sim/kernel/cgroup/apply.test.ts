import { describe, it, expect } from 'vitest';
import { boot, spawnIn, mkdirs, MiB } from './testkit.ts';
import { cgroupProcs } from './ops.ts';
import { exitProcess, reap } from '../process/exit.ts';
import { createInitialCgroupState } from './types.ts';
import { DEFAULT_MACHINE } from '../boot.ts';

describe('initial cgroup layout', () => {
  it('has the systemd tree with controllers enabled down to system.slice', () => {
    const s = createInitialCgroupState(DEFAULT_MACHINE);
    expect(Object.keys(s.byPath).sort()).toEqual(['/', '/init.scope', '/system.slice', '/user.slice']);
    expect(s.byPath['/']?.children).toEqual(['init.scope', 'system.slice', 'user.slice']);
    expect(s.byPath['/']?.subtreeControl).toEqual(['cpuset', 'cpu', 'io', 'memory', 'hugetlb', 'pids', 'rdma', 'misc']);
    expect(s.byPath['/init.scope']?.subtreeControl).toEqual([]);
  });

  it('puts booted processes into the cgroup their record names', () => {
    const { k } = boot();
    const all = Object.values(k.state.proc.byPid);
    for (const p of all) expect(k.state.cgroup.byPath[p.cgroup]?.procs[p.pid]).toBe(true);
    expect(k.state.cgroup.byPath['/']?.pidsCurrent).toBe(all.length);
  });

  it('survives a JSON round trip (plain data)', () => {
    const { k } = boot();
    spawnIn(k, 100, '/system.slice', { rssBytes: MiB });
    const copy = JSON.parse(JSON.stringify(k.state.cgroup));
    expect(copy).toEqual(k.state.cgroup);
  });
});

describe('membership and hierarchical counters', () => {
  it('charges memory and pids to the cgroup and every ancestor', () => {
    const { k } = boot();
    mkdirs(k, '/system.slice/a.service');
    spawnIn(k, 100, '/system.slice/a.service', { rssBytes: 10 * MiB });
    const a = k.state.cgroup.byPath['/system.slice/a.service'];
    const sys = k.state.cgroup.byPath['/system.slice'];
    expect(a?.memoryCurrent).toBe(10 * MiB);
    expect(sys?.memoryCurrent).toBe(10 * MiB);
    expect(a?.pidsCurrent).toBe(1);
    expect(sys?.pidsCurrent).toBe(1);
    expect(cgroupProcs(k, '/system.slice/a.service')).toEqual([100]);
  });

  it('tracks memory changes and keeps the peak', () => {
    const { k } = boot();
    mkdirs(k, '/x');
    spawnIn(k, 100, '/x', { rssBytes: 5 * MiB });
    k.emit({ type: 'process.memoryChanged', pid: 100, rssBytes: 20 * MiB });
    k.emit({ type: 'process.memoryChanged', pid: 100, rssBytes: 2 * MiB });
    const x = k.state.cgroup.byPath['/x'];
    expect(x?.memoryCurrent).toBe(2 * MiB);
    expect(x?.memoryPeak).toBe(20 * MiB);
  });

  it('moves memory and pid counts with process.cgroupMoved', () => {
    const { k } = boot();
    mkdirs(k, '/a', '/b');
    spawnIn(k, 100, '/a', { rssBytes: 3 * MiB });
    k.emit({ type: 'process.cgroupMoved', pid: 100, from: '/a', to: '/b' });
    const cg = k.state.cgroup.byPath;
    expect(cg['/a']?.memoryCurrent).toBe(0);
    expect(cg['/b']?.memoryCurrent).toBe(3 * MiB);
    expect(cg['/a']?.pidsCurrent).toBe(0);
    expect(cg['/b']?.pidsCurrent).toBe(1);
    expect(cgroupProcs(k, '/b')).toEqual([100]);
    expect(k.proc(100)?.cgroup).toBe('/b');
  });

  it('drops an exited process from cgroup.procs but counts it in pids.current until reaped', () => {
    const { k } = boot();
    mkdirs(k, '/c');
    spawnIn(k, 100, '/c');
    spawnIn(k, 101, '/c', { ppid: 100, rssBytes: MiB });
    expect(exitProcess(k, 101, 0)).toBe(true);
    const c = k.state.cgroup.byPath['/c'];
    expect(cgroupProcs(k, '/c')).toEqual([100]);
    expect(c?.memoryCurrent).toBe(0);
    expect(c?.pidsCurrent).toBe(2);
    expect(c?.nrLive).toBe(1);
    reap(k, 100, 101);
    expect(c?.pidsCurrent).toBe(1);
  });

  it('sorts cgroup.procs by pid whatever the join order', () => {
    const { k } = boot();
    mkdirs(k, '/a', '/b');
    spawnIn(k, 300, '/b');
    spawnIn(k, 100, '/a');
    spawnIn(k, 200, '/b');
    k.emit({ type: 'process.cgroupMoved', pid: 100, from: '/a', to: '/b' });
    expect(cgroupProcs(k, '/b')).toEqual([100, 200, 300]);
  });

  it('refuses (throws) a spawn into a cgroup that does not exist: a broken invariant', () => {
    const { k } = boot();
    expect(() => spawnIn(k, 100, '/nope')).toThrow(/no cgroup/);
  });
});

import { describe, it, expect } from 'vitest';
import { boot, spawnIn, mkdirs, eventsOf } from './testkit.ts';
import { accountCpu, computeCpu, cpuShares, installCgroup, waterFill } from './cpu.ts';
import { readCgroupFile, writeCgroupFile } from './files.ts';
import { freezeCgroup } from './ops.ts';
import { emptyHooks } from '../kernel.ts';

const A = '/system.slice/a.scope';
const B = '/system.slice/b.scope';

function twoGroups(cpus: number) {
  const b = boot({ cpus });
  mkdirs(b.k, A, B);
  return b;
}

describe('cpuShares', () => {
  it('splits one CPU 1/3 : 2/3 between busy cgroups of weight 100 and 200', () => {
    const { k } = twoGroups(1);
    writeCgroupFile(k, 1, B, 'cpu.weight', '200');
    spawnIn(k, 100, A, { cpuDemand: 1 });
    spawnIn(k, 101, B, { cpuDemand: 1 });
    const s = cpuShares(k.state);
    expect(s[100]).toBeCloseTo(1 / 3, 9);
    expect(s[101]).toBeCloseTo(2 / 3, 9);
  });

  it('gives an idle sibling\'s share to the busy one (work-conserving)', () => {
    const { k } = twoGroups(1);
    writeCgroupFile(k, 1, B, 'cpu.weight', '200');
    spawnIn(k, 100, A, { cpuDemand: 1 });
    spawnIn(k, 101, B, { cpuDemand: 0 });
    expect(cpuShares(k.state)).toEqual({ 100: 1 });
  });

  it('caps a cgroup at cpu.max even with idle CPUs', () => {
    const { k } = twoGroups(2);
    writeCgroupFile(k, 1, A, 'cpu.max', '50000 100000');
    spawnIn(k, 100, A, { cpuDemand: 1 });
    expect(cpuShares(k.state)[100]).toBeCloseTo(0.5, 9);
  });

  it('never gives a process more than its demand, and splits a cgroup among its processes', () => {
    const { k } = twoGroups(4);
    spawnIn(k, 100, A, { cpuDemand: 0.25 });
    spawnIn(k, 101, B, { cpuDemand: 2 });
    spawnIn(k, 102, B, { cpuDemand: 2 });
    const s = cpuShares(k.state);
    expect(s[100]).toBeCloseTo(0.25, 9);
    expect(s[101]).toBeCloseTo(1.875, 9);
    expect(s[102]).toBeCloseTo(1.875, 9);
  });

  it('skips sleeping, stopped and frozen processes', () => {
    const { k } = twoGroups(1);
    spawnIn(k, 100, A, { cpuDemand: 1 });
    spawnIn(k, 101, B, { cpuDemand: 1, state: 'S' });
    spawnIn(k, 102, B, { cpuDemand: 1, state: 'T' });
    expect(cpuShares(k.state)).toEqual({ 100: 1 });
    freezeCgroup(k, A, true);
    expect(cpuShares(k.state)).toEqual({});
  });

  it('caps a cgroup at the size of its cpuset', () => {
    const { k } = twoGroups(4);
    writeCgroupFile(k, 1, A, 'cpuset.cpus', '2');
    spawnIn(k, 100, A, { cpuDemand: 3 });
    expect(cpuShares(k.state)[100]).toBeCloseTo(1, 9);
  });

  it('treats processes in the root as weight-100 entities beside the slices', () => {
    const { k } = twoGroups(1);
    spawnIn(k, 100, '/', { cpuDemand: 1 });
    spawnIn(k, 101, A, { cpuDemand: 1 });
    const s = cpuShares(k.state);
    expect(s[100]).toBeCloseTo(0.5, 9);
    expect(s[101]).toBeCloseTo(0.5, 9);
  });

  it('never hands out more than the machine has', () => {
    const { k } = twoGroups(2);
    for (let i = 0; i < 10; i++) spawnIn(k, 100 + i, i % 2 ? A : B, { cpuDemand: 0.7 });
    const total = Object.values(cpuShares(k.state)).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(2, 9);
    expect(computeCpu(k.state).byCgroup['/']?.granted).toBeCloseTo(2, 9);
  });
});

describe('waterFill', () => {
  it('redistributes what satisfied items leave', () => {
    const g = waterFill(3, [{ demand: 0.5, weight: 100 }, { demand: 5, weight: 100 }, { demand: 5, weight: 200 }]);
    expect(g[0]).toBeCloseTo(0.5, 9);
    expect(g[1]).toBeCloseTo(2.5 / 3, 9);
    expect(g[2]).toBeCloseTo(5 / 3, 9);
  });
});

describe('accountCpu (the ticked hook)', () => {
  it('is registered by installCgroup', () => {
    const hooks = emptyHooks();
    installCgroup(hooks);
    expect(hooks.ticked).toEqual([accountCpu]);
  });

  it('charges processes and cgroup cpu.stat hierarchically, one event per process and cgroup', () => {
    const { k, log } = twoGroups(1);
    writeCgroupFile(k, 1, B, 'cpu.weight', '200');
    spawnIn(k, 100, A, { cpuDemand: 1 });
    spawnIn(k, 101, B, { cpuDemand: 1 });
    accountCpu(k, 0, 300);
    expect(k.proc(100)?.cpuUsageUsec).toBe(100000);
    expect(k.proc(101)?.cpuUsageUsec).toBe(200000);
    expect(eventsOf(log, 'process.cpuCharged')).toHaveLength(2);
    expect(eventsOf(log, 'cgroup.cpuAccounted').map((e) => e.path).sort()).toEqual([A, B]);
    expect(readCgroupFile(k, A, 'cpu.stat')).toMatch(/^usage_usec 100000\nuser_usec 100000\nsystem_usec 0\n/);
    expect(readCgroupFile(k, '/system.slice', 'cpu.stat')).toMatch(/^usage_usec 300000\n/);
    expect(readCgroupFile(k, '/', 'cpu.stat')).toMatch(/^usage_usec 300000\n/);
  });

  it('counts throttling under cpu.max', () => {
    const { k } = twoGroups(2);
    writeCgroupFile(k, 1, A, 'cpu.max', '50000 100000');
    spawnIn(k, 100, A, { cpuDemand: 1 });
    accountCpu(k, 0, 1000);
    expect(readCgroupFile(k, A, 'cpu.stat')).toBe(
      'usage_usec 500000\nuser_usec 500000\nsystem_usec 0\ncore_sched.force_idle_usec 0\nnr_periods 10\nnr_throttled 10\nthrottled_usec 500000\nnr_bursts 0\nburst_usec 0\n',
    );
  });

  it('counts periods without throttling when the group stays under its quota', () => {
    const { k } = twoGroups(2);
    writeCgroupFile(k, 1, A, 'cpu.max', '50000 100000');
    spawnIn(k, 100, A, { cpuDemand: 0.25 });
    accountCpu(k, 0, 50);
    accountCpu(k, 50, 250);
    expect(readCgroupFile(k, A, 'cpu.stat')).toContain('nr_periods 2\nnr_throttled 0\nthrottled_usec 0\n');
  });

  it('emits nothing when nothing runs', () => {
    const { k, log } = twoGroups(2);
    spawnIn(k, 100, A, { cpuDemand: 0 });
    const n = log.length;
    accountCpu(k, 0, 1000);
    accountCpu(k, 1000, 1000);
    expect(log.length).toBe(n);
  });
});

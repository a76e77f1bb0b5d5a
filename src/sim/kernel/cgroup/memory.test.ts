import { describe, it, expect } from 'vitest';
import { boot, spawnIn, mkdirs, eventsOf, MiB } from './testkit.ts';
import { chargeMemory } from './memory.ts';
import { readCgroupFile, writeCgroupFile } from './files.ts';

const C = '/system.slice/docker-abc.scope';

function limited(maxBytes: number, machine: { memTotalBytes?: number } = {}) {
  const b = boot(machine);
  mkdirs(b.k, C);
  writeCgroupFile(b.k, 1, C, 'memory.max', String(maxBytes));
  return b;
}

describe('chargeMemory', () => {
  it('charges under the limit without any OOM', () => {
    const { k, log } = limited(100 * MiB);
    spawnIn(k, 100, C);
    expect(chargeMemory(k, 100, 50 * MiB)).toBe('ok');
    expect(readCgroupFile(k, C, 'memory.current')).toBe(`${50 * MiB}\n`);
    expect(eventsOf(log, 'process.memoryChanged').at(-1)).toMatchObject({ pid: 100, rssBytes: 50 * MiB });
    expect(eventsOf(log, 'cgroup.oomKilled')).toHaveLength(0);
  });

  it('OOM-kills the charging process when it is the biggest, and counts the events', () => {
    const { k, log } = limited(100 * MiB);
    spawnIn(k, 100, C, { rssBytes: 10 * MiB });
    spawnIn(k, 101, C, { rssBytes: 20 * MiB });
    expect(chargeMemory(k, 101, 120 * MiB)).toBe('oom-killed');
    const kill = eventsOf(log, 'cgroup.oomKilled');
    expect(kill).toHaveLength(1);
    expect(kill[0]).toMatchObject({ path: C, pid: 101, cgroup: C, rssBytes: 120 * MiB, limit: 100 * MiB, group: false });
    expect(k.proc(101)?.state ?? 'Z').toBe('Z');
    expect(k.proc(100)?.state).toBe('S');
    expect(readCgroupFile(k, C, 'memory.events')).toBe('low 0\nhigh 0\nmax 1\noom 1\noom_kill 1\noom_group_kill 0\n');
    expect(readCgroupFile(k, C, 'memory.current')).toBe(`${10 * MiB}\n`);
    expect(readCgroupFile(k, C, 'memory.peak')).toBe(`${130 * MiB}\n`);
    // Hierarchical counters reach the parent; the local file stays with the cgroup.
    expect(readCgroupFile(k, '/system.slice', 'memory.events')).toContain('oom_kill 1\n');
    expect(readCgroupFile(k, '/system.slice', 'memory.events.local')).toContain('oom_kill 0\n');
  });

  it('kills the biggest process even when another one charged, and returns ok to the charger', () => {
    const { k, log } = limited(100 * MiB);
    spawnIn(k, 100, C, { rssBytes: 90 * MiB });
    spawnIn(k, 101, C, { rssBytes: 1 * MiB });
    expect(chargeMemory(k, 101, 20 * MiB)).toBe('ok');
    expect(eventsOf(log, 'cgroup.oomKilled').map((e) => e.pid)).toEqual([100]);
    expect(k.proc(101)?.state).toBe('S');
  });

  it('chooses victims inside the limited cgroup only', () => {
    const { k, log } = limited(100 * MiB);
    spawnIn(k, 50, '/', { rssBytes: 500 * MiB });
    spawnIn(k, 100, C, { rssBytes: 10 * MiB });
    expect(chargeMemory(k, 100, 200 * MiB)).toBe('oom-killed');
    expect(eventsOf(log, 'cgroup.oomKilled').map((e) => e.pid)).toEqual([100]);
    expect(k.proc(50)?.state).toBe('S');
  });

  it('takes the limit from an ancestor: OOM in the ancestor, oom_kill in the victim cgroup', () => {
    const { k, log } = boot();
    mkdirs(k, '/system.slice/a', '/system.slice/b');
    writeCgroupFile(k, 1, '/system.slice', 'memory.max', '100M');
    spawnIn(k, 100, '/system.slice/a', { rssBytes: 60 * MiB });
    spawnIn(k, 101, '/system.slice/b', { rssBytes: 10 * MiB });
    expect(chargeMemory(k, 101, 50 * MiB)).toBe('ok');
    expect(eventsOf(log, 'cgroup.oomKilled')[0]).toMatchObject({ path: '/system.slice', pid: 100, cgroup: '/system.slice/a' });
    expect(readCgroupFile(k, '/system.slice', 'memory.events.local')).toBe('low 0\nhigh 0\nmax 1\noom 1\noom_kill 0\noom_group_kill 0\n');
    expect(readCgroupFile(k, '/system.slice/a', 'memory.events.local')).toContain('oom_kill 1\n');
    expect(readCgroupFile(k, '/system.slice/b', 'memory.events')).toContain('oom_kill 0\n');
  });

  it('kills the whole cgroup with memory.oom.group=1', () => {
    const { k, log } = limited(100 * MiB);
    writeCgroupFile(k, 1, C, 'memory.oom.group', '1');
    spawnIn(k, 100, C, { rssBytes: 10 * MiB });
    spawnIn(k, 101, C, { rssBytes: 20 * MiB });
    spawnIn(k, 102, C, { rssBytes: 30 * MiB });
    expect(chargeMemory(k, 100, 80 * MiB)).toBe('oom-killed');
    const kills = eventsOf(log, 'cgroup.oomKilled');
    expect(kills.map((e) => e.pid).sort()).toEqual([100, 101, 102]);
    expect(kills.every((e) => e.group)).toBe(true);
    expect(readCgroupFile(k, C, 'memory.events')).toBe('low 0\nhigh 0\nmax 1\noom 1\noom_kill 3\noom_group_kill 1\n');
    expect(readCgroupFile(k, C, 'cgroup.events')).toBe('populated 0\nfrozen 0\n');
  });

  it('runs a host-wide OOM past MemTotal, never choosing PID 1, and counts oom_kill in the victim cgroup', () => {
    const { k, log } = boot({ memTotalBytes: 1024 * MiB });
    mkdirs(k, C);
    k.emit({ type: 'process.memoryChanged', pid: 1, rssBytes: 900 * MiB });
    spawnIn(k, 100, C, { rssBytes: 150 * MiB });
    spawnIn(k, 101, '/', { rssBytes: 10 * MiB });
    expect(chargeMemory(k, 101, 100 * MiB)).toBe('ok');
    const kill = eventsOf(log, 'cgroup.oomKilled');
    expect(kill).toHaveLength(1);
    expect(kill[0]).toMatchObject({ path: '/', pid: 100, cgroup: C, limit: 1024 * MiB });
    expect(readCgroupFile(k, C, 'memory.events')).toBe('low 0\nhigh 0\nmax 0\noom 0\noom_kill 1\noom_group_kill 0\n');
    expect(k.proc(1)?.state).not.toBe('Z');
  });

  it('counts memory.high breaches without killing', () => {
    const { k, log } = boot();
    mkdirs(k, C);
    writeCgroupFile(k, 1, C, 'memory.high', '10M');
    spawnIn(k, 100, C);
    expect(chargeMemory(k, 100, 20 * MiB)).toBe('ok');
    expect(readCgroupFile(k, C, 'memory.events')).toContain('high 1\n');
    expect(eventsOf(log, 'cgroup.oomKilled')).toHaveLength(0);
  });

  it('never OOMs on an uncharge, and rejects bad input', () => {
    const { k } = limited(10 * MiB);
    spawnIn(k, 100, C);
    spawnIn(k, 101, C, { ppid: 100 });
    expect(chargeMemory(k, 100, 5 * MiB)).toBe('ok');
    expect(chargeMemory(k, 100, 1 * MiB)).toBe('ok');
    expect(chargeMemory(k, 100, -1)).toEqual({ errno: 'EINVAL' });
    expect(chargeMemory(k, 100, Number.NaN)).toEqual({ errno: 'EINVAL' });
    expect(chargeMemory(k, 999, 1)).toEqual({ errno: 'ESRCH' });
  });
});

describe('lowering memory.max', () => {
  it('OOM-kills until memory.current fits, counting oom but not max', () => {
    const { k, log } = boot();
    mkdirs(k, C);
    spawnIn(k, 100, C, { rssBytes: 40 * MiB });
    spawnIn(k, 101, C, { rssBytes: 30 * MiB });
    spawnIn(k, 102, C, { rssBytes: 5 * MiB });
    expect(writeCgroupFile(k, 1, C, 'memory.max', '32M')).toBeUndefined();
    expect(eventsOf(log, 'cgroup.oomKilled').map((e) => e.pid)).toEqual([100, 101]);
    expect(readCgroupFile(k, C, 'memory.current')).toBe(`${5 * MiB}\n`);
    expect(readCgroupFile(k, C, 'memory.events')).toBe('low 0\nhigh 0\nmax 0\noom 2\noom_kill 2\noom_group_kill 0\n');
  });

  it('to zero with an empty write, as `echo > memory.max` does', () => {
    const { k } = boot();
    mkdirs(k, C);
    spawnIn(k, 100, C, { rssBytes: 4096 });
    expect(writeCgroupFile(k, 1, C, 'memory.max', '\n')).toBeUndefined();
    expect(readCgroupFile(k, C, 'memory.max')).toBe('0\n');
    expect(k.proc(100)?.state ?? 'Z').toBe('Z');
  });
});

import { describe, it, expect } from 'vitest';
import { boot, spawnIn, mkdirs, eventsOf } from './testkit.ts';
import { canFork } from './limits.ts';
import { readCgroupFile, writeCgroupFile } from './files.ts';
import { exitProcess, reap } from '../process/exit.ts';
import { moveToCgroup } from './ops.ts';

const C = '/system.slice/docker-abc.scope';

describe('canFork (pids.max)', () => {
  it('allows forks up to pids.max and refuses the next, counting pids.events max', () => {
    const { k, log } = boot();
    mkdirs(k, C);
    writeCgroupFile(k, 1, C, 'pids.max', '2');
    spawnIn(k, 100, C);
    expect(canFork(k, C)).toBe(true);
    spawnIn(k, 101, C, { ppid: 100 });
    expect(readCgroupFile(k, C, 'pids.current')).toBe('2\n');
    expect(canFork(k, C)).toBe(false);
    expect(readCgroupFile(k, C, 'pids.events')).toBe('max 1\n');
    expect(eventsOf(log, 'cgroup.pidsLimitHit')).toEqual([expect.objectContaining({ path: C, limitPath: C })]);
  });

  it('checks every ancestor and counts the event in the forking cgroup', () => {
    const { k } = boot();
    mkdirs(k, C + '/inner');
    writeCgroupFile(k, 1, C, 'cgroup.subtree_control', '+pids');
    writeCgroupFile(k, 1, '/system.slice', 'pids.max', '1');
    spawnIn(k, 100, C + '/inner');
    expect(canFork(k, C + '/inner')).toBe(false);
    expect(readCgroupFile(k, C + '/inner', 'pids.events')).toBe('max 1\n');
    expect(readCgroupFile(k, '/system.slice', 'pids.events')).toBe('max 0\n');
  });

  it('counts zombies until they are reaped', () => {
    const { k } = boot();
    mkdirs(k, C);
    writeCgroupFile(k, 1, C, 'pids.max', '2');
    spawnIn(k, 100, C);
    spawnIn(k, 101, C, { ppid: 100 });
    exitProcess(k, 101, 0);
    expect(canFork(k, C)).toBe(false);
    reap(k, 100, 101);
    expect(canFork(k, C)).toBe(true);
  });

  it('lets migration push pids.current past pids.max (only forks are refused)', () => {
    const { k } = boot();
    mkdirs(k, C);
    writeCgroupFile(k, 1, C, 'pids.max', '0');
    spawnIn(k, 100, '/');
    expect(moveToCgroup(k, 100, C)).toBeUndefined();
    expect(readCgroupFile(k, C, 'pids.current')).toBe('1\n');
    expect(canFork(k, C)).toBe(false);
  });

  it('never limits the root', () => {
    const { k } = boot();
    expect(canFork(k, '/')).toBe(true);
  });
});

import { describe, it, expect } from 'vitest';
import { isErr } from '../errno.ts';
import { boot, spawnIn, mkdirs, eventsOf, MiB } from './testkit.ts';
import { cgroupFileMode, listCgroupFiles, readCgroupFile, writeCgroupFile } from './files.ts';
import { cgroupProcs } from './ops.ts';
import { rootTask } from '../boot.ts';

const C = '/system.slice/docker-abc.scope';

function setup() {
  const b = boot();
  mkdirs(b.k, C);
  return b;
}

function read(k: Parameters<typeof readCgroupFile>[0], file: string, path = C): string {
  const r = readCgroupFile(k, path, file);
  if (isErr(r)) throw new Error(`${file}: ${r.errno}`);
  return r;
}

describe('which files exist', () => {
  it('gives the root no limits: reading memory.max there is ENOENT', () => {
    const { k } = setup();
    const root = listCgroupFiles(k, '/') as string[];
    for (const f of ['memory.max', 'memory.current', 'cpu.max', 'cpu.weight', 'pids.max', 'cgroup.freeze', 'cgroup.events', 'cgroup.type']) {
      expect(root).not.toContain(f);
      expect(readCgroupFile(k, '/', f)).toEqual({ errno: 'ENOENT' });
    }
    for (const f of ['cgroup.controllers', 'cgroup.procs', 'cgroup.subtree_control', 'cpu.stat', 'memory.stat', 'cpuset.cpus.effective']) {
      expect(root).toContain(f);
    }
  });

  it('lists a container scope like ls, sorted, with every controller file', () => {
    const { k } = setup();
    const files = listCgroupFiles(k, C) as string[];
    expect(files).toEqual([...files].sort());
    for (const f of ['cgroup.procs', 'cgroup.freeze', 'cgroup.kill', 'cpu.max', 'cpu.weight', 'cpu.stat', 'memory.max', 'memory.events', 'memory.oom.group', 'pids.max', 'pids.current', 'cpuset.cpus', 'io.weight', 'hugetlb.2MB.max']) {
      expect(files).toContain(f);
    }
  });

  it('shows controller files only where the parent enables the controller', () => {
    const { k } = setup();
    mkdirs(k, '/user.slice/u');
    const files = listCgroupFiles(k, '/user.slice/u') as string[];
    expect(files).toContain('memory.max');
    expect(files).toContain('pids.max');
    expect(files).not.toContain('cpu.max');
    expect(files).toContain('cpu.stat');
    expect(readCgroupFile(k, '/user.slice/u', 'cpu.weight')).toEqual({ errno: 'ENOENT' });
    expect(listCgroupFiles(k, '/nope')).toEqual({ errno: 'ENOENT' });
    expect(readCgroupFile(k, C, 'no.such')).toEqual({ errno: 'ENOENT' });
  });

  it('gives ls -l modes', () => {
    expect(cgroupFileMode('memory.max')).toBe(0o644);
    expect(cgroupFileMode('memory.current')).toBe(0o444);
    expect(cgroupFileMode('cgroup.kill')).toBe(0o200);
    expect(cgroupFileMode('nope')).toBeNull();
  });
});

describe('default contents, in the kernel format', () => {
  it('reads the core files', () => {
    const { k } = setup();
    spawnIn(k, 100, C);
    expect(read(k, 'cgroup.procs')).toBe('100\n');
    expect(read(k, 'cgroup.threads')).toBe('100\n');
    expect(read(k, 'cgroup.type')).toBe('domain\n');
    expect(read(k, 'cgroup.events')).toBe('populated 1\nfrozen 0\n');
    expect(read(k, 'cgroup.freeze')).toBe('0\n');
    expect(read(k, 'cgroup.subtree_control')).toBe('\n');
    expect(read(k, 'cgroup.max.depth')).toBe('max\n');
    expect(read(k, 'cgroup.stat')).toBe('nr_descendants 0\nnr_dying_descendants 0\n');
    expect(read(k, 'cgroup.controllers', '/')).toBe('cpuset cpu io memory hugetlb pids rdma misc\n');
    expect(read(k, 'cgroup.stat', '/')).toBe('nr_descendants 4\nnr_dying_descendants 0\n');
    expect(read(k, 'cgroup.controllers', '/user.slice')).toBe('cpuset cpu io memory hugetlb pids rdma misc\n');
    expect(read(k, 'cgroup.subtree_control', '/user.slice')).toBe('memory pids\n');
  });

  it('reads the memory files', () => {
    const { k } = setup();
    spawnIn(k, 100, C, { rssBytes: 7 * MiB });
    expect(read(k, 'memory.current')).toBe(`${7 * MiB}\n`);
    expect(read(k, 'memory.max')).toBe('max\n');
    expect(read(k, 'memory.high')).toBe('max\n');
    expect(read(k, 'memory.low')).toBe('0\n');
    expect(read(k, 'memory.min')).toBe('0\n');
    expect(read(k, 'memory.swap.max')).toBe('max\n');
    expect(read(k, 'memory.oom.group')).toBe('0\n');
    expect(read(k, 'memory.peak')).toBe(`${7 * MiB}\n`);
    expect(read(k, 'memory.events')).toBe('low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n');
    const stat = read(k, 'memory.stat').split('\n');
    expect(stat[0]).toBe(`anon ${7 * MiB}`);
    expect(stat[1]).toBe('file 0');
    expect(stat).toContain(`inactive_anon ${7 * MiB}`);
    expect(stat).toContain('slab 0');
    expect(read(k, 'memory.numa_stat').split('\n')[0]).toBe(`anon N0=${7 * MiB}`);
    expect(read(k, 'memory.swap.events')).toBe('high 0\nmax 0\nfail 0\n');
  });

  it('reads the cpu, pids and cpuset files', () => {
    const { k } = setup();
    expect(read(k, 'cpu.max')).toBe('max 100000\n');
    expect(read(k, 'cpu.weight')).toBe('100\n');
    expect(read(k, 'cpu.weight.nice')).toBe('0\n');
    expect(read(k, 'cpu.stat')).toBe(
      'usage_usec 0\nuser_usec 0\nsystem_usec 0\ncore_sched.force_idle_usec 0\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\nnr_bursts 0\nburst_usec 0\n',
    );
    expect(read(k, 'cpu.stat', '/')).toBe('usage_usec 0\nuser_usec 0\nsystem_usec 0\ncore_sched.force_idle_usec 0\n');
    expect(read(k, 'pids.max')).toBe('max\n');
    expect(read(k, 'pids.current')).toBe('0\n');
    expect(read(k, 'pids.events')).toBe('max 0\n');
    expect(read(k, 'cpuset.cpus')).toBe('\n');
    expect(read(k, 'cpuset.cpus.effective')).toBe('0-1\n');
    expect(read(k, 'cpuset.mems.effective')).toBe('0\n');
    expect(read(k, 'io.weight')).toBe('default 100\n');
  });

  it('shows cgroup.procs in the reader\'s PID namespace, 0 for invisible processes', () => {
    const { k } = setup();
    spawnIn(k, 100, C);
    // A PID namespace one level down, whose init is host PID 101.
    const inum = 4026532999 as never;
    k.emit({
      type: 'ns.created',
      ns: { inum, type: 'pid', owner: k.state.ns.initial.user, parent: k.state.ns.initial.pid, level: 1, nextPid: 1, init: null, dead: false, pids: {}, procCount: 0, holds: 0, createdMs: 0, creator: 100 },
    });
    const p = rootTask(101, 100, 'sh', ['/bin/sh']);
    p.cgroup = C;
    p.nspids = [101, 1];
    p.pidNs = inum;
    p.pidNsForChildren = inum;
    p.ns = { ...p.ns, pid: inum };
    k.emit({ type: 'process.spawned', proc: p });
    expect(readCgroupFile(k, C, 'cgroup.procs')).toBe('100\n101\n');
    expect(readCgroupFile(k, C, 'cgroup.procs', 101)).toBe('0\n1\n');
    expect(readCgroupFile(k, C, 'cgroup.procs', 1)).toBe('100\n101\n');
    // Writing "1" from inside means the namespace's PID 1, i.e. host 101.
    mkdirs(k, '/system.slice/other.scope');
    expect(writeCgroupFile(k, 101, '/system.slice/other.scope', 'cgroup.procs', '1')).toBeUndefined();
    expect(cgroupProcs(k, '/system.slice/other.scope')).toEqual([101]);
    expect(writeCgroupFile(k, 101, C, 'cgroup.procs', '100')).toEqual({ errno: 'ESRCH' });
  });
});

describe('writing knobs', () => {
  it('parses memory.max like memparse and rounds down to pages', () => {
    const { k, log } = setup();
    const cases: Array<[string, string]> = [
      ['100M', '104857600'],
      ['1G\n', '1073741824'],
      ['512k', '524288'],
      ['1000000', '999424'],
      ['0x100000', '1048576'],
      ['max', 'max'],
    ];
    for (const [input, out] of cases) {
      expect(writeCgroupFile(k, 1, C, 'memory.max', input)).toBeUndefined();
      expect(read(k, 'memory.max')).toBe(out + '\n');
    }
    for (const bad of ['abc', '-1', '10X', '1.5G', 'maxx']) {
      expect(writeCgroupFile(k, 1, C, 'memory.max', bad)).toEqual({ errno: 'EINVAL' });
    }
    expect(eventsOf(log, 'cgroup.limitSet').at(-1)).toMatchObject({ path: C, file: 'memory.max', value: 'max' });
  });

  it('sets memory.high, memory.low, memory.swap.max and memory.oom.group', () => {
    const { k } = setup();
    expect(writeCgroupFile(k, 1, C, 'memory.high', '64M')).toBeUndefined();
    expect(writeCgroupFile(k, 1, C, 'memory.low', '8M')).toBeUndefined();
    expect(writeCgroupFile(k, 1, C, 'memory.swap.max', '0')).toBeUndefined();
    expect(writeCgroupFile(k, 1, C, 'memory.oom.group', '1')).toBeUndefined();
    expect(writeCgroupFile(k, 1, C, 'memory.oom.group', '2')).toEqual({ errno: 'EINVAL' });
    expect(read(k, 'memory.high')).toBe('67108864\n');
    expect(read(k, 'memory.low')).toBe('8388608\n');
    expect(read(k, 'memory.swap.max')).toBe('0\n');
    expect(read(k, 'memory.oom.group')).toBe('1\n');
  });

  it('validates cpu.max like cpu_max_write', () => {
    const { k } = setup();
    expect(writeCgroupFile(k, 1, C, 'cpu.max', '50000 100000')).toBeUndefined();
    expect(read(k, 'cpu.max')).toBe('50000 100000\n');
    expect(writeCgroupFile(k, 1, C, 'cpu.max', '150000')).toBeUndefined();
    expect(read(k, 'cpu.max')).toBe('150000 100000\n');
    expect(writeCgroupFile(k, 1, C, 'cpu.max', 'max 50000')).toBeUndefined();
    expect(read(k, 'cpu.max')).toBe('max 50000\n');
    expect(writeCgroupFile(k, 1, C, 'cpu.max', '500 100000')).toEqual({ errno: 'EINVAL' });
    expect(writeCgroupFile(k, 1, C, 'cpu.max', '50000 2000000')).toEqual({ errno: 'EINVAL' });
    expect(writeCgroupFile(k, 1, C, 'cpu.max', 'lots')).toEqual({ errno: 'EINVAL' });
    expect(writeCgroupFile(k, 1, C, 'cpu.max', '')).toEqual({ errno: 'EINVAL' });
  });

  it('validates cpu.weight (ERANGE outside 1..10000) and cpu.weight.nice', () => {
    const { k } = setup();
    expect(writeCgroupFile(k, 1, C, 'cpu.weight', '0')).toEqual({ errno: 'ERANGE' });
    expect(writeCgroupFile(k, 1, C, 'cpu.weight', '10001')).toEqual({ errno: 'ERANGE' });
    expect(writeCgroupFile(k, 1, C, 'cpu.weight', 'heavy')).toEqual({ errno: 'EINVAL' });
    expect(writeCgroupFile(k, 1, C, 'cpu.weight', '200')).toBeUndefined();
    expect(read(k, 'cpu.weight')).toBe('200\n');
    expect(writeCgroupFile(k, 1, C, 'cpu.weight.nice', '-20')).toBeUndefined();
    expect(read(k, 'cpu.weight')).toBe('8668\n');
    expect(read(k, 'cpu.weight.nice')).toBe('-20\n');
    expect(writeCgroupFile(k, 1, C, 'cpu.weight.nice', '20')).toEqual({ errno: 'ERANGE' });
  });

  it('validates pids.max and cpuset.cpus', () => {
    const { k } = setup();
    expect(writeCgroupFile(k, 1, C, 'pids.max', '-1')).toEqual({ errno: 'EINVAL' });
    expect(writeCgroupFile(k, 1, C, 'pids.max', '4194305')).toEqual({ errno: 'EINVAL' });
    expect(writeCgroupFile(k, 1, C, 'pids.max', '10')).toBeUndefined();
    expect(read(k, 'pids.max')).toBe('10\n');
    expect(writeCgroupFile(k, 1, C, 'cpuset.cpus', '0,1')).toBeUndefined();
    expect(read(k, 'cpuset.cpus')).toBe('0-1\n');
    expect(writeCgroupFile(k, 1, C, 'cpuset.cpus', '1')).toBeUndefined();
    expect(read(k, 'cpuset.cpus.effective')).toBe('1\n');
    expect(writeCgroupFile(k, 1, C, 'cpuset.cpus', '3')).toEqual({ errno: 'EINVAL' });
    expect(writeCgroupFile(k, 1, C, 'cpuset.cpus', '1-0')).toEqual({ errno: 'EINVAL' });
  });

  it('requires root to write, and refuses writes to read-only files', () => {
    const { k } = setup();
    const p = spawnIn(k, 100, C);
    k.emit({ type: 'process.credsChanged', pid: 100, cred: { ...p.cred, uid: 1000, euid: 1000, fsuid: 1000 }, caps: p.caps });
    expect(writeCgroupFile(k, 100, C, 'memory.max', '1G')).toEqual({ errno: 'EACCES' });
    expect(writeCgroupFile(k, 1, C, 'memory.current', '1')).toEqual({ errno: 'EACCES' });
    expect(writeCgroupFile(k, 1, '/', 'memory.max', '1G')).toEqual({ errno: 'ENOENT' });
    expect(writeCgroupFile(k, 999, C, 'memory.max', '1G')).toEqual({ errno: 'ESRCH' });
  });
});

describe('cgroup.subtree_control', () => {
  it('enables and disables controllers for the children', () => {
    const { k, log } = setup();
    mkdirs(k, C + '/inner');
    expect(writeCgroupFile(k, 1, C, 'cgroup.subtree_control', '+memory +pids')).toBeUndefined();
    expect(read(k, 'cgroup.subtree_control')).toBe('memory pids\n');
    expect(read(k, 'cgroup.controllers', C + '/inner')).toBe('memory pids\n');
    expect(listCgroupFiles(k, C + '/inner') as string[]).toContain('memory.max');
    expect(writeCgroupFile(k, 1, C, 'cgroup.subtree_control', '-pids')).toBeUndefined();
    expect(read(k, 'cgroup.subtree_control')).toBe('memory\n');
    expect(eventsOf(log, 'cgroup.subtreeControlChanged')).toHaveLength(2);
  });

  it('fails like the kernel: EINVAL, ENOENT, EBUSY', () => {
    const { k } = setup();
    mkdirs(k, '/user.slice/u/v');
    expect(writeCgroupFile(k, 1, C, 'cgroup.subtree_control', '+bogus')).toEqual({ errno: 'EINVAL' });
    expect(writeCgroupFile(k, 1, C, 'cgroup.subtree_control', 'memory')).toEqual({ errno: 'EINVAL' });
    // user.slice only hands memory and pids down.
    expect(writeCgroupFile(k, 1, '/user.slice/u', 'cgroup.subtree_control', '+cpu')).toEqual({ errno: 'ENOENT' });
    expect(writeCgroupFile(k, 1, '/user.slice/u', 'cgroup.subtree_control', '+memory')).toBeUndefined();
    // A child still uses it: the parent cannot take it away.
    expect(writeCgroupFile(k, 1, '/user.slice/u/v', 'cgroup.subtree_control', '+memory')).toBeUndefined();
    expect(writeCgroupFile(k, 1, '/user.slice/u', 'cgroup.subtree_control', '-memory')).toEqual({ errno: 'EBUSY' });
    // No internal processes.
    spawnIn(k, 100, C);
    expect(writeCgroupFile(k, 1, C, 'cgroup.subtree_control', '+memory')).toEqual({ errno: 'EBUSY' });
  });

  it('resets a child\'s knobs when the controller is disabled', () => {
    const { k } = setup();
    mkdirs(k, C + '/inner');
    writeCgroupFile(k, 1, C, 'cgroup.subtree_control', '+memory');
    writeCgroupFile(k, 1, C + '/inner', 'memory.max', '10M');
    writeCgroupFile(k, 1, C, 'cgroup.subtree_control', '-memory');
    writeCgroupFile(k, 1, C, 'cgroup.subtree_control', '+memory');
    expect(read(k, 'memory.max', C + '/inner')).toBe('max\n');
  });
});

describe('cgroup.procs writes', () => {
  it('moves the written pid; "0" means the writer', () => {
    const { k } = setup();
    spawnIn(k, 100, '/');
    expect(writeCgroupFile(k, 1, C, 'cgroup.procs', '100\n')).toBeUndefined();
    expect(cgroupProcs(k, C)).toEqual([100]);
    expect(writeCgroupFile(k, 100, '/', 'cgroup.procs', '0')).toBeUndefined();
    expect(cgroupProcs(k, '/')).toContain(100);
    expect(writeCgroupFile(k, 1, C, 'cgroup.procs', 'abc')).toEqual({ errno: 'EINVAL' });
    expect(writeCgroupFile(k, 1, C, 'cgroup.procs', '4242')).toEqual({ errno: 'ESRCH' });
    expect(writeCgroupFile(k, 1, '/system.slice', 'cgroup.procs', '100')).toEqual({ errno: 'EBUSY' });
    expect(writeCgroupFile(k, 1, C, 'cgroup.threads', '100')).toEqual({ errno: 'EOPNOTSUPP' });
  });

  it('keeps a process inside a cgroup namespace from moving others outside it (ENOENT)', () => {
    const { k } = setup();
    spawnIn(k, 100, C);
    spawnIn(k, 200, '/');
    const inum = 4026533000 as never;
    k.emit({ type: 'ns.created', ns: { inum, type: 'cgroup', root: C, owner: k.state.ns.initial.user, procCount: 0, holds: 0, createdMs: 0, creator: 100 } });
    const p = k.proc(100);
    if (!p) throw new Error('no p');
    k.emit({ type: 'process.nsChanged', pid: 100, ns: { ...p.ns, cgroup: inum }, pidNsForChildren: p.pidNsForChildren, timeNsForChildren: p.timeNsForChildren });
    mkdirs(k, C + '/child');
    expect(writeCgroupFile(k, 100, C + '/child', 'cgroup.procs', '200')).toEqual({ errno: 'ENOENT' });
    expect(writeCgroupFile(k, 100, C + '/child', 'cgroup.procs', '100')).toBeUndefined();
  });
});

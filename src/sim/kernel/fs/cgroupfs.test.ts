import { describe, expect, it } from 'vitest';
import { boot, fork, must, becomeUser } from '../process/testkit.ts';
import { CLONE_FLAGS } from '../ns/types.ts';
import { readFile, readdir, stat } from './vfs/ops-read.ts';
import { writeFile, mkdir } from './vfs/ops-write.ts';
import { rmdir } from './vfs/ops-remove.ts';
import { mount, umount } from './mount.ts';
import { mountTable } from './mountinfo.ts';

describe('cgroupfs at /sys/fs/cgroup', () => {
  it('lists interface files and child cgroups, and mkdir/rmdir make and remove cgroups', () => {
    const { k } = boot();
    const names = must(readdir(k, 1, '/sys/fs/cgroup')).map((e) => e.name);
    expect(names).toContain('cgroup.procs');
    expect(names).toContain('init.scope');
    must(mkdir(k, 1, '/sys/fs/cgroup/demo'));
    expect(k.state.cgroup.byPath['/demo']).toBeDefined();
    expect(must(stat(k, 1, '/sys/fs/cgroup/demo')).type).toBe('dir');
    expect(readFile(k, 1, '/sys/fs/cgroup/demo/cgroup.procs')).toBe('');
    must(writeFile(k, 1, '/sys/fs/cgroup/cgroup.subtree_control', '+memory'));
    must(mkdir(k, 1, '/sys/fs/cgroup/demo2'));
    must(writeFile(k, 1, '/sys/fs/cgroup/demo2/memory.max', '100M'));
    expect(readFile(k, 1, '/sys/fs/cgroup/demo2/memory.max')).toBe('104857600\n');
    const p = fork(k, 1);
    must(writeFile(k, 1, '/sys/fs/cgroup/demo/cgroup.procs', String(p.pid)));
    expect(k.proc(p.pid)?.cgroup).toBe('/demo');
    expect(rmdir(k, 1, '/sys/fs/cgroup/demo')).toEqual({ errno: 'EBUSY' });
    must(rmdir(k, 1, '/sys/fs/cgroup/demo2'));
    expect(k.state.cgroup.byPath['/demo2']).toBeUndefined();
  });

  it('is writable only by root', () => {
    const { k } = boot();
    const u = fork(k, 1).pid as number;
    becomeUser(k, u, 1000);
    expect(mkdir(k, u, '/sys/fs/cgroup/x')).toEqual({ errno: 'EACCES' });
    expect(writeFile(k, u, '/sys/fs/cgroup/cgroup.subtree_control', '+cpu')).toEqual({ errno: 'EACCES' });
  });

  it('a cgroup2 mount in a cgroup namespace has the namespace root as its root', () => {
    const { k } = boot();
    must(mkdir(k, 1, '/sys/fs/cgroup/box'));
    const c = fork(k, 1, { cgroup: '/box', flags: CLONE_FLAGS.cgroup | CLONE_FLAGS.mnt });
    must(mount(k, c.pid, '', '/', '', { flags: ['rprivate'] }));
    must(umount(k, c.pid, '/sys/fs/cgroup'));
    must(mount(k, c.pid, 'cgroup2', '/sys/fs/cgroup', 'cgroup2', { flags: ['nosuid', 'nodev', 'noexec'] }));
    expect(readFile(k, c.pid, '/sys/fs/cgroup/cgroup.procs')).toBe(`${c.nspids[0]}\n`);
    expect(must(mountTable(k, c.pid)).find((e) => e.point === '/sys/fs/cgroup')?.root).toBe('/');
    // The host sees where that mount really points.
    const hostView = readFile(k, 1, `/proc/${c.pid}/mountinfo`);
    expect(hostView).toMatch(/ \/box \/sys\/fs\/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 /);
    expect(readFile(k, c.pid, '/proc/self/cgroup')).toBe('0::/\n');
  });
});

describe('sysfs', () => {
  it('has the top-level directories and /sys/class/net for its network namespace', () => {
    const { k } = boot();
    expect(must(readdir(k, 1, '/sys')).map((e) => e.name)).toEqual(['block', 'bus', 'class', 'dev', 'devices', 'firmware', 'fs', 'hypervisor', 'kernel', 'module', 'power']);
    expect(must(stat(k, 1, '/sys/fs/cgroup')).type).toBe('dir');
    expect(must(readdir(k, 1, '/sys/class/net')).map((e) => e.name)).toEqual(['lo', 'eth0']);
    expect(readFile(k, 1, '/sys/class/net/lo/mtu')).toBe('65536\n');
    expect(readFile(k, 1, '/sys/class/net/lo/operstate')).toBe('unknown\n');
    expect(readFile(k, 1, '/sys/class/net/eth0/address')).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}\n$/);
    expect(readFile(k, 1, '/sys/class/net/eth9/mtu')).toEqual({ errno: 'ENOENT' });
  });
});

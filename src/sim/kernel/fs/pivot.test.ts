import { describe, expect, it } from 'vitest';
import { boot, fork, must } from '../process/testkit.ts';
import { CLONE_FLAGS } from '../ns/types.ts';
import { unshare } from '../ns/unshare.ts';
import type { Kernel } from '../kernel.ts';
import { readFile, readdir, stat, realpath } from './vfs/ops-read.ts';
import { mkdirAll, writeFile } from './vfs/ops-write.ts';
import { chdir, getcwd } from './vfs/ops-cwd.ts';
import { mount, umount } from './mount.ts';
import { pivotRoot } from './pivot.ts';
import { mountTable } from './mountinfo.ts';
import { populateTree } from './populate.ts';

const O2 = '/var/lib/docker/overlay2';

/** dockerd: unpack a layer and mount the container's overlay in the host namespace. */
function prepareRootfs(k: Kernel, dockerd: number): string {
  must(populateTree(k, dockerd, `${O2}/img/diff`, {
    'etc/os-release': 'NAME="Alpine Linux"\n',
    'etc/hostname': 'img\n',
    'bin/sh': { file: null, size: 800000, mode: 0o755 },
    proc: { dir: true, mode: 0o555 },
    dev: { dir: true },
    sys: { dir: true },
    tmp: { dir: true, mode: 0o1777 },
  }, { parents: true }));
  for (const d of ['diff', 'work', 'merged']) must(mkdirAll(k, dockerd, `${O2}/c1/${d}`));
  must(mount(k, dockerd, 'overlay', `${O2}/c1/merged`, 'overlay', {
    data: `lowerdir=${O2}/img/diff,upperdir=${O2}/c1/diff,workdir=${O2}/c1/work`,
  }));
  return `${O2}/c1/merged`;
}

/** runc: new mount namespace, rslave, proc and /dev, pivot_root(".", "."), detach the old root. */
function runc(k: Kernel, pid: number, rootfs: string): void {
  must(unshare(k, pid, CLONE_FLAGS.mnt | CLONE_FLAGS.pid));
  must(mount(k, pid, '', '/', '', { flags: ['rslave'] }));
  must(mount(k, pid, rootfs, rootfs, '', { bind: true, recursive: true }));
  must(mount(k, pid, 'proc', `${rootfs}/proc`, 'proc', { flags: ['nosuid', 'noexec', 'nodev'] }));
  must(mount(k, pid, 'tmpfs', `${rootfs}/dev`, 'tmpfs', { flags: ['nosuid'], data: 'mode=755,size=65536k' }));
  must(chdir(k, pid, rootfs));
  must(pivotRoot(k, pid, '.', '.'));
  must(mount(k, pid, '', '.', '', { flags: ['rslave'] }));
  must(umount(k, pid, '.', { lazy: true }));
  must(chdir(k, pid, '/'));
}

describe('pivot_root', () => {
  it('switches a container to its overlay root as runc does', () => {
    const { k, log } = boot();
    const dockerd = fork(k, 1, { comm: 'dockerd' }).pid as number;
    const rootfs = prepareRootfs(k, dockerd);
    const c = fork(k, 1, { comm: 'runc:[2:INIT]' }).pid as number;
    runc(k, c, rootfs);
    expect(k.proc(c)?.root).toBe('/');
    expect(k.proc(c)?.cwd).toBe('/');
    expect(readFile(k, c, '/etc/os-release')).toBe('NAME="Alpine Linux"\n');
    expect(readFile(k, c, '/etc/debian_version')).toEqual({ errno: 'ENOENT' });
    expect(realpath(k, c, '/../..')).toBe('/');
    const t = must(mountTable(k, c));
    expect(t.map((e) => [e.point, e.fstype])).toEqual([
      ['/', 'overlay'],
      ['/proc', 'proc'],
      ['/dev', 'tmpfs'],
    ]);
    expect(t[0]!.superOptions).toBe(`rw,lowerdir=${O2}/img/diff,upperdir=${O2}/c1/diff,workdir=${O2}/c1/work,nouserxattr`);
    expect(log.some((e) => e.type === 'fs.rootPivoted')).toBe(true);
    // The host still sees the overlay where dockerd mounted it, and writes show up in the upper dir.
    must(writeFile(k, c, '/tmp/hello', 'from the container\n'));
    expect(readFile(k, dockerd, `${O2}/c1/diff/tmp/hello`)).toBe('from the container\n');
    expect(readFile(k, dockerd, `${rootfs}/tmp/hello`)).toBe('from the container\n');
    // The host's mounts are gone from the container's namespace; the host keeps its own.
    expect(must(mountTable(k, dockerd)).map((e) => e.point)).toContain('/sys/fs/cgroup');
  });

  it('lets the host look into the container through /proc/PID/root', () => {
    const { k } = boot();
    const dockerd = fork(k, 1, { comm: 'dockerd' }).pid as number;
    const c = fork(k, 1).pid as number;
    runc(k, c, prepareRootfs(k, dockerd));
    expect(readFile(k, dockerd, `/proc/${c}/root/etc/hostname`)).toBe('img\n');
    expect(must(readdir(k, dockerd, `/proc/${c}/root/`)).map((e) => e.name)).toContain('bin');
    must(chdir(k, dockerd, `/proc/${c}/root/etc`));
    expect(readFile(k, dockerd, 'os-release')).toBe('NAME="Alpine Linux"\n');
    expect(getcwd(k, dockerd)).toBe(`/proc/${c}/root/etc`);
  });

  it('follows pivot_root(2)\'s rules', () => {
    const { k } = boot();
    const dockerd = fork(k, 1, { comm: 'dockerd' }).pid as number;
    const rootfs = prepareRootfs(k, dockerd);
    const p = fork(k, 1).pid as number;
    must(unshare(k, p, CLONE_FLAGS.mnt));
    // Still shared with the host: EINVAL.
    expect(pivotRoot(k, p, rootfs, rootfs)).toEqual({ errno: 'EINVAL' });
    must(mount(k, p, '', '/', '', { flags: ['rprivate'] }));
    expect(pivotRoot(k, p, '/', '/')).toEqual({ errno: 'EBUSY' });
    expect(pivotRoot(k, p, '/srv', '/srv')).toEqual({ errno: 'EBUSY' });
    must(mkdirAll(k, p, `${rootfs}/old`));
    expect(pivotRoot(k, p, `${rootfs}/old`, `${rootfs}/old`)).toEqual({ errno: 'EINVAL' });
    expect(pivotRoot(k, p, rootfs, '/tmp')).toEqual({ errno: 'EBUSY' });
    expect(pivotRoot(k, p, rootfs, '/run')).toEqual({ errno: 'EINVAL' });
    expect(pivotRoot(k, p, `${rootfs}/etc/hostname`, rootfs)).toEqual({ errno: 'ENOTDIR' });
    // A put_old directory under the new root: the old root appears there.
    must(pivotRoot(k, p, rootfs, `${rootfs}/old`));
    expect(k.proc(p)?.root).toBe('/');
    expect(readFile(k, p, '/old/etc/debian_version')).toBe('12.11\n');
    expect(must(stat(k, p, '/old/proc/1')).type).toBe('dir');
    const t = must(mountTable(k, p));
    expect(t.find((e) => e.point === '/')?.fstype).toBe('overlay');
    expect(t.find((e) => e.point === '/old')?.fstype).toBe('ext4');
    expect(t.find((e) => e.point === '/old/proc')?.fstype).toBe('proc');
  });

  it('moves the root and cwd of every process in the namespace', () => {
    const { k } = boot();
    const dockerd = fork(k, 1, { comm: 'dockerd' }).pid as number;
    const rootfs = prepareRootfs(k, dockerd);
    const p = fork(k, 1).pid as number;
    must(unshare(k, p, CLONE_FLAGS.mnt));
    must(mount(k, p, '', '/', '', { flags: ['rprivate'] }));
    const q = fork(k, p).pid as number;
    const r = fork(k, p).pid as number;
    must(chdir(k, q, '/home'));
    must(chdir(k, r, `${rootfs}/etc`));
    must(mkdirAll(k, p, `${rootfs}/old`));
    must(pivotRoot(k, p, rootfs, `${rootfs}/old`));
    expect([k.proc(q)?.root, k.proc(q)?.cwd]).toEqual(['/', '/old/home']);
    expect([k.proc(r)?.root, k.proc(r)?.cwd]).toEqual(['/', '/etc']);
    expect(readFile(k, r, 'hostname')).toBe('img\n');
    expect(must(readdir(k, q, '.')).map((e) => e.name)).toEqual(['learner']);
  });
});

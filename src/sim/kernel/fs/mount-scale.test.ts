import { describe, expect, it } from 'vitest';
import { boot, fork, must } from '../process/testkit.ts';
import { CLONE_FLAGS } from '../ns/types.ts';
import { unshare } from '../ns/unshare.ts';
import type { Kernel } from '../kernel.ts';
import type { LoggedEvent } from '../../events.ts';
import { mkdirAll } from './vfs/ops-write.ts';
import { chdir } from './vfs/ops-cwd.ts';
import { readFile } from './vfs/ops-read.ts';
import { mount, umount } from './mount.ts';
import { pivotRoot } from './pivot.ts';
import { mountTable } from './mountinfo.ts';
import { fsViolation } from './testkit.ts';
import { cloneKernelState } from '../snapshot.ts';
import type { FsState } from './types.ts';

/** n tmpfs mounts in the host namespace, as dockerd's overlay mounts of running containers. */
function hostMounts(k: Kernel, pid: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const dir = `/var/lib/docker/overlay2/c${i}/merged`;
    must(mkdirAll(k, pid, dir));
    must(mount(k, pid, 'tmpfs', dir, 'tmpfs'));
  }
}

/** runc's steps in a new mount namespace; returns the events they emitted. */
function runcPivot(k: Kernel, log: LoggedEvent[], pid: number, rootfs: string): LoggedEvent[] {
  const from = log.length;
  must(unshare(k, pid, CLONE_FLAGS.mnt));
  must(mount(k, pid, '', '/', '', { flags: ['rslave'] }));
  must(mount(k, pid, rootfs, rootfs, '', { bind: true, recursive: true }));
  must(mkdirAll(k, pid, `${rootfs}/proc`));
  must(mount(k, pid, 'proc', `${rootfs}/proc`, 'proc'));
  must(chdir(k, pid, rootfs));
  must(pivotRoot(k, pid, '.', '.'));
  must(mount(k, pid, '', '.', '', { flags: ['rslave'] }));
  must(umount(k, pid, '.', { lazy: true }));
  must(chdir(k, pid, '/'));
  return log.slice(from);
}

describe('mount tables at scale', () => {
  it('copying, re-propagating and detaching a namespace costs events independent of how many mounts the host has', () => {
    const counts: number[] = [];
    for (const n of [2, 40]) {
      const { k, log } = boot();
      const sh = fork(k, 1, { comm: 'dockerd' }).pid as number;
      hostMounts(k, sh, n);
      const c = fork(k, 1, { comm: 'runc:[2:INIT]' }).pid as number;
      const evs = runcPivot(k, log, c, '/var/lib/docker/overlay2/c0/merged');
      counts.push(evs.filter((e) => e.type.startsWith('fs.')).length);
      const detach = evs.filter((e) => e.type === 'fs.unmounted');
      expect(detach).toHaveLength(1);
      // The old root's tree: the copies of the host's 10 + n mounts, the root among them.
      expect(detach[0]).toMatchObject({ lazy: true, submounts: 9 + n });
      expect(evs.filter((e) => e.type === 'fs.propagationChanged')).toHaveLength(2);
      // What is left is the container's own tree: its root and its proc.
      expect(must(mountTable(k, c)).map((m) => [m.point, m.fstype])).toEqual([
        ['/', 'tmpfs'],
        ['/proc', 'proc'],
      ]);
      expect(fsViolation(k.state.fs)).toBeNull();
      // The host's table is untouched.
      expect(must(mountTable(k, sh))).toHaveLength(10 + n);
    }
    expect(counts[0]).toBe(counts[1]);
  });

  it('a snapshot from before the per-parent mount hash is re-indexed on restore', () => {
    const { k } = boot();
    const sh = fork(k, 1, { comm: 'bash' }).pid as number;
    hostMounts(k, sh, 3);
    const old = cloneKernelState(k.state);
    const fs = old.fs as unknown as Record<string, unknown> & FsState;
    // The old shape: one flat index keyed "parentId mountpoint", no devSbs.
    const flat: Record<string, number> = {};
    for (const [parent, kids] of Object.entries(fs.at)) for (const [point, id] of Object.entries(kids)) flat[`${parent} ${point}`] = id;
    fs.at = flat as unknown as FsState['at'];
    delete (fs as Partial<FsState>).devSbs;
    k.state = cloneKernelState(old);
    expect(fsViolation(k.state.fs)).toBeNull();
    expect(readFile(k, sh, '/proc/self/mountinfo')).toContain('/var/lib/docker/overlay2/c2/merged');
    must(umount(k, sh, '/var/lib/docker/overlay2/c2/merged'));
    must(mount(k, sh, 'cgroup2', '/mnt', 'cgroup2'));
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boot, fork, must } from '../process/testkit.ts';
import { CLONE_FLAGS } from '../ns/types.ts';
import { unshare } from '../ns/unshare.ts';
import type { Kernel } from '../kernel.ts';
import { isErr } from '../errno.ts';
import { mkdirAll } from './vfs/ops-write.ts';
import { chdir } from './vfs/ops-cwd.ts';
import { mount, umount } from './mount.ts';
import { pivotRoot } from './pivot.ts';
import { mountTable, formatMountinfo } from './mountinfo.ts';
import { fsViolation } from './testkit.ts';
import { setLazyMountCopies, settleAll, anyLazy } from './lazy-copy.ts';
import type { FsState } from './types.ts';
import { exitProcess, reap } from '../process/exit.ts';

const DIRS = ['/srv/a', '/srv/b', '/srv/a/x', '/srv/b/y', '/mnt', '/srv/root'];
const dir = fc.constantFrom(...DIRS);
const who = fc.nat(3);
const op = fc.oneof(
  fc.tuple(fc.constant('tmpfs' as const), who, dir),
  fc.tuple(fc.constant('umount' as const), who, dir, fc.boolean()),
  fc.tuple(fc.constant('prop' as const), who, fc.constantFrom('/', ...DIRS), fc.constantFrom('rslave', 'slave', 'rprivate', 'private', 'rshared', 'shared', 'runbindable')),
  fc.tuple(fc.constant('bind' as const), who, dir, dir, fc.boolean()),
  fc.tuple(fc.constant('unshare' as const), who),
  fc.tuple(fc.constant('runc' as const), who),
  fc.tuple(fc.constant('read' as const), who),
  // A process with a namespace of its own exits: its namespace goes, and its block of ids is free (mount-ids.ts).
  fc.tuple(fc.constant('exit' as const), who),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** What a test can compare: every table as mountinfo shows it, plus the slice's indexes as sets. */
function picture(k: Kernel, pids: number[]): unknown {
  const fs: FsState = k.state.fs;
  settleAll(fs);
  const tables = pids.map((p) => {
    const t = mountTable(k, p);
    return isErr(t) ? t.errno : formatMountinfo(t);
  });
  const sets = (idx: Record<number, number[]>) => Object.fromEntries(Object.entries(idx).map(([g, l]) => [g, [...l].sort((a, b) => a - b)]));
  const at = Object.fromEntries(Object.entries(fs.at).map(([p, kids]) => [p, Object.fromEntries(Object.entries(kids).sort())]));
  const mounts = Object.fromEntries(Object.entries(fs.mounts).map(([id, m]) => [id, { ...m, flags: [...m.flags] }]));
  const sbs = Object.fromEntries(Object.entries(fs.sbs).map(([id, sb]) => [id, sb.refs]));
  return { tables, at, mounts, sbs, peers: sets(fs.peers), slaves: sets(fs.slaves), mntns: fs.mntns, next: [fs.nextMountId, fs.nextPeerGroup] };
}

/** runc's mount steps from a new process: unshare, rslave, bind the rootfs, pivot_root(".", "."), detach the old root. */
function runcSteps(k: Kernel, parent: number): Array<string | true> {
  const p = fork(k, parent).pid as number;
  const out: Array<string | true> = [];
  const r = (x: true | { errno: string }) => out.push(isErr(x as never) ? (x as { errno: string }).errno : true);
  r(unshare(k, p, CLONE_FLAGS.mnt) as never);
  r(mount(k, p, '', '/', '', { flags: ['rslave'] }) as never);
  r(mount(k, p, '/srv/root', '/srv/root', '', { bind: true, recursive: true }) as never);
  r(mount(k, p, 'proc', '/srv/root/proc', 'proc') as never);
  r(chdir(k, p, '/srv/root') as never);
  r(pivotRoot(k, p, '.', '.') as never);
  r(mount(k, p, '', '.', '', { flags: ['rslave'] }) as never);
  r(umount(k, p, '.', { lazy: true }) as never);
  r(chdir(k, p, '/') as never);
  return out;
}

function play(ops: Op[], lazy: boolean): { results: unknown[]; picture: unknown; violation: string | null } {
  setLazyMountCopies(lazy);
  const { k } = boot();
  const host = fork(k, 1, { comm: 'bash' }).pid as number;
  for (const d of [...DIRS, '/srv/root/proc']) must(mkdirAll(k, host, d));
  // Slots 0-3: the host shell and up to three processes in namespaces of their own.
  const procs = [host];
  const results: unknown[] = [];
  const res = (x: unknown) => results.push(isErr(x as never) ? (x as { errno: string }).errno : x);
  let violation: string | null = null;
  for (const o of ops) {
    const p = procs[o[1] % procs.length] as number;
    switch (o[0]) {
      case 'tmpfs':
        res(mount(k, p, 'tmpfs', o[2], 'tmpfs'));
        break;
      case 'umount':
        res(umount(k, p, o[2], { lazy: o[3] }));
        break;
      case 'prop':
        res(mount(k, p, '', o[2], '', { flags: [o[3]] }));
        break;
      case 'bind':
        res(mount(k, p, o[2], o[3], '', { bind: true, recursive: o[4] }));
        break;
      case 'unshare': {
        if (procs.length >= 4) break;
        const c = fork(k, p).pid as number;
        res(unshare(k, c, CLONE_FLAGS.mnt));
        procs.push(c);
        break;
      }
      case 'runc':
        res(runcSteps(k, p));
        break;
      case 'read': {
        const t = mountTable(k, p);
        res(isErr(t) ? t.errno : formatMountinfo(t));
        break;
      }
      case 'exit': {
        const i = o[1] % procs.length;
        if (i === 0) break;
        res(exitProcess(k, p, 0));
        res(reap(k, host, p));
        procs.splice(i, 1);
        break;
      }
    }
    violation ??= fsViolation(k.state.fs);
  }
  return { results, picture: picture(k, procs), violation };
}

describe('lazy copies of mount namespaces', () => {
  afterEach(() => setLazyMountCopies(true));

  it('leave nothing unmade after runc detaches the old root, and make only what the walk crossed', () => {
    setLazyMountCopies(true);
    const { k } = boot();
    const host = fork(k, 1, { comm: 'bash' }).pid as number;
    for (const d of ['/srv/root/proc', '/srv/c1', '/srv/c2', '/srv/c3']) must(mkdirAll(k, host, d));
    for (const d of ['/srv/c1', '/srv/c2', '/srv/c3']) must(mount(k, host, 'tmpfs', d, 'tmpfs'));
    const before = Object.keys(k.state.fs.mounts).length;
    const p = fork(k, host).pid as number;
    must(unshare(k, p, CLONE_FLAGS.mnt));
    // Only the root copy is made; the host's 13 other mounts are reserved ids.
    expect(Object.keys(k.state.fs.mounts).length).toBe(before + 1);
    expect(anyLazy(k.state.fs)).toBe(true);
    must(mount(k, p, '', '/', '', { flags: ['rslave'] }));
    must(mount(k, p, '/srv/root', '/srv/root', '', { bind: true, recursive: true }));
    must(chdir(k, p, '/srv/root'));
    must(pivotRoot(k, p, '.', '.'));
    must(mount(k, p, '', '.', '', { flags: ['rslave'] }));
    must(umount(k, p, '.', { lazy: true }));
    expect(anyLazy(k.state.fs)).toBe(false);
    expect(fsViolation(k.state.fs)).toBeNull();
    // The old root's tree went in one event that counts every copy, made or not.
    const ev = k.state.seq;
    expect(ev).toBeGreaterThan(0);
  });

  it('give the same mount tables, ids, propagation and indexes as copying everything at once', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 5, maxLength: 30 }), (ops) => {
        const eager = play(ops, false);
        const lazy = play(ops, true);
        expect(lazy.violation).toBeNull();
        expect(eager.violation).toBeNull();
        expect(lazy.results).toEqual(eager.results);
        expect(lazy.picture).toEqual(eager.picture);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

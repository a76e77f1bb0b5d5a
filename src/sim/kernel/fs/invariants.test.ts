import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boot, fork, must } from '../process/testkit.ts';
import { fsViolation } from './testkit.ts';
import { writeFile, mkdir, symlink, link, truncate } from './vfs/ops-write.ts';
import { unlink, rmdir, rename } from './vfs/ops-remove.ts';
import { chmod } from './vfs/ops-attr.ts';
import { chdir } from './vfs/ops-cwd.ts';
import { mount, umount } from './mount.ts';
import { populateTree } from './populate.ts';
import { mkdirAll } from './vfs/ops-write.ts';
import { cloneKernelState, kernelSnapshot } from '../snapshot.ts';
import type { KernelState } from '../state.ts';
import { kernelInvariantViolations } from '../invariants.ts';

const NAMES = ['a', 'b', 'c', 'd/e', 'd', 'm/x', 'm'];
const path = fc.constantFrom(...NAMES).map((n) => `/srv/t/${n}`);
const op = fc.oneof(
  fc.tuple(fc.constant('write' as const), path, fc.string({ maxLength: 5 }), fc.boolean()),
  fc.tuple(fc.constant('mkdir' as const), path),
  fc.tuple(fc.constant('unlink' as const), path),
  fc.tuple(fc.constant('rmdir' as const), path),
  fc.tuple(fc.constant('rename' as const), path, path),
  fc.tuple(fc.constant('link' as const), path, path),
  fc.tuple(fc.constant('symlink' as const), path, path),
  fc.tuple(fc.constant('truncate' as const), path, fc.nat(8)),
  fc.tuple(fc.constant('chmod' as const), path),
  fc.tuple(fc.constant('chdir' as const), path),
  fc.tuple(fc.constant('mount' as const), path),
  fc.tuple(fc.constant('umount' as const), path, fc.boolean()),
);

describe('fs invariants', () => {
  it('hold after boot', () => {
    const { k } = boot();
    expect(fsViolation(k.state.fs)).toBeNull();
  });

  it('hold under random file and mount operations on ext4, tmpfs and an overlay', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 60 }), fc.boolean(), (ops, onOverlay) => {
        const { k } = boot();
        const sh = fork(k, 1).pid as number;
        must(mkdirAll(k, sh, '/srv/t'));
        if (onOverlay) {
          must(populateTree(k, sh, '/srv/lower', { a: 'lower a', d: { dir: true }, 'd/e': 'e', m: { dir: true } }));
          for (const d of ['/srv/up', '/srv/work']) must(mkdir(k, sh, d));
          must(mount(k, sh, 'overlay', '/srv/t', 'overlay', { data: 'lowerdir=/srv/lower,upperdir=/srv/up,workdir=/srv/work' }));
        }
        for (const o of ops) {
          switch (o[0]) {
            case 'write':
              writeFile(k, sh, o[1], o[2], { append: o[3] });
              break;
            case 'mkdir':
              mkdir(k, sh, o[1]);
              break;
            case 'unlink':
              unlink(k, sh, o[1]);
              break;
            case 'rmdir':
              rmdir(k, sh, o[1]);
              break;
            case 'rename':
              rename(k, sh, o[1], o[2]);
              break;
            case 'link':
              link(k, sh, o[1], o[2]);
              break;
            case 'symlink':
              symlink(k, sh, o[1], o[2]);
              break;
            case 'truncate':
              truncate(k, sh, o[1], o[2]);
              break;
            case 'chmod':
              chmod(k, sh, o[1], 0o600);
              break;
            case 'chdir':
              chdir(k, sh, o[1]);
              break;
            case 'mount':
              mount(k, sh, 'tmpfs', o[1], 'tmpfs');
              break;
            case 'umount':
              umount(k, sh, o[1], { lazy: o[2] });
              break;
          }
          const v = fsViolation(k.state.fs);
          if (v) throw new Error(`${v} after ${JSON.stringify(o)}`);
        }
        // The state survives a snapshot saved as JSON and restored.
        // (Compared in the snapshot form: a live table's array length may differ, its entries not.)
        const back = cloneKernelState(JSON.parse(JSON.stringify(kernelSnapshot(k.state))) as KernelState);
        expect(kernelSnapshot(back).fs).toEqual(kernelSnapshot(k.state).fs);
        expect(kernelInvariantViolations(back)).toEqual([]);
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});

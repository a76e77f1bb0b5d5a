import { describe, expect, test } from 'vitest';
import type { FsState } from './types.ts';
import { allocMountBlock, refMountBlock } from './mount-ids.ts';
import { fsViolation } from './testkit.ts';
import { createHost } from '../../host/host.ts';

function ids(next: number): FsState {
  return { nextMountId: next } as FsState;
}

describe('mount id blocks', () => {
  test('a block comes from the top, a quarter larger than its copies, and goes back there when freed', () => {
    const fs = ids(100);
    const a = allocMountBlock(fs, 19); // 20 ids with the hidden parent: 25
    expect(a).toBe(100);
    expect(fs.nextMountId).toBe(125);
    refMountBlock(fs, a, 1);
    refMountBlock(fs, a, 1);
    refMountBlock(fs, a, -1);
    expect(fs.mountIdBlocks?.[a]).toEqual({ cap: 25, refs: 1 });
    refMountBlock(fs, a, -1);
    expect(fs.mountIdBlocks?.[a]).toBeUndefined();
    expect(fs.nextMountId).toBe(100);
    expect(fs.freeMountIds).toEqual([]);
  });

  test('a freed block below live ids is taken again by the next block that fits, lowest first', () => {
    const fs = ids(100);
    const a = allocMountBlock(fs, 7); // [100, 110)
    refMountBlock(fs, a, 1);
    fs.nextMountId = 130; // mounts of the copy's namespace took 110..129
    const b = allocMountBlock(fs, 7); // [130, 140)
    refMountBlock(fs, b, 1);
    fs.nextMountId = 150;
    refMountBlock(fs, a, -1);
    refMountBlock(fs, b, -1);
    expect(fs.freeMountIds).toEqual([100, 110, 130, 140]);
    // Too big for either range: from the top.
    expect(allocMountBlock(fs, 12)).toBe(150);
    // Fits the first range.
    const c = allocMountBlock(fs, 3); // 4 ids, a block of 5
    expect(c).toBe(100);
    expect(fs.freeMountIds).toEqual([105, 110, 130, 140]);
  });

  test('neighbouring free ranges merge', () => {
    const fs = ids(0);
    const a = allocMountBlock(fs, 3); // [0, 5)
    const b = allocMountBlock(fs, 3); // [5, 10)
    const c = allocMountBlock(fs, 3); // [10, 15)
    for (const x of [a, b, c]) refMountBlock(fs, x, 1);
    fs.nextMountId = 20;
    refMountBlock(fs, a, -1);
    refMountBlock(fs, c, -1);
    expect(fs.freeMountIds).toEqual([0, 5, 10, 15]);
    refMountBlock(fs, b, -1);
    expect(fs.freeMountIds).toEqual([0, 15]);
  });
});

describe('mount ids on a host running containers', () => {
  test("each docker run's copies of the host's mounts reuse the ids the container before gave back", () => {
    const h = createHost({ seed: 1 });
    h.run('docker pull alpine');
    const fs = () => h.kernel.state.fs;
    // The root's parent (the second column) is the hidden parent: the first id of the block.
    const rootLine = () => h.run('docker run --rm alpine head -1 /proc/self/mountinfo').stdout.split(' ');
    const first = rootLine();
    const after1 = fs().nextMountId;
    for (let i = 0; i < 20; i++) expect(h.run('docker run --rm alpine true').exitCode).toBe(0);
    // The copies took the same block each time; only the containers' own mounts, never given back, moved the top.
    expect(fs().nextMountId - after1).toBeLessThan(20 * 30);
    const last = rootLine();
    expect(last[1]).toBe(first[1]);
    expect(Number(last[0])).toBeGreaterThan(Number(first[0]));
    expect(fsViolation(fs())).toBeNull();
  });

  test('with 200 containers running, mount ids stay near the number of live mounts', () => {
    const h = createHost({ seed: 2 });
    h.run('docker pull alpine');
    for (let i = 0; i < 200; i++) expect(h.run('docker run -d alpine sleep 1000').exitCode).toBe(0);
    const fs = h.kernel.state.fs;
    const live = Object.keys(fs.mounts).length;
    // Copies that were never given back would put it near 27,000 (quadratic in the containers).
    expect(fs.nextMountId).toBeLessThan(live * 1.3);
    expect(fsViolation(fs)).toBeNull();
    // A namespace made now (unshare -m) lists its copies in the host's order, with ascending ids.
    const r = h.run("unshare -m sh -c 'cut -d\" \" -f1 /proc/self/mountinfo'");
    const got = r.stdout.trim().split('\n').map(Number);
    expect(got.length).toBeGreaterThan(200);
    expect(got).toEqual([...got].sort((a, b) => a - b));
  });

  test('the blocks survive a snapshot (through JSON) and restore, and are given back after it', () => {
    const h = createHost({ seed: 3 });
    h.run('docker pull alpine');
    h.run('docker run -d --name a alpine sleep 1000');
    const snap = JSON.parse(JSON.stringify(h.snapshot()));
    const h2 = createHost({ seed: 3 });
    h2.restore(snap);
    const before = h2.kernel.state.fs.nextMountId;
    for (let i = 0; i < 10; i++) expect(h2.run('docker run --rm alpine true').exitCode).toBe(0);
    expect(h2.kernel.state.fs.nextMountId - before).toBeLessThan(10 * 30);
    expect(fsViolation(h2.kernel.state.fs)).toBeNull();
  });
});

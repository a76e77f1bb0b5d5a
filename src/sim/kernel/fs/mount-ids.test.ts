import { describe, expect, test } from 'vitest';
import type { FsState } from './types.ts';
import { allocMountBlock, refMountBlock } from './mount-ids.ts';
import { fsViolation } from './testkit.ts';
import { createHost } from '../../host/host.ts';

/** An id allocator alone; the blocks name namespace 1, which does not exist (its hidden parent is not held). */
function ids(next: number): FsState {
  return { nextMountId: next, mntns: {} } as unknown as FsState;
}

describe('mount id blocks', () => {
  test('a block comes from the top, a quarter larger than its copies, and goes back there when freed', () => {
    const fs = ids(100);
    const a = allocMountBlock(fs, 19, 1); // 20 ids with the hidden parent: 25
    expect(a).toBe(100);
    expect(fs.nextMountId).toBe(125);
    refMountBlock(fs, a, 1);
    refMountBlock(fs, a, 1);
    refMountBlock(fs, a, -1);
    expect(fs.mountIdBlocks?.[a]).toEqual({ cap: 25, refs: 1, ns: 1, seq: 0 });
    refMountBlock(fs, a, -1);
    expect(fs.mountIdBlocks?.[a]).toBeUndefined();
    expect(fs.nextMountId).toBe(100);
    expect(fs.freeMountIds).toEqual([]);
  });

  test('a freed block below live ids is taken again by the next block that fits, lowest first', () => {
    const fs = ids(100);
    const a = allocMountBlock(fs, 7, 1); // [100, 110)
    refMountBlock(fs, a, 1);
    fs.nextMountId = 130; // mounts of the copy's namespace took 110..129
    const b = allocMountBlock(fs, 7, 1); // [130, 140)
    refMountBlock(fs, b, 1);
    fs.nextMountId = 150;
    refMountBlock(fs, a, -1);
    refMountBlock(fs, b, -1);
    expect(fs.freeMountIds).toEqual([100, 110, 130, 140]);
    // Too big for either range: from the top.
    expect(allocMountBlock(fs, 12, 1)).toBe(150);
    // Fits the first range.
    const c = allocMountBlock(fs, 3, 1); // 4 ids, a block of 5
    expect(c).toBe(100);
    expect(fs.freeMountIds).toEqual([105, 110, 130, 140]);
  });

  test('neighbouring free ranges merge', () => {
    const fs = ids(0);
    const a = allocMountBlock(fs, 3, 1); // [0, 5)
    const b = allocMountBlock(fs, 3, 1); // [5, 10)
    const c = allocMountBlock(fs, 3, 1); // [10, 15)
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
    // Copies that were never given back would put it near 27,000 (quadratic in the containers);
    // each running container keeps its hidden parent's id, in the middle of freed ranges.
    expect(fs.nextMountId).toBeLessThan(live * 1.5);
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
    expect(h.run('docker run -d --name c1 alpine sleep 1000').exitCode).toBe(0);
    const snap = JSON.parse(JSON.stringify(h.snapshot()));
    const h2 = createHost({ seed: 3 });
    h2.restore(snap);
    const before = h2.kernel.state.fs.nextMountId;
    for (let i = 0; i < 10; i++) expect(h2.run('docker run --rm alpine true').exitCode).toBe(0);
    expect(h2.kernel.state.fs.nextMountId - before).toBeLessThan(10 * 30);
    expect(fsViolation(h2.kernel.state.fs)).toBeNull();
  });

  test("a namespace keeps its hidden parent's id while it lives, and gives it back when it goes", () => {
    const h = createHost({ seed: 4 });
    h.run('docker pull alpine');
    expect(h.run('docker run -d --name c1 alpine sleep 1000').exitCode).toBe(0);
    const rootLine = h.run('docker exec c1 head -1 /proc/self/mountinfo').stdout.split(' ');
    const hidden = Number(rootLine[1]);
    const fs = h.kernel.state.fs;
    // runc detached the copies after pivot_root: all of the block is free but its first id.
    expect(fs.mountIdBlocks?.[hidden]).toMatchObject({ cap: 1, refs: 0 });
    expect(fsViolation(fs)).toBeNull();
    // Another container does not take it.
    expect(h.run('docker run -d --name c2 alpine sleep 1000').exitCode).toBe(0);
    expect(h.run('docker exec c2 head -1 /proc/self/mountinfo').stdout.split(' ')[1]).not.toBe(String(hidden));
    expect(fsViolation(fs)).toBeNull();
    expect(h.run('docker rm -f c1').exitCode).toBe(0);
    expect(fs.mountIdBlocks?.[hidden]).toBeUndefined();
    expect(fsViolation(fs)).toBeNull();
  });

  test('unmade copies are made in the order their namespaces were made, as eager copies were', async () => {
    const { setLazyMountCopies } = await import('./lazy-copy.ts');
    const lines = (lazy: boolean): string[] => {
      setLazyMountCopies(lazy);
      try {
        const h = createHost({ seed: 1 });
        h.run('mkdir -p /run/x');
        h.run('unshare -m --propagation unchanged sleep 100000 &');
        h.run('unshare -m --propagation unchanged sleep 100000 &');
        h.run('kill %1');
        // Takes the first namespace's ids: lower than the second's.
        h.run('unshare -m --propagation unchanged sleep 100000 &');
        expect(h.run('mount -t tmpfs x /run/x').exitCode).toBe(0);
        expect(fsViolation(h.kernel.state.fs)).toBeNull();
        return h.run('pgrep sleep').stdout.trim().split('\n').map((pid) => h.run(`nsenter -t ${pid} -m grep ' /run/x ' /proc/self/mountinfo`).stdout);
      } finally {
        setLazyMountCopies(true);
      }
    };
    const eager = lines(false);
    expect(eager).toHaveLength(2);
    expect(lines(true)).toEqual(eager);
  });
});

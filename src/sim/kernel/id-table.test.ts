import { describe, expect, it } from 'vitest';
import { copyIdTable, idTable, idTableObject, isIdTable } from './id-table.ts';
import { createHost } from '../host/host.ts';
import { cloneKernelState, kernelSnapshot } from './snapshot.ts';
import { kernelInvariantViolations } from './invariants.ts';
import type { KernelState } from './state.ts';

const copy = (x: { v: number }): { v: number } => ({ v: x.v });

describe('id tables', () => {
  it('read, delete and walk as an object with integer keys does', () => {
    const t = idTable<{ v: number }>();
    t[7] = { v: 7 };
    t[3] = { v: 3 };
    t[100] = { v: 100 };
    delete t[7];
    expect(isIdTable(t)).toBe(true);
    expect(t[7]).toBeUndefined();
    expect(7 in t).toBe(false);
    expect(Object.keys(t)).toEqual(['3', '100']);
    expect(Object.values(t)).toEqual([{ v: 3 }, { v: 100 }]);
    const seen: string[] = [];
    for (const k in t) seen.push(k);
    expect(seen).toEqual(['3', '100']);
  });

  it('copy from the live form, the snapshot form and JSON of the live form alike, entries copied', () => {
    const t = idTable<{ v: number }>();
    t[2] = { v: 2 };
    t[5] = { v: 5 };
    const fromLive = copyIdTable(t, copy);
    const fromObject = copyIdTable({ 2: { v: 2 }, 5: { v: 5 } }, copy);
    const fromJson = copyIdTable(JSON.parse(JSON.stringify(t)) as Record<number, { v: number }>, copy);
    for (const c of [fromLive, fromObject, fromJson]) {
      expect(isIdTable(c)).toBe(true);
      expect(Object.keys(c)).toEqual(['2', '5']);
      expect(c[5]).toEqual({ v: 5 });
    }
    expect(fromLive[2]).not.toBe(t[2]);
  });

  it('have a snapshot form that JSON writes without holes', () => {
    const t = idTable<{ v: number }>();
    t[40000] = { v: 1 };
    const o = idTableObject(t, copy);
    expect(isIdTable(o)).toBe(false);
    expect(JSON.stringify(o)).toBe('{"40000":{"v":1}}');
  });

  it('stay id tables through a host snapshot saved as JSON and restored', () => {
    const host = createHost({ seed: 3 });
    host.run('docker run -d alpine sleep 1000');
    host.run('docker run --rm alpine true');
    const snap = host.snapshot();
    for (const t of [snap.kernel.proc.byPid, snap.kernel.fs.inodes, snap.kernel.fs.mounts, snap.kernel.fs.sbs, snap.kernel.fs.at]) expect(isIdTable(t)).toBe(false);
    const json = JSON.stringify(snap);
    expect(json).not.toContain('null,null');
    const back = cloneKernelState(JSON.parse(json).kernel as KernelState);
    expect(kernelInvariantViolations(back)).toEqual([]);
    expect(kernelSnapshot(back)).toEqual(kernelSnapshot(host.kernel.state));
    host.restore(JSON.parse(json));
    expect(kernelInvariantViolations(host.kernel.state)).toEqual([]);
    expect(host.run('docker ps -q').stdout.trim().split('\n')).toHaveLength(1);
  });
});

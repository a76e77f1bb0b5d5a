import { describe, it, expect } from 'vitest';
import { cpusToCpuMax, memorySwapToSwapMax, sharesToWeight } from './docker.ts';

describe('sharesToWeight (runc >= 1.3.2)', () => {
  it('matches the reference table exactly', () => {
    const table: Array<[number, number]> = [
      [2, 1], [10, 4], [100, 17], [128, 21], [256, 35], [512, 59], [1024, 100], [2048, 174], [4096, 303], [262144, 10000],
    ];
    for (const [shares, weight] of table) expect(sharesToWeight(shares)).toBe(weight);
  });

  it('keeps 0 as unset and clamps the ends', () => {
    expect(sharesToWeight(0)).toBe(0);
    expect(sharesToWeight(1)).toBe(1);
    expect(sharesToWeight(1_000_000)).toBe(10000);
  });
});

describe('cpusToCpuMax', () => {
  it('converts --cpus to quota/period with the 100 ms period', () => {
    expect(cpusToCpuMax(1.5)).toBe('150000 100000');
    expect(cpusToCpuMax(0.5)).toBe('50000 100000');
    expect(cpusToCpuMax(2)).toBe('200000 100000');
    expect(cpusToCpuMax(0.001)).toBe('100 100000');
    expect(cpusToCpuMax(0)).toBe('max 100000');
  });
});

describe('memorySwapToSwapMax', () => {
  const MiB = 1024 * 1024;
  it('subtracts memory from memory+swap', () => {
    expect(memorySwapToSwapMax(512 * MiB, 256 * MiB)).toEqual({ ok: true, value: 256 * MiB });
    expect(memorySwapToSwapMax(256 * MiB, 256 * MiB)).toEqual({ ok: true, value: 0 });
  });
  it('treats -1 as unlimited and 0 as unset', () => {
    expect(memorySwapToSwapMax(-1, 256 * MiB)).toEqual({ ok: true, value: 'max' });
    expect(memorySwapToSwapMax(0, 256 * MiB)).toEqual({ ok: true, value: null });
    expect(memorySwapToSwapMax(0, -1)).toEqual({ ok: true, value: 'max' });
    expect(memorySwapToSwapMax(512 * MiB, -1)).toEqual({ ok: true, value: 512 * MiB });
  });
  it('fails with runc\'s messages', () => {
    expect(memorySwapToSwapMax(512 * MiB, 0)).toEqual({ ok: false, error: 'unable to set swap limit without memory limit' });
    expect(memorySwapToSwapMax(128 * MiB, 256 * MiB)).toEqual({ ok: false, error: 'memory+swap limit should be >= memory limit' });
    expect(memorySwapToSwapMax(128 * MiB, -5)).toEqual({ ok: false, error: 'invalid memory value: -5' });
  });
});

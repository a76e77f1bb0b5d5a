import { describe, expect, it } from 'vitest';
import { animationMs, densityScales, fmtMiB, fmtMs, stacksLayout, tileGrid } from './layout.ts';
import { illustrativeStacks } from '../../sim/vm/stacks.ts';
import { compareDeployments } from '../../sim/vm/accounting.ts';

describe('stacksLayout', () => {
  it('puts hardware at the bottom and a guest kernel only on the VM side', () => {
    const l = stacksLayout(illustrativeStacks('nginx', 3), { width: 600 });
    const vm = l.boxes.filter((b) => b.side === 'vm');
    const ct = l.boxes.filter((b) => b.side === 'container');
    const hw = vm.find((b) => b.kind === 'hardware');
    expect(hw?.y).toBe(Math.max(...l.boxes.map((b) => b.y)));
    expect(vm.filter((b) => b.kind === 'guestKernel')).toHaveLength(3);
    expect(ct.filter((b) => b.kind === 'guestKernel')).toHaveLength(0);
    expect(ct.filter((b) => b.kind === 'hostKernel')).toHaveLength(1);
    expect(ct.filter((b) => b.kind === 'container')).toHaveLength(3);
    // Containers reach down to the runtime: as tall as a guest kernel plus its app.
    const c = ct.find((b) => b.kind === 'container');
    const k = vm.find((b) => b.kind === 'guestKernel');
    const a = vm.find((b) => b.kind === 'app');
    expect((c?.y ?? 0) + (c?.h ?? 0)).toBe((k?.y ?? 0) + (k?.h ?? 0));
    expect(c?.y).toBe(a?.y);
  });

  it('keeps the two sides apart and within the width', () => {
    const l = stacksLayout(illustrativeStacks('nginx', 2), { width: 500 });
    for (const b of l.boxes) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w).toBeLessThanOrEqual(l.width + 1e-9);
      if (b.side === 'vm') expect(b.x + b.w).toBeLessThanOrEqual(l.sideWidth + 1e-9);
      else expect(b.x).toBeGreaterThanOrEqual(l.sideWidth);
    }
  });

  it('summarises columns beyond the maximum', () => {
    const l = stacksLayout(illustrativeStacks('nginx', 7), { width: 600, maxColumns: 4 });
    expect(l.boxes.filter((b) => b.side === 'vm' && b.kind === 'guestKernel')).toHaveLength(3);
    expect(l.boxes.find((b) => b.side === 'vm' && b.kind === 'more')?.label).toBe('+4 more');
  });
});

describe('densityScales', () => {
  it('one memory axis for every kind, wide enough for the host and the largest total', () => {
    const c = compareDeployments(10);
    const s = densityScales(Object.values(c), 300, 8192, 40_000);
    expect(s.memoryMax).toBe(Math.max(8192, c.vm.memoryMiB.value));
    expect(s.memory(s.memoryMax)).toBe(300);
    expect(s.memory(c.container.memoryMiB.value)).toBeLessThan(s.memory(c.vm.memoryMiB.value) / 10);
    expect(s.start(125)).toBeLessThan(s.start(568));
    expect(s.start(568)).toBeLessThan(s.start(30_000));
    expect(s.start(10)).toBe(0);
  });
});

describe('tileGrid and formats', () => {
  it('marks tiles past the fit', () => {
    const g = tileGrid(5, 3, 4, 10, 2);
    expect(g.tiles.map((t) => t.overflow)).toEqual([false, false, false, true, true]);
    expect(g.tiles[4]).toMatchObject({ x: 0, y: 12 });
    expect(g.width).toBe(46);
    expect(g.height).toBe(22);
  });

  it('formats and compresses time', () => {
    expect(fmtMs(568)).toBe('568 ms');
    expect(fmtMs(30_000)).toBe('30 s');
    expect(fmtMiB(11_550)).toBe('11.3 GiB');
    expect(fmtMiB(190.4)).toBe('190 MiB');
    expect(animationMs(60_000)).toBe(4000);
    expect(animationMs(125)).toBe(250);
  });
});

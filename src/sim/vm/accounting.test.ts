import { describe, expect, it } from 'vitest';
import { compareDeployments, consolidation, deployCost, startTimeline, NGINX, SIM_HOST } from './accounting.ts';
import { FIGURES, SOURCES } from './figures.ts';

describe('deployCost', () => {
  it('a VM reserves its guest RAM plus the VMM; a container adds only its processes and a shim', () => {
    const c = compareDeployments(10);
    expect(c.vm.perInstanceMemoryMiB.value).toBe(1024 + FIGURES.qemuVmmMemory.value);
    expect(c.container.perInstanceMemoryMiB.value).toBeCloseTo(NGINX.rssMiB + FIGURES.shimMemory.value, 1);
    expect(c.vm.memoryMiB.value).toBeCloseTo(10 * c.vm.perInstanceMemoryMiB.value, 1);
    // The engine's daemons are paid once, not per container.
    expect(c.container.memoryMiB.value).toBeCloseTo(c.container.sharedMemoryMiB.value + 10 * c.container.perInstanceMemoryMiB.value, 1);
    expect(c.vm.memoryMiB.value / c.container.memoryMiB.value).toBeGreaterThan(20);
  });

  it('a VM carries a whole guest OS image each; containers store the image layers once', () => {
    const one = deployCost('container', 1);
    const ten = deployCost('container', 10);
    expect(ten.sharedDiskMiB.value).toBe(one.sharedDiskMiB.value);
    expect(ten.diskMiB.value - one.diskMiB.value).toBe(9 * one.perInstanceDiskMiB.value);
    const vm = deployCost('vm', 10);
    expect(vm.diskMiB.value).toBeCloseTo(10 * (FIGURES.guestDiskUbuntu.value * 1024 + NGINX.imageMiB), 1);
  });

  it('start times come from the cited figures', () => {
    const c = compareDeployments(3);
    expect(c.vm.startMs).toEqual({ value: FIGURES.vmBoot.value * 1000, figures: ['vmBoot'] });
    expect(c.microvm.startMs.value).toBe(FIGURES.fcVmmStart.value + FIGURES.fcBoot.value);
    expect(c.container.startMs.value).toBe(568);
    expect(FIGURES.vmBoot.kind).toBe('illustrative');
    expect(FIGURES.fcBoot.source).toBe('FC-SPEC');
    expect(FIGURES.containerStart.source).toBe('KHAN');
  });

  it('how many fit: VMs run out of memory long before containers do', () => {
    const vm = deployCost('vm', 1, { ...NGINX, cpuShare: 0 });
    const ct = deployCost('container', 1, { ...NGINX, cpuShare: 0 });
    expect(vm.limitedBy).toBe('memory');
    expect(vm.fit).toBe(Math.floor((SIM_HOST.memoryMiB - SIM_HOST.baseMiB) / vm.perInstanceMemoryMiB.value));
    expect(ct.fit).toBeGreaterThan(vm.fit * 50);
  });

  it('every figure a result cites exists and has a source', () => {
    for (const cost of Object.values(compareDeployments(5))) {
      for (const f of [...cost.memoryMiB.figures, ...cost.diskMiB.figures, ...cost.startMs.figures]) {
        expect(FIGURES[f]).toBeDefined();
        expect(SOURCES[FIGURES[f].source]).toBeDefined();
      }
    }
  });
});

describe('consolidation (course notes: 10 apps, 10 servers, <10% utilisation)', () => {
  it('containers fit all ten on one server; VMs need two because each reserves its memory', () => {
    const r = consolidation();
    expect(r.serversBefore).toBe(10);
    expect(r.utilisationBefore).toBe(10);
    expect(r.after.container.servers).toBe(1);
    expect(r.after.container.cpuUtilisation).toBe(100);
    expect(r.after.vm.servers).toBe(2);
    expect(r.after.vm.cpuUtilisation).toBe(50);
    expect(r.after.microvm.servers).toBe(1);
  });
});

describe('startTimeline', () => {
  it('staggers starts and adds each kind\u2019s start time', () => {
    const t = startTimeline(deployCost('container', 3), 100);
    expect(t).toEqual([
      { index: 0, startAt: 0, upAt: 568 },
      { index: 1, startAt: 100, upAt: 668 },
      { index: 2, startAt: 200, upAt: 768 },
    ]);
  });
});

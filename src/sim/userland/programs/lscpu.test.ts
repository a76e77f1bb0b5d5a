import { describe, expect, it } from 'vitest';
import { testHost } from '../testkit.ts';
import { cpuList } from './lscpu.ts';

describe('lscpu (util-linux 2.38.1)', () => {
  it('lscpu summarises /proc/cpuinfo (flat off a terminal)', () => {
    const t = testHost();
    const out = t.run('lscpu').stdout.split('\n');
    expect(out[0]).toBe('Architecture:        x86_64');
    expect(out).toContain('CPU(s):              2');
    expect(out).toContain('Socket(s):           2');
    expect(out).toContain('Hypervisor vendor:   KVM');
    expect(cpuList([0, 1])).toBe('0,1');
    expect(cpuList([0, 1, 2, 3, 5])).toBe('0-3,5');
  });
});

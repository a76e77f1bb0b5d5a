import { describe, expect, it } from 'vitest';
import { createHost } from '../../sim/host/host.ts';
import { stepText } from './step-text.ts';
import { isSignificant } from './significant.ts';

describe('stepText', () => {
  it('says what each step of a docker run does, in a few words', () => {
    const host = createHost({ seed: 1 });
    const steps = host.run('docker run -d --name web nginx').events.filter(isSignificant).map(stepText);
    expect(steps).toContain('pulled nginx:latest');
    expect(steps).toContain('container record web');
    expect(steps.some((s) => /^new pid namespace pid:\[\d+\]$/.test(s))).toBe(true);
    expect(steps).toContain('pivot_root into the container root');
    expect(steps.some((s) => s.startsWith('veth pair veth'))).toBe(true);
    expect(steps).toContain('container running');
  });
});

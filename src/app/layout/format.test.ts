import { describe, expect, it } from 'vitest';
import { formatBytes, formatCores, clamp01, shortId, formatLimit } from './format.ts';

describe('format', () => {
  it('formats sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(4096)).toBe('4 KiB');
    expect(formatBytes(64 * 1024 * 1024)).toBe('64 MiB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MiB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2 GiB');
    expect(formatBytes(123.4 * 1024)).toBe('123 KiB');
  });
  it('formats cores, limits, IDs and clamps fractions', () => {
    expect(formatCores(1)).toBe('1.00 CPU');
    expect(formatCores(0.5)).toBe('0.50 CPUs');
    expect(clamp01(NaN)).toBe(0);
    expect(clamp01(3)).toBe(1);
    expect(shortId('sha256:0123456789abcdef')).toBe('0123456789ab');
    expect(formatLimit('max', formatBytes)).toBe('max');
    expect(formatLimit(1024, formatBytes)).toBe('1 KiB');
  });
});

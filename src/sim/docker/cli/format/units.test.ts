import { describe, expect, it } from 'vitest';
import { bytesSize, goFormatG, humanDuration, humanSize, humanSizeWithPrecision, ramInBytes } from './units.ts';

describe('go-units', () => {
  it('HumanDuration as docker ps shows it', () => {
    const s = 1000;
    const cases: Array<[number, string]> = [
      [0, 'Less than a second'],
      [999, 'Less than a second'],
      [1 * s, '1 second'],
      [5 * s, '5 seconds'],
      [59 * s, '59 seconds'],
      [60 * s, 'About a minute'],
      [119 * s, 'About a minute'],
      [120 * s, '2 minutes'],
      [59 * 60 * s, '59 minutes'],
      [60 * 60 * s, 'About an hour'],
      [90 * 60 * s, '2 hours'],
      [47 * 3600 * s, '47 hours'],
      [48 * 3600 * s, '2 days'],
      [14 * 86400 * s, '2 weeks'],
      [60 * 86400 * s, '2 months'],
      [730 * 86400 * s, '2 years'],
    ];
    for (const [ms, text] of cases) expect(humanDuration(ms)).toBe(text);
  });

  it('sizes: decimal with 3 or 4 significant digits, binary for memory', () => {
    expect(humanSizeWithPrecision(7_800_000, 3)).toBe('7.8MB');
    expect(humanSizeWithPrecision(192_000_000, 3)).toBe('192MB');
    expect(humanSizeWithPrecision(1234, 3)).toBe('1.23kB');
    expect(humanSizeWithPrecision(0, 3)).toBe('0B');
    expect(humanSize(7_812_345)).toBe('7.812MB');
    expect(humanSize(199_800_000)).toBe('199.8MB');
    expect(bytesSize(64 * 1024 * 1024)).toBe('64MiB');
    expect(bytesSize(2095484928)).toBe('1.952GiB');
    expect(bytesSize(5_902_336)).toBe('5.629MiB');
    expect(goFormatG(999.95, 3)).toBe('1e+03');
  });

  it('RAMInBytes accepts docker memory sizes and rejects others with its texts', () => {
    expect(ramInBytes('512m')).toEqual({ value: 536870912 });
    expect(ramInBytes('1g')).toEqual({ value: 1073741824 });
    expect(ramInBytes('1.5G')).toEqual({ value: 1610612736 });
    expect(ramInBytes('100')).toEqual({ value: 100 });
    expect(ramInBytes('10kb')).toEqual({ value: 10240 });
    expect(ramInBytes('foo')).toEqual({ error: "invalid size: 'foo'" });
    expect(ramInBytes('1.5.5g')).toEqual({ error: 'strconv.ParseFloat: parsing "1.5.5": invalid syntax' });
  });
});

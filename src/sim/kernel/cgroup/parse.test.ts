import { describe, it, expect } from 'vitest';
import { formatCpuList, kstrtoint, memparse, pageCounterMemparse, parseCpuList } from './parse.ts';

describe('memparse', () => {
  it('reads suffixes and bases like the kernel', () => {
    expect(memparse('64k')).toEqual({ bytes: 65536, rest: '' });
    expect(memparse('2M')).toEqual({ bytes: 2097152, rest: '' });
    expect(memparse('1g')).toEqual({ bytes: 1073741824, rest: '' });
    expect(memparse('1T')).toEqual({ bytes: 2 ** 40, rest: '' });
    expect(memparse('0x10')).toEqual({ bytes: 16, rest: '' });
    expect(memparse('010')).toEqual({ bytes: 8, rest: '' });
    expect(memparse('12abc')).toEqual({ bytes: 12, rest: 'abc' });
  });
  it('rounds page counters down to whole pages and rejects trailing junk', () => {
    expect(pageCounterMemparse('4097')).toBe(4096);
    expect(pageCounterMemparse(' max\n')).toBe('max');
    expect(pageCounterMemparse('1 G')).toBeNull();
    expect(pageCounterMemparse('')).toBe(0);
  });
});

describe('kstrtoint', () => {
  it('accepts whole numbers in base 0, one trailing newline, and a sign', () => {
    expect(kstrtoint('42')).toBe(42);
    expect(kstrtoint('42\n')).toBe(42);
    expect(kstrtoint('-3')).toBe(-3);
    expect(kstrtoint('0x1f')).toBe(31);
    expect(kstrtoint('')).toBeNull();
    expect(kstrtoint('4 2')).toBeNull();
    expect(kstrtoint('1.5')).toBeNull();
  });
});

describe('cpu lists', () => {
  it('parses and prints ranges', () => {
    expect(parseCpuList('0-2,5')).toEqual([0, 1, 2, 5]);
    expect(parseCpuList('3,1,1')).toEqual([1, 3]);
    expect(parseCpuList('')).toEqual([]);
    expect(parseCpuList('a')).toBeNull();
    expect(parseCpuList('2-1')).toBeNull();
    expect(formatCpuList([0, 1, 2, 5, 7, 8])).toBe('0-2,5,7-8');
    expect(formatCpuList([])).toBe('');
  });
});

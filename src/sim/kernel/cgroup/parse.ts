/**
 * Parsing what userspace writes into cgroup files, the way the kernel does.
 *
 * Models: memparse() and page_counter_memparse() (lib/cmdline.c,
 * mm/page_counter.c: "max" or a number with an optional K/M/G/T/P/E suffix,
 * rounded down to whole pages), kstrtoint()-style integers (base 0: "0x1f",
 * "017"), cpulist_parse() ("0-3,5"), and their canonical output forms.
 *
 * SIMPLIFICATIONS: numbers beyond 2^53 lose precision (JS numbers); the
 * 64-bit overflow checks (ERANGE) apply only above Number.MAX_SAFE_INTEGER.
 */

import type { Max } from './types.ts';
import { PAGE_SIZE } from './types.ts';

/** simple_strtoull with base 0: returns the value and how many characters were used. */
function strtoull(s: string): { value: number; used: number } {
  let i = 0;
  let base = 10;
  if (s.startsWith('0x') || s.startsWith('0X')) {
    if (/^0[xX][0-9a-fA-F]/.test(s)) {
      base = 16;
      i = 2;
    }
  } else if (s.startsWith('0') && s.length > 1) {
    base = 8;
    i = 1;
  }
  let value = 0;
  const start = i;
  for (; i < s.length; i++) {
    const d = parseInt(s.charAt(i), base);
    if (Number.isNaN(d)) break;
    value = value * base + d;
  }
  if (base === 8 && i === start) return { value: 0, used: 1 };
  return { value, used: i };
}

const SUFFIX: Record<string, number> = { k: 10, m: 20, g: 30, t: 40, p: 50, e: 60 };

/** memparse(): "100M" → 104857600; `rest` is what followed the number and suffix. */
export function memparse(s: string): { bytes: number; rest: string } {
  const { value, used } = strtoull(s);
  let rest = s.slice(used);
  let bytes = value;
  const shift = SUFFIX[rest.charAt(0).toLowerCase()];
  if (shift !== undefined && rest.length > 0) {
    bytes = value * 2 ** shift;
    rest = rest.slice(1);
  }
  return { bytes, rest };
}

/** page_counter_memparse(buf, "max"): a page-aligned byte count, "max", or null (EINVAL). */
export function pageCounterMemparse(buf: string): Max | null {
  const s = buf.trim();
  if (s === 'max') return 'max';
  const { bytes, rest } = memparse(s);
  if (rest !== '') return null;
  return Math.floor(bytes / PAGE_SIZE) * PAGE_SIZE;
}

/** kstrtoint/kstrtoll with base 0 (the whole string must be a number; one trailing newline allowed). */
export function kstrtoint(buf: string): number | null {
  let s = buf.endsWith('\n') ? buf.slice(0, -1) : buf;
  let sign = 1;
  if (s.startsWith('-')) {
    sign = -1;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  if (s === '') return null;
  const { value, used } = strtoull(s);
  if (used !== s.length) return null;
  return sign * value;
}

/** Leading decimal digits of `s`, as sscanf("%llu") reads them; null if none. */
export function scanUnsigned(s: string): number | null {
  const m = /^\s*\+?(\d+)/.exec(s);
  return m ? Number(m[1]) : null;
}

/** cpulist_parse(): "0-2,5" → [0,1,2,5]; "" → []; null when malformed. */
export function parseCpuList(buf: string): number[] | null {
  const s = buf.trim();
  if (s === '') return [];
  const out = new Set<number>();
  for (const part of s.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) return null;
    for (let i = a; i <= b; i++) out.add(i);
  }
  return [...out].sort((x, y) => x - y);
}

/** The kernel's "%*pbl" list format: [0,1,2,5] → "0-2,5". */
export function formatCpuList(cpus: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < cpus.length) {
    const a = cpus[i] as number;
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === (cpus[j] as number) + 1) j++;
    const b = cpus[j] as number;
    parts.push(a === b ? String(a) : `${a}-${b}`);
    i = j + 1;
  }
  return parts.join(',');
}

export function formatMax(v: Max): string {
  return v === 'max' ? 'max' : String(v);
}

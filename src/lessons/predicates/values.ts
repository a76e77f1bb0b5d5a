/**
 * Value helpers shared by the predicates: sizes as Docker and the kernel write
 * them, counts with bounds, and comparisons of what a file shows with what a
 * lesson expects.
 */

/** Bytes of "64M", "512k", "1g", "1.5G", "100" (bytes), 67108864; null if not a size. Binary units, as Docker and cgroupfs use. */
export function parseSize(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : null;
  if (typeof v !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b)?\s*$/i.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : unit === 't' ? 1024 ** 4 : 1;
  return Math.floor(n * mult);
}

export interface CountSpec {
  min?: number;
  max?: number;
}

/** A count argument: 3 means exactly 3; {min, max} bounds it. */
export function toCount(v: unknown): CountSpec | null {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { min: v, max: v };
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 0 || keys.some((k) => k !== 'min' && k !== 'max')) return null;
    const out: CountSpec = {};
    for (const k of keys) {
      const n = o[k];
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return null;
      out[k as 'min' | 'max'] = n;
    }
    return out;
  }
  return null;
}

export function countOk(n: number, c: CountSpec): boolean {
  return (c.min === undefined || n >= c.min) && (c.max === undefined || n <= c.max);
}

export function describeCount(c: CountSpec): string {
  if (c.min !== undefined && c.min === c.max) return `exactly ${c.min}`;
  if (c.min !== undefined && c.max !== undefined) return `between ${c.min} and ${c.max}`;
  if (c.min !== undefined) return `at least ${c.min}`;
  return `at most ${c.max}`;
}

/** Whitespace-normalised text. */
export function norm(s: string): string {
  return s.trim().replace(/\s+/g, ' ');
}

/**
 * Does a value as a file shows it (`67108864`, `max`, `50000 100000`) match the
 * expected one (`64M`, `max`, "50000 100000", 200, {min: 1})?
 */
export function valueMatches(actual: string, expected: unknown): boolean {
  const a = norm(actual);
  const count = typeof expected === 'object' && expected !== null ? toCount(expected) : null;
  if (count) {
    const n = Number(a);
    return Number.isFinite(n) && countOk(n, count);
  }
  const e = norm(String(expected));
  if (a === e) return true;
  // Sizes: "64M" against 67108864.
  if (/^\d+$/.test(a)) {
    const es = parseSize(e);
    if (es !== null) return Number(a) === es;
  }
  return false;
}

/** Docker's familiar image reference with the default tag: "nginx" → "nginx:latest". */
export function withTag(ref: string): string {
  if (ref.includes('@')) return ref;
  const slash = ref.lastIndexOf('/');
  return ref.slice(slash + 1).includes(':') ? ref : `${ref}:latest`;
}

/** Strip Docker Hub's default prefixes: "docker.io/library/nginx:latest" → "nginx:latest". */
export function familiar(ref: string): string {
  return withTag(ref.replace(/^docker\.io\//, '').replace(/^library\//, ''));
}

/** Capability name as the kernel spells it: "net_admin" → "CAP_NET_ADMIN". */
export function capName(s: string): string {
  const up = s.toUpperCase();
  return up.startsWith('CAP_') ? up : `CAP_${up}`;
}

export function asStrings(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

/**
 * Number formatting shared by the views: sizes in binary units as the course
 * writes them ("64 MiB"), CPU as cores, short namespace labels.
 */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** 67108864 → "64 MiB"; 1572864 → "1.5 MiB"; 0 → "0 B". At most one decimal, dropped when exact. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return String(n);
  let i = 0;
  let v = n;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  const text = Number.isInteger(v) ? String(v) : v >= 100 ? String(Math.round(v)) : v.toFixed(1).replace(/\.0$/, '');
  return `${text} ${UNITS[i]}`;
}

/** A limit that may be "max". */
export function formatLimit(v: number | 'max', fmt: (n: number) => string = String): string {
  return v === 'max' ? 'max' : fmt(v);
}

/** 0.5 → "0.50 CPU"; 2 → "2.00 CPUs". */
export function formatCores(cores: number): string {
  return `${cores.toFixed(2)} CPU${Math.abs(cores - 1) < 0.005 ? '' : 's'}`;
}

/** Fraction 0..1 clamped; NaN and negatives → 0. */
export function clamp01(x: number): number {
  if (!Number.isFinite(x) || x < 0) return 0;
  return x > 1 ? 1 : x;
}

/** "pid:[4026532161]", as readlink /proc/PID/ns/pid prints it. */
export function nsLink(type: string, inum: number): string {
  return `${type}:[${inum}]`;
}

/** The first 12 hex digits of a container or image ID (sha256: prefix removed), as docker ps shows it. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/**
 * Deep copies of plain (JSON-shaped) data. Faster than structuredClone for the
 * kernel's records, which matters for snapshot/restore of 10,000 processes.
 */

export function clonePlain<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const n = v.length;
    const a = new Array(n);
    for (let i = 0; i < n; i++) a[i] = clonePlain(v[i]);
    return a as T;
  }
  const o: Record<string, unknown> = {};
  for (const key in v) o[key] = clonePlain((v as Record<string, unknown>)[key]);
  return o as T;
}

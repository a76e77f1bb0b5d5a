/** Timestamps as Docker writes them (RFC 3339 with nanoseconds, UTC), from virtual ms. */

export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000Z`;
}

/** Seconds since the epoch of an RFC 3339 string (0 if unparsable). */
export function unixSeconds(rfc: string): number {
  const t = Date.parse(rfc);
  return Number.isFinite(t) ? Math.floor(t / 1000) : 0;
}

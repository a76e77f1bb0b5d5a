/**
 * Docker's time formats over the virtual clock: Go's time.RFC3339Nano (as in
 * `Created`, `State.StartedAt`, json-file log lines) and the zero time
 * "0001-01-01T00:00:00Z" that a never-started container shows.
 *
 * SIMPLIFICATIONS: the virtual clock has 1 ms resolution, so nanoseconds are
 * milliseconds × 10^6 (Go trims trailing zeros of the fraction, as here).
 */

/** Go's zero time.Time as RFC 3339 (`StartedAt` of a container never started). */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** RFC3339Nano of an instant in ms since the epoch: "2026-01-15T09:00:01.5Z". */
export function rfc3339Nano(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2026-01-15T09:00:01.500Z
  const [secs, frac = '000Z'] = iso.split('.');
  const digits = frac.slice(0, 3).replace(/0+$/, '');
  return digits ? `${secs}.${digits}Z` : `${secs}Z`;
}

/** The 9-digit form docker logs -t and docker events print: "2026-01-15T09:00:01.500000000Z". */
export function rfc3339Nano9(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  const [secs, frac = '000Z'] = iso.split('.');
  return `${secs}.${frac.slice(0, 3)}000000Z`;
}

/** Parse an RFC 3339 time back to ms since the epoch (null if it is the zero time or invalid). */
export function parseRfc3339(s: string): number | null {
  if (!s || s === ZERO_TIME) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

/** go-units HumanDuration, as `docker ps` prints "Up 5 seconds" and "Exited (0) 2 minutes ago". */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(ms / 3600000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(Math.floor(ms / 3600000) / 24 / 365)} years`;
}

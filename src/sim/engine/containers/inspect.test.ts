import { describe, expect, it } from 'vitest';
import { unixSeconds } from './inspect.ts';

describe('docker ps Created (unix seconds of the record time)', () => {
  it('matches Date.parse, floored, for RFC 3339 times with and without fractions, and falls back for other forms', () => {
    for (const t of ['2026-11-22T12:00:05Z', '2026-11-22T12:00:05.999999999Z', '1969-12-31T23:59:59.5Z', '2000-02-29T00:00:00.000000001Z', '2026-11-22T12:00:05+01:00', '0001-01-01T00:00:00Z', '2024-02-29T23:59:59Z', '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-22T24:00:00Z', '2026-11-22T12:00:05.Z', '2026-11-22 12:00:05Z', '2026-11-22T12:60:05Z', 'x']) {
      expect([t, unixSeconds(t)]).toEqual([t, Math.floor(Date.parse(t) / 1000)]);
    }
  });
});

/**
 * Time stamps of container records on the virtual clock, as Go's time.Time
 * marshals them (RFC 3339 with nanoseconds, trailing zeros trimmed).
 * SIMPLIFICATIONS: the clock has ms resolution; the sub-millisecond digits of
 * `Created`, `StartedAt` and `FinishedAt` come from the kernel's event
 * sequence number, so they look like the real thing and still grow in the
 * order things happened within one millisecond.
 */

import type { Engine } from '../engine.ts';

/** The "YYYY-MM-DDTHH:MM:SS" text of the last second formatted, per engine (keyed by the second, so never stale). */
const lastSecond = new WeakMap<Engine, { sec: number; text: string }>();

function secondsText(engine: Engine, secMs: number): string {
  const last = lastSecond.get(engine);
  if (last && last.sec === secMs) return last.text;
  const text = new Date(secMs).toISOString().slice(0, 19);
  lastSecond.set(engine, { sec: secMs, text });
  return text;
}

/** Now, as { ms since the epoch, RFC3339Nano text }. */
export function createdStamp(engine: Engine): { ms: number; text: string } {
  const ms = engine.k.nowMs;
  const sub = ((ms % 1000) + 1000) % 1000;
  const ns = sub * 1_000_000 + (engine.k.state.seq % 1_000_000);
  const secs = secondsText(engine, ms - sub);
  const frac = ns === 0 ? '' : `.${String(ns).padStart(9, '0').replace(/0+$/, '')}`;
  return { ms, text: `${secs}${frac}Z` };
}

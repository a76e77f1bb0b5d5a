/**
 * The UI's real-time clock for one host: the core's time is virtual and moves
 * only when asked (host.advance), so the page asks, a few times a second, for
 * as much time as really passed. Background jobs (`sleep 30 &`), containers and
 * programs that print over time (ping, top) then run as they would on a real
 * machine. Commands in the foreground do not need it: the shell skips ahead in
 * virtual time while it waits for them.
 */

import type { Host } from '../sim/host/host.ts';
import type { LoggedEvent } from '../sim/events.ts';

export interface ClockOptions {
  /** How often to advance, ms of real time. */
  intervalMs?: number;
  /** Longest stretch one step may cover (a throttled background tab does not jump hours). */
  maxStepMs?: number;
}

/** Starts advancing `host`'s clock; `onEvents` gets each step's events. Returns stop(). */
export function startClock(
  host: Host,
  onEvents: (events: LoggedEvent[]) => void,
  { intervalMs = 500, maxStepMs = 2000 }: ClockOptions = {},
): () => void {
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const ms = Math.min(Math.round(now - last), maxStepMs);
    last = now;
    if (ms <= 0) return;
    const events = host.advance(ms);
    if (events.length > 0) onEvents(events);
  }, intervalMs);
  return () => clearInterval(timer);
}

/** Did anything happen besides time passing? (Views skip re-reading state otherwise.) */
export function somethingHappened(events: readonly LoggedEvent[]): boolean {
  return events.some((e) => e.type !== 'clock.advanced');
}

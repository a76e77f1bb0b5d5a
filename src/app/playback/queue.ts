/**
 * The playback queue: events arrive from the host in batches (one per command
 * or clock tick); a cursor walks through the significant ones at the UI's own
 * pace. Durations live here, in the UI, never in the core.
 *
 * What the views display (the choice, documented once here):
 * - Structure comes from the host's live state (the kernel's plain data), so
 *   it is always right, even mid-playback.
 * - Objects created by events the cursor has not reached yet (`hidden()`)
 *   are held back, so `docker run` unfolds step by step: the process appears,
 *   then its namespaces, its cgroup, its veth...
 * - The step under the cursor (`current`) is what the views highlight and
 *   animate (a new process fades in, an OOM kill flashes, a packet travels).
 * - Removals show at once (the live state no longer holds the object; the
 *   views fade it out as it goes).
 * - Text alternatives read the live state, not the cursor, so a screen reader
 *   is never behind.
 * With reduced motion the cursor jumps to the latest event on arrival.
 *
 * Pure and synchronous (no timers): the caller advances it by elapsed time.
 */

import type { LoggedEvent } from '../../sim/events.ts';
import { baseDurationMs, createdKeys, isSignificant } from './significant.ts';

export const MIN_SPEED = 0.5;
export const MAX_SPEED = 4;
/** A burst of steps is squeezed so that it plays in about this long at 1x. */
export const BURST_BUDGET_MS = 5000;
/** No step is shorter than this at 1x (a flash must be seen). */
export const MIN_STEP_MS = 60;
/** Steps kept after playing them (for the view that wants the recent past). */
const KEEP_PLAYED = 200;

export class PlaybackQueue {
  /** Significant events not yet played, oldest first. */
  private pending: LoggedEvent[] = [];
  private played: LoggedEvent[] = [];
  /** Time spent on the current step so far, ms of playback time. */
  private elapsed = 0;
  /** Factor (≤ 1) applied to base durations, fixed when a batch arrives so a burst plays in BURST_BUDGET_MS. */
  private scale = 1;
  current: LoggedEvent | null = null;
  /** Duration at 1x of the step under the cursor (0 after a jump). */
  currentDurationMs = 0;

  /** Add a batch; returns how many steps it queued. */
  push(events: readonly LoggedEvent[]): number {
    let n = 0;
    for (const e of events) {
      if (!isSignificant(e)) continue;
      this.pending.push(e);
      n++;
    }
    if (n > 0) {
      const total = this.pending.reduce((sum, e) => sum + baseDurationMs(e), 0);
      this.scale = total > BURST_BUDGET_MS ? BURST_BUDGET_MS / total : 1;
    }
    return n;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  get recent(): readonly LoggedEvent[] {
    return this.played;
  }

  /** Duration of the step the cursor is about to play, at 1x, ms. */
  nextDurationMs(): number {
    const next = this.pending[0];
    if (!next) return 0;
    return Math.max(MIN_STEP_MS, baseDurationMs(next) * this.scale);
  }

  /** Play exactly one step; returns it, or null when nothing is pending. */
  step(): LoggedEvent | null {
    this.currentDurationMs = this.nextDurationMs();
    const e = this.pending.shift() ?? null;
    this.elapsed = 0;
    if (!e) return null;
    this.current = e;
    this.played.push(e);
    if (this.played.length > KEEP_PLAYED) this.played.splice(0, this.played.length - KEEP_PLAYED);
    return e;
  }

  /**
   * Let `ms` of real time pass at `speed`; plays the steps whose time has
   * come and returns them (often none, sometimes several).
   */
  advance(ms: number, speed = 1): LoggedEvent[] {
    const out: LoggedEvent[] = [];
    let budget = ms * clampSpeed(speed) + this.elapsed;
    while (this.pending.length > 0) {
      const need = this.nextDurationMs();
      if (budget < need) break;
      budget -= need;
      const e = this.step();
      if (e) out.push(e);
    }
    this.elapsed = this.pending.length > 0 ? budget : 0;
    return out;
  }

  /** Real ms until the next step plays at `speed` (Infinity when idle). */
  msUntilNext(speed = 1): number {
    if (this.pending.length === 0) return Infinity;
    return Math.max(0, (this.nextDurationMs() - this.elapsed) / clampSpeed(speed));
  }

  /** Play everything at once; returns what was pending. The last one becomes current. */
  jumpToLatest(): LoggedEvent[] {
    const all = this.pending;
    this.pending = [];
    this.elapsed = 0;
    this.currentDurationMs = 0;
    for (const e of all) this.played.push(e);
    if (this.played.length > KEEP_PLAYED) this.played.splice(0, this.played.length - KEEP_PLAYED);
    if (all.length > 0) this.current = all[all.length - 1] ?? null;
    return all;
  }

  /** Forget everything (after a restore: the events belong to a state that is gone). */
  clear(): void {
    this.pending = [];
    this.played = [];
    this.elapsed = 0;
    this.current = null;
    this.currentDurationMs = 0;
  }

  /** Keys of objects created by events not yet played (see createdKeys). */
  hidden(): Set<string> {
    const out = new Set<string>();
    for (const e of this.pending) for (const k of createdKeys(e)) out.add(k);
    return out;
  }
}

export function clampSpeed(s: number): number {
  if (!Number.isFinite(s)) return 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, s));
}

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
 * Timing: a step plays, then stays current for its duration before the next
 * one plays. A batch that arrives when the last step's time is up starts at
 * once, so a command's first step shows in the frame after Enter.
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
  /** Playback time (ms at 1x) the current step stays current before the next may play. */
  private hold = 0;
  /** Factor (≤ 1) applied to base durations, fixed when a batch arrives so a burst plays in BURST_BUDGET_MS. */
  private scale = 1;
  current: LoggedEvent | null = null;
  /** Duration at 1x of the step under the cursor (0 after a jump). */
  currentDurationMs = 0;
  /** Bumped whenever hidden() may have changed (a creation was queued or played). */
  hiddenVersion = 0;

  /** Add a batch; returns how many steps it queued. */
  push(events: readonly LoggedEvent[]): number {
    let n = 0;
    for (const e of events) {
      if (!isSignificant(e)) continue;
      this.pending.push(e);
      if (createdKeys(e).length > 0) this.hiddenVersion++;
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
    this.hold = e ? this.currentDurationMs : 0;
    if (!e) return null;
    if (createdKeys(e).length > 0) this.hiddenVersion++;
    this.current = e;
    this.played.push(e);
    if (this.played.length > KEEP_PLAYED) this.played.splice(0, this.played.length - KEEP_PLAYED);
    return e;
  }

  /**
   * Let `ms` of real time pass at `speed`; plays the steps whose time has
   * come and returns them (often none, sometimes several). `advance(0)`
   * plays the first step of a batch at once when the last step's time is up.
   */
  advance(ms: number, speed = 1): LoggedEvent[] {
    const out: LoggedEvent[] = [];
    let budget = ms * clampSpeed(speed);
    while (this.pending.length > 0 && budget >= this.hold) {
      budget -= this.hold;
      const e = this.step();
      if (e) out.push(e);
    }
    // Time left over shortens the current step; with nothing pending, idle time is not banked.
    this.hold = Math.max(0, this.hold - budget);
    return out;
  }

  /** Real ms until the next step plays at `speed` (Infinity when idle). */
  msUntilNext(speed = 1): number {
    if (this.pending.length === 0) return Infinity;
    return this.hold / clampSpeed(speed);
  }

  /** Play everything at once; returns what was pending. The last one becomes current. */
  jumpToLatest(): LoggedEvent[] {
    const all = this.pending;
    this.pending = [];
    this.hold = 0;
    if (all.length > 0) this.hiddenVersion++;
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
    this.hold = 0;
    this.hiddenVersion++;
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

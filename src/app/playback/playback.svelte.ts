/**
 * The playback of one host's events for the views: a PlaybackQueue driven by
 * a real timer, with reactive fields the components read. One instance per
 * App (no module-level state); `dispose()` stops its timer.
 *
 * Views read:
 * - `version`: bumped whenever what they display may have changed (a batch
 *   arrived or a step played), so they re-read the live host state;
 * - `liveVersion`: bumped only when the host changed (for text alternatives
 *   and anything that does not depend on the cursor: no re-render per step);
 * - `hidden`: keys of objects whose creation the cursor has not reached
 *   (`hiddenOf(prefix)` for one kind, the same Set object while its content
 *   stays the same, so a layout derived from it is not redone on every step);
 * - `current` (and `currentSeq`): the step being played, to highlight;
 * - `stepMs`: how long the current step lasts (real ms), for animation durations.
 * See queue.ts for why structure is live and creations wait for the cursor.
 */

import type { LoggedEvent } from '../../sim/events.ts';
import { PlaybackQueue, clampSpeed } from './queue.ts';

export const SPEEDS = [0.5, 1, 2, 4] as const;

/** The empty hidden set (shared: it is never mutated). */
const EMPTY: ReadonlySet<string> = Object.freeze(new Set<string>());

export class Playback {
  playing = $state(true);
  speed = $state(1);
  /** Changes apply instantly (prefers-reduced-motion or the user's toggle). */
  reduced = $state(false);
  version = $state(0);
  /** Bumped only when the host's state changed (a batch arrived, a restore), not on each step. */
  liveVersion = $state(0);
  current: LoggedEvent | null = $state.raw(null);
  pendingCount = $state(0);
  hidden: ReadonlySet<string> = $state.raw(EMPTY);
  stepMs = $state(320);

  #queue = new PlaybackQueue();
  #hiddenVersion = -1;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache; nothing renders from it directly
  #subsets = new Map<string, ReadonlySet<string>>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;
  /** Real time up to which the queue has been credited. */
  #lastTick = performance.now();

  /** Events from the host (a command's or a clock tick's). */
  push(events: readonly LoggedEvent[]): void {
    const changed = events.some((e) => e.type !== 'clock.advanced');
    if (changed) this.liveVersion++;
    // Credit the time spent on the current step so far (the queue does not bank idle time).
    this.#pump();
    const n = this.#queue.push(events);
    if (n > 0 && (this.reduced || this.#disposed)) this.#queue.jumpToLatest();
    // When the last step's time is up, the first new step plays now: the effect shows in the next frame.
    else if (n > 0 && this.playing) this.#queue.advance(0, this.speed);
    this.#sync(changed || n > 0);
    this.#schedule();
  }

  play(): void {
    this.playing = true;
    this.#lastTick = performance.now();
    this.#schedule();
  }

  pause(): void {
    this.#pump();
    this.playing = false;
    this.#clearTimer();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** One step forward (pauses: stepping is for looking closely). */
  step(): void {
    this.pause();
    if (this.#queue.step()) this.#sync(true);
  }

  jumpToLatest(): void {
    this.#queue.jumpToLatest();
    this.#sync(true);
    this.#clearTimer();
  }

  setSpeed(s: number): void {
    this.#pump();
    this.speed = clampSpeed(s);
    this.#schedule();
  }

  setReduced(on: boolean): void {
    this.reduced = on;
    if (on) this.jumpToLatest();
  }

  /** The host's state was replaced (undo, reset, restore): drop the queue. */
  reset(): void {
    this.liveVersion++;
    this.#queue.clear();
    this.#sync(true);
    this.#clearTimer();
  }

  /** Note a change the views must re-read that is not a step (a clock tick's counters). */
  touch(): void {
    this.liveVersion++;
    this.version++;
  }

  get recent(): readonly LoggedEvent[] {
    return this.#queue.recent;
  }

  /** The hidden keys of one kind ("p:", "if:", "cg:", ...), prefix removed; the same Set while unchanged. */
  hiddenOf(prefix: string): ReadonlySet<string> {
    const all = this.hidden;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- built here and never mutated after: plain is right
    const next = new Set<string>();
    for (const k of all) if (k.startsWith(prefix)) next.add(k.slice(prefix.length));
    const prev = this.#subsets.get(prefix);
    if (prev && prev.size === next.size && [...next].every((k) => prev.has(k))) return prev;
    const out = next.size === 0 ? EMPTY : next;
    this.#subsets.set(prefix, out);
    return out;
  }

  dispose(): void {
    this.#disposed = true;
    this.#clearTimer();
  }

  #sync(bump: boolean): void {
    this.current = this.#queue.current;
    this.pendingCount = this.#queue.pendingCount;
    if (this.#queue.hiddenVersion !== this.#hiddenVersion) {
      this.#hiddenVersion = this.#queue.hiddenVersion;
      this.hidden = this.#queue.pendingCount > 0 ? this.#queue.hidden() : EMPTY;
    }
    const ms = this.#queue.currentDurationMs || this.#queue.nextDurationMs();
    if (ms > 0) this.stepMs = Math.round(ms / this.speed);
    if (bump) this.version++;
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Let the real time since the last credit pass on the queue (playing only); plays what is due. */
  #pump(): void {
    const now = performance.now();
    const ms = now - this.#lastTick;
    this.#lastTick = now;
    if (!this.playing || this.#disposed || ms <= 0) return;
    const played = this.#queue.advance(ms, this.speed);
    if (played.length > 0) this.#sync(true);
  }

  #schedule(): void {
    this.#clearTimer();
    if (!this.playing || this.#disposed || this.#queue.pendingCount === 0) return;
    const wait = this.#queue.msUntilNext(this.speed);
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#pump();
        this.#schedule();
      },
      Math.max(0, Math.ceil(wait)),
    );
  }
}


/**
 * The host's event log: every event the kernel, the engine and the hypervisor
 * emit, in order, for the views, the lessons and each command's RunResult.
 *
 * Models the kernel's log buffer (dmesg, printk's ring): positions count every
 * event since boot, readers remember a position (`length`) and later read what
 * came after it (`slice(mark)`), and the buffer keeps only the most recent
 * events, so a host that runs for hours or holds a thousand containers does
 * not keep every event it ever emitted.
 * SIMPLIFICATIONS:
 * - Between `capacity` and twice `capacity` of the latest events are kept (the
 *   oldest half is dropped in one step); a reader asking for positions that
 *   are gone gets the kept part only.
 * - `collect()` hands a command every event it caused however many there were.
 */

import type { LoggedEvent } from '../events.ts';

/** Events kept at least (a docker run emits about 150; a lesson step a few thousand). */
export const DEFAULT_LOG_CAPACITY = 16384;

/** What readers of the log use: a position counter and the events after a position. */
export interface EventLogView {
  /** How many events were recorded since boot (or restore), kept or not. */
  readonly length: number;
  /** The kept events at positions [start, end); negative positions count from the end, as Array.slice. */
  slice(start?: number, end?: number): LoggedEvent[];
}

export class EventLog implements EventLogView {
  private kept: LoggedEvent[] = [];
  private dropped = 0;
  private taps: LoggedEvent[][] = [];

  constructor(readonly capacity: number = DEFAULT_LOG_CAPACITY) {
    if (!(capacity >= 1)) throw new Error(`EventLog: capacity must be at least 1, got ${capacity}`);
  }

  get length(): number {
    return this.dropped + this.kept.length;
  }

  /** How many of the oldest events are no longer kept. */
  get droppedCount(): number {
    return this.dropped;
  }

  push(e: LoggedEvent): void {
    this.kept.push(e);
    for (const t of this.taps) t.push(e);
    if (this.kept.length >= 2 * this.capacity) {
      this.kept = this.kept.slice(this.kept.length - this.capacity);
      this.dropped += this.capacity;
    }
  }

  slice(start = 0, end: number = this.length): LoggedEvent[] {
    const n = this.length;
    const s = start < 0 ? Math.max(0, n + start) : Math.min(start, n);
    const e = end < 0 ? Math.max(0, n + end) : Math.min(end, n);
    return this.kept.slice(Math.max(0, s - this.dropped), Math.max(0, e - this.dropped));
  }

  /** Forget everything (restore): positions start again at 0. */
  clear(): void {
    this.kept = [];
    this.dropped = 0;
  }

  /** Start collecting every event from now on; the returned function stops and hands them over. */
  collect(): () => LoggedEvent[] {
    const tap: LoggedEvent[] = [];
    this.taps.push(tap);
    return () => {
      const i = this.taps.indexOf(tap);
      if (i >= 0) this.taps.splice(i, 1);
      return tap;
    };
  }
}

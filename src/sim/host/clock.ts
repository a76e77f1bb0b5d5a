/**
 * The virtual clock of one simulated host.
 *
 * Models: CLOCK_REALTIME (wall time, shown by `date` and in Docker's
 * timestamps) and CLOCK_MONOTONIC/BOOTTIME (time since boot).
 * Simplifies: time only moves when someone calls advance(); there are no real
 * timers anywhere in the core. Resolution is 1 ms (µs fields are ms × 1000).
 */

/** 2026-01-15T09:00:00Z: the fixed instant every host boots at unless told otherwise. */
export const DEFAULT_BOOT_EPOCH_MS = Date.UTC(2026, 0, 15, 9, 0, 0);

export interface ClockState {
  /** Wall-clock time at boot, ms since the Unix epoch. */
  bootEpochMs: number;
  /** Milliseconds since boot (CLOCK_MONOTONIC). */
  uptimeMs: number;
}

export function createClockState(bootEpochMs = DEFAULT_BOOT_EPOCH_MS): ClockState {
  return { bootEpochMs, uptimeMs: 0 };
}

export function nowMs(c: ClockState): number {
  return c.bootEpochMs + c.uptimeMs;
}

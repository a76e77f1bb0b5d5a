/**
 * Virtual time: sleeping processes and moving the clock (nanosleep(2), time(7)).
 *
 * Models: a process that sleeps waits in state S until its timer is due; time
 * moves only when advanceTime() is called, in stretches that end at each due
 * timer, so timers fire in order of due time (ties in the order they were
 * armed) with the clock reading exactly their due time. The clock changes only
 * through the `clock.advanced` event (applied in process/apply.ts, which also
 * keeps the sorted timer list KernelState.proc.due).
 * A frozen or stopped process's timer does not fire; once it can run again its
 * overdue timer fires at the next advanceTime (even advanceTime(k, 0)).
 * SIMPLIFICATIONS:
 * - 1 ms resolution; no timer slack; no per-time-namespace offsets here
 *   (CLOCK_MONOTONIC offsets only change what a process reads: monotonicMsFor).
 * - At most MAX_FIRINGS timers fire in one advanceTime call: a program that
 *   keeps re-arming a timer that is already due would otherwise never let time move.
 */

import type { Kernel } from './kernel.ts';
import { sysErr, type SysError } from './errno.ts';
import type { TimerEntry } from './process/types.ts';
import { nsAt } from './ns/by-inum.ts';

/** Guard against a program re-arming an already-due timer forever. */
export const MAX_FIRINGS = 1_000_000;

/** nanosleep until `untilMs` (ms since boot): the process waits in state S. */
export function sleepUntil(k: Kernel, pid: number, untilMs: number, running = false): true | SysError {
  const p = k.state.proc.byPid[pid];
  if (!p || p.state === 'Z') return sysErr('ESRCH');
  if (!Number.isFinite(untilMs)) return sysErr('EINVAL');
  // `running`: a loop that never waits, continued at untilMs by the simulator; it stays runnable (R) on the CPU.
  k.emit({ type: 'process.waitChanged', pid, wait: { kind: 'timer', untilMs }, state: running ? 'R' : 'S' });
  return true;
}

/** sleep for `ms` from now. */
export function sleepFor(k: Kernel, pid: number, ms: number): true | SysError {
  if (!(ms >= 0)) return sysErr('EINVAL');
  return sleepUntil(k, pid, k.state.clock.uptimeMs + ms);
}

/** The due time of the next timer that can fire, or null. */
export function nextTimerMs(k: Kernel): number | null {
  const due = k.state.proc.due;
  return due.length ? (due[due.length - 1] as TimerEntry).untilMs : null;
}

function stretch(k: Kernel, toMs: number): void {
  const fromMs = k.state.clock.uptimeMs;
  if (toMs <= fromMs) return;
  k.emit({ type: 'clock.advanced', fromMs, toMs });
  for (const h of k.hooks.ticked) h(k, fromMs, toMs);
}

/**
 * Move the clock `ms` forward, firing every timer that falls due on the way:
 * for each, the clock first moves to its due time (clock.advanced, then the
 * ticked hooks for that stretch), the process is woken (wait none, state R)
 * and the timerFired hooks run its program's continuation. Returns the number
 * of timers fired.
 */
export function advanceTime(k: Kernel, ms: number): number {
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new Error(`advanceTime: bad duration ${ms}`);
  const to = k.state.clock.uptimeMs + ms;
  let fired = 0;
  for (;;) {
    const due = k.state.proc.due;
    const next = due[due.length - 1];
    if (!next || next.untilMs > to) break;
    if (next.untilMs > k.state.clock.uptimeMs) {
      stretch(k, next.untilMs);
      continue; // a ticked hook may have changed the timers
    }
    if (++fired > MAX_FIRINGS) throw new Error('advanceTime: timers keep firing without time passing');
    const p = k.state.proc.byPid[next.pid];
    if (!p) throw new Error(`advanceTime: timer for missing process ${next.pid}`);
    k.emit({ type: 'process.waitChanged', pid: p.pid, wait: { kind: 'none' }, state: 'R' });
    for (const h of k.hooks.timerFired) h(k, p);
  }
  stretch(k, to);
  return fired;
}

/**
 * clock_gettime(CLOCK_MONOTONIC) as a process reads it: uptime plus its time
 * namespace's offset. CLOCK_REALTIME is not namespaced: k.nowMs.
 */
export function monotonicMsFor(k: Kernel, pid: number): number {
  const p = k.state.proc.byPid[pid];
  const ns = p ? nsAt(k.state, p.ns.time) : undefined;
  const off = ns?.type === 'time' ? ns.monotonicOffsetMs : 0;
  return k.state.clock.uptimeMs + off;
}

/**
 * A shell loop that repeats itself exactly: `while :; do :; done`,
 * `until false; do true; done`, `while [ -z "$x" ]; do :; done`.
 *
 * Models: what such a loop is to the kernel: a process that stays runnable
 * and on a CPU until a signal ends it or runs a trap (sched(7)'s R state), as
 * `stress --cpu` is. The interpreter is deterministic, so once a stretch of
 * steps has read nothing outside the shell's own state (no kernel call, no
 * I/O: the Sh's k and ul were not touched) and brought that state back to
 * what it was when the stretch began, every later stretch repeats it, and
 * interpreting them changes nothing: the shell blocks 'busy' instead of
 * running 20,000 steps per 100 ms of virtual time. A signal with a trap
 * resumes it (the trap runs, then the loop goes on and is recognised anew).
 * A loop that counts, reads a file, prints or forks changes something or
 * touches the world, so it keeps running step by step.
 * SIMPLIFICATIONS: the check watches a window of a long-running stretch of
 * steps (from WATCH_FROM on, a few whole-state comparisons at most), so a
 * cycle longer than that window is interpreted as before.
 */

import type { Frame, ShellState } from './state.ts';
import { copyShellState } from './state.ts';

/** Steps a stretch runs before it is watched for a cycle (short commands never pay for the watch). */
export const WATCH_FROM = 2000;
/** Whole-state comparisons a watch makes before it gives up on this stretch. */
const MAX_COMPARES = 8;

/** What a watch holds: the state when it began and the Sh's count of world touches then. */
export interface SpinWatch {
  at: ShellState;
  touches: number;
  compares: number;
  done: boolean;
}

/** The part of the Sh a watch reads: its state and how often it has reached outside the shell. */
export interface Touching {
  st: ShellState;
  readonly touches: number;
}

export function startWatch(sh: Touching): SpinWatch {
  return { at: copyShellState(sh.st), touches: sh.touches, compares: 0, done: false };
}

/** Is the shell back where the watch began, having touched nothing on the way? Gives up for good once it touched. */
export function repeats(sh: Touching, w: SpinWatch): boolean {
  if (w.done) return false;
  if (sh.touches !== w.touches) {
    w.done = true;
    return false;
  }
  const now = sh.st.stack;
  const then = w.at.stack;
  if (now.length !== then.length || now.length === 0) return false;
  if (!sameFrame(now[now.length - 1] as Frame, then[then.length - 1] as Frame)) return false;
  if (++w.compares > MAX_COMPARES) {
    w.done = true;
    return false;
  }
  return sameData(sh.st, w.at);
}

function sameFrame(a: Frame, b: Frame): boolean {
  if (a.f !== b.f) return false;
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const key in ra) if (ra[key] !== rb[key] && typeof ra[key] !== 'object') return false;
  return true;
}

/** Structural equality of plain data (records, arrays, primitives); the same object is equal to itself at once. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || a instanceof Map || a instanceof Set) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let n = 0;
  for (const key in ra) {
    if (!Object.prototype.hasOwnProperty.call(rb, key) || !sameData(ra[key], rb[key])) return false;
    n++;
  }
  for (const key in rb) if (Object.prototype.hasOwnProperty.call(rb, key)) n--;
  return n === 0;
}

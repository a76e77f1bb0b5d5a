/**
 * Endless inputs: /dev/zero (character device 1:5) never ends and has no
 * newline, so a program that keeps "the last lines" of it (tail) keeps all
 * of it and its memory grows until the cgroup's memory.max (or the
 * machine) makes the OOM killer end it; `cat /dev/zero` streams zeros into
 * a pipe for ever.
 *
 * Models: the famous `tail /dev/zero` memory hog: its RSS grows over virtual
 * time (ZERO_RATE bytes per second, charged in steps from a timer) and the
 * kernel's charge path OOM-kills it (SIGKILL: the shell prints "Killed",
 * status 137).
 * SIMPLIFICATIONS: the rate is fixed (100 MiB per virtual second); the bytes
 * are counted, not stored.
 */

import type { Ctx } from '../types.ts';
import { absPath, fsStat } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';
import { kChargeMemory } from '../kapi.ts';

/** Bytes a reader of /dev/zero takes in per virtual second. */
export const ZERO_RATE = 100 * 1024 * 1024;
/** Time between two steps of growth (ms). */
export const ZERO_STEP_MS = 100;
/** What `cat /dev/zero` writes per wake-up (one pipe's worth), and how often. */
export const ZERO_CHUNK = 65536;
export const ZERO_CHUNK_MS = 0.5;

export function isDevZero(ctx: Ctx, file: string): boolean {
  if (file === '-') return false;
  const st = fsStat(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, file));
  return !isErr(st) && st.type === 'chardev' && st.rdev[0] === 1 && st.rdev[1] === 5;
}

/** Grow the caller's RSS to base + held bytes: false if the OOM killer ended it. */
export function holdBytes(ctx: Ctx, baseBytes: number, held: number): boolean {
  return kChargeMemory(ctx.k, ctx.pid, baseBytes + held) === 'ok';
}

/**
 * Showing a pull or push progress stream at the pace the daemon sends it
 * (cli/command/image/pull.go, push.go → jsonmessage.DisplayJSONMessagesToStream):
 * each message is printed when it arrives, so `docker pull` of a large image
 * takes its time and the layers' lines interleave as the downloads progress;
 * on a terminal each layer's line is updated in place, elsewhere only the
 * status lines without a progress bar are printed.
 * SIMPLIFICATIONS (of the protocol): the daemon answers at once with every
 * message and its virtual-time offset (body.timesMs) and the operation's
 * duration (header X-Sim-Duration-Ms); the CLI, a simulated process, sleeps
 * on virtual timers until each message is due, so the clock moves by the
 * transfer's duration (in a script the next command's relative times show
 * it). ^C stops the display (exit 130) but the daemon has already finished
 * the transfer.
 */

import type { CmdResult, Continuation, ResumeCtx } from '../context.ts';
import type { ApiResult } from '../api/client.ts';
import { fail } from './common.ts';
import { displayJsonMessages, streamMessages, type JsonMessage } from '../format/jsonmessage.ts';
import { runCli } from '../main.ts';

export interface ProgressCont extends Continuation {
  k: 'progress';
  /** Messages not shown yet, with their offsets (virtual ms from the start). */
  msgs: JsonMessage[];
  times: number[];
  /** Virtual wall-clock ms when the answer arrived. */
  startMs: number;
  durationMs: number;
  tty: boolean;
  quiet: boolean;
  /** jsonmessage's line-per-layer bookkeeping between parts. */
  ids: Record<string, number>;
  /** Printed on stdout when the stream ended well (the canonical reference after a pull). */
  tail: string;
  /** A docker command line to run once the stream ended well (docker run after its implicit pull). */
  then?: string[];
  /** Progress goes to stderr (docker run's implicit pull) rather than stdout. */
  toStderr?: boolean;
}

function timesOf(body: unknown, n: number): number[] {
  const t = body && typeof body === 'object' ? (body as { timesMs?: unknown }).timesMs : undefined;
  const list = Array.isArray(t) ? t.map((x) => (typeof x === 'number' && Number.isFinite(x) ? x : 0)) : [];
  return Array.from({ length: n }, (_, i) => list[i] ?? 0);
}

/** Start showing a streamed answer (the request already succeeded). */
export function followProgress(c: ResumeCtx, r: ApiResult & { ok: true }, opts: { quiet: boolean; tail: string; then?: string[]; toStderr?: boolean }): CmdResult {
  const msgs = streamMessages(r.body);
  const duration = Number(r.headers['X-Sim-Duration-Ms'] ?? '0');
  const st: ProgressCont = {
    k: 'progress',
    msgs,
    times: timesOf(r.body, msgs.length),
    startMs: c.sys.nowMs(),
    durationMs: Number.isFinite(duration) ? Math.max(0, duration) : 0,
    tty: c.io.stdoutTty,
    quiet: opts.quiet,
    ids: {},
    tail: opts.tail,
    ...(opts.then ? { then: [...opts.then] } : {}),
    ...(opts.toStderr ? { toStderr: true } : {}),
  };
  return pump(c, st);
}

/** Show what is due; wait for the next message (or the end), or finish. */
function pump(c: ResumeCtx, st: ProgressCont): CmdResult {
  const elapsed = c.sys.nowMs() - st.startMs;
  let n = 0;
  while (n < st.msgs.length && (st.times[n] ?? 0) <= elapsed) n++;
  if (n) {
    const due = st.msgs.splice(0, n);
    st.times.splice(0, n);
    const state = { ids: st.ids, width: c.sys.termSize?.cols };
    const shown = displayJsonMessages(due, st.tty, st.quiet ? () => {} : (s) => (st.toStderr ? c.io.err(s) : c.io.out(s)), state);
    st.ids = state.ids;
    if (shown.error !== null) return fail(c, shown.error);
  }
  const next = st.msgs.length ? (st.times[0] ?? 0) : st.durationMs;
  if (next > elapsed) return { pending: st, wait: { kind: 'poll', ms: Math.ceil(next - elapsed) } };
  if (st.tail) c.io.out(st.tail);
  if (st.then) return runCli(st.then, c.io, c.sys);
  return 0;
}

/** Resume handler for 'progress' continuations. */
export function resumeProgress(c: ResumeCtx, data: Continuation): CmdResult {
  return pump(c, data as ProgressCont);
}

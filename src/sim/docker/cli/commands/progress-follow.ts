/**
 * Showing a pull or push progress stream at the pace the daemon sends it
 * (cli/command/image/pull.go, push.go → jsonmessage.DisplayJSONMessagesToStream):
 * each message is printed when it arrives, so `docker pull` of a large image
 * takes its time and the layers' lines interleave as the downloads progress;
 * on a terminal each layer's line is updated in place, elsewhere only the
 * status lines without a progress bar are printed.
 * SIMPLIFICATIONS (of the protocol): the daemon answers with messages and
 * their virtual-time offsets from the start of the operation (body.timesMs)
 * and the operation's duration (header X-Sim-Duration-Ms); a push comes
 * whole, a pull (the client asks with X-Sim-Accept-Continue) in parts: each
 * part up to the next layer the daemon unpacks, with X-Sim-Continue, the path
 * to GET for the next part X-Sim-Poll-Ms after the part's last message. The
 * CLI, a simulated process, sleeps on virtual timers until each message (or
 * part) is due, so the clock moves by the transfer's duration (in a script the
 * next command's relative times show it). ^C stops the display (exit 130);
 * the layers the daemon unpacked by then stay, the rest of the pull is
 * dropped (pull-job.ts).
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
  /** The path to GET for the next part of the stream ("" when the daemon sent it all). */
  next: string;
  /** When to ask for it (ms from the start). */
  nextAtMs: number;
}

/** Header requests a pull in parts (X-Sim-Continue) rather than whole. */
export const ACCEPT_CONTINUE = { 'X-Sim-Accept-Continue': '1' } as const;

function timesOf(body: unknown, n: number): number[] {
  const t = body && typeof body === 'object' ? (body as { timesMs?: unknown }).timesMs : undefined;
  const list = Array.isArray(t) ? t.map((x) => (typeof x === 'number' && Number.isFinite(x) ? x : 0)) : [];
  return Array.from({ length: n }, (_, i) => list[i] ?? 0);
}

/** Start showing a streamed answer (the request already succeeded). */
export function followProgress(c: ResumeCtx, r: ApiResult & { ok: true }, opts: { quiet: boolean; tail: string; then?: string[]; toStderr?: boolean }): CmdResult {
  const duration = Number(r.headers['X-Sim-Duration-Ms'] ?? '0');
  const st: ProgressCont = {
    k: 'progress',
    msgs: [],
    times: [],
    startMs: c.sys.nowMs(),
    durationMs: Number.isFinite(duration) ? Math.max(0, duration) : 0,
    tty: c.io.stdoutTty,
    quiet: opts.quiet,
    ids: {},
    tail: opts.tail,
    ...(opts.then ? { then: [...opts.then] } : {}),
    ...(opts.toStderr ? { toStderr: true } : {}),
    next: '',
    nextAtMs: 0,
  };
  absorb(st, r, 0);
  return pump(c, st);
}

/** Take a part of the stream: its messages, and where and when the next part is. */
function absorb(st: ProgressCont, r: ApiResult & { ok: true }, elapsed: number): void {
  const msgs = streamMessages(r.body);
  const times = timesOf(r.body, msgs.length);
  st.msgs.push(...msgs);
  st.times.push(...times);
  const next = r.headers['X-Sim-Continue'];
  st.next = next ?? '';
  if (next) {
    const poll = Number(r.headers['X-Sim-Poll-Ms'] ?? '0');
    st.nextAtMs = Math.max(elapsed, times[times.length - 1] ?? 0) + (Number.isFinite(poll) && poll > 0 ? poll : 0);
    // An empty part due at once would ask again at once: wait a little.
    if (!msgs.length && st.nextAtMs <= elapsed) st.nextAtMs = elapsed + 50;
  }
}

/** Show what is due; wait for the next message (or the end), or finish. */
function pump(c: ResumeCtx, st: ProgressCont): CmdResult {
  for (;;) {
    const r = showDue(c, st);
    if (r !== null) return r;
    // All shown: ask for the next part when it is due.
    const elapsed = c.sys.nowMs() - st.startMs;
    if (st.nextAtMs > elapsed) return { pending: st, wait: { kind: 'poll', ms: Math.ceil(st.nextAtMs - elapsed) } };
    const part = c.api.get(st.next);
    if (!part.ok) return fail(c, part.error);
    absorb(st, part, elapsed);
  }
}

/** Show the messages that are due; then wait, finish, or (null) fetch the next part. */
function showDue(c: ResumeCtx, st: ProgressCont): CmdResult | null {
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
  if (st.msgs.length) return { pending: st, wait: { kind: 'poll', ms: Math.ceil((st.times[0] ?? 0) - elapsed) } };
  if (st.next) return null;
  if (st.durationMs > elapsed) return { pending: st, wait: { kind: 'poll', ms: Math.ceil(st.durationMs - elapsed) } };
  if (st.tail) c.io.out(st.tail);
  if (st.then) return runCli(st.then, c.io, c.sys);
  return 0;
}

/** Resume handler for 'progress' continuations. */
export function resumeProgress(c: ResumeCtx, data: Continuation): CmdResult {
  return pump(c, data as ProgressCont);
}

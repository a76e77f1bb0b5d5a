/**
 * Following a build's progress stream (buildx's plain progress printer, as
 * `docker build` shows BuildKit's output on stderr): each part of the stream
 * is printed as it arrives; the build ends with the image ID (printed on
 * stdout with -q, written to --iidfile) or an error ("ERROR: failed to
 * build: failed to solve: ...", exit 1). ^C cancels the build: the client
 * cancels its request (POST /build/cancel), the running step reads
 * CANCELED and the build fails with "Canceled: context canceled". On a
 * terminal the progress is BuildKit's redrawn display (build-tty.ts)
 * instead of the plain lines.
 * SIMPLIFICATIONS (of the protocol): the daemon answers a build that waits on
 * a RUN step with the output so far and X-Sim-Continue: the path to GET for
 * the rest after X-Sim-Poll-Ms of virtual time; the CLI waits on a virtual
 * timer (so a script's clock moves by the build's duration) and asks again
 * until no X-Sim-Continue comes back. After five virtual minutes of waiting
 * the wait reads as open-ended (a step that never ends: a script presses ^C,
 * a terminal shows the build running) instead of being fast-forwarded. Exit status after ^C is 1 (the error
 * buildx returns), not 130.
 */

import type { CmdResult, Continuation, ResumeCtx } from '../context.ts';
import type { ApiResult } from '../api/client.ts';
import { fail } from './common.ts';
import { streamMessages } from '../format/jsonmessage.ts';
import { foldLine, newTtyState, redraw, type TtyState } from './build-tty.ts';

export interface BuildCont extends Continuation {
  k: 'build';
  /** The path to GET for the rest of the stream. */
  next: string;
  /** The build's id on the daemon (for cancel). */
  job: string;
  quiet: boolean;
  iidfile: string;
  imageId: string;
  /** Virtual ms spent waiting for the daemon so far. */
  waitedMs: number;
  /** The terminal display's state (null: plain progress lines). */
  tty: TtyState | null;
  cols: number;
}

/** Waiting longer than this makes the wait open-ended (periodic), as stream.ts does for attached containers. */
export const OPEN_ENDED_AFTER_MS = 300_000;

export function newBuildCont(quiet: boolean, iidfile: string, tty: { nowMs: number; cols: number } | null = null): BuildCont {
  return { k: 'build', next: '', job: '', quiet, iidfile, imageId: '', waitedMs: 0, tty: tty && !quiet ? newTtyState(tty.nowMs) : null, cols: tty?.cols ?? 80 };
}

/** Print one part of the stream; returns the error that ended it, if any. */
function showPart(c: ResumeCtx, body: unknown, st: BuildCont): string | null {
  for (const m of streamMessages(body)) {
    if (m.error !== undefined || m.errorDetail !== undefined) return m.errorDetail?.message ?? m.error ?? '';
    const aux = m.aux as { ID?: string } | undefined;
    if (aux?.ID) st.imageId = aux.ID;
    if (st.tty && m.stream !== undefined) for (const l of m.stream.replace(/\n$/, '').split('\n')) foldLine(st.tty, l, c.sys.nowMs());
    else if (!st.quiet && m.stream !== undefined) c.io.err(m.stream);
    else if (!st.quiet && m.status !== undefined) c.io.err(`${m.status}\n`);
  }
  return null;
}

/** Redraw the terminal display; at the end, the lines that are not progress (an error's context) follow it. */
function draw(c: ResumeCtx, st: BuildCont, finished: boolean): void {
  if (!st.tty) return;
  c.io.err(redraw(st.tty, c.sys.nowMs(), st.cols, finished));
  if (finished && st.tty.rest.length) c.io.err(st.tty.rest.map((l) => `${l}\n`).join(''));
}

function buildError(c: ResumeCtx, msg: string): number {
  return fail(c, msg.startsWith('ERROR') ? msg : `ERROR: failed to build: ${msg}`);
}

/** Show an answer of POST /build or of its continuation, then wait for the rest or finish. */
export function followBuild(c: ResumeCtx, r: ApiResult, st: BuildCont): CmdResult {
  if (!r.ok) return fail(c, `ERROR: ${r.message}`);
  const err = showPart(c, r.body, st);
  const next = r.headers['X-Sim-Continue'];
  draw(c, st, err !== null || !next);
  if (err !== null) return buildError(c, err);
  if (next) {
    st.next = next;
    st.job = next.slice(next.lastIndexOf('/') + 1);
    const asked = Number(r.headers['X-Sim-Poll-Ms'] ?? '50');
    const ms = Number.isFinite(asked) && asked > 0 ? asked : 50;
    st.waitedMs += ms;
    return { pending: st, wait: { kind: 'poll', ms, periodic: st.waitedMs > OPEN_ENDED_AFTER_MS } };
  }
  if (st.quiet && st.imageId) c.io.out(`${st.imageId}\n`);
  if (st.iidfile && st.imageId) c.sys.writeFile(st.iidfile, st.imageId);
  return 0;
}

/** Resume handler for 'build' continuations: ask for the next part. */
export function resumeBuild(c: ResumeCtx, data: Continuation): CmdResult {
  const st = data as BuildCont;
  return followBuild(c, c.api.get(st.next), st);
}

/** ^C (or SIGTERM) while building: cancel the build and show how it ended. */
export function signalBuild(c: ResumeCtx, data: Continuation): CmdResult {
  const st = data as BuildCont;
  const r = c.api.post('/build/cancel', { id: st.job });
  if (r.ok) {
    const err = showPart(c, r.body, st);
    draw(c, st, true);
    if (err !== null) return buildError(c, err);
  }
  return buildError(c, 'failed to solve: Canceled: context canceled');
}

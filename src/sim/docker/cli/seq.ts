/**
 * One API call per container argument, as start, stop, restart, kill, pause,
 * unpause, rm and wait do: the argument is echoed on success, errors are
 * gathered and printed at the end (errors.Join), exit 1 if any failed. An
 * answer that is not ready yet (stop's grace period, wait on a running
 * container) carries a pipe the daemon closes (or writes {"StatusCode":N} to)
 * when done; the CLI waits for it before going on.
 * SIMPLIFICATIONS: docker runs stop/rm/kill... in parallel and pairs results
 * with names in completion order; here calls go one after another, in order.
 */

import type { CmdResult, Continuation, ResumeCtx } from './context.ts';
import type { ApiResult } from './api/client.ts';

export type SeqOp = 'start' | 'stop' | 'restart' | 'kill' | 'pause' | 'unpause' | 'rm' | 'wait';

export interface SeqCont extends Continuation {
  k: 'seq';
  op: SeqOp;
  args: string[];
  query: Record<string, string | undefined>;
  i: number;
  errs: string[];
  failed: string[];
  /** A pending answer's pipe for args[i]. */
  pipe: number | null;
  buf: string;
  pollMs: number;
  waitedMs: number;
}

export function newSeq(op: SeqOp, args: string[], query: Record<string, string | undefined>): SeqCont {
  return { k: 'seq', op, args, query, i: 0, errs: [], failed: [], pipe: null, buf: '', pollMs: 10, waitedMs: 0 };
}

function call(c: ResumeCtx, op: SeqOp, arg: string, query: Record<string, string | undefined>): ApiResult {
  if (op === 'rm') {
    const id = arg.replace(/^\/+|\/+$/g, '');
    if (id === '') return { ok: false, status: 400, message: 'container name cannot be empty', error: 'container name cannot be empty' };
    return c.api.del(`/containers/${encodeURIComponent(id)}`, query);
  }
  return c.api.post(`/containers/${encodeURIComponent(arg)}/${op}`, query);
}

/** The result for args[i] is in: record it. */
function settle(c: ResumeCtx, st: SeqCont, r: ApiResult, status: number | null): void {
  const arg = st.args[st.i] as string;
  if (!r.ok) {
    if (st.op === 'start') {
      c.io.err(`${r.error}\n`);
      st.failed.push(arg);
    } else if (st.op === 'rm' && st.query.force && r.status === 404) c.io.err(`${r.error}\n`);
    else st.errs.push(r.error);
  } else if (st.op === 'wait') c.io.out(`${status ?? 0}\n`);
  else c.io.out(`${arg}\n`);
  st.i++;
}

function finish(c: ResumeCtx, st: SeqCont): number {
  if (st.op === 'start' && st.failed.length) {
    c.io.err(`Error: failed to start containers: ${st.failed.join(', ')}\n`);
    return 1;
  }
  if (st.errs.length) {
    c.io.err(`${st.errs.join('\n')}\n`);
    return 1;
  }
  return 0;
}

/** Run (or continue) the sequence. */
export function runSeq(c: ResumeCtx, st: SeqCont): CmdResult {
  while (st.i < st.args.length) {
    if (st.pipe !== null) {
      const p = c.sys.pipes;
      const r = p ? p.read(st.pipe) : { data: '', eof: true };
      st.buf += r.data;
      if (!r.eof && !st.buf.includes('\n')) {
        st.waitedMs += st.pollMs;
        const ms = st.pollMs;
        st.pollMs = Math.min(st.pollMs * 2, 200);
        return { pending: st, wait: { kind: 'poll', ms, periodic: st.waitedMs > 60_000 } };
      }
      p?.release(st.pipe, 'r');
      st.pipe = null;
      let status: number | null = null;
      let err: string | null = null;
      const line = st.buf.split('\n')[0] ?? '';
      st.buf = '';
      if (line.trim()) {
        try {
          const b = JSON.parse(line) as { StatusCode?: number; message?: string; Error?: { Message?: string } | null };
          status = b.StatusCode ?? null;
          err = b.message ?? null;
        } catch {
          err = null;
        }
      }
      settle(c, st, err ? { ok: false, status: 500, message: err, error: `Error response from daemon: ${err}` } : { ok: true, status: 200, body: null, headers: {} }, status);
      continue;
    }
    const r = call(c, st.op, st.args[st.i] as string, st.query);
    if (!r.ok && r.status === 0) {
      c.io.err(`${r.error}\n`);
      return 1;
    }
    const b = r.ok ? (r.body as { pipe?: unknown; StatusCode?: unknown } | null) : null;
    if (b && typeof b.pipe === 'number') {
      st.pipe = b.pipe;
      st.pollMs = 10;
      continue;
    }
    settle(c, st, r, b && typeof b.StatusCode === 'number' ? b.StatusCode : null);
  }
  return finish(c, st);
}

export function resumeSeq(c: ResumeCtx, data: Continuation): CmdResult {
  return runSeq(c, data as SeqCont);
}

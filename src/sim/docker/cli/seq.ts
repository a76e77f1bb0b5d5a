/**
 * One API call per argument, the shape of start, stop, restart, kill, pause,
 * unpause, rm, wait, network rm and volume rm (docker/cli: a loop over the
 * arguments that echoes each one on success and reports failures): the
 * argument is echoed on success, errors are gathered and printed at the end
 * (errors.Join), exit 1 if any failed; a connection error ends at once. Each
 * command's differences (the call, what a failure does, the last words) are
 * a policy in OPS, so a continuation stays plain data (the op's name). An
 * answer that is not ready yet (stop's grace period, wait on a running
 * container) carries a pipe the daemon closes (or writes {"StatusCode":N} to)
 * when done; the CLI waits for it before going on.
 * SIMPLIFICATIONS: docker runs stop/rm/kill... in parallel and pairs results
 * with names in completion order; here calls go one after another, in order.
 */

import type { CliCtx, CmdResult, Continuation, ResumeCtx } from './context.ts';
import type { ApiResult } from './api/client.ts';

export type SeqOp = 'start' | 'stop' | 'restart' | 'kill' | 'pause' | 'unpause' | 'rm' | 'wait' | 'network-rm' | 'volume-rm';

type Query = Record<string, string | undefined>;

export interface SeqCont extends Continuation {
  k: 'seq';
  op: SeqOp;
  args: string[];
  query: Query;
  i: number;
  errs: string[];
  failed: string[];
  /** A pending answer's pipe for args[i]. */
  pipe: number | null;
  buf: string;
  pollMs: number;
  waitedMs: number;
}

/**
 * What a failed call does: 'collect' it for the end (the default), print it
 * 'now' and count the argument as failed, print it now but 'ignore' it (rm -f
 * of a missing container), or 'skip' it silently.
 */
type OnFail = 'collect' | 'now' | 'ignore' | 'skip';

interface OpPolicy {
  call(c: ResumeCtx, arg: string, q: Query): ApiResult;
  onFail?(r: ApiResult & { ok: false }, q: Query): OnFail;
  /** Print a success (default: the argument). */
  ok?(c: ResumeCtx, arg: string, status: number | null): void;
  /** The end, when something failed (default: the collected errors, exit 1). */
  finish?(c: ResumeCtx, st: SeqCont): number;
}

const containerPost = (op: string) => (c: ResumeCtx, arg: string, q: Query) => c.api.post(`/containers/${encodeURIComponent(arg)}/${op}`, q);

const OPS: Record<SeqOp, OpPolicy> = {
  start: {
    call: containerPost('start'),
    onFail: () => 'now',
    finish: (c, st) => fail(c, `Error: failed to start containers: ${st.failed.join(', ')}`),
  },
  stop: { call: containerPost('stop') },
  restart: { call: containerPost('restart') },
  kill: { call: containerPost('kill') },
  pause: { call: containerPost('pause') },
  unpause: { call: containerPost('unpause') },
  wait: { call: containerPost('wait'), ok: (c, _arg, status) => c.io.out(`${status ?? 0}\n`) },
  rm: {
    call(c, arg, q) {
      const id = arg.replace(/^\/+|\/+$/g, '');
      if (id === '') return { ok: false, status: 400, message: 'container name cannot be empty', error: 'container name cannot be empty' };
      return c.api.del(`/containers/${encodeURIComponent(id)}`, q);
    },
    onFail: (r, q) => (q.force && r.status === 404 ? 'ignore' : 'collect'),
  },
  'network-rm': {
    // cli/command/network/remove.go: look the network up first (the ingress network asks before it goes).
    call(c, arg) {
      const g = c.api.get(`/networks/${encodeURIComponent(arg)}`);
      if (!g.ok && g.status === 0) return g;
      if (g.ok && (g.body as { Ingress?: boolean }).Ingress) {
        const msg = 'WARNING! This will remove the ingress network. Are you sure you want to continue? [y/N] ';
        return { ok: false, status: 409, message: msg, error: msg };
      }
      return c.api.del(`/networks/${encodeURIComponent(arg)}`);
    },
    onFail: (r, q) => (q.force && r.status === 404 ? 'skip' : 'now'),
    finish: (c) => fail(c, 'exit status 1'),
  },
  'volume-rm': { call: (c, arg, q) => c.api.del(`/volumes/${encodeURIComponent(arg)}`, q) },
};

export function newSeq(op: SeqOp, args: string[], query: Query): SeqCont {
  return { k: 'seq', op, args, query, i: 0, errs: [], failed: [], pipe: null, buf: '', pollMs: 10, waitedMs: 0 };
}

function fail(c: ResumeCtx, msg: string): number {
  c.io.err(`${msg}\n`);
  return 1;
}

/** The result for args[i] is in: record it. */
function settle(c: ResumeCtx, st: SeqCont, r: ApiResult, status: number | null): void {
  const arg = st.args[st.i] as string;
  const p = OPS[st.op];
  if (!r.ok) {
    const what = p.onFail?.(r, st.query) ?? 'collect';
    if (what === 'collect') st.errs.push(r.error);
    else if (what !== 'skip') {
      // An error that already ends in a prompt (the ingress warning) is printed as it is.
      c.io.err(r.error.endsWith(' ') ? r.error : `${r.error}\n`);
      if (what === 'now') st.failed.push(arg);
    }
  } else if (p.ok) p.ok(c, arg, status);
  else c.io.out(`${arg}\n`);
  st.i++;
}

function finish(c: ResumeCtx, st: SeqCont): number {
  if (st.failed.length) return (OPS[st.op].finish ?? ((cc: ResumeCtx, s: SeqCont) => fail(cc, s.failed.join('\n'))))(c, st);
  if (st.errs.length) return fail(c, st.errs.join('\n'));
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
    const r = OPS[st.op].call(c, st.args[st.i] as string, st.query);
    if (!r.ok && r.status === 0) return fail(c, r.error);
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

/** An execute function for a command that is one call per argument: `execute: eachArg('pause')`. */
export function eachArg(op: SeqOp, query: (c: CliCtx) => Query = () => ({})): (c: CliCtx) => CmdResult {
  return (c) => runSeq(c, newSeq(op, c.args, query(c)));
}

export function resumeSeq(c: ResumeCtx, data: Continuation): CmdResult {
  return runSeq(c, data as SeqCont);
}

/**
 * The CLI's side of hijacked connections (docker/cli cli/command/container
 * hijack.go, attach.go, run.go waitExitOrRemoved): copy a container's output
 * to the caller's stdout/stderr, the caller's input to the container (its
 * terminal with -t, its stdin pipe with -i), spot the detach keys (^P^Q), and
 * finish with the container's exit status from POST /containers/{id}/wait.
 *
 * The daemon hands the client pipes (hijack body {out, err, stdin, tty}; the
 * wait answer arrives on a pipe, or at once as {"StatusCode": N}). When a
 * response carries no pipes, the client falls back to polling the container
 * (GET /containers/{id}/json and /logs?since=).
 * SIMPLIFICATIONS: the client polls on virtual-time timers (interactive
 * sessions on a periodic timer, so a foreground `docker run -it` reads as
 * blocked rather than fast-forwarded); no terminal resize after start.
 */

import type { CmdResult, Continuation, ResumeCtx } from './context.ts';
import type { ApiResult } from './api/client.ts';
import { ldisc } from './ldisc.ts';

export interface StreamPipes {
  out: number | null;
  err: number | null;
  stdin: number | null;
  /** The container's (or exec's) terminal, with -t. */
  tty: string | null;
  /** `out` carries stdout and stderr in stdcopy frames (err is then null). */
  mux?: boolean;
}

export interface AttachCont extends Continuation {
  k: 'stream';
  /** What we are attached to. */
  target: { kind: 'container'; id: string } | { kind: 'exec'; id: string; container: string };
  pipes: StreamPipes;
  /** Pipe the wait answer arrives on, a StatusCode already known, or null to poll. */
  waitPipe: number | null;
  waitBuf: string;
  status: number | null;
  /** For the polling fallback: logs already shown up to this time (ms). */
  sinceMs: number;
  outEof: boolean;
  errEof: boolean;
  /** An incomplete stdcopy frame held until the rest arrives. */
  muxBuf?: string;
  /** Forward the caller's stdin. */
  stdin: boolean;
  /** Detach keys as bytes (default ^P^Q). */
  detachKeys: string;
  /** Bytes of a possible detach sequence held back. */
  held: string;
  /** Virtual ms spent waiting so far (for the poll back-off). */
  waitedMs: number;
  pollMs: number;
  /** docker run --rm: wait for removal. */
  autoRemove: boolean;
  /** Forward caught signals to the container (--sig-proxy). */
  sigProxy: boolean;
  /** The line being typed for a container terminal (see ldisc.ts). */
  line: string;
  /** Who is streaming: decides what ^P^Q and the end mean (logs -f ends with 0). */
  mode: 'run' | 'start' | 'attach' | 'exec' | 'logs';
}

export const DEFAULT_DETACH_KEYS = '\x10\x11';

/** "ctrl-p,ctrl-q" → bytes, as docker's term.ToBytes. */
export function detachKeyBytes(spec: string): string | { error: string } {
  if (!spec) return DEFAULT_DETACH_KEYS;
  let out = '';
  for (const k of spec.split(',')) {
    const key = k.trim();
    if (key.length > 1 && key.startsWith('ctrl-')) {
      const c = key.slice(5);
      if (c.length !== 1) return { error: `Invalid escape keys (${spec}) provided` };
      const ch = c.toLowerCase();
      if (ch >= 'a' && ch <= 'z') out += String.fromCharCode(ch.charCodeAt(0) - 96);
      else if (ch === '@') out += '\x00';
      else if (ch === '[') out += '\x1b';
      else if (ch === '\\') out += '\x1c';
      else if (ch === ']') out += '\x1d';
      else if (ch === '^') out += '\x1e';
      else if (ch === '_') out += '\x1f';
      else return { error: `Invalid escape keys (${spec}) provided` };
    } else if (key.length === 1) out += key;
    else return { error: `Invalid escape keys (${spec}) provided` };
  }
  return out;
}

/** Pipes named in a hijack (or exec start) answer, if the daemon gave any. */
export function pipesOf(r: ApiResult & { ok: true }): StreamPipes | null {
  const b = r.body as Record<string, unknown> | null | undefined;
  if (!b || typeof b !== 'object') return null;
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  // The daemon names the pipes {stdout, stderr, stdin, tty} (logs -f: under "follow").
  const src = (b.follow && typeof b.follow === 'object' ? b.follow : b) as Record<string, unknown>;
  const out = num(src.stdout ?? src.out);
  const err = num(src.stderr ?? src.err);
  if (out === null && err === null) return null;
  return { out, err, stdin: num(src.stdin), tty: typeof src.tty === 'string' ? src.tty : null, ...(src.mux === true ? { mux: true } : {}) };
}

/** Split stdcopy frames (moby pkg/stdcopy StdCopy): the complete ones, and an incomplete rest. */
export function demux(buf: string): { frames: Array<{ stream: 'stdout' | 'stderr'; data: string }>; rest: string } {
  const frames: Array<{ stream: 'stdout' | 'stderr'; data: string }> = [];
  let i = 0;
  while (buf.length - i >= 8) {
    const n = ((buf.charCodeAt(i + 4) << 24) >>> 0) + (buf.charCodeAt(i + 5) << 16) + (buf.charCodeAt(i + 6) << 8) + buf.charCodeAt(i + 7);
    if (buf.length - i - 8 < n) break;
    frames.push({ stream: buf.charCodeAt(i) === 2 ? 'stderr' : 'stdout', data: buf.slice(i + 8, i + 8 + n) });
    i += 8 + n;
  }
  return { frames, rest: buf.slice(i) };
}

/** Interpret a POST /wait answer: a status now, a pipe to read later, or nothing (poll). */
export function waitAnswer(r: ApiResult): { status: number | null; pipe: number | null } {
  if (!r.ok) return { status: null, pipe: null };
  const b = r.body as { StatusCode?: unknown; pipe?: unknown; Pending?: { pipe?: unknown } | null } | null;
  if (b && typeof b.StatusCode === 'number') return { status: b.StatusCode, pipe: null };
  if (b && typeof b.Pending?.pipe === 'number') return { status: null, pipe: b.Pending.pipe };
  if (b && typeof b.pipe === 'number') return { status: null, pipe: b.pipe };
  return { status: null, pipe: null };
}

function releaseAll(c: ResumeCtx, st: AttachCont): void {
  const p = c.sys.pipes;
  if (!p) return;
  if (st.pipes.out !== null) p.release(st.pipes.out, 'r');
  if (st.pipes.err !== null) p.release(st.pipes.err, 'r');
  if (st.pipes.stdin !== null) p.release(st.pipes.stdin, 'w');
  if (st.waitPipe !== null) p.release(st.waitPipe, 'r');
}

/** Forward the caller's input; returns true when the detach keys were typed. */
function forwardInput(c: ResumeCtx, st: AttachCont): boolean {
  const { data, eof } = c.io.readIn();
  let buf = st.held + data;
  st.held = '';
  let detached = false;
  if (st.detachKeys && c.io.stdinTty) {
    const i = buf.indexOf(st.detachKeys);
    if (i >= 0) {
      buf = buf.slice(0, i);
      detached = true;
    } else {
      // Hold back a prefix of the detach sequence until we know.
      for (let n = Math.min(st.detachKeys.length - 1, buf.length); n > 0; n--) {
        if (st.detachKeys.startsWith(buf.slice(buf.length - n))) {
          st.held = buf.slice(buf.length - n);
          buf = buf.slice(0, buf.length - n);
          break;
        }
      }
    }
  }
  if (buf) {
    if (st.pipes.tty && c.sys.ttyInput) {
      const tty = st.pipes.tty;
      const r = ldisc(st.line, buf);
      st.line = r.line;
      if (r.out.echo) c.io.out(r.out.echo);
      for (const i of r.out.input) c.sys.ttyInput(tty, i.data, i.eof);
      for (const sig of r.out.signals) c.sys.ttySignal?.(tty, sig);
    } else if (st.pipes.stdin !== null && c.sys.pipes) c.sys.pipes.write(st.pipes.stdin, buf);
  }
  if (eof) {
    if (!st.pipes.tty && st.pipes.stdin !== null && c.sys.pipes) {
      c.sys.pipes.release(st.pipes.stdin, 'w');
      st.pipes.stdin = null;
    }
    st.stdin = false;
  }
  return detached;
}

/** Copy what arrived on the output pipes. */
function copyOutput(c: ResumeCtx, st: AttachCont): void {
  const p = c.sys.pipes;
  if (!p) return;
  if (st.pipes.out !== null && !st.outEof) {
    const r = p.read(st.pipes.out);
    if (st.pipes.mux) {
      const d = demux((st.muxBuf ?? '') + r.data);
      st.muxBuf = d.rest;
      for (const f of d.frames) c.io[f.stream === 'stderr' ? 'err' : 'out'](f.data);
    } else if (r.data) c.io.out(r.data);
    if (r.eof) st.outEof = true;
  }
  if (st.pipes.err !== null && !st.errEof) {
    const r = p.read(st.pipes.err);
    if (r.data) c.io[st.pipes.tty ? 'out' : 'err'](r.data);
    if (r.eof) st.errEof = true;
  }
}

/** Polling fallback: new log lines and the container's state. */
function pollContainer(c: ResumeCtx, st: AttachCont, id: string): void {
  const logs = c.api.get(`/containers/${encodeURIComponent(id)}/logs`, { stdout: '1', stderr: '1', timestamps: '1', since: String(st.sinceMs / 1000) });
  if (logs.ok) {
    for (const e of logEntries(logs.body)) {
      if (e.timeMs <= st.sinceMs) continue;
      c.io[e.stream === 'stderr' && !st.pipes.tty ? 'err' : 'out'](e.log);
      st.sinceMs = e.timeMs;
    }
  }
  if (st.status !== null) return;
  const j = c.api.get(`/containers/${encodeURIComponent(id)}/json`);
  if (!j.ok) {
    if (j.status === 404 && st.autoRemove) st.status = st.status ?? 0;
    return;
  }
  const s = (j.body as { State?: { Running?: boolean; Restarting?: boolean; ExitCode?: number } }).State;
  if (s && !s.Running && !s.Restarting) st.status = s.ExitCode ?? 0;
}

export interface LogEntry {
  stream: 'stdout' | 'stderr';
  log: string;
  timeMs: number;
  /** A daemon frame: printed as it is (the daemon added any timestamp). */
  framed?: boolean;
}

/** Log entries from a logs answer: [{stream, log, time}] objects, or a raw text. */
export function logEntries(body: unknown): LogEntry[] {
  const list = Array.isArray(body) ? body : body && typeof body === 'object' && Array.isArray((body as { stream?: unknown }).stream) ? ((body as { stream: unknown[] }).stream as unknown[]) : null;
  if (list) {
    return list.map((e) => {
      // {stream, log, time} (json-file entries) or {stream, data} frames (timestamps already in data).
      const o = e as { stream?: string; log?: string; data?: string; time?: string | number; timeMs?: number };
      const t = typeof o.timeMs === 'number' ? o.timeMs : typeof o.time === 'number' ? o.time : typeof o.time === 'string' ? Date.parse(o.time) : 0;
      return { stream: o.stream === 'stderr' ? 'stderr' : 'stdout', log: o.log ?? o.data ?? '', timeMs: t, framed: o.data !== undefined };
    });
  }
  if (typeof body === 'string') return body ? [{ stream: 'stdout', log: body, timeMs: 0, framed: true }] : [];
  return [];
}

function readWait(c: ResumeCtx, st: AttachCont): void {
  if (st.status !== null || st.waitPipe === null || !c.sys.pipes) return;
  const r = c.sys.pipes.read(st.waitPipe);
  st.waitBuf += r.data;
  const nl = st.waitBuf.indexOf('\n');
  if (nl >= 0 || (r.eof && st.waitBuf)) {
    try {
      const b = JSON.parse(st.waitBuf.slice(0, nl >= 0 ? nl : undefined)) as { StatusCode?: number };
      st.status = b.StatusCode ?? 0;
    } catch {
      st.status = 0;
    }
  } else if (r.eof) st.status = 0;
}

/** The exit status of an exec, once its output ended. */
function execStatus(c: ResumeCtx, st: AttachCont, id: string): number | null {
  const r = c.api.get(`/exec/${encodeURIComponent(id)}/json`);
  if (!r.ok) return 126;
  const b = r.body as { Running?: boolean; ExitCode?: number | null };
  if (b.Running) return null;
  return b.ExitCode ?? 0;
}

function nextPoll(c: ResumeCtx, st: AttachCont): CmdResult {
  st.waitedMs += st.pollMs;
  // A person typing at a terminal: an open-ended session (periodic), not something to fast-forward.
  const interactive = st.stdin && c.io.stdinTty;
  const ms = interactive ? 20 : st.pollMs;
  st.pollMs = Math.min(st.pollMs * 2, 250);
  // After two virtual minutes a wait reads as open-ended (a server in the foreground), not fast-forwarded.
  return { pending: st, wait: { kind: 'poll', ms, periodic: interactive || st.waitedMs > 120_000 } };
}

/** One round of the attached session: copy, forward, and finish when the stream ended. */
export function pumpStream(c: ResumeCtx, st: AttachCont): CmdResult {
  if (st.stdin && forwardInput(c, st)) {
    releaseAll(c, st);
    if (st.pipes.tty) c.sys.setRawMode?.(false);
    // run and start -a treat the escape as a clean detach; attach and exec report it (term.EscapeError).
    if (st.mode === 'run' || st.mode === 'start') return 0;
    c.io.err('read escape sequence\n');
    return 1;
  }
  const hadOut = { o: st.outEof, e: st.errEof };
  copyOutput(c, st);
  const piped = st.pipes.out !== null || st.pipes.err !== null;
  if (st.mode === 'logs' && piped) {
    if ((st.pipes.out === null || st.outEof) && (st.pipes.err === null || st.errEof)) {
      releaseAll(c, st);
      return 0;
    }
  } else if (st.target.kind === 'container') {
    if (!piped) pollContainer(c, st, st.target.id);
    else readWait(c, st);
    if (st.waitPipe === null && piped && st.status === null && st.outEof && st.errEof) pollContainer(c, st, st.target.id);
    const streamsDone = !piped || ((st.pipes.out === null || st.outEof) && (st.pipes.err === null || st.errEof));
    if (streamsDone && st.status !== null) {
      releaseAll(c, st);
      if (st.pipes.tty) c.sys.setRawMode?.(false);
      return st.mode === 'logs' ? 0 : st.status;
    }
  } else {
    const streamsDone = piped && (st.pipes.out === null || st.outEof) && (st.pipes.err === null || st.errEof);
    if (streamsDone || !piped) {
      const code = execStatus(c, st, st.target.id);
      if (code !== null) {
        releaseAll(c, st);
        if (st.pipes.tty) c.sys.setRawMode?.(false);
        return code;
      }
    }
  }
  if (hadOut.o !== st.outEof || hadOut.e !== st.errEof) st.pollMs = 10;
  return nextPoll(c, st);
}

export function newStream(init: Pick<AttachCont, 'target' | 'pipes' | 'stdin' | 'autoRemove' | 'sigProxy' | 'mode'> & { waitPipe?: number | null; status?: number | null; detachKeys?: string; sinceMs?: number }): AttachCont {
  return {
    k: 'stream',
    target: init.target,
    pipes: init.pipes,
    waitPipe: init.waitPipe ?? null,
    waitBuf: '',
    status: init.status ?? null,
    sinceMs: init.sinceMs ?? 0,
    outEof: init.pipes.out === null,
    errEof: init.pipes.err === null,
    stdin: init.stdin,
    detachKeys: init.detachKeys ?? DEFAULT_DETACH_KEYS,
    held: '',
    line: '',
    waitedMs: 0,
    pollMs: 10,
    autoRemove: init.autoRemove,
    sigProxy: init.sigProxy,
    mode: init.mode,
  };
}

/** Resume handler for 'stream' continuations. */
export function resumeStream(c: ResumeCtx, data: Continuation): CmdResult {
  return pumpStream(c, data as AttachCont);
}

/**
 * A signal caught while attached: forward it to the container (sig-proxy); null keeps waiting.
 * `docker logs -f` has nothing to forward to: ^C cancels its request and it exits quietly with
 * 128+signal (docker/cli #5760, #5778: no "context canceled" message).
 */
export function signalStream(c: ResumeCtx, data: Continuation, sigName: string): CmdResult | null {
  const st = data as AttachCont;
  if (st.mode === 'logs' && (sigName === 'SIGINT' || sigName === 'SIGTERM')) {
    releaseAll(c, st);
    return sigName === 'SIGINT' ? 130 : 143;
  }
  if (st.target.kind !== 'container' || !st.sigProxy || st.pipes.tty) return null;
  c.api.post(`/containers/${encodeURIComponent(st.target.id)}/kill`, { signal: sigName });
  return null;
}

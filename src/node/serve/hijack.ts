/**
 * Hijacked connections: POST /containers/{id}/attach and POST /exec/{id}/start
 * (moby api/server/router/container: postContainersAttach, postContainerExecStart;
 * docker/cli's client/hijack.go on the other side). The client sends
 * `Connection: Upgrade` and `Upgrade: tcp`; the daemon answers
 * `HTTP/1.1 101 UPGRADED` with Content-Type application/vnd.docker.raw-stream
 * (a terminal) or application/vnd.docker.multiplexed-stream (8-byte frame
 * headers, API >= 1.42), then the connection carries the container's output
 * one way and the client's stdin the other. The client half-closes its side
 * when its input ends (CloseWrite): the container's stdin is closed then, and
 * the output keeps flowing until the streams end, when the daemon closes.
 * Without the Upgrade header the same endpoints answer 200 with the output
 * stream and take no input.
 * The daemon watches the input for the detach keys (default ^P^Q, or the
 * attach's detachKeys / the exec's DetachKeys): they end the connection and
 * leave the container running.
 * SIMPLIFICATIONS: a -t session's keys go through the client-side line
 * discipline of src/sim/docker/cli/ldisc.ts (echo, line editing, ^C), which
 * stands in for the container pts's.
 */

import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Engine } from '../../sim/engine/engine.ts';
import type { ApiRequest, ApiResponse } from '../../sim/engine/api/types.ts';
import { ldisc } from '../../sim/docker/cli/ldisc.ts';
import { DEFAULT_DETACH_KEYS, detachKeyBytes } from '../../sim/docker/cli/stream.ts';
import { rawResponse, toApiRequest } from './http.ts';
import { MEDIA_MULTIPLEXED, MEDIA_RAW } from './frames.ts';
import { OutputCopier, type Pump, type PumpSet, type SimIo, type Sink } from './pumps.ts';

export interface HijackCtx {
  engine: Engine;
  io: SimIo;
  pumps: PumpSet;
  /** Answer one request through the engine (clock caught up, errors contained). */
  handle(req: ApiRequest): ApiResponse;
  /** Largest request body accepted. */
  maxBody: number;
  log?: (line: string) => void;
}

/** The streams a hijack answer names. */
export interface HijackStreams {
  out: number | null;
  err: number | null;
  stdin: number | null;
  tty: string | null;
  done: number | null;
  /** Both streams come framed on `out`, in write order (the engine's mux=1). */
  mux: boolean;
}

export function streamsOf(r: ApiResponse): HijackStreams | null {
  if (!r.hijack) return null;
  const b = (r.body && typeof r.body === 'object' ? r.body : {}) as Record<string, unknown>;
  const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  return { out: num(b.stdout), err: num(b.stderr), stdin: num(b.stdin), tty: typeof b.tty === 'string' ? b.tty : null, done: num(b.done), mux: b.mux === true };
}

/** Is this a -t stream (raw bytes) or not (frames)? */
export function isTtyStream(engine: Engine, r: ApiResponse, s: HijackStreams): boolean {
  if (r.hijack?.kind === 'exec') return engine.state.containers.execs[r.hijack.execId]?.ProcessConfig.tty ?? s.tty !== null;
  if (r.hijack?.kind === 'attach') return engine.state.containers.byId[r.hijack.containerId]?.Config.Tty ?? s.tty !== null;
  return s.tty !== null;
}

/** The Content-Type of an attach/exec/logs stream: the multiplexed type exists from API 1.42 (the framing does not change). */
export function mediaType(tty: boolean, apiVersion = '1.50'): string {
  const [maj, min] = apiVersion.split('.').map(Number) as [number, number];
  return tty || maj < 1 || (maj === 1 && min < 42) ? MEDIA_RAW : MEDIA_MULTIPLEXED;
}

/** One attached client: output to the sink, input (if any) from the connection. */
export class Session implements Pump {
  private readonly copier: OutputCopier;
  private line = '';
  /** Bytes that may start the detach sequence, held back until we know. */
  private held = '';
  /** Input that came before the container started, and whether the input already ended. */
  private pending = '';
  private pendingEnd = false;
  private stdin: number | null;
  private doneRef: number | null;
  private finished = false;

  constructor(
    private readonly ctx: HijackCtx,
    private readonly r: ApiResponse,
    s: HijackStreams,
    private readonly tty: boolean,
    private readonly sink: Sink,
    /** The client asked to send input (attach stdin=1, exec AttachStdin). */
    private readonly wantsInput: boolean,
    /** The detach sequence as bytes ('' for none). */
    private readonly detachKeys: string = DEFAULT_DETACH_KEYS,
  ) {
    this.copier = new OutputCopier(ctx.io, sink, s.out, s.err, tty, s.mux);
    this.stdin = s.stdin;
    this.doneRef = s.done;
  }

  /** The container's (or exec's) terminal, looked up now: it may appear after start. */
  private ttyName(): string | null {
    const h = this.r.hijack;
    if (h?.kind === 'exec') return this.ctx.engine.state.containers.execs[h.execId]?.rt.tty ?? null;
    if (h?.kind === 'attach') return this.ctx.engine.state.containers.byId[h.containerId]?.rt.pty ?? null;
    return null;
  }

  input(data: Buffer): void {
    if (this.finished) return;
    let text = this.held + data.toString('utf8');
    this.held = '';
    let detach = false;
    if (this.detachKeys) {
      const i = text.indexOf(this.detachKeys);
      if (i >= 0) {
        text = text.slice(0, i);
        detach = true;
      } else {
        for (let n = Math.min(this.detachKeys.length - 1, text.length); n > 0; n--) {
          if (this.detachKeys.startsWith(text.slice(text.length - n))) {
            this.held = text.slice(text.length - n);
            text = text.slice(0, text.length - n);
            break;
          }
        }
      }
    }
    this.forward(text);
    if (detach) {
      // moby's attach: the escape sequence ends this connection only; the container keeps running.
      this.ctx.pumps.remove(this);
      this.abort();
      this.sink.end();
    }
  }

  /** Input can reach the process: an exec's is running; a container's must have started (docker run attaches first). */
  private ready(): boolean {
    const h = this.r.hijack;
    if (h?.kind !== 'attach') return true;
    const c = this.ctx.engine.state.containers.byId[h.containerId];
    return !!c && c.State.Running && (!this.tty || !!c.rt.pty);
  }

  private forward(text: string): void {
    if (!text) return;
    if (this.pending || !this.ready()) {
      this.pending += text;
      return;
    }
    this.deliver(text);
    this.ctx.io.settle();
    this.ctx.pumps.pollAll();
  }

  private deliver(text: string): void {
    if (this.tty) {
      const t = this.ttyName();
      if (!t) return;
      const r = ldisc(this.line, text);
      this.line = r.line;
      if (r.out.echo) this.sink.write(Buffer.from(r.out.echo, 'utf8'));
      for (const i of r.out.input) this.ctx.io.ttyInput(t, i.data, i.eof);
      for (const sig of r.out.signals) this.ctx.io.ttySignal(t, sig);
    } else if (this.stdin !== null) this.ctx.io.write(this.stdin, text);
  }

  /**
   * The client half-closed: its input ended (moby stream/attach.go): with
   * CloseStdin (an exec, or a container's StdinOnce) and no terminal, the
   * process's stdin is closed and the output keeps flowing; otherwise the
   * connection's output ends and the process keeps its input open.
   */
  inputEnded(): void {
    if (this.finished || !this.wantsInput) return;
    if (this.pending || !this.ready()) {
      this.pendingEnd = true;
      return;
    }
    if (this.endInput()) return;
    this.ctx.io.settle();
    this.ctx.pumps.pollAll();
  }

  /** Close the input side; true when that ended the session. */
  private endInput(): boolean {
    const h = this.r.hijack;
    const closeStdin = h?.kind === 'exec' || (h?.kind === 'attach' && this.ctx.engine.state.containers.byId[h.containerId]?.Config.StdinOnce === true);
    if (this.stdin !== null) {
      this.ctx.io.release(this.stdin, 'w');
      this.stdin = null;
    }
    if (this.tty || !closeStdin) {
      this.ctx.pumps.remove(this);
      this.abort();
      this.sink.end();
      return true;
    }
    return false;
  }

  private execRunning(): boolean {
    const h = this.r.hijack;
    return h?.kind === 'exec' && this.ctx.engine.state.containers.execs[h.execId]?.Running === true;
  }

  poll(): boolean {
    if (this.finished) return true;
    if ((this.pending || this.pendingEnd) && this.ready()) {
      const text = this.pending;
      this.pending = '';
      if (text) this.deliver(text);
      if (this.pendingEnd) {
        this.pendingEnd = false;
        if (this.endInput()) return true;
      }
      this.ctx.io.settle();
    }
    this.copier.copy();
    if (!this.copier.done() || this.execRunning()) return false;
    this.abort();
    this.sink.end();
    return true;
  }

  abort(): void {
    if (this.finished) return;
    this.finished = true;
    this.copier.release();
    if (this.stdin !== null) this.ctx.io.release(this.stdin, 'w');
    if (this.doneRef !== null) this.ctx.io.release(this.doneRef, 'r');
    this.stdin = null;
    this.doneRef = null;
  }
}

function truthy(v: string | string[] | undefined): boolean {
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return s === '1' || s === 'true' || s === 'True';
}

/** Did the client ask to send input on this connection? */
export function wantsInput(engine: Engine, req: ApiRequest, r: ApiResponse): boolean {
  if (r.hijack?.kind === 'exec') return engine.state.containers.execs[r.hijack.execId]?.OpenStdin ?? false;
  return truthy(req.query.stdin);
}

/** The detach sequence for this connection: the attach's detachKeys query or the exec's DetachKeys, else ^P^Q. */
export function detachKeysFor(engine: Engine, req: ApiRequest, r: ApiResponse): string {
  const q = req.query.detachKeys;
  const spec = r.hijack?.kind === 'exec' ? (engine.state.containers.execs[r.hijack.execId]?.DetachKeys ?? '') : (Array.isArray(q) ? q[q.length - 1] : q) ?? '';
  const k = detachKeyBytes(spec);
  return typeof k === 'string' ? k : DEFAULT_DETACH_KEYS;
}

function socketSink(socket: Socket): Sink {
  return {
    write: (b) => {
      if (socket.writable) socket.write(b);
    },
    end: () => {
      if (!socket.destroyed) socket.end();
    },
  };
}

/** The 'upgrade' event of the HTTP server: read the request body, answer, and wire the connection. */
export function handleUpgrade(ctx: HijackCtx, req: IncomingMessage, socket: Socket, head: Buffer): void {
  socket.on('error', () => socket.destroy());
  const need = Number(req.headers['content-length'] ?? 0) || 0;
  if (need > ctx.maxBody) {
    socket.end(rawResponse(413, { 'Content-Type': 'application/json', Connection: 'close' }, `${JSON.stringify({ message: `request body too large (limit ${ctx.maxBody} bytes)` })}\n`));
    return;
  }
  let buf = head;
  let session: Session | null = null;
  const early: Buffer[] = [];
  let endedEarly = false;
  const onData = (c: Buffer): void => {
    if (session) return session.input(c);
    if (buf.length < need) {
      buf = Buffer.concat([buf, c]);
      if (buf.length >= need) start();
    } else early.push(c);
  };
  const start = (): void => {
    const body = buf.subarray(0, need);
    const rest = buf.subarray(need);
    const apiReq = toApiRequest(req, body);
    if ('status' in apiReq) {
      socket.end(rawResponse(apiReq.status, { 'Content-Type': 'application/json' }, `${JSON.stringify({ message: apiReq.message })}\n`));
      return;
    }
    ctx.log?.(`${apiReq.method} ${req.url ?? ''} (upgrade)`);
    const r = ctx.handle(apiReq);
    const s = streamsOf(r);
    if (r.status !== 101 || !s) {
      const text = r.body === undefined || r.body === null ? '' : `${JSON.stringify(r.body)}\n`;
      socket.end(rawResponse(r.status, { ...(text ? { 'Content-Type': 'application/json' } : {}), ...r.headers, Connection: 'close' }, text));
      return;
    }
    const tty = isTtyStream(ctx.engine, r, s);
    socket.write(rawResponse(101, { 'Content-Type': mediaType(tty, apiReq.headers['x-api-version']), Connection: 'Upgrade', Upgrade: 'tcp' }));
    session = new Session(ctx, r, s, tty, socketSink(socket), wantsInput(ctx.engine, apiReq, r), detachKeysFor(ctx.engine, apiReq, r));
    const sess = session;
    socket.on('close', () => ctx.pumps.remove(sess));
    ctx.pumps.add(sess);
    if (rest.length) sess.input(rest);
    for (const c of early.splice(0)) sess.input(c);
    if (endedEarly) sess.inputEnded();
  };
  socket.on('data', onData);
  socket.on('end', () => {
    if (session) session.inputEnded();
    else endedEarly = true;
  });
  if (buf.length >= need) start();
}

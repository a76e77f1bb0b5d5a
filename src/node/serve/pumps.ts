/**
 * Long-lived answers of `container-sim serve`: the body of POST
 * /containers/{id}/wait (headers at once, the status when the container
 * stops), `logs --follow`, and the output side of hijacked attach/exec
 * connections. The engine hands its clients pipe ids (src/sim/engine/
 * containers/clients.ts); a pump reads those pipes through the host's
 * userland and copies what arrived to the real socket, polled while the
 * virtual clock follows real time.
 * SIMPLIFICATIONS: output reaches the socket on the next poll (every ~15 ms),
 * not byte by byte.
 */

import type { Host } from '../../sim/host/host.ts';
import type { FdTable } from '../../sim/userland/types.ts';
import { drainAll } from '../../sim/engine/containers/output.ts';
import { frame } from './frames.ts';

/** The host's pipes and terminals as a real client's end sees them. */
export interface SimIo {
  read(pipe: number): { data: string; eof: boolean };
  write(pipe: number, data: string): boolean;
  /** Drop the client's reference to a pipe end. */
  release(pipe: number, side: 'r' | 'w'): void;
  ttyInput(tty: string, data: string, eof?: boolean): void;
  ttySignal(tty: string, sig: number): void;
  /** Let woken programs run and the daemon read containers' output. */
  settle(): void;
}

export function simIo(host: Host): SimIo {
  const ul = host.engine.ul;
  const rd = (id: number): FdTable => ({ 0: { k: 'pipe', id } });
  const wr = (id: number): FdTable => ({ 1: { k: 'pipe', id } });
  return {
    read: (pipe) => ul.read(0, rd(pipe), 0),
    write: (pipe, data) => ul.write(0, wr(pipe), 1, data),
    release: (pipe, side) => ul.pipeRef(pipe, side, -1),
    ttyInput: (tty, data, eof) => ul.ttyInput(tty, data, eof),
    ttySignal: (tty, sig) => ul.ttySignal(tty, sig),
    settle() {
      ul.drain();
      drainAll(host.engine);
    },
  };
}

export interface Pump {
  /** Copy what arrived; true once finished (the pump is then dropped). */
  poll(): boolean;
  /** The client went away: release the pipes. */
  abort(): void;
}

/** The running pumps, polled together. */
export class PumpSet {
  private readonly live = new Set<Pump>();
  get size(): number {
    return this.live.size;
  }
  add(p: Pump): void {
    if (!p.poll()) this.live.add(p);
  }
  remove(p: Pump): void {
    if (this.live.delete(p)) p.abort();
  }
  pollAll(): void {
    for (const p of [...this.live]) {
      let done: boolean;
      try {
        done = p.poll();
      } catch {
        done = true;
        p.abort();
      }
      if (done) this.live.delete(p);
    }
  }
  abortAll(): void {
    for (const p of this.live) p.abort();
    this.live.clear();
  }
}

/** A writable end of a real connection. */
export interface Sink {
  write(b: Buffer | string): void;
  end(): void;
}

/**
 * Copy a stdout and a stderr pipe to a sink: multiplexed frames, or raw bytes
 * for a terminal. With `mux` the engine put both streams on the stdout pipe
 * in its own frames (src/sim/engine/containers/mux.ts: sizes in UTF-16 code
 * units), in the order they were written; those are re-framed with UTF-8
 * byte sizes. `done()` says whether both reached end-of-file.
 */
export class OutputCopier {
  outEof: boolean;
  errEof: boolean;
  private muxBuf = '';
  constructor(
    private readonly io: SimIo,
    private readonly sink: Sink,
    private out: number | null,
    private err: number | null,
    private readonly tty: boolean,
    private readonly mux = false,
  ) {
    this.outEof = out === null;
    this.errEof = err === null;
  }
  private emit(id: 1 | 2, data: string): void {
    if (data) this.sink.write(this.tty ? Buffer.from(data, 'utf8') : frame(id, data));
  }
  private unmux(data: string): void {
    this.muxBuf += data;
    while (this.muxBuf.length >= 8) {
      const b = this.muxBuf;
      const n = ((b.charCodeAt(4) << 24) | (b.charCodeAt(5) << 16) | (b.charCodeAt(6) << 8) | b.charCodeAt(7)) >>> 0;
      if (b.length < 8 + n) return;
      this.emit(b.charCodeAt(0) === 2 ? 2 : 1, b.slice(8, 8 + n));
      this.muxBuf = b.slice(8 + n);
    }
  }
  copy(): void {
    if (this.out !== null && !this.outEof) {
      const r = this.io.read(this.out);
      if (this.mux) this.unmux(r.data);
      else this.emit(1, r.data);
      if (r.eof) this.outEof = true;
    }
    if (this.err !== null && !this.errEof) {
      const r = this.io.read(this.err);
      this.emit(2, r.data);
      if (r.eof) this.errEof = true;
    }
  }
  done(): boolean {
    return this.outEof && this.errEof;
  }
  /** Drop the read references (once). */
  release(): void {
    if (this.out !== null) this.io.release(this.out, 'r');
    if (this.err !== null) this.io.release(this.err, 'r');
    this.out = null;
    this.err = null;
    this.outEof = true;
    this.errEof = true;
  }
}

/** The body of a wait answer: the pipe receives {"StatusCode":N,"Error":...}\n and is closed. */
export function waitPump(io: SimIo, pipe: number, sink: Sink): Pump {
  let buf = '';
  let released = false;
  const release = (): void => {
    if (!released) io.release(pipe, 'r');
    released = true;
  };
  return {
    poll() {
      const r = io.read(pipe);
      buf += r.data;
      if (!r.eof && !buf.includes('\n')) return false;
      release();
      sink.write(buf.includes('\n') ? buf.slice(0, buf.indexOf('\n') + 1) : buf || '{"StatusCode":0}\n');
      sink.end();
      return true;
    },
    abort: release,
  };
}

/** logs --follow: the rest of the output, until the container stops. */
export function followPump(io: SimIo, out: number | null, err: number | null, tty: boolean, sink: Sink, mux = false): Pump {
  const c = new OutputCopier(io, sink, out, err, tty, mux);
  return {
    poll() {
      c.copy();
      if (!c.done()) return false;
      c.release();
      sink.end();
      return true;
    },
    abort: () => c.release(),
  };
}

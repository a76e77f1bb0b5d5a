/**
 * The runtime's I/O layer: terminals, pipes and capture buffers, and reading
 * and writing a process's fds (write(2)/read(2) on a tty, a pipe, a file,
 * /dev/null or a capture buffer).
 *
 * Models: pipe(7) (64 KiB buffer, EOF once every writer is gone, EPIPE with
 * no reader), tty(4) input queues read only by the foreground process group.
 * SIMPLIFICATIONS: see userland.ts.
 */

import type { Kernel } from '../kernel/kernel.ts';
import { isErr } from '../kernel/errno.ts';
import type { FdTable, Registry } from './types.ts';
import { fsRead, fsWrite } from './fsapi.ts';
import { CAPTURE_MAX, PIPE_BUF_MAX, emptyState, pipeEnds, type Job, type PipeState, type TtyState, type UserlandState } from './ul-state.ts';
import { kKill } from './kapi.ts';

const SIGPIPE = 13;

export abstract class UserlandIo {
  abstract drain(): void;
  state: UserlandState = emptyState();
  /** Errors thrown by programs (bugs); programs must not throw. Tests assert this stays empty. */
  readonly crashes: Array<{ pid: number; program: string; error: unknown }> = [];
  protected readonly ttyListeners: Record<string, Array<(s: string) => void>> = {};
  protected readonly queue: Job[] = [];
  protected depth = 0;
  /** Pids whose handlers are on the stack right now, innermost last. */
  protected readonly active: number[] = [];
  protected suppressObserve = 0;
  /** Captures written since a reader last cleared this (not state): lets it read only those. */
  readonly dirtyCaptures = new Set<number>();

  constructor(
    readonly k: Kernel,
    readonly registry: Registry,
  ) {}

  snapshot(): UserlandState {
    return structuredClone(this.state);
  }
  restore(s: UserlandState): void {
    this.state = structuredClone(s);
    this.state.periodic ??= {};
  }

  /** Is pid waiting on a periodic timer (see Outcome)? */
  isPeriodic(pid: number): boolean {
    return !!this.state.periodic[pid];
  }

  // ---- terminals -------------------------------------------------------

  tty(name: string): TtyState {
    let t = this.state.ttys[name];
    if (!t) {
      t = { fgPgid: 0, sid: 0, input: '', eof: false, cols: 80, rows: 24, raw: false };
      this.state.ttys[name] = t;
    }
    return t;
  }
  /** Subscribe to what programs write to a terminal (already "\r\n"-translated). */
  onTtyOutput(name: string, cb: (s: string) => void): () => void {
    const l = (this.ttyListeners[name] ??= []);
    l.push(cb);
    return () => {
      const i = l.indexOf(cb);
      if (i >= 0) l.splice(i, 1);
    };
  }
  ttyWrite(name: string, s: string): void {
    const out = s.replace(/\r?\n/g, '\r\n');
    for (const cb of this.ttyListeners[name] ?? []) cb(out);
  }
  /** Queue typed input for the terminal's readers and wake them. */
  ttyInput(name: string, data: string, eof = false): void {
    const t = this.tty(name);
    t.input += data;
    if (eof) t.eof = true;
    this.wakeWaiters(`t:${name}`);
    this.drain();
  }

  // ---- pipes and captures ---------------------------------------------

  newPipe(content = '', writers = 0): number {
    const id = this.state.next++;
    this.state.pipes[id] = { buf: content, w: writers, r: 0 };
    return id;
  }
  pipeRef(id: number, side: 'r' | 'w', delta: number): void {
    const p = this.state.pipes[id];
    if (!p) return;
    if (side === 'r') p.r += delta;
    else p.w += delta;
    // The last reader gone: writers blocked on the pipe get EPIPE, and SIGPIPE.
    if (side === 'r' && p.r <= 0 && p.held !== undefined) this.releaseWriters(p, true);
    if (side === 'w' && p.w <= 0) this.wakeWaiters(`p:${id}`);
    if (p.w <= 0 && p.r <= 0) delete this.state.pipes[id];
  }
  newCapture(): number {
    const id = this.state.next++;
    this.state.caps[id] = '';
    return id;
  }
  takeCapture(id: number): string {
    const s = this.state.caps[id] ?? '';
    delete this.state.caps[id];
    return s;
  }
  peekCapture(id: number): string {
    return this.state.caps[id] ?? '';
  }

  /** The writers blocked on `p` go on: their writes were read, or (`broken`) can never be. */
  private releaseWriters(p: PipeState, broken: boolean): void {
    const by = p.heldBy ?? [];
    delete p.held;
    delete p.heldBy;
    for (const pid of by) {
      const pipe = this.state.writing?.[pid];
      if (this.state.writing) delete this.state.writing[pid];
      if (broken) kKill(this.k, 0, pid, SIGPIPE);
      if (this.state.deferred?.[pid] && pipe !== undefined) this.queue.push({ pid, why: { kind: 'written', pipe } });
    }
  }

  protected refFds(fds: FdTable, delta: number): void {
    for (const [side, id] of pipeEnds(fds)) this.pipeRef(id, side, delta);
  }

  protected wakeWaiters(key: string): void {
    const w = this.state.waiters[key];
    if (!w || !w.length) return;
    delete this.state.waiters[key];
    for (const pid of w) this.queue.push({ pid, why: { kind: 'input' } });
  }

  // ---- I/O as a process ------------------------------------------------

  /** Write to fd of pid; false on EPIPE / full pipe / bad fd. */
  write(pid: number, fds: FdTable, fd: number, s: string): boolean {
    const f = fds[fd];
    if (!f || s === '') return !!f && f.k !== 'closed';
    switch (f.k) {
      case 'tty':
        this.ttyWrite(f.tty, s);
        return true;
      case 'null':
        return true;
      case 'closed':
        return false;
      case 'cap': {
        const cur = this.state.caps[f.id];
        if (cur === undefined) return false;
        if (cur.length + s.length > CAPTURE_MAX) {
          this.state.caps[f.id] = cur + s.slice(0, Math.max(0, CAPTURE_MAX - cur.length));
          return false;
        }
        this.state.caps[f.id] = cur + s;
        this.dirtyCaptures.add(f.id);
        // A second capture that sees stdout and stderr in the order they were written (transcripts).
        if (f.also !== undefined && this.state.caps[f.also] !== undefined) this.state.caps[f.also] += s;
        return true;
      }
      case 'file': {
        const r = fsWrite(this.k, this.fileWriter(pid, f), f.path, s, { append: true });
        return !isErr(r);
      }
      case 'pipe':
      case 'sock': {
        const id = f.k === 'pipe' ? f.id : f.tx;
        const p = this.state.pipes[id];
        if (!p || p.r <= 0) return false;
        const room = Math.max(0, PIPE_BUF_MAX - p.buf.length);
        const ok = s.length <= room && !p.held;
        if (!ok && f.k === 'pipe' && this.active.includes(pid)) {
          // write(2) on a full pipe blocks: the rest waits for the reader, and so does the writer (runtime.apply).
          p.buf += s.slice(0, p.held ? 0 : room);
          p.held = (p.held ?? '') + s.slice(p.held ? 0 : room);
          const by = (p.heldBy ??= []);
          if (!by.includes(pid)) by.push(pid);
          (this.state.writing ??= {})[pid] = id;
          this.wakeWaiters(`p:${id}`);
          return true;
        }
        p.buf += ok ? s : s.slice(0, room);
        this.wakeWaiters(`p:${id}`);
        return ok;
      }
    }
  }

  /**
   * Who writes to an open file for pid: the permission check and the path lookup happened at
   * open(2), so write as the opener (or, after a chroot, an ancestor that still sees the file
   * from the root it was opened under) while it lives in the same mount namespace.
   */
  private fileWriter(pid: number, f: { by?: number; root?: string }): number {
    const me = this.k.proc(pid);
    if (!me) return pid;
    const fits = (q: ReturnType<Kernel['proc']>) => !!q && q.state !== 'Z' && q.ns.mnt === me.ns.mnt && (f.root === undefined || q.root === f.root);
    const by = f.by !== undefined ? this.k.proc(f.by) : undefined;
    if (fits(by)) return by?.pid ?? pid;
    if (f.root === undefined || me.root === f.root) return pid;
    let q = this.k.proc(me.ppid);
    for (let i = 0; q && i < 16; i++, q = this.k.proc(q.ppid)) if (fits(q)) return q.pid;
    return pid;
  }

  /** Read everything available on fd (consumed), and whether EOF was reached. */
  read(pid: number, fds: FdTable, fd: number): { data: string; eof: boolean } {
    const f = fds[fd];
    if (!f) return { data: '', eof: true };
    switch (f.k) {
      case 'pipe':
      case 'sock': {
        const p = this.state.pipes[f.k === 'pipe' ? f.id : f.rx];
        if (!p) return { data: '', eof: true };
        const data = p.held ? p.buf + p.held : p.buf;
        p.buf = '';
        if (p.held !== undefined) this.releaseWriters(p, false);
        return { data, eof: data === '' && p.w <= 0 };
      }
      case 'tty': {
        const t = this.tty(f.tty);
        const proc = this.k.proc(pid);
        if (proc && t.fgPgid !== 0 && proc.pgid !== t.fgPgid) return { data: '', eof: false };
        const data = t.input;
        t.input = '';
        if (data === '' && t.eof) {
          t.eof = false;
          return { data: '', eof: true };
        }
        return { data, eof: false };
      }
      case 'file': {
        const r = fsRead(this.k, pid, f.path);
        return { data: isErr(r) ? '' : r, eof: true };
      }
      default:
        return { data: '', eof: true };
    }
  }

  /** Is input already available (or EOF) on fd `n` (default 0), so a read would not block? */
  protected readable(fds: FdTable, n = 0): boolean {
    const f = fds[n];
    if (!f) return true;
    if (f.k === 'pipe' || f.k === 'sock') {
      const p = this.state.pipes[f.k === 'pipe' ? f.id : f.rx];
      return !p || p.buf !== '' || p.w <= 0;
    }
    if (f.k === 'tty') {
      const t = this.state.ttys[f.tty];
      return !!t && (t.input !== '' || t.eof);
    }
    return true;
  }
}

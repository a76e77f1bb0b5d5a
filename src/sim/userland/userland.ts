/**
 * The program runtime: runs ProgramDefs as processes of the kernel model.
 *
 * Models: fork/execve/exit/wait as a shell and its children use them; pipes
 * (pipe(7)) with a 64 KiB buffer; terminals (pts) with a foreground process
 * group (credentials(7) "controlling terminal", termios canonical mode);
 * wake-ups when a timer fires, data arrives on stdin, a child exits or a
 * caught signal is delivered.
 * SIMPLIFICATIONS:
 * - Handlers run synchronously; wake-ups found while a handler runs are queued
 *   and run once the outermost handler returns (one "CPU").
 * - Pipeline stages run left to right. A writer that finds its pipe full (64
 *   KiB unread) or without readers stops as if it got SIGPIPE, so `yes | head`
 *   ends, and output beyond 64 KiB between two stages is lost.
 * - Pipe buffers, capture buffers and terminal input queues live in this
 *   userland's own plain state (UserlandState), snapshotted with the host.
 */

import type { Kernel, KernelHooks } from '../kernel/kernel.ts';
import type { Process } from '../kernel/process/types.ts';
import type { SimEvent } from '../events.ts';
import { isErr, strerror, type Errno } from '../kernel/errno.ts';
import type { Ctx, Fd, FdTable, Flavour, Outcome, ProcWrap, ProgramDef, Reader, Registry, SpawnOptions, UserlandApi, WakeReason, Writer } from './types.ts';
import { kClone, kExecve, kExit, kKill, kReap, kSetPgid, kSetWait, kSleepUntil, kSetDisposition } from './kapi.ts';
import { fsRead, fsStat, fsWrite, absPath } from './fsapi.ts';
import { deliverSignal } from '../kernel/process/signal.ts';
import { own } from './own.ts';

export const PIPE_BUF_MAX = 65536;
const CAPTURE_MAX = 4 * 1024 * 1024;
/** The marker that makes a file a simulated executable: an ELF header, then the program id. */
export const ELF_MARKER = '\x7fELF\x02\x01\x01\0sim:';

export interface PipeState {
  buf: string;
  /** Processes holding the write end / read end. */
  w: number;
  r: number;
}

export interface TtyState {
  /** Foreground process group. */
  fgPgid: number;
  /** Session id of the controlling process. */
  sid: number;
  /** Typed input not yet read. */
  input: string;
  /** ^D pending: the next read returns EOF. */
  eof: boolean;
  cols: number;
  rows: number;
  /** Raw mode (cfmakeraw): keys go to the reader as typed, no echo, no line editing, no ^C signal. */
  raw: boolean;
}

export interface UserlandState {
  pipes: Record<number, PipeState>;
  caps: Record<number, string>;
  ttys: Record<string, TtyState>;
  /** Processes blocked reading a pipe ("p:ID") or a tty ("t:NAME"). */
  waiters: Record<string, number[]>;
  /** Processes whose current timer is periodic (see Outcome). */
  periodic: Record<number, true>;
  next: number;
}

type Job = { pid: number; why: WakeReason | { kind: 'childExit'; pid: number; status: number } };

function emptyState(): UserlandState {
  return { pipes: {}, caps: {}, ttys: {}, waiters: {}, periodic: {}, next: 1 };
}

function wrapOf(p: Process): ProcWrap {
  const w = p.program.state as ProcWrap | null;
  if (w && typeof w === 'object' && 'fds' in w) return w;
  return { fds: { 0: { k: 'null' }, 1: { k: 'null' }, 2: { k: 'null' } }, fl: 'gnu', s: null };
}

/** Status as the shell reports it: exit code, or 128 + signal. */
export function statusOf(p: Process): number {
  return p.termSignal !== null ? 128 + p.termSignal : (p.exitCode ?? 0);
}

export class Userland implements UserlandApi {
  state: UserlandState = emptyState();
  /** Errors thrown by programs (bugs); programs must not throw. Tests assert this stays empty. */
  readonly crashes: Array<{ pid: number; program: string; error: unknown }> = [];
  private readonly ttyListeners: Record<string, Array<(s: string) => void>> = {};
  private readonly queue: Job[] = [];
  private depth = 0;
  private suppressObserve = 0;

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

  private refFds(fds: FdTable, delta: number): void {
    for (const [side, id] of pipeEnds(fds)) this.pipeRef(id, side, delta);
  }

  private wakeWaiters(key: string): void {
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
        return true;
      }
      case 'file': {
        const r = fsWrite(this.k, pid, f.path, s, { append: true });
        return !isErr(r);
      }
      case 'pipe': {
        const p = this.state.pipes[f.id];
        if (!p || p.r <= 0) return false;
        const room = PIPE_BUF_MAX - p.buf.length;
        const ok = s.length <= room;
        p.buf += ok ? s : s.slice(0, Math.max(0, room));
        this.wakeWaiters(`p:${f.id}`);
        return ok;
      }
    }
  }

  /** Read everything available on fd (consumed), and whether EOF was reached. */
  read(pid: number, fds: FdTable, fd: number): { data: string; eof: boolean } {
    const f = fds[fd];
    if (!f) return { data: '', eof: true };
    switch (f.k) {
      case 'pipe': {
        const p = this.state.pipes[f.id];
        if (!p) return { data: '', eof: true };
        const data = p.buf;
        p.buf = '';
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

  /** Is input already available (or EOF) on fd 0, so a read would not block? */
  private readable(fds: FdTable): boolean {
    const f = fds[0];
    if (!f) return true;
    if (f.k === 'pipe') {
      const p = this.state.pipes[f.id];
      return !p || p.buf !== '' || p.w <= 0;
    }
    if (f.k === 'tty') {
      const t = this.state.ttys[f.tty];
      return !!t && (t.input !== '' || t.eof);
    }
    return true;
  }

  // ---- handlers --------------------------------------------------------

  private def(name: string): ProgramDef<unknown> | undefined {
    return own(this.registry, name) as ProgramDef<unknown> | undefined;
  }

  private makeCtx(p: Process, w: ProcWrap): Ctx & { dirty: boolean; broken: boolean; execed: boolean } {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the context object's methods close over the runtime
    const ul = this;
    const pid = p.pid as number;
    const fds = w.fds;
    let state = w.s === null || w.s === undefined ? w.s : structuredClone(w.s);
    const isTty = (fd: number) => fds[fd]?.k === 'tty';
    const ctx = {
      k: this.k,
      pid,
      argv: p.argv,
      env: p.env,
      flavour: w.fl,
      fds,
      ul,
      dirty: false,
      broken: false,
      execed: false,
      get state() {
        ctx.dirty = true;
        return state;
      },
      set state(v: unknown) {
        ctx.dirty = true;
        state = v;
      },
      writeFd(fd: number, s: string): boolean {
        const ok = ul.write(pid, fds, fd, s);
        if (!ok && fds[fd]?.k === 'pipe') ctx.broken = true;
        return ok;
      },
      readFd(fd: number) {
        return ul.read(pid, fds, fd);
      },
      stdin: null as unknown as Reader,
      stdout: null as unknown as Writer,
      stderr: null as unknown as Writer,
    };
    let eofSeen = false;
    ctx.stdin = {
      read() {
        const r = ul.read(pid, fds, 0);
        if (r.eof) eofSeen = true;
        return r.data;
      },
      get eof() {
        return eofSeen;
      },
      isatty: isTty(0),
    };
    ctx.stdout = { write: (s: string) => ctx.writeFd(1, s), isatty: isTty(1) };
    ctx.stderr = { write: (s: string) => ctx.writeFd(2, s), isatty: isTty(2) };
    return ctx;
  }

  /** Run one handler of a process's program and apply what it answers. */
  private invoke(pid: number, call: (def: ProgramDef<unknown>, ctx: Ctx) => Outcome | null | void): void {
    const p = this.k.proc(pid);
    if (!p || p.state === 'Z') return;
    const def = this.def(p.program.name);
    if (!def) return;
    const w = wrapOf(p);
    const ctx = this.makeCtx(p, w);
    let out: Outcome | null | void;
    this.depth++;
    try {
      out = call(def, ctx);
    } catch (error) {
      this.crashes.push({ pid, program: def.id, error });
      ctx.writeFd(2, `${p.comm}: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      out = { exit: 70 };
    } finally {
      this.depth--;
    }
    const now = this.k.proc(pid);
    if (now && now.state !== 'Z' && now.program.name === p.program.name && ctx.dirty && !ctx.execed) {
      const cur = wrapOf(now);
      this.k.emit({ type: 'process.programStateChanged', pid, state: { fds: cur.fds, fl: cur.fl, s: ctx.state } });
    }
    if (out) this.apply(pid, out, ctx.broken);
    this.drain();
  }

  private apply(pid: number, out: Outcome, broken: boolean): void {
    const p = this.k.proc(pid);
    if (!p || p.state === 'Z') return;
    if (broken && !('exec' in out)) {
      kKill(this.k, 0, pid, 13);
      return;
    }
    if ('exit' in out) {
      kExit(this.k, pid, out.exit & 255);
      return;
    }
    if ('exec' in out) {
      const r = this.execInPlace(pid, out.exec.path, out.exec.argv, out.exec.env ?? p.env);
      if (r) {
        this.write(pid, wrapOf(p).fds, 2, r.error);
        kExit(this.k, pid, r.status);
      }
      return;
    }
    switch (out.block) {
      case 'timer':
        if (out.periodic) this.state.periodic[pid] = true;
        else delete this.state.periodic[pid];
        kSleepUntil(this.k, pid, out.untilMs);
        return;
      case 'forever':
        kSetWait(this.k, pid, { kind: 'forever' });
        return;
      case 'input': {
        kSetWait(this.k, pid, { kind: 'input' });
        const fds = wrapOf(p).fds;
        const f = fds[0];
        const key = f?.k === 'pipe' ? `p:${f.id}` : f?.k === 'tty' ? `t:${f.tty}` : null;
        if (key === null || this.readable(fds)) this.queue.push({ pid, why: { kind: 'input' } });
        else (this.state.waiters[key] ??= []).push(pid);
        return;
      }
      case 'child': {
        kSetWait(this.k, pid, { kind: 'child', pid: out.pid });
        const z = this.zombieChild(p, out.pid);
        if (z !== null) this.queue.push({ pid, why: { kind: 'child', pid: z, status: 0 } });
        return;
      }
    }
  }

  private zombieChild(p: Process, want: number): number | null {
    for (const c of p.children) {
      if (want !== -1 && c !== want) continue;
      if (this.k.proc(c)?.state === 'Z') return c;
    }
    return null;
  }

  /** Run queued wake-ups, unless a handler is still on the stack. */
  drain(): void {
    if (this.depth > 0) return;
    for (let guard = 0; this.queue.length && guard < 1_000_000; guard++) {
      const job = this.queue.shift() as Job;
      this.dispatch(job);
    }
  }

  private dispatch(job: Job): void {
    const p = this.k.proc(job.pid);
    if (!p || p.state === 'Z') return;
    const why = job.why;
    if (why.kind === 'childExit') {
      const status = this.reapChild(job.pid, why.pid);
      if (status === null) return;
      this.invoke(job.pid, (d, ctx) => {
        d.onChildExit?.(ctx, why.pid, status);
      });
      return;
    }
    if (why.kind === 'signal') {
      const wait = p.wait;
      this.invoke(job.pid, (d, ctx) => {
        const r = d.onSignal?.(ctx, why.sig) ?? null;
        if (r === null) return null;
        if (wait.kind !== 'none') kSetWait(this.k, job.pid, { kind: 'none' });
        return r;
      });
      return;
    }
    if (why.kind === 'input') {
      if (p.wait.kind !== 'input') return;
      const fds = wrapOf(p).fds;
      if (!this.readable(fds)) {
        this.apply(job.pid, { block: 'input' }, false);
        return;
      }
      kSetWait(this.k, job.pid, { kind: 'none' });
      this.invoke(job.pid, (d, ctx) => (d.onInput ? d.onInput(ctx) : d.resume ? d.resume(ctx, why) : { exit: 0 }));
      return;
    }
    if (why.kind === 'child') {
      if (p.wait.kind !== 'child') return;
      const z = this.zombieChild(p, p.wait.pid);
      if (z === null) return;
      const status = this.reapChild(job.pid, z) ?? 0;
      kSetWait(this.k, job.pid, { kind: 'none' });
      const w: WakeReason = { kind: 'child', pid: z, status };
      this.invoke(job.pid, (d, ctx) => (d.resume ? d.resume(ctx, w) : { exit: status }));
      return;
    }
    // timer
    if (p.wait.kind !== 'timer' && p.wait.kind !== 'none') return;
    if (p.wait.kind === 'timer') kSetWait(this.k, job.pid, { kind: 'none' });
    this.invoke(job.pid, (d, ctx) => (d.resume ? d.resume(ctx, why) : { exit: 0 }));
  }

  // ---- kernel hooks ------------------------------------------------------

  /** A timer fired for p (called from the kernel's advanceTime). */
  timerFired(p: Process): void {
    this.queue.push({ pid: p.pid, why: { kind: 'timer' } });
    this.drain();
  }

  /** A caught signal was delivered to pid: run its handler. */
  signalDelivered(pid: number, sig: number): void {
    this.queue.push({ pid, why: { kind: 'signal', sig } });
    this.drain();
  }

  /** Exit statuses of recently ended processes (transient; for runLine after a shell's `exit`). */
  readonly exitStatus: Record<number, number> = {};

  /** p exited: close its pipe ends, tell its parent. */
  processExited(p: Process): void {
    delete this.state.periodic[p.pid];
    const after = this.k.proc(p.pid);
    this.exitStatus[p.pid] = after ? statusOf(after) : 0;
    const w = wrapOf(p);
    this.refFds(w.fds, -1);
    for (const key of Object.keys(this.state.waiters)) {
      const list = this.state.waiters[key];
      if (!list) continue;
      const i = list.indexOf(p.pid);
      if (i >= 0) list.splice(i, 1);
      if (!list.length) delete this.state.waiters[key];
    }
    const parent = this.k.proc(p.ppid);
    if (!parent || parent.state === 'Z') return;
    const status = statusOf(p);
    if (parent.wait.kind === 'child' && (parent.wait.pid === -1 || parent.wait.pid === p.pid)) {
      this.queue.push({ pid: parent.pid, why: { kind: 'child', pid: p.pid, status } });
    } else {
      const def = this.def(parent.program.name);
      if (def?.onChildExit) this.queue.push({ pid: parent.pid, why: { kind: 'childExit', pid: p.pid, status } });
    }
    // No drain here: the kernel is still inside terminate(); wake-ups run once it returns.
  }

  // ---- process creation --------------------------------------------------

  reapChild(parentPid: number, childPid: number): number | null {
    const c = this.k.proc(childPid);
    if (!c || c.ppid !== parentPid || c.state !== 'Z') return null;
    const r = kReap(this.k, parentPid, childPid);
    return isErr(r) ? null : r;
  }

  /** execvp(3)-style lookup from pid's point of view. */
  which(pid: number, name: string, path?: string): { path: string } | { error: 'ENOENT' | 'EACCES' | 'EISDIR' | 'ENOEXEC' } {
    const p = this.k.proc(pid);
    if (name === '') return { error: 'ENOENT' };
    if (name.includes('/')) {
      const abs = absPath(this.k, pid, name);
      const st = fsStat(this.k, pid, abs);
      if (isErr(st)) return { error: st.errno === 'EACCES' ? 'EACCES' : 'ENOENT' };
      if (st.type === 'dir') return { error: 'EISDIR' };
      if (!this.canExec(p, st)) return { error: 'EACCES' };
      return { path: abs };
    }
    const dirs = (path ?? p?.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':');
    let denied = false;
    for (const d of dirs) {
      const dir = d === '' ? '.' : d;
      const full = absPath(this.k, pid, `${dir}/${name}`);
      const st = fsStat(this.k, pid, full);
      if (isErr(st) || st.type === 'dir') continue;
      if (!this.canExec(p, st)) {
        denied = true;
        continue;
      }
      return { path: full };
    }
    return { error: denied ? 'EACCES' : 'ENOENT' };
  }

  private canExec(p: Process | undefined, st: { mode: number; uid: number; gid: number; type: string }): boolean {
    if (st.type !== 'file') return false;
    const uid = p?.cred.euid ?? 0;
    if (uid === 0) return (st.mode & 0o111) !== 0;
    if (uid === st.uid) return (st.mode & 0o100) !== 0;
    if (p && (p.cred.egid === st.gid || p.cred.groups.includes(st.gid))) return (st.mode & 0o010) !== 0;
    return (st.mode & 0o001) !== 0;
  }

  /** What an executable file runs: a program id, or an interpreter for a #! script. */
  loadImage(pid: number, path: string, argv: string[]): { program: string; flavour: Flavour; argv: string[]; exe: string } | { error: Errno } {
    const data = fsRead(this.k, pid, path);
    if (isErr(data)) return { error: data.errno };
    if (data.startsWith(ELF_MARKER)) {
      const id = data.slice(ELF_MARKER.length).split('\n')[0] ?? '';
      if (id === 'busybox') {
        let av = argv;
        let applet = basename(av[0] ?? '');
        if (applet === 'busybox') {
          av = av.slice(1);
          applet = basename(av[0] ?? '');
          if (!applet) return { program: 'busybox', flavour: 'busybox', argv, exe: path };
        }
        const pid2 = this.def(applet) ? applet : applet === 'sh' || applet === 'ash' ? 'sh' : null;
        if (!pid2) return { program: 'busybox', flavour: 'busybox', argv, exe: path };
        return { program: pid2, flavour: 'busybox', argv: av, exe: path };
      }
      if (!this.def(id)) return { error: 'ENOEXEC' };
      return { program: id, flavour: 'gnu', argv, exe: path };
    }
    if (data.startsWith('#!')) {
      const line = (data.split('\n')[0] ?? '').slice(2).trim();
      const [interp, ...rest] = line.split(/\s+/);
      if (!interp) return { error: 'ENOEXEC' };
      const av = [interp, ...(rest.length ? [rest.join(' ')] : []), path, ...argv.slice(1)];
      const st = fsStat(this.k, pid, interp);
      if (isErr(st)) return { error: 'ENOENT' };
      return this.loadImage(pid, interp, av);
    }
    return { error: 'ENOEXEC' };
  }

  /** fork() a copy of parent running `program` with `state`. */
  fork(parentPid: number, program: string, state: unknown, fds: FdTable, opts: { newPgrp?: boolean; pgid?: number; flavour?: Flavour; cloneFlags?: number; ignored?: number[] } = {}): number | { error: string; status: number } {
    const parent = this.k.proc(parentPid);
    if (!parent) return { error: 'fork: No such process\n', status: 1 };
    const fl = opts.flavour ?? wrapOf(parent).fl;
    const pid = kClone(this.k, parentPid, {
      flags: opts.cloneFlags ?? 0,
      comm: parent.comm,
      argv: parent.argv,
      exe: parent.exe,
      env: parent.env,
      program: { name: program, state: { fds: { ...fds }, fl, s: state } },
    });
    if (isErr(pid)) return { error: `fork: ${strerror(pid.errno)}\n`, status: pid.errno === 'EAGAIN' ? 254 : 1 };
    this.refFds(fds, 1);
    if (opts.ignored) {
      const c = this.k.proc(pid);
      if (c && (c.caught.length || c.ignored.join() !== opts.ignored.join())) kSetDisposition(this.k, pid, [], opts.ignored);
    }
    if (opts.newPgrp) kSetPgid(this.k, pid, pid);
    else if (opts.pgid) kSetPgid(this.k, pid, opts.pgid);
    return pid;
  }

  /** fork + execve + run main, as a shell runs a command. The child may have exited already. */
  spawn(parentPid: number, opts: SpawnOptions): number | { error: string; status: number } {
    const parent = this.k.proc(parentPid);
    if (!parent) return { error: 'No such process\n', status: 127 };
    const name = opts.argv[0] ?? '';
    let path = opts.path;
    if (!path) {
      const w = this.which(parentPid, name, opts.env?.PATH);
      if ('error' in w) return { error: `${name}: ${w.error === 'EISDIR' ? 'Is a directory' : strerror(w.error)}\n`, status: w.error === 'ENOENT' ? 127 : 126 };
      path = w.path;
    }
    const env = opts.env ?? parent.env;
    const fds = opts.fds ?? wrapOf(parent).fds;
    const img = this.loadImage(parentPid, path, opts.argv);
    if ('error' in img) return { error: `${name}: ${strerror(img.error)}\n`, status: img.error === 'ENOENT' ? 127 : 126 };
    const child = this.fork(parentPid, parent.program.name, null, fds, { newPgrp: opts.newPgrp, pgid: opts.pgid, cloneFlags: opts.cloneFlags, ignored: opts.ignored });
    if (typeof child !== 'number') return child;
    if (opts.fgTty) this.tty(opts.fgTty).fgPgid = this.k.proc(child)?.pgid ?? child;
    // The parent sits in wait4() while the child runs (ps shows it sleeping).
    const parentWaits = parent.wait.kind === 'none';
    if (parentWaits) kSetWait(this.k, parentPid, { kind: 'child', pid: child });
    const e = kExecve(this.k, child, { exe: img.exe, argv: img.argv, env, program: { name: img.program, state: { fds: { ...fds }, fl: img.flavour, s: null } } });
    if (isErr(e)) {
      this.write(child, fds, 2, `${name}: ${strerror(e.errno)}\n`);
      kExit(this.k, child, 126);
      return child;
    }
    this.runMain(child);
    if (parentWaits) {
      const pp = this.k.proc(parentPid);
      if (pp && pp.wait.kind === 'child' && pp.wait.pid === child) kSetWait(this.k, parentPid, { kind: 'none' });
    }
    return child;
  }

  /** execve in place (exec builtin, unshare without --fork, nsenter, env): null on success. */
  execInPlace(pid: number, path: string, argv: string[], env: Record<string, string>): { error: string; status: number } | null {
    const p = this.k.proc(pid);
    if (!p) return { error: '', status: 127 };
    const w = wrapOf(p);
    let full = path;
    if (!path.startsWith('/')) {
      const r = this.which(pid, path, env.PATH);
      if ('error' in r) return { error: `${argv[0] ?? path}: ${r.error === 'EISDIR' ? 'Is a directory' : strerror(r.error)}\n`, status: r.error === 'ENOENT' ? 127 : 126 };
      full = r.path;
    }
    const img = this.loadImage(pid, full, argv);
    if ('error' in img) return { error: `${argv[0] ?? path}: ${strerror(img.error)}\n`, status: img.error === 'ENOENT' ? 127 : 126 };
    const e = kExecve(this.k, pid, { exe: img.exe, argv: img.argv, env, program: { name: img.program, state: { fds: w.fds, fl: img.flavour, s: null } } });
    if (isErr(e)) return { error: `${argv[0] ?? path}: ${strerror(e.errno)}\n`, status: 126 };
    this.runMain(pid);
    return null;
  }

  /** Call main of the program a process now runs. */
  runMain(pid: number): void {
    const p = this.k.proc(pid);
    if (p?.program.name && this.def(p.program.name)?.catches) {
      const c = this.def(p.program.name)?.catches ?? [];
      this.k.emit({ type: 'process.dispositionChanged', pid, caught: [...c], ignored: [...p.ignored] });
    }
    this.invoke(pid, (d, ctx) => d.main(ctx));
  }

  /** Deliver a request to the program of the process listening (its onConnection); null if it has none. */
  serve(pid: number, req: import('./types.ts').HttpRequest): import('./types.ts').HttpResponse | null {
    const p = this.k.proc(pid);
    if (!p || p.state === 'Z') return null;
    const def = this.def(p.program.name);
    if (!def?.onConnection) return null;
    let res: import('./types.ts').HttpResponse | null = null;
    this.invoke(pid, (d, ctx) => {
      res = d.onConnection ? d.onConnection(ctx, req) : null;
      return null;
    });
    return res;
  }

  /** Replace a process's fd table (exec >file in a shell), keeping pipe counts right. */
  setFds(pid: number, fds: FdTable): void {
    const p = this.k.proc(pid);
    if (!p) return;
    const w = wrapOf(p);
    this.refFds(fds, 1);
    this.refFds(w.fds, -1);
    this.k.emit({ type: 'process.programStateChanged', pid, state: { fds: { ...fds }, fl: w.fl, s: w.s } });
  }

  /** Set a process's fds at start without touching pipe counts of a previous table. */
  fdsOf(pid: number): FdTable {
    const p = this.k.proc(pid);
    return p ? wrapOf(p).fds : {};
  }

  /** Program state of a userland process (its own part), read-only. */
  programState<S>(pid: number): S | null {
    const p = this.k.proc(pid);
    return p ? (wrapOf(p).s as S) : null;
  }

  /** Run a handler on a process from outside (the terminal submitting a line to a shell). */
  call(pid: number, fn: (def: ProgramDef<unknown>, ctx: Ctx) => Outcome | null | void): void {
    this.invoke(pid, fn);
  }

  /** Put data back at the front of an fd's input (a shell's `read` took too much). */
  unread(fds: FdTable, fd: number, s: string): void {
    if (!s) return;
    const f = fds[fd];
    if (f?.k === 'pipe') {
      const p = this.state.pipes[f.id];
      if (p) p.buf = s + p.buf;
    } else if (f?.k === 'tty') {
      const t = this.tty(f.tty);
      t.input = s + t.input;
    }
  }

  /** Drop a pipe nobody holds any more (a shell's temporary input redirection). */
  gcPipe(id: number): void {
    const p = this.state.pipes[id];
    if (p && p.r <= 0 && p.w <= 0) delete this.state.pipes[id];
  }

  /** Stop whatever a blocked process waits for, so a handler can be run on it from outside. */
  interrupt(pid: number): void {
    const p = this.k.proc(pid);
    if (!p || p.state === 'Z') return;
    for (const key of Object.keys(this.state.waiters)) {
      const list = this.state.waiters[key];
      if (!list) continue;
      const i = list.indexOf(pid);
      if (i >= 0) list.splice(i, 1);
      if (!list.length) delete this.state.waiters[key];
    }
    if (p.wait.kind !== 'none') kSetWait(this.k, pid, { kind: 'none' });
  }

  /** Send a signal as `from` would (kill(2)); a caught signal runs the program's handler. */
  kill(from: number, target: number, sig: number): void | { errno: Errno } {
    const before = this.k.proc(target);
    const caught = !!before && before.caught.includes(sig) && sig !== 9 && sig !== 19;
    this.suppressObserve++;
    let r;
    try {
      r = kKill(this.k, from, target, sig);
    } finally {
      this.suppressObserve--;
    }
    if (isErr(r)) return r;
    const after = this.k.proc(target);
    if (caught && after && after.state !== 'Z' && !after.ignored.includes(sig)) this.signalDelivered(target, sig);
    this.drain();
  }

  /** A signal from a terminal (^C, ^\\, hangup) to its foreground process group: no permission checks. */
  ttySignal(name: string, sig: number, pgid?: number): void {
    const g = pgid ?? this.tty(name).fgPgid;
    if (!g) return;
    const members = Object.values(this.k.state.proc.byPid).filter((p) => p.pgid === g && p.state !== 'Z' && !p.kthread);
    for (const p of members) {
      const caught = p.caught.includes(sig) && !p.ignored.includes(sig) && p.state !== 'T' && !p.frozen;
      this.suppressObserve++;
      try {
        deliverSignal(this.k, p, sig, 0, false);
      } finally {
        this.suppressObserve--;
      }
      if (caught && this.k.proc(p.pid)?.state !== 'Z') this.queue.push({ pid: p.pid, why: { kind: 'signal', sig } });
    }
    this.drain();
  }

  /**
   * Feed a logged event: a signal the kernel delivered with action 'handle'
   * runs the program's handler. The host's event sink must call this.
   */
  observe(e: SimEvent): void {
    if (e.type === 'process.signalled' && e.action === 'handle') {
      if (this.suppressObserve > 0) return;
      this.queue.push({ pid: e.pid, why: { kind: 'signal', sig: e.signal } });
    }
  }

  isBusy(): boolean {
    return this.depth > 0;
  }
}

function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

/** Each (side, pipe) pair an fd table holds, once. */
function pipeEnds(fds: FdTable): Array<['r' | 'w', number]> {
  const seen = new Set<string>();
  const out: Array<['r' | 'w', number]> = [];
  for (const [n, f] of Object.entries(fds)) {
    if ((f as Fd).k !== 'pipe') continue;
    const id = (f as { id: number }).id;
    const side = n === '0' ? 'r' : 'w';
    const key = side + id;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([side, id]);
  }
  return out;
}

/** Register the userland's reactions to kernel hooks. */
export function installUserland(hooks: KernelHooks, ul: Userland): void {
  hooks.timerFired.push((_k, p) => ul.timerFired(p));
  hooks.processExited.push((_k, p) => ul.processExited(p));
}

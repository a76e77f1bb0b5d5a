/**
 * The context a program's handler runs with (Ctx): its process, fds, streams
 * and a copy of its state, made when the handler first reads it (by the
 * program's copyState, else cloneShared).
 *
 * One object per handler call, its methods on the prototype (no closures made
 * per call).
 */

import type { Kernel } from '../kernel/kernel.ts';
import type { Process } from '../kernel/process/types.ts';
import type { Ctx, FdTable, Flavour, ProcWrap, ProgramDef, Reader, UserlandApi, Writer } from './types.ts';
import { cloneShared } from '../kernel/plain.ts';

/** The I/O a handler context needs from the runtime. */
export interface CtxIo extends UserlandApi {
  write(pid: number, fds: FdTable, fd: number, s: string): boolean;
  read(pid: number, fds: FdTable, fd: number): { data: string; eof: boolean };
}

class CtxReader implements Reader {
  private seenEof = false;
  readonly isatty: boolean;

  constructor(private readonly ctx: HandlerCtx) {
    this.isatty = ctx.fds[0]?.k === 'tty';
  }

  read(): string {
    const r = this.ctx.readFd(0);
    if (r.eof) this.seenEof = true;
    return r.data;
  }

  get eof(): boolean {
    return this.seenEof;
  }
}

class CtxWriter implements Writer {
  readonly isatty: boolean;

  constructor(
    private readonly ctx: HandlerCtx,
    private readonly fd: number,
  ) {
    this.isatty = ctx.fds[fd]?.k === 'tty';
  }

  write(s: string): boolean {
    return this.ctx.writeFd(this.fd, s);
  }
}

export class HandlerCtx implements Ctx {
  readonly pid: number;
  readonly argv: string[];
  readonly env: Record<string, string>;
  readonly flavour: Flavour;
  readonly fds: FdTable;
  /** The state was read or assigned: save it after the handler. */
  dirty = false;
  /** A write hit a pipe with no reader (SIGPIPE). */
  broken = false;
  execed = false;
  private current: unknown;
  /** Is `current` the handler's own copy (or nothing to copy)? */
  private own: boolean;
  private reader: CtxReader | null = null;
  private out: CtxWriter | null = null;
  private errw: CtxWriter | null = null;
  private readonly copy: (s: unknown) => unknown;

  constructor(
    readonly k: Kernel,
    readonly ul: UserlandApi,
    p: Process,
    w: ProcWrap,
    def?: ProgramDef<unknown>,
  ) {
    this.copy = def?.copyState ?? cloneShared;
    this.pid = p.pid as number;
    this.argv = p.argv;
    this.env = p.env;
    this.flavour = w.fl;
    this.fds = w.fds;
    this.current = w.s;
    this.own = w.s === null || w.s === undefined;
  }

  get state(): unknown {
    this.dirty = true;
    if (!this.own) {
      this.current = this.copy(this.current);
      this.own = true;
    }
    return this.current;
  }

  set state(v: unknown) {
    this.dirty = true;
    this.own = true;
    this.current = v;
  }

  writeFd(fd: number, s: string): boolean {
    const ok = (this.ul as CtxIo).write(this.pid, this.fds, fd, s);
    if (!ok && this.fds[fd]?.k === 'pipe') this.broken = true;
    return ok;
  }

  readFd(fd: number): { data: string; eof: boolean } {
    return (this.ul as CtxIo).read(this.pid, this.fds, fd);
  }

  get stdin(): Reader {
    return (this.reader ??= new CtxReader(this));
  }

  get stdout(): Writer {
    return (this.out ??= new CtxWriter(this, 1));
  }

  get stderr(): Writer {
    return (this.errw ??= new CtxWriter(this, 2));
  }
}

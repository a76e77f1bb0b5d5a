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
 * - Pipeline stages run left to right. A process writing more than its pipe
 *   holds (64 KiB unread) has the rest held in the pipe and blocks (state S)
 *   until a reader takes it: a read takes the buffer and what is held at once,
 *   and the writer's handler outcome (exit, its next timer) applies then. A
 *   writer without readers, or whose readers all left while it was blocked,
 *   dies of SIGPIPE (one that goes on writing by itself, answering a timer,
 *   dies as soon as its last reader leaves), so `yes | head` ends. Writes
 *   from outside a handler (the daemon's copies) are cut at the buffer.
 * - Pipe buffers, capture buffers and terminal input queues live in this
 *   userland's own plain state (UserlandState), snapshotted with the host.
 */

import type { KernelHooks } from '../kernel/kernel.ts';
import type { SimEvent } from '../events.ts';
import { isErr, strerror, type Errno } from '../kernel/errno.ts';
import type { Ctx, FdTable, Flavour, Outcome, ProgramDef, SpawnOptions, UserlandApi, HttpRequest, HttpResponse } from './types.ts';
import { footprint } from './memory.ts';
import { kChargeMemory, kClone, kExecve, kExit, kKill, kReap, kSetPgid, kSetWait, kSetDisposition } from './kapi.ts';
import { fsStat, fsStatMode, fsReadForExec, absPath } from './fsapi.ts';
import { deliverSignal } from '../kernel/process/signal.ts';
import { UserlandRuntime } from './runtime.ts';
import { openStream, type ConnInfo } from './conn.ts';
import { ELF_MARKER, basename, wrapOf } from './ul-state.ts';
import type { Process } from '../kernel/process/types.ts';

export { PIPE_BUF_MAX, ELF_MARKER, statusOf } from './ul-state.ts';
export type { UserlandState, TtyState, PipeState } from './ul-state.ts';

/**
 * Programmable completion (bash-completion's `complete -F`): for a command name,
 * the candidates for the word being typed, given the words before it. Null
 * means "complete paths as usual". Attached when the host is built; not state.
 */
export type Completer = (words: string[], current: string) => string[] | null;

/** What an executable file runs, and for a set-user-ID/set-group-ID binary its mode and owner. */
export interface LoadedImage {
  program: string;
  flavour: Flavour;
  argv: string[];
  exe: string;
  file?: { mode: number; uid: number; gid: number };
}

/** A simulated executable (whose set-user-ID/set-group-ID bits execve looks at). */
function isSimBinary(data: string): boolean {
  return data.startsWith(ELF_MARKER);
}

export class Userland extends UserlandRuntime implements UserlandApi {
  readonly completers: Record<string, Completer> = {};
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
      const st = fsStatMode(this.k, pid, full);
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
  loadImage(pid: number, path: string, argv: string[]): LoadedImage | { error: Errno } {
    const r = fsReadForExec(this.k, pid, path, isSimBinary);
    if (isErr(r)) return { error: r.errno };
    const data = r.data;
    if (data.startsWith(ELF_MARKER)) {
      const img = this.loadBinary(data, path, argv);
      if ('error' in img) return img;
      // A binary's set-user-ID/set-group-ID bits apply at execve (scripts' never do).
      const st = r.file;
      return st === null || (st.mode & 0o6000) === 0 ? img : Object.assign({}, img, { file: { mode: st.mode, uid: st.uid, gid: st.gid } });
    }
    // A real binary's stand-in (an ELF header and a size, no simulated program): say it is not simulated.
    if (data.startsWith('\x7fELF')) return { program: 'missing', flavour: 'gnu', argv, exe: path };
    if (data.startsWith('#!')) {
      const line = (data.split('\n')[0] ?? '').slice(2).trim();
      const [interp, ...rest] = line.split(/\s+/);
      if (!interp) return { error: 'ENOEXEC' };
      const av = [interp, ...(rest.length ? [rest.join(' ')] : []), path, ...argv.slice(1)];
      const st = fsStat(this.k, pid, interp);
      if (isErr(st)) return { error: 'ENOENT' };
      // The interpreter's own set-user-ID bit applies (the script's never does).
      return this.loadImage(pid, interp, av);
    }
    return { error: 'ENOEXEC' };
  }

  private loadBinary(data: string, path: string, argv: string[]): LoadedImage | { error: Errno } {
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

  /**
   * fork + execve + run main, as a shell runs a command. The child may have exited already.
   * `loaded`: what loadImage just answered for opts.path (a shell looks before it forks).
   */
  spawn(parentPid: number, opts: SpawnOptions, loaded?: LoadedImage): number | { error: string; status: number } {
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
    const img = loaded && opts.path ? loaded : this.loadImage(parentPid, path, opts.argv);
    if ('error' in img) return { error: `${name}: ${strerror(img.error)}\n`, status: img.error === 'ENOENT' ? 127 : 126 };
    const child = this.fork(parentPid, parent.program.name, null, fds, { newPgrp: opts.newPgrp, pgid: opts.pgid, cloneFlags: opts.cloneFlags, ignored: opts.ignored });
    if (typeof child !== 'number') return child;
    if (opts.fgTty) this.tty(opts.fgTty).fgPgid = this.k.proc(child)?.pgid ?? child;
    // The parent sits in wait4() while the child runs (ps shows it sleeping).
    const parentWaits = parent.wait.kind === 'none';
    if (parentWaits) kSetWait(this.k, parentPid, { kind: 'child', pid: child });
    const e = kExecve(this.k, child, { exe: img.exe, argv: img.argv, env, file: img.file, program: { name: img.program, state: { fds: { ...fds }, fl: img.flavour, s: null } } });
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
    const e = kExecve(this.k, pid, { exe: img.exe, argv: img.argv, env, file: img.file, program: { name: img.program, state: { fds: w.fds, fl: img.flavour, s: null } } });
    if (isErr(e)) return { error: `${argv[0] ?? path}: ${strerror(e.errno)}\n`, status: 126 };
    this.runMain(pid);
    return null;
  }

  /** Call main of the program a process now runs. */
  runMain(pid: number): void {
    const p = this.k.proc(pid);
    const def = p ? this.def(p.program.name) : undefined;
    if (p && def) {
      // The program's pages are touched as it starts: charge its resident set (it may be OOM-killed here).
      const f = def.mem ?? footprint(p.program.name, wrapOf(p).fl, p.comm);
      if (kChargeMemory(this.k, pid, f.rssKb * 1024) !== 'ok') return;
      // Its handlers are installed (the program is the same: charging memory does not exec).
      if (p.program.name && def.catches) this.k.emit({ type: 'process.dispositionChanged', pid, caught: [...def.catches], ignored: [...p.ignored] });
    }
    this.invoke(pid, (d, ctx) => d.main(ctx));
  }

  /** Deliver a request to the program of the process listening (its onConnection); null if it has none. */
  serve(pid: number, req: HttpRequest): HttpResponse | null {
    const p = this.k.proc(pid);
    if (!p || p.state === 'Z') return null;
    const def = this.def(p.program.name);
    if (!def?.onConnection) return null;
    let res: HttpResponse | null = null;
    this.invoke(pid, (d, ctx) => {
      res = d.onConnection ? d.onConnection(ctx, req) : null;
      return null;
    });
    return res;
  }

  /** Does the program of pid answer connections this way? */
  answers(pid: number, how: 'onConnection' | 'onData' | 'onAccept'): boolean {
    const p = this.k.proc(pid);
    return !!p && p.state !== 'Z' && !!this.def(p.program.name)?.[how];
  }

  /** Hand bytes a client sent to the listening process's onData; its reply, or null if it has no such handler. */
  exchange(pid: number, conn: ConnInfo, data: string): string | null {
    if (!this.answers(pid, 'onData')) return null;
    let reply: string | null = null;
    this.invoke(pid, (d, ctx) => {
      reply = d.onData ? d.onData(ctx, conn, data) : null;
      return null;
    });
    return reply;
  }

  /**
   * A client connected to a process whose program accepts streams (onAccept):
   * a connected socket fd in both; the server's onAccept runs. The client's fd, or null.
   */
  accept(clientPid: number, serverPid: number, conn: ConnInfo, inodes: { client?: number; server?: number } = {}): number | null {
    if (!this.answers(serverPid, 'onAccept')) return null;
    const { clientFd, serverFd } = openStream(this, clientPid, serverPid, inodes);
    const p = this.k.proc(serverPid);
    const wait = p?.wait;
    this.interrupt(serverPid);
    this.invoke(serverPid, (d, ctx) => {
      const r = d.onAccept ? d.onAccept(ctx, serverFd, conn) : null;
      if (r === null && wait && wait.kind === 'forever') return { block: 'forever' };
      return r;
    });
    return clientFd;
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

  /** The flavour (gnu or busybox) a process's program runs as. */
  flavourOf(pid: number): Flavour {
    const p = this.k.proc(pid);
    return p ? wrapOf(p).fl : 'gnu';
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

/** Register the userland's reactions to kernel hooks. */
export function installUserland(hooks: KernelHooks, ul: Userland): void {
  hooks.timerFired.push((_k, p) => ul.timerFired(p));
  hooks.processExited.push((_k, p) => ul.processExited(p));
}

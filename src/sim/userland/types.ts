/**
 * The program runtime's types: what a program is, what it is handed when it
 * runs (its context), and what it answers (an outcome).
 *
 * Models: a process running an executable image (execve(2)): its argv and
 * environment, its file descriptors 0/1/2 (fd(4)-like: a tty, a pipe(7), a
 * file, /dev/null), and the ways a process waits (nanosleep, read(2) on an
 * empty pipe or terminal, wait(2), pause(2)).
 * SIMPLIFICATIONS:
 * - A program is a set of handlers, not code with a stack: everything it must
 *   remember between handler calls lives in its plain-data state (so a host can
 *   be snapshotted while programs sleep or wait).
 * - File descriptors above 2 are not modelled except by the shell (redirections).
 */

import type { Kernel } from '../kernel/kernel.ts';

/** Where a file descriptor points. Plain data: it lives in the process's program state. */
export type Fd =
  | { k: 'tty'; tty: string }
  | { k: 'pipe'; id: number }
  /** A file opened for writing; `by`: the process that opened it (writes go through its permission check, as an open fd's would). */
  | { k: 'file'; path: string; append: boolean; by?: number; root?: string }
  | { k: 'null' }
  /** An in-memory capture buffer (host.run's output, command substitution). */
  | { k: 'cap'; id: number; also?: number }
  /** Closed (`>&-`). */
  | { k: 'closed' }
  /**
   * A connected TCP socket (socket(7)): reads come from pipe `rx`, writes go to
   * pipe `tx`; the peer holds the same two pipes the other way round.
   */
  | { k: 'sock'; rx: number; tx: number; inode?: number };

export type FdTable = Record<number, Fd>;

/** busybox applets and GNU tools share program definitions; the flavour picks texts and formats. */
export type Flavour = 'gnu' | 'busybox';

/** What program.state holds for every userland process: its fds, flavour and the program's own state. */
export interface ProcWrap {
  fds: FdTable;
  fl: Flavour;
  s: unknown;
}

/** Why a handler is called again after the program blocked. */
export type WakeReason =
  | { kind: 'timer' }
  | { kind: 'input' }
  | { kind: 'child'; pid: number; status: number; /** The signal that killed it, if one did. */ signal?: number | null }
  | { kind: 'signal'; sig: number };

/** What a handler answers. */
export type Outcome =
  | { exit: number }
  /**
   * Sleep until virtual time untilMs (nanosleep). `periodic`: the program wakes
   * on a timer again and again with no end in sight (tail -f, ping without -c,
   * a busy loop): a foreground line is then "running", not fast-forwarded.
   */
  | {
      block: 'timer';
      untilMs: number;
      periodic?: boolean;
      /** A loop that never waits, continued at untilMs: on the CPU all along (state R, wanting a core). */
      busy?: boolean;
    }
  /** Wait for data or EOF on stdin (or on any of `fds`, as poll(2) would). */
  | { block: 'input'; fds?: number[] }
  /** Keep running on the CPU (a busy loop: state R, wanting a core) until a signal ends it. */
  | { block: 'busy' }
  /** Wait for a child (a pid, or -1 for any child) to change state. */
  | { block: 'child'; pid: number }
  /** pause(): only a signal ends this. */
  | { block: 'forever' }
  /** Replace this program (execve): the runtime execs and runs the new main. */
  | { exec: { path: string; argv: string[]; env?: Record<string, string> } };

export interface Reader {
  /** Everything available now (consumed). */
  read(): string;
  /** Was EOF seen (writers gone / ^D)? Only meaningful once read() returned ''. */
  readonly eof: boolean;
  readonly isatty: boolean;
}

export interface Writer {
  /** Write; false if the write failed (broken or full pipe: the process will die of SIGPIPE). */
  write(s: string): boolean;
  readonly isatty: boolean;
}

export interface SpawnOptions {
  argv: string[];
  /** Resolved executable path (absolute in the caller's mount namespace); else argv[0] via PATH. */
  path?: string;
  env?: Record<string, string>;
  fds?: FdTable;
  /** Put the child in a new process group (job control); true = its own pid. */
  newPgrp?: boolean;
  /** Join this process group. */
  pgid?: number;
  /** clone(2) namespace flags (CLONE_NEW*). */
  cloneFlags?: number;
  /** Place the child in this cgroup. */
  cgroup?: string;
  /** Make the child's process group the foreground of this terminal before it runs. */
  fgTty?: string;
  /** Reset signal dispositions in the child: no handlers, these ignored (a shell's `trap ''` list). */
  ignored?: number[];
}

export interface Ctx<S = unknown> {
  readonly k: Kernel;
  readonly pid: number;
  readonly argv: string[];
  readonly env: Record<string, string>;
  readonly flavour: Flavour;
  /** The program's state; assign to it (or mutate it) and it is saved after the handler returns. */
  state: S;
  readonly stdin: Reader;
  readonly stdout: Writer;
  readonly stderr: Writer;
  readonly fds: FdTable;
  /** Write to any fd of this process. */
  writeFd(fd: number, s: string): boolean;
  readFd(fd: number): { data: string; eof: boolean };
  /** The userland this process runs in (spawn children, resolve commands). */
  readonly ul: UserlandApi;
}

/** The part of the userland a program may call (spawning children, looking up commands). */
export interface UserlandApi {
  spawn(parentPid: number, opts: SpawnOptions): number | { error: string; status: number };
  /** Fork a copy of a process running `program` with `state` (a subshell). */
  fork(parentPid: number, program: string, state: unknown, fds: FdTable, opts?: { newPgrp?: boolean; pgid?: number; ignored?: number[] }): number | { error: string; status: number };
  /** Exit status of a child if it has exited (and reap it), else null. */
  reapChild(parentPid: number, childPid: number): number | null;
  /** Find a command as execvp(3) would, from the pid's view. */
  which(pid: number, name: string, path?: string): { path: string } | { error: 'ENOENT' | 'EACCES' | 'EISDIR' | 'ENOEXEC' };
  newCapture(): number;
  takeCapture(id: number): string;
  newPipe(content?: string, writers?: number): number;
  pipeRef(id: number, side: 'r' | 'w', delta: number): void;
}

export interface ProgramDef<S = unknown> {
  id: string;
  main(ctx: Ctx<S>): Outcome;
  resume?(ctx: Ctx<S>, why: WakeReason): Outcome;
  /** Data or EOF arrived on stdin while blocked on input (falls back to resume). */
  onInput?(ctx: Ctx<S>): Outcome;
  /** A signal the program catches was delivered. Return null to keep waiting as before. */
  onSignal?(ctx: Ctx<S>, sig: number): Outcome | null;
  /** A child exited while this process was not waiting for it (SIGCHLD). */
  /** `signal`: the signal that killed it, or null when it exited (a status above 128 can be either). */
  onChildExit?(ctx: Ctx<S>, pid: number, status: number, signal?: number | null): void;
  /** Resident and virtual size when it starts (default: the table in memory.ts). */
  mem?: { rssKb: number; vszKb: number };
  /**
   * The handler's own copy of the state, made when it first reads ctx.state
   * (default: cloneShared). A program whose state is large and read on every
   * call (the shell) copies it knowing its shape; the copy must share no
   * changeable object with the original.
   */
  copyState?(s: S): S;
  /** Signals caught from the start (installed at exec). */
  catches?: number[];
  /** A client connected to a socket this process listens on and sent a request (HTTP, as curl and wget speak it). */
  onConnection?(ctx: Ctx<S>, req: HttpRequest): HttpResponse;
  /** A client sent bytes on a connection (a request/response protocol such as redis's): answer the reply bytes. */
  onData?(ctx: Ctx<S>, conn: ConnInfo, data: string): string;
  /**
   * accept(2): a client connected; the runtime installed the connected socket
   * as fd `fd` of this process. Return how to go on (e.g. wait for input on it), or null to keep waiting as before.
   */
  onAccept?(ctx: Ctx<S>, fd: number, conn: ConnInfo): Outcome | null;
}

/** Both ends of a TCP connection as the server sees them. */
export interface ConnInfo {
  from: { ip: string; port: number };
  local: { ip: string; port: number };
}

export interface HttpRequest {
  method: string;
  path: string;
  host: string;
  port: number;
  headers: Record<string, string>;
  body: string;
  /** The client's address as the server sees it. */
  from: { ip: string; port: number };
}

export interface HttpResponse {
  status: number;
  /** HTTP version of the status line ("1.1" unless the server speaks 1.0, as python's http.server does). */
  version?: '1.0' | '1.1';
  reason?: string;
  headers: Record<string, string>;
  body: string;
}

export type Registry = Record<string, ProgramDef<never>>;

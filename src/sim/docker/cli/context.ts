/**
 * What a docker command runs with: its streams (io), the client machine it
 * runs on (environment, clock, files, the daemon socket), its parsed flags and
 * arguments, and an Engine API client. Commands that must wait (an attached
 * `docker run`, `logs -f`, `wait`, `events`) answer a Pending result holding a
 * plain-data continuation, resumed later by the program.
 */

import type { ApiRequest, ApiResponse } from '../../engine/api/types.ts';
import type { CommandSpec, Flags } from './spec/types.ts';
import type { ApiClient } from './api/client.ts';

/** One Engine API round trip over the daemon's socket. */
export type Transport = (req: ApiRequest) => ApiResponse;

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
  /** Read what is available on stdin now (never blocks). */
  readIn(): { data: string; eof: boolean };
  readonly stdinTty: boolean;
  readonly stdoutTty: boolean;
  /** Width of the terminal on stdin (help text wraps to it); null when stdin is not a terminal. */
  readonly termCols: number | null;
}

/** The client machine as the CLI sees it (a process on the simulated host, or a test double). */
export interface CliSystem {
  readonly env: Record<string, string>;
  /** Wall-clock now, ms since the epoch (the virtual clock). */
  nowMs(): number;
  /** Open the daemon socket at a unix path; null when nothing listens there or the file is missing. */
  connect(path: string): Transport | null;
  /** Read a file as the CLI process; errors worded like Go's os.Open ("open /x: no such file or directory"). */
  readFile(path: string): { data: string } | { error: string };
  /** Write a file (mode default 0600, as Go's os.WriteFile callers here use); creates a missing parent. */
  writeFile(path: string, data: string, mode?: number): { error: string } | null;
  /** Is there a directory at path (following symlinks)? */
  isDir?(path: string): boolean;
  /** mkdir -p. */
  mkdirAll?(path: string): { error: string } | null;
  /** List a directory tree (build contexts): relative path → content, for files only. */
  readTree?(path: string): { files: Record<string, string> } | { error: string };
  /** The caller's working directory. */
  readonly cwd: string;
  /** Pipes the daemon handed over on a hijacked connection (attach, exec, wait answers). */
  pipes?: PipePort;
  /** Type into a container's terminal (docker run -it, attach, exec -it); eof: ^D. */
  ttyInput?(tty: string, data: string, eof?: boolean): void;
  /** A signal from a terminal (^C) to its foreground process group. */
  ttySignal?(tty: string, sig: number): void;
  /** Put the caller's terminal in raw mode (keys go through unprocessed), or back. */
  setRawMode?(on: boolean): void;
  /** Rows and columns of the caller's terminal on stdout, when it is one. */
  readonly termSize?: { rows: number; cols: number } | null;
}

/** Reading and writing pipes by id: the client's end of a hijacked connection. */
export interface PipePort {
  read(id: number): { data: string; eof: boolean };
  write(id: number, data: string): boolean;
  /** Drop the client's reference ('r': it stops reading; 'w': it closes its write end). */
  release(id: number, side: 'r' | 'w'): void;
}

/** A plain-data continuation: `k` names a resume handler, the rest is its data. */
export interface Continuation {
  k: string;
  [key: string]: unknown;
}

/** What the program waits for before resuming a continuation. */
export type Wait =
  /** Wake after ms of virtual time; periodic: an open-ended wait (a host.run does not fast-forward it). */
  | { kind: 'poll'; ms: number; periodic?: boolean }
  /** Resume at the same virtual time, once the host has done what else is due now (between two API round trips). */
  | { kind: 'yield' }
  | { kind: 'input' }
  | { kind: 'forever' };

export interface Pending {
  pending: Continuation;
  wait: Wait;
}

/** An exit status, or a wait. */
export type CmdResult = number | Pending;

export interface CommandInstance {
  /** "docker container ls" */
  path: string;
  /** "docker container ls [OPTIONS]" */
  useLine: string;
  spec: CommandSpec;
}

/** The context of a resumed continuation (no flags: the continuation carries what it needs). */
export interface ResumeCtx {
  io: CliIo;
  sys: CliSystem;
  api: ApiClient;
}

export interface CliCtx extends ResumeCtx {
  cmd: CommandInstance;
  flags: Flags;
  args: string[];
  /** The whole command line after "docker" (a command that must wait can run it again afterwards). */
  argv?: string[];
}

export type ResumeHandler = (c: ResumeCtx, data: Continuation, why: 'timer' | 'input') => CmdResult;

export function isPending(r: CmdResult): r is Pending {
  return typeof r === 'object';
}

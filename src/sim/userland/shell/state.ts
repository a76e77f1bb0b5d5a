/**
 * The shell's state: variables, functions, positional parameters, options,
 * jobs, history and the interpreter's frame stack, all plain data kept in the
 * shell process's program.state (so a half-run `while true; do ...; sleep 1;
 * done` survives a snapshot).
 *
 * Models: the shell variables and environment of sh(1p) 2.5.3, job table of
 * bash(1) "JOB CONTROL". SIMPLIFICATIONS: no arrays, no readonly variables, no
 * local scopes beyond `local` saving values to restore at function return.
 */

import type { Command, List, Redir, Word } from './ast.ts';
import type { FdTable } from '../types.ts';
import { own } from '../own.ts';
import { cloneShared } from '../../kernel/plain.ts';
import { copyHashTable, type HashTable } from './hash.ts';

/** bash (GNU), busybox ash, and dash (Debian's /bin/sh). */
export type ShellFlavour = 'bash' | 'ash' | 'dash';

export interface JobEntry {
  id: number;
  pgid: number;
  pids: number[];
  /** Exit statuses of pids that have finished. */
  done: Record<number, number>;
  cmd: string;
  state: 'Running' | 'Done' | 'Stopped';
  /** Already told the user it finished. */
  notified: boolean;
}

export type Frame =
  | { f: 'list'; items: List['items']; i: number; cond: boolean }
  | { f: 'andor'; node: Extract<Command, { t: 'andor' }>; i: number }
  | { f: 'if'; node: Extract<Command, { t: 'if' }>; i: number; phase: 'cond' | 'body' }
  | { f: 'loop'; node: Extract<Command, { t: 'loop' }>; phase: 'cond' | 'body' | 'start'; status: number }
  | { f: 'for'; node: Extract<Command, { t: 'for' }>; words: string[] | null; i: number }
  | { f: 'case'; node: Extract<Command, { t: 'case' }>; word: string | null; item: number }
  | { f: 'cmd'; node: Command; phase: number; subst: string[] | null }
  | { f: 'func'; params: string[]; locals: Record<string, string | null>; name: string }
  | { f: 'dot'; params: string[] | null }
  | { f: 'redir'; saved: FdTable | null; closeCaps?: number[] }
  | { f: 'wait'; pids: number[]; status: Record<number, number>; bang: boolean; pgid: number; job: boolean; cmd: string }
  | { f: 'subst'; bodies: List[]; results: string[]; i: number; pid: number; cap: number }
  | { f: 'read'; names: string[]; raw: boolean; prompt: string; fd: number; buf: string }
  | { f: 'trap'; saved: number }
  | { f: 'source'; list: List }
  | { f: 'eval'; list: List };

export interface ShellState {
  flavour: ShellFlavour;
  /** $0 */
  arg0: string;
  vars: Record<string, string>;
  /** Names marked for export. */
  exported: Record<string, true>;
  funcs: Record<string, Command>;
  params: string[];
  /** $? */
  last: number;
  /** $! */
  lastBg: number | null;
  opts: { errexit: boolean; xtrace: boolean; nounset: boolean; noglob: boolean; ignoreeof: boolean };
  interactive: boolean;
  login: boolean;
  /** A forked subshell: exits when its stack empties. */
  subshell: boolean;
  /** Non-interactive top shell (-c, script): exits when done. */
  oneshot: boolean;
  stack: Frame[];
  jobs: JobEntry[];
  /** Job notices to print before the next prompt. */
  notices: string[];
  history: string[];
  /** Partial input of a multi-line command (PS2). */
  pending: string;
  traps: Record<string, string>;
  pendingTraps: number[];
  aliases: Record<string, string>;
  /** fd overrides while a line runs with redirected I/O (host.run) or `exec >file`. */
  fds: FdTable | null;
  /** Set by exit/signal: leave with this status once the stack unwinds. */
  exiting: number | null;
  /** break/continue/return in flight. */
  ctl: { kind: 'break' | 'continue' | 'return'; n: number } | null;
  /** Where syntax errors say they are: "-c: line 1" style prefix parts. */
  source: string;
  /** Line number of the command being run (for error messages). */
  lineNo: number;
  /** Expansion result of the last command substitution batch. */
  substOut: string[];
  /** Status of the last command substitution (for assignments-only commands). */
  substStatus: number;
  /** How a runLine call is being served: the fds to restore and the caller's marker. */
  runLine: { savedFds: FdTable | null; active: boolean; interactive?: boolean } | null;
  /** Counter for stack-overflow style guard (function recursion). */
  depth: number;
  /** $$: the pid of the top-level shell (subshells keep their parent's). */
  shellPid: number;
  /** Exit statuses of children reaped while no frame was waiting for them. */
  childStatus: Record<number, number>;
  /** Children that died of a signal (pid → signal), so a status above 128 from a plain exit (docker run's 137) prints no "Killed". */
  signalled?: Record<number, number>;
  /** Remembered command paths (hash.ts), made on the first PATH search. */
  hashed?: HashTable;
  /** After the EXIT trap has run, exit with this status. */
  exitAfterTrap: number | null;
  exitTrapRan: boolean;
}

export function newShellState(flavour: ShellFlavour, arg0: string, env: Record<string, string>): ShellState {
  const vars: Record<string, string> = { ...env };
  const exported: Record<string, true> = {};
  for (const k of Object.keys(env)) exported[k] = true;
  vars.IFS ??= ' \t\n';
  vars.PS2 ??= '> ';
  vars.PS4 ??= '+ ';
  vars.OPTIND ??= '1';
  return {
    flavour,
    arg0,
    vars,
    exported,
    funcs: {},
    params: [],
    last: 0,
    lastBg: null,
    opts: { errexit: false, xtrace: false, nounset: false, noglob: false, ignoreeof: false },
    interactive: false,
    login: false,
    subshell: false,
    oneshot: false,
    stack: [],
    jobs: [],
    notices: [],
    history: [],
    pending: '',
    traps: {},
    pendingTraps: [],
    aliases: {},
    fds: null,
    exiting: null,
    ctl: null,
    source: '',
    lineNo: 1,
    substOut: [],
    substStatus: 0,
    runLine: null,
    depth: 0,
    shellPid: 0,
    childStatus: {},
    exitAfterTrap: null,
    exitTrapRan: false,
  };
}

/**
 * The handler's copy of the shell's state (ProgramDef.copyState), made on every
 * resume: what cloneShared would make, in about half its time (the flat records
 * of strings (variables, exports, aliases, traps, options, the hash table) and
 * the functions (frozen parsed commands, or after a restore nodes nothing
 * changes) are copied one level deep); the parts that may hold one object in
 * two places (the frame stack, jobs and fd tables: runLine.savedFds is fds)
 * go through one cloneShared, which keeps that sharing. A new object-valued
 * field of ShellState must be copied here too (copy-state.test.ts compares
 * this copy with cloneShared's over the shell's features).
 */
export function copyShellState(st: ShellState): ShellState {
  const seen = new Map<object, unknown>();
  // A spread first: the copy keeps the original's hidden class, so the code that reads states stays monomorphic.
  const c = { ...st };
  c.vars = { ...st.vars };
  c.exported = { ...st.exported };
  c.funcs = { ...st.funcs };
  c.params = st.params.slice();
  c.opts = { ...st.opts };
  c.stack = cloneShared(st.stack, seen);
  c.jobs = cloneShared(st.jobs, seen);
  c.notices = st.notices.slice();
  c.history = st.history.slice();
  c.traps = { ...st.traps };
  c.pendingTraps = st.pendingTraps.slice();
  c.aliases = { ...st.aliases };
  c.fds = cloneShared(st.fds, seen);
  if (st.ctl !== null) c.ctl = { ...st.ctl };
  c.substOut = st.substOut.slice();
  c.runLine = cloneShared(st.runLine, seen);
  c.childStatus = { ...st.childStatus };
  if (st.signalled !== undefined) c.signalled = { ...st.signalled };
  if (st.hashed !== undefined) c.hashed = copyHashTable(st.hashed);
  return c;
}

/** The environment a child gets: exported variables plus per-command assignments. */
export function childEnv(st: ShellState, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of Object.keys(st.exported)) {
    const v = own(st.vars, k);
    if (v !== undefined) env[k] = v;
  }
  // Per-command assignments override in place, as { ...env, ...extra } would.
  for (const k of Object.keys(extra)) {
    if (k === '__proto__') Object.defineProperty(env, k, { value: extra[k], enumerable: true, writable: true, configurable: true });
    else env[k] = extra[k] as string;
  }
  return env;
}

export type { Redir, Word };

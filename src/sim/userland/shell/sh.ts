/**
 * The interpreter's context (Sh) and its small helpers: the effective fds,
 * writing to stdout/stderr, the expansion context, pushing commands, and
 * forking a subshell with a copy of the shell's state.
 * SIMPLIFICATIONS: see interp.ts.
 */

import type { Command, List } from './ast.ts';
import type { Frame, ShellState } from './state.ts';
import type { Ctx, FdTable } from '../types.ts';
import type { Userland } from '../userland.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { type ExpandCtx } from './expand.ts';
import { fsReaddir, fsGetcwd } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';
import { cloneShared } from '../../kernel/plain.ts';
import { signalNumber } from '../../kernel/signals.ts';
import { hostPidOf, pidInNs } from '../../kernel/process/pids.ts';

export interface Sh {
  ctx: Ctx;
  st: ShellState;
  /** The userland and the kernel: every read of either counts in `touches`. */
  readonly ul: Userland;
  readonly k: Kernel;
  pid: number;
  /** How often this handler call has reached outside the shell's state (spin.ts: a loop that touched nothing may be a cycle). */
  readonly touches: number;
}

export function effFds(sh: Sh): FdTable {
  return sh.st.fds ?? sh.ctx.fds;
}

export function out(sh: Sh, fd: number, s: string): boolean {
  return sh.ul.write(sh.pid, effFds(sh), fd, s);
}

export function err(sh: Sh, s: string): void {
  out(sh, 2, s);
}

/** A host PID as this shell's PID namespace numbers it ($!, "[1] PID", jobs -l). */
export function nsPid(sh: Sh, hostPid: number): number {
  const me = sh.k.proc(sh.pid);
  return (me ? pidInNs(sh.k, hostPid, me.pidNs) : null) ?? hostPid;
}

/** A PID typed at this shell (wait N) as a host PID. */
export function hostPid(sh: Sh, nspid: number): number {
  const me = sh.k.proc(sh.pid);
  return (me ? hostPidOf(sh.k, me.pidNs, nspid) : null) ?? nspid;
}

/** What expansion reads from the shell; the working directory is looked up when first needed (globbing). */
class ShellExpandCtx implements ExpandCtx {
  readonly st: ShellState;
  readonly shellPid: number;
  substIdx = 0;
  private dir: string | null = null;

  constructor(
    private readonly sh: Sh,
    readonly subst: string[],
  ) {
    this.st = sh.st;
    this.shellPid = sh.st.shellPid || sh.pid;
  }

  get cwd(): string {
    return (this.dir ??= fsGetcwd(this.sh.k, this.sh.pid));
  }

  lastBgPid(): number | null {
    return this.sh.st.lastBg === null ? null : nsPid(this.sh, this.sh.st.lastBg);
  }

  readdir(path: string): string[] | null {
    const r = fsReaddir(this.sh.k, this.sh.pid, path);
    return isErr(r) ? null : r;
  }

  home(user: string): string | null {
    if (user === '' || user === 'root') return user === '' ? (this.sh.st.vars.HOME ?? '/root') : '/root';
    return `/home/${user}`;
  }
}

export function expandCtx(sh: Sh, subst: string[] | null): ExpandCtx {
  return new ShellExpandCtx(sh, subst ?? []);
}

export function pushCmd(st: ShellState, node: Command): void {
  if (node.t === 'andor') st.stack.push({ f: 'andor', node, i: 0 });
  else st.stack.push({ f: 'cmd', node, phase: 0, subst: null });
}

export function pushList(st: ShellState, list: List, cond = false): void {
  st.stack.push({ f: 'list', items: list.items, i: 0, cond });
}

/** A copy of the shell state for a subshell that will run `frames`. */
export function subState(st: ShellState, frames: Frame[]): ShellState {
  const { stack: _s, jobs: _j, history: _h, notices: _n, ...rest } = st;
  const copy = cloneShared(rest) as Omit<ShellState, 'stack' | 'jobs' | 'history' | 'notices'>;
  const traps: Record<string, string> = {};
  for (const [k, v] of Object.entries(copy.traps)) if (v === '') traps[k] = '';
  return Object.assign({}, copy, { stack: cloneShared(frames), jobs: [], history: [], notices: [], traps, pendingTraps: [], subshell: true as const, interactive: false as const, oneshot: false as const, runLine: null, fds: null, pending: '' as const, childStatus: {}, exitAfterTrap: null, exitTrapRan: false as const });
}

/** Fork a subshell running `frames` with `fds`; runs it at once. */
/** Signals a child of this shell keeps ignored: those with an empty trap (interactive ignores are not inherited). */
export function trapIgnored(st: ShellState): number[] {
  const out: number[] = [];
  for (const [name, text] of Object.entries(st.traps)) {
    if (text !== '' || name === 'EXIT') continue;
    const n = signalNumber(name);
    if (n !== null) out.push(n);
  }
  return out.sort((a, b) => a - b);
}

export function forkSubshell(sh: Sh, frames: Frame[], fds: FdTable, opts: { newPgrp?: boolean; pgid?: number; run?: boolean } = {}): number | { error: string; status: number } {
  const pid = sh.ul.fork(sh.pid, sh.k.proc(sh.pid)?.program.name ?? 'sh', subState(sh.st, frames), fds, Object.assign({}, opts, { ignored: trapIgnored(sh.st) }));
  if (typeof pid === 'number' && opts.run !== false) sh.ul.runMain(pid);
  return pid;
}

/** Status of a child if known (recorded, or reapable now). */
/** Remember whether a child that is a zombie now died of a signal (read before it is reaped). */
export function noteSignalled(sh: Sh, pid: number): void {
  const z = sh.k.proc(pid);
  if (z?.state === 'Z' && z.termSignal !== null) (sh.st.signalled ??= {})[pid] = z.termSignal;
}

/** Did this child die of a signal (as opposed to exiting with a status above 128)? Forgets it. */
export function takeSignalled(sh: Sh, pid: number): boolean {
  const s = sh.st.signalled;
  if (!s || s[pid] === undefined) return false;
  delete s[pid];
  return true;
}

export function childDone(sh: Sh, pid: number): number | null {
  const s = sh.st.childStatus[pid];
  if (s !== undefined) {
    delete sh.st.childStatus[pid];
    return s;
  }
  const p = sh.k.proc(pid);
  if (!p) return 0;
  noteSignalled(sh, pid);
  return sh.ul.reapChild(sh.pid, pid);
}

/**
 * The shell interpreter: an explicit stack of plain-data frames stepped until
 * the shell must wait (a foreground child, input) or has nothing left to do.
 *
 * Models: sh(1p) 2.9 "Shell Commands" (lists, and-or lists, pipelines,
 * compound commands, functions), job control of an interactive shell, traps.
 * SIMPLIFICATIONS:
 * - Command substitutions in a command run (each in a subshell) before the
 *   command's words are expanded, all of them, in textual order.
 * - A loop that never waits yields the CPU every 20,000 steps (a 10 ms timer),
 *   so a busy `while :; do :; done` can be interrupted with ^C.
 */

import type { Command, List } from './ast.ts';
import type { Frame, ShellState } from './state.ts';
import type { Ctx, FdTable, Outcome } from '../types.ts';
import type { Userland } from '../userland.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { parse } from './parser.ts';
import { matchPattern, expandWords, expandWordText, expandPattern, collectSubst, ExpandError, type ExpandCtx } from './expand.ts';
import { syntaxError, prefix, signalNotice } from './messages.ts';
import { execSimple, redirWords, applyRedirs } from './simple.ts';
import { cmdText } from './unparse.ts';
import { fsReaddir } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';
import { shellPrompt } from './prompt.ts';
import { readStep } from './builtins-vars.ts';
import { signalName, signalNumber } from '../../kernel/signals.ts';
import { own } from '../own.ts';

export interface Sh {
  ctx: Ctx;
  st: ShellState;
  ul: Userland;
  k: Kernel;
  pid: number;
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

export function expandCtx(sh: Sh, subst: string[] | null): ExpandCtx {
  const k = sh.k;
  const pid = sh.pid;
  return {
    st: sh.st,
    shellPid: sh.st.shellPid || pid,
    subst: subst ?? [],
    substIdx: 0,
    cwd: k.proc(pid)?.cwd ?? '/',
    readdir(path: string) {
      const r = fsReaddir(k, pid, path);
      return isErr(r) ? null : r;
    },
    home(user: string) {
      if (user === '' || user === 'root') return user === '' ? (sh.st.vars.HOME ?? '/root') : '/root';
      return `/home/${user}`;
    },
  };
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
  const copy = structuredClone(rest) as Omit<ShellState, 'stack' | 'jobs' | 'history' | 'notices'>;
  const traps: Record<string, string> = {};
  for (const [k, v] of Object.entries(copy.traps)) if (v === '') traps[k] = '';
  return {
    ...copy,
    stack: structuredClone(frames),
    jobs: [],
    history: [],
    notices: [],
    traps,
    pendingTraps: [],
    subshell: true,
    interactive: false,
    oneshot: false,
    runLine: null,
    fds: null,
    pending: '',
    childStatus: {},
    exitAfterTrap: null,
    exitTrapRan: false,
  };
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
  const pid = sh.ul.fork(sh.pid, sh.k.proc(sh.pid)?.program.name ?? 'sh', subState(sh.st, frames), fds, { ...opts, ignored: trapIgnored(sh.st) });
  if (typeof pid === 'number' && opts.run !== false) sh.ul.runMain(pid);
  return pid;
}

/** Status of a child if known (recorded, or reapable now). */
export function childDone(sh: Sh, pid: number): number | null {
  const s = sh.st.childStatus[pid];
  if (s !== undefined) {
    delete sh.st.childStatus[pid];
    return s;
  }
  const p = sh.k.proc(pid);
  if (!p) return 0;
  return sh.ul.reapChild(sh.pid, pid);
}

function popFrame(sh: Sh): Frame | undefined {
  const st = sh.st;
  const fr = st.stack.pop();
  if (!fr) return fr;
  if (fr.f === 'func') {
    st.params = fr.params;
    for (const [k, v] of Object.entries(fr.locals)) {
      if (v === null) delete st.vars[k];
      else st.vars[k] = v;
    }
    st.depth--;
  } else if (fr.f === 'dot') {
    if (fr.params) st.params = fr.params;
  } else if (fr.f === 'redir') {
    st.fds = fr.saved;
    const vars = (fr as Frame & { vars?: Record<string, string | null> }).vars;
    if (vars) {
      for (const [k, v] of Object.entries(vars)) {
        if (v === null) delete st.vars[k];
        else st.vars[k] = v;
      }
    }
    for (const id of fr.closeCaps ?? []) sh.ul.gcPipe(id);
  } else if (fr.f === 'trap') {
    st.last = fr.saved;
  }
  return fr;
}

/** Unwind break/continue/return. */
function unwind(sh: Sh): void {
  const st = sh.st;
  const ctl = st.ctl;
  if (!ctl) return;
  st.ctl = null;
  if (ctl.kind === 'return') {
    while (st.stack.length) {
      const fr = st.stack[st.stack.length - 1] as Frame;
      if (fr.f === 'func' || fr.f === 'dot') {
        popFrame(sh);
        st.last = ctl.n;
        return;
      }
      popFrame(sh);
    }
    st.last = ctl.n;
    return;
  }
  let n = ctl.n;
  while (st.stack.length) {
    const fr = st.stack[st.stack.length - 1] as Frame;
    if (fr.f === 'func' || fr.f === 'dot') return;
    if (fr.f === 'loop' || fr.f === 'for') {
      if (n > 1) {
        n--;
        popFrame(sh);
        continue;
      }
      if (ctl.kind === 'break') {
        popFrame(sh);
        st.last = 0;
      } else if (fr.f === 'loop') fr.phase = 'start';
      return;
    }
    popFrame(sh);
  }
}

export function exitShell(sh: Sh, code: number): void {
  sh.st.exiting = code;
}

/** Parse and queue a trap or eval text. */
function runText(sh: Sh, text: string, asTrap: boolean): void {
  const r = parse(text);
  if (!r.ok) {
    err(sh, syntaxError(sh.st, r.error, text));
    return;
  }
  if (asTrap) sh.st.stack.push({ f: 'trap', saved: sh.st.last });
  pushList(sh.st, r.list);
}


/** Step the machine until it must wait or is done. */
export function runMachine(sh: Sh): Outcome {
  const st = sh.st;
  for (let steps = 0; ; steps++) {
    if (steps > 20000) return { block: 'timer', untilMs: sh.k.uptimeMs + 10, periodic: true };
    if (st.ctl) unwind(sh);
    if (st.pendingTraps.length && st.exiting === null) {
      const sig = st.pendingTraps.shift() as number;
      const text = own(st.traps, (signalName(sig) ?? String(sig)).replace(/^SIG/, ''));
      if (text) runText(sh, text, true);
      continue;
    }
    if (st.exiting !== null) {
      const code = st.exiting;
      const exitTrap = st.traps.EXIT;
      if (exitTrap && !st.exitTrapRan) {
        st.exitTrapRan = true;
        st.exiting = null;
        st.stack = [];
        st.exitAfterTrap = code;
        runText(sh, exitTrap, false);
        continue;
      }
      return { exit: code };
    }
    const fr = st.stack[st.stack.length - 1];
    if (!fr) {
      if (st.exitAfterTrap !== null) return { exit: st.exitAfterTrap };
      return idle(sh);
    }
    const r = step(sh, fr);
    if (r) return r;
  }
}

/** Nothing left on the stack. */
function idle(sh: Sh): Outcome {
  const st = sh.st;
  if (st.runLine) {
    st.fds = st.runLine.savedFds;
    if (st.runLine.interactive !== undefined) st.interactive = st.runLine.interactive;
    st.runLine = null;
    if (st.interactive) return { block: 'input' };
  }
  if (st.subshell || st.oneshot) {
    const exitTrap = st.traps.EXIT;
    if (exitTrap && !st.exitTrapRan) {
      st.exitTrapRan = true;
      st.exitAfterTrap = st.last;
      runText(sh, exitTrap, false);
      return runMachine(sh);
    }
    return { exit: st.last };
  }
  if (!st.interactive) return { block: 'forever' };
  return readInteractive(sh, true);
}

/** An interactive shell at its prompt: take the next line of input, if any. */
export function readInteractive(sh: Sh, printPrompt: boolean): Outcome {
  const st = sh.st;
  const fds = effFds(sh);
  if (fds[0]?.k !== 'tty' && fds[0]?.k !== 'pipe') return { block: 'forever' };
  if (printPrompt) {
    for (const n of st.notices) err(sh, n);
    st.notices = [];
    reclaimTty(sh);
    err(sh, st.pending ? (st.vars.PS2 ?? '> ') : shellPrompt(sh.k, sh.pid, st));
  }
  const r = sh.ul.read(sh.pid, fds, 0);
  if (r.data === '') {
    if (r.eof) {
      if (st.pending) {
        st.pending = '';
        err(sh, syntaxError(st, { kind: 'eof', line: 1 }, ''));
        return readInteractive(sh, true);
      }
      if (st.opts.ignoreeof) {
        err(sh, `Use "${st.login ? 'logout' : 'exit'}" to leave the shell.\n`);
        return readInteractive(sh, true);
      }
      if (st.flavour === 'bash') err(sh, st.login ? 'logout\n' : 'exit\n');
      else err(sh, '\n');
      return { exit: st.last };
    }
    return { block: 'input' };
  }
  const nl = r.data.indexOf('\n');
  let line = r.data;
  if (nl >= 0) {
    line = r.data.slice(0, nl);
    sh.ul.unread(fds, 0, r.data.slice(nl + 1));
  }
  submitLine(sh, line);
  return runMachine(sh);
}

/** A line typed at an interactive shell (or run by runLine): parse it and queue it. */
export function submitLine(sh: Sh, line: string): void {
  const st = sh.st;
  const src = st.pending ? `${st.pending}\n${line}` : line;
  const r = parse(src);
  if (!r.ok && (r.error.kind === 'eof' || r.error.kind === 'match') && st.interactive && !st.runLine) {
    st.pending = src;
    return;
  }
  st.pending = '';
  if (src.trim() && st.interactive && !st.runLine) {
    st.history.push(src);
    if (st.history.length > 1000) st.history.shift();
  }
  if (!r.ok) {
    err(sh, syntaxError(st, r.error, src));
    st.last = 2;
    return;
  }
  pushList(st, r.list);
}

function reclaimTty(sh: Sh): void {
  const f = effFds(sh)[0];
  if (f?.k !== 'tty') return;
  const p = sh.k.proc(sh.pid);
  if (p) sh.ul.tty(f.tty).fgPgid = p.pgid;
}

function step(sh: Sh, fr: Frame): Outcome | null {
  const st = sh.st;
  switch (fr.f) {
    case 'list': {
      if (fr.i > 0 && st.opts.errexit && st.last !== 0 && !fr.cond && !st.interactive) {
        const prev = fr.items[fr.i - 1];
        if (prev && !prev.bg && !isCondLike(prev.cmd)) {
          exitShell(sh, st.last);
          return null;
        }
      }
      if (fr.i >= fr.items.length) {
        popFrame(sh);
        return null;
      }
      const item = fr.items[fr.i++];
      if (!item) return null;
      if (item.bg) {
        startBackground(sh, item.cmd);
        return null;
      }
      pushCmd(st, item.cmd);
      return null;
    }
    case 'andor': {
      if (fr.i === 0) {
        fr.i = 1;
        pushCmd(st, fr.node.first);
        return null;
      }
      const r = fr.node.rest[fr.i - 1];
      if (!r) {
        popFrame(sh);
        return null;
      }
      fr.i++;
      if ((r.op === '&&' && st.last === 0) || (r.op === '||' && st.last !== 0)) pushCmd(st, r.cmd);
      return null;
    }
    case 'if': {
      if (fr.phase === 'cond') {
        const cl = fr.node.clauses[fr.i];
        if (!cl) {
          popFrame(sh);
          if (fr.node.else) pushList(st, fr.node.else);
          else st.last = 0;
          return null;
        }
        fr.phase = 'body';
        pushList(st, cl.cond, true);
        return null;
      }
      if (st.last === 0) {
        const cl = fr.node.clauses[fr.i];
        popFrame(sh);
        if (cl) pushList(st, cl.body);
        return null;
      }
      fr.i++;
      fr.phase = 'cond';
      return null;
    }
    case 'loop': {
      if (fr.phase === 'start' || fr.phase === 'body') {
        if (fr.phase === 'body') fr.status = st.last;
        fr.phase = 'cond';
        pushList(st, fr.node.cond, true);
        return null;
      }
      const ok = st.last === 0;
      if (ok === fr.node.until) {
        popFrame(sh);
        st.last = fr.status;
        return null;
      }
      fr.phase = 'body';
      pushList(st, fr.node.body);
      return null;
    }
    case 'for': {
      if (fr.words === null) {
        if (fr.node.words === null) fr.words = [...st.params];
        else {
          const subs = collectSubst(fr.node.words);
          const below = fr as Frame & { subst?: string[] };
          if (subs.length && !below.subst) {
            st.stack.push({ f: 'subst', bodies: subs, results: [], i: 0, pid: 0, cap: 0 });
            return null;
          }
          try {
            fr.words = expandWords(expandCtx(sh, below.subst ?? null), fr.node.words);
          } catch (e) {
            return expandFailed(sh, e);
          }
        }
        st.last = 0;
      }
      const w = fr.words[fr.i++];
      if (w === undefined) {
        popFrame(sh);
        return null;
      }
      st.vars[fr.node.name] = w;
      pushList(st, fr.node.body);
      return null;
    }
    case 'case': {
      const below = fr as Frame & { subst?: string[] };
      if (fr.word === null) {
        const words = [fr.node.word, ...fr.node.items.flatMap((i) => i.patterns)];
        const subs = collectSubst(words);
        if (subs.length && !below.subst) {
          st.stack.push({ f: 'subst', bodies: subs, results: [], i: 0, pid: 0, cap: 0 });
          return null;
        }
        const cx = expandCtx(sh, below.subst ?? null);
        try {
          fr.word = expandWordText(cx, fr.node.word);
          for (const [idx, item] of fr.node.items.entries()) {
            if (item.patterns.some((p) => matchPattern(fr.word ?? '', expandPattern(cx, p)))) {
              popFrame(sh);
              st.last = 0;
              pushList(st, item.body);
              void idx;
              return null;
            }
          }
        } catch (e) {
          return expandFailed(sh, e);
        }
        popFrame(sh);
        st.last = 0;
        return null;
      }
      popFrame(sh);
      return null;
    }
    case 'cmd':
      return stepCmd(sh, fr);
    case 'func':
    case 'dot':
    case 'redir':
    case 'trap':
      popFrame(sh);
      return null;
    case 'subst':
      return stepSubst(sh, fr);
    case 'wait':
      return stepWait(sh, fr);
    case 'read': {
      const r = readStep(sh);
      return typeof r === 'number' ? null : r;
    }
    case 'source':
    case 'eval':
      popFrame(sh);
      pushList(st, fr.list);
      return null;
  }
}

function isCondLike(c: Command): boolean {
  return c.t === 'andor' || (c.t === 'pipeline' && c.bang);
}

export function expandFailed(sh: Sh, e: unknown): Outcome | null {
  if (!(e instanceof ExpandError)) throw e;
  err(sh, `${prefix(sh.st)}${e.msg}\n`);
  sh.st.last = 1;
  popFrame(sh);
  if (e.fatal && !sh.st.interactive) exitShell(sh, 1);
  else if (e.fatal && sh.st.interactive) {
    // bash abandons the rest of the line.
    sh.st.stack = [];
  }
  return null;
}

function stepCmd(sh: Sh, fr: Extract<Frame, { f: 'cmd' }>): Outcome | null {
  const st = sh.st;
  const node = fr.node;
  if (fr.phase === 1) {
    popFrame(sh);
    return null;
  }
  // Command substitutions first (in a subshell each).
  if (fr.subst === null) {
    const words = node.t === 'simple' ? [...node.words, ...redirWords(node.redirs), ...node.assigns.map((a) => a.value)] : 'redirs' in node ? redirWords(node.redirs) : [];
    const subs = collectSubst(words);
    if (subs.length) {
      fr.subst = [];
      st.stack.push({ f: 'subst', bodies: subs, results: [], i: 0, pid: 0, cap: 0 });
      return null;
    }
    fr.subst = [];
  }
  switch (node.t) {
    case 'simple':
      return execSimple(sh, fr, node);
    case 'pipeline':
      fr.phase = 1;
      return startPipeline(sh, node);
    case 'andor':
      fr.phase = 1;
      st.stack.push({ f: 'andor', node, i: 0 });
      return null;
    case 'func':
      st.funcs[node.name] = node.body;
      st.last = 0;
      fr.phase = 1;
      return null;
    case 'subshell': {
      fr.phase = 1;
      const fds = compoundRedirs(sh, fr, node.redirs);
      if (!fds) return null;
      const pid = forkSubshell(sh, [{ f: 'list', items: node.body.items, i: 0, cond: false }], fds);
      if (typeof pid !== 'number') {
        err(sh, pid.error);
        st.last = pid.status;
        return null;
      }
      st.stack.push({ f: 'wait', pids: [pid], status: {}, bang: false, pgid: 0, job: false, cmd: '' });
      return null;
    }
    default: {
      fr.phase = 1;
      const fds = compoundRedirs(sh, fr, node.redirs);
      if (!fds) return null;
      if (node.redirs.length) st.stack.push({ f: 'redir', saved: st.fds, closeCaps: pipeIds(fds) });
      if (node.redirs.length) st.fds = fds;
      if (node.t === 'group') pushList(st, node.body);
      else if (node.t === 'if') st.stack.push({ f: 'if', node, i: 0, phase: 'cond' });
      else if (node.t === 'loop') st.stack.push({ f: 'loop', node, phase: 'start', status: 0 });
      else if (node.t === 'for') st.stack.push({ f: 'for', node, words: null, i: 0 });
      else if (node.t === 'case') st.stack.push({ f: 'case', node, word: null, item: 0 });
      return null;
    }
  }
}

function pipeIds(fds: FdTable): number[] {
  return Object.values(fds).flatMap((f) => (f.k === 'pipe' ? [f.id] : []));
}

function compoundRedirs(sh: Sh, fr: Extract<Frame, { f: 'cmd' }>, redirs: import('./ast.ts').Redir[]): FdTable | null {
  if (!redirs.length) return effFds(sh);
  const cx = expandCtx(sh, fr.subst);
  const r = applyRedirs(sh, cx, effFds(sh), redirs);
  if ('error' in r) {
    err(sh, r.error);
    sh.st.last = 1;
    return null;
  }
  return r.fds;
}

function startBackground(sh: Sh, cmd: Command): void {
  const st = sh.st;
  const fds = { ...effFds(sh) };
  if (!st.interactive && fds[0]?.k === 'tty') fds[0] = { k: 'null' };
  const frames: Frame[] = [cmd.t === 'andor' ? { f: 'andor', node: cmd, i: 0 } : { f: 'cmd', node: cmd, phase: 0, subst: null }];
  const pid = forkSubshell(sh, frames, fds, { newPgrp: true });
  if (typeof pid !== 'number') {
    err(sh, pid.error);
    st.last = pid.status;
    return;
  }
  st.lastBg = pid;
  st.last = 0;
  const id = st.jobs.reduce((m, j) => Math.max(m, j.id), 0) + 1;
  st.jobs.push({ id, pgid: pid, pids: [pid], done: {}, cmd: cmdText(cmd), state: 'Running', notified: false });
  if (st.interactive) err(sh, `[${id}] ${pid}\n`);
  const s = childDone(sh, pid);
  if (s !== null) jobChildExited(sh, pid, s);
}

function startPipeline(sh: Sh, node: Extract<Command, { t: 'pipeline' }>): Outcome | null {
  const st = sh.st;
  const n = node.cmds.length;
  const base = effFds(sh);
  const pipes: number[] = [];
  for (let i = 0; i < n - 1; i++) pipes.push(sh.ul.newPipe());
  const pids: number[] = [];
  let pgid = 0;
  const jobCtl = !st.subshell;
  for (let i = 0; i < n; i++) {
    const fds: FdTable = { ...base };
    if (i > 0) fds[0] = { k: 'pipe', id: pipes[i - 1] as number };
    if (i < n - 1) fds[1] = { k: 'pipe', id: pipes[i] as number };
    const c = node.cmds[i] as Command;
    const frames: Frame[] = [c.t === 'andor' ? { f: 'andor', node: c, i: 0 } : { f: 'cmd', node: c, phase: 0, subst: null }];
    const pid = forkSubshell(sh, frames, fds, { newPgrp: jobCtl && i === 0, pgid: jobCtl && i > 0 ? pgid : undefined, run: false });
    if (typeof pid !== 'number') {
      err(sh, pid.error);
      break;
    }
    if (i === 0) pgid = sh.k.proc(pid)?.pgid ?? pid;
    pids.push(pid);
  }
  for (const id of pipes) sh.ul.gcPipe(id);
  if (st.interactive && base[0]?.k === 'tty') sh.ul.tty(base[0].tty).fgPgid = pgid;
  for (const pid of pids) sh.ul.runMain(pid);
  if (!pids.length) {
    st.last = 1;
    return null;
  }
  st.stack.push({ f: 'wait', pids, status: {}, bang: node.bang, pgid, job: false, cmd: cmdText(node) });
  return null;
}

function stepSubst(sh: Sh, fr: Extract<Frame, { f: 'subst' }>): Outcome | null {
  const st = sh.st;
  for (;;) {
    if (fr.pid) {
      const s = childDone(sh, fr.pid);
      if (s === null) return { block: 'child', pid: fr.pid };
      st.substStatus = s;
      st.last = s;
      fr.results.push(sh.ul.takeCapture(fr.cap).replace(/\n+$/, ''));
      fr.pid = 0;
      fr.i++;
      if (s >= 128 && s - 128 === 2) {
        st.stack = [];
        return null;
      }
    }
    const body = fr.bodies[fr.i];
    if (!body) {
      st.stack.pop();
      const parent = st.stack[st.stack.length - 1] as (Frame & { subst?: string[] | null }) | undefined;
      if (parent) parent.subst = fr.results;
      return null;
    }
    const cap = sh.ul.newCapture();
    const fds: FdTable = { ...effFds(sh), 1: { k: 'cap', id: cap } };
    const pid = forkSubshell(sh, [{ f: 'list', items: body.items, i: 0, cond: false }], fds);
    if (typeof pid !== 'number') {
      err(sh, pid.error);
      sh.ul.takeCapture(cap);
      fr.results.push('');
      fr.i++;
      continue;
    }
    fr.pid = pid;
    fr.cap = cap;
  }
}

function stepWait(sh: Sh, fr: Extract<Frame, { f: 'wait' }>): Outcome | null {
  const st = sh.st;
  for (const pid of fr.pids) {
    if (fr.status[pid] !== undefined) continue;
    const s = childDone(sh, pid);
    if (s !== null) fr.status[pid] = s;
  }
  const pending = fr.pids.find((p) => fr.status[p] === undefined);
  if (pending !== undefined) return { block: 'child', pid: -1 };
  popFrame(sh);
  const lastPid = fr.pids[fr.pids.length - 1] as number;
  let status = fr.status[lastPid] ?? 0;
  if (fr.job) {
    // `wait` builtin: forget finished jobs.
    st.jobs = st.jobs.filter((j) => !j.pids.every((p) => fr.status[p] !== undefined || j.done[p] !== undefined));
  }
  if (fr.pgid) reclaimTty(sh);
  if (status > 128 && !fr.job) {
    const sig = status - 128;
    if (sig === 2) {
      // A foreground job killed by ^C: the shell abandons the rest of the line.
      if (st.interactive) {
        st.stack = [];
        st.last = status;
        err(sh, '\n');
        return null;
      }
    }
    const note = signalNotice(sig);
    if (note && st.interactive) err(sh, `${note}\n`);
  }
  if (fr.bang) status = status === 0 ? 1 : 0;
  st.last = status;
  return null;
}

/** A child exited while the shell was not waiting for it (SIGCHLD). */
export function jobChildExited(sh: Sh, pid: number, status: number): void {
  const st = sh.st;
  const job = st.jobs.find((j) => j.pids.includes(pid));
  if (!job) {
    st.childStatus[pid] = status;
    return;
  }
  job.done[pid] = status;
  if (job.pids.every((p) => job.done[p] !== undefined)) {
    job.state = 'Done';
    if (st.interactive && !job.notified) {
      job.notified = true;
      const last = job.done[job.pids[job.pids.length - 1] as number] ?? 0;
      const word = last === 0 ? 'Done' : last > 128 ? (signalNotice(last - 128) ?? `Exit ${last}`) : `Exit ${last}`;
      st.notices.push(`[${job.id}]+  ${word.padEnd(24)}${job.cmd}\n`);
    }
    if (st.interactive) st.jobs = st.jobs.filter((j) => j !== job);
  }
}

/** Record a child's status delivered by a wake-up, in its job or the pending map. */
export function recordChild(sh: Sh, pid: number, status: number): void {
  const st = sh.st;
  const waiting = st.stack.some((f) => (f.f === 'wait' && f.pids.includes(pid)) || (f.f === 'subst' && f.pid === pid));
  if (waiting) {
    st.childStatus[pid] = status;
    const job = st.jobs.find((j) => j.pids.includes(pid));
    if (job) job.done[pid] = status;
    return;
  }
  jobChildExited(sh, pid, status);
}

export { runText, popFrame };

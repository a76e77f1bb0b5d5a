/**
 * The shell interpreter: an explicit stack of plain-data frames stepped until
 * the shell must wait (a foreground child, input) or has nothing left to do.
 *
 * Models: sh(1p) 2.9 "Shell Commands" (lists, and-or lists, pipelines,
 * compound commands, functions), job control of an interactive shell, traps.
 * SIMPLIFICATIONS:
 * - Command substitutions in a command run (each in a subshell) before the
 *   command's words are expanded, all of them, in textual order.
 * - A loop that never waits runs 20,000 steps per 100 ms of virtual time (a
 *   periodic timer; real shells run more), so it can be interrupted with ^C;
 *   it stays on the CPU meanwhile (runnable, one core wanted), as top and
 *   docker stats show. A loop that comes back to the same state touching
 *   nothing (`while :; do :; done`) is seen to spin (spin.ts) and stops being
 *   interpreted: it blocks 'busy', on the CPU, until a signal.
 */

import type { Frame } from './state.ts';
import type { Outcome } from '../types.ts';
import { parse } from './parser.ts';
import { syntaxError } from './messages.ts';
import { shellPrompt } from './prompt.ts';
import { signalName } from '../../kernel/signals.ts';
import { own } from '../own.ts';
import { type Sh, effFds, err, pushList } from './sh.ts';
import { step } from './step.ts';
import { WATCH_FROM, repeats, startWatch, type SpinWatch } from './spin.ts';

export function popFrame(sh: Sh): Frame | undefined {
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
export function runText(sh: Sh, text: string, asTrap: boolean): void {
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
  let watch: SpinWatch | null = null;
  for (let steps = 0; ; steps++) {
    if (steps >= WATCH_FROM) {
      // A long stretch without a wait: a loop that has come back to where it was, touching nothing, spins for ever.
      if (watch === null) watch = startWatch(sh);
      else if (repeats(sh, watch)) return { block: 'busy' };
      if (steps > 20000) return { block: 'timer', untilMs: sh.k.uptimeMs + 100, periodic: true, busy: true };
    }
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

export function reclaimTty(sh: Sh): void {
  const f = effFds(sh)[0];
  if (f?.k !== 'tty') return;
  const p = sh.k.proc(sh.pid);
  if (p) sh.ul.tty(f.tty).fgPgid = p.pgid;
}


export * from './sh.ts';
export { expandFailed } from './step.ts';
export { jobChildExited, recordChild } from './pipeline.ts';

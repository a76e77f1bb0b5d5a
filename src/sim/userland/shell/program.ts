/**
 * The shell as a program: bash (GNU flavour) and busybox ash (busybox flavour).
 *
 * Models: bash(1)/sh(1p) invocation (-c string, script file, commands from
 * stdin, interactive on a terminal, login shells named "-bash"), the
 * interactive loop (prompt, read a line from the tty, run it), traps run when
 * a caught signal arrives, job notifications.
 * Startup files: an interactive bash reads /etc/bash.bashrc and ~/.bashrc (a
 * login bash /etc/profile and ~/.profile), ash/dash a login shell's profile
 * or $ENV.
 * SIMPLIFICATIONS: ~/.bash_profile and ~/.bash_login are not looked for;
 * Debian's /bin/sh is dash (the dash flavour: same interpreter, dash's texts).
 */

import type { Ctx, FdTable, Outcome, ProgramDef, WakeReason } from '../types.ts';
import type { Userland } from '../userland.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { newShellState, childEnv, copyShellState, type ShellState, type ShellFlavour } from './state.ts';
import { type Sh, runMachine, readInteractive, submitLine, recordChild, jobChildExited, err, pushList, effFds } from './interp.ts';
import { runExternal } from './simple.ts';
import { readStep } from './builtins-vars.ts';
import { applyDispositions } from './builtins-jobs.ts';
import { parse } from './parser.ts';
import { syntaxError, prefix } from './messages.ts';
import { fsRead, absPath, fsGetcwd } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { shellPrompt } from './prompt.ts';
import { signalName } from '../../kernel/signals.ts';
import { own } from '../own.ts';

declare module './sh.ts' {
  interface Sh {
    ext(argv: string[], fds: FdTable): Outcome | null;
  }
}

/** The interpreter's context for one handler call; reading its kernel or userland counts as touching the world. */
class ShellCall implements Sh {
  st: ShellState;
  pid: number;
  touches = 0;
  private readonly kernel: Kernel;
  private readonly userland: Userland;

  constructor(readonly ctx: Ctx) {
    this.st = ctx.state as ShellState;
    this.pid = ctx.pid;
    this.kernel = ctx.k;
    this.userland = ctx.ul as unknown as Userland;
  }

  get k(): Kernel {
    this.touches++;
    return this.kernel;
  }

  get ul(): Userland {
    this.touches++;
    return this.userland;
  }

  ext(argv: string[], fds: FdTable): Outcome | null {
    return runExternal(this, argv, childEnv(this.st), fds);
  }
}

export function makeSh(ctx: Ctx): Sh {
  return new ShellCall(ctx);
}

function baseName(s: string): string {
  const i = s.lastIndexOf('/');
  return i >= 0 ? s.slice(i + 1) : s;
}

/** Start: parse the command line and decide what to run. */
function start(ctx: Ctx, as?: ShellFlavour): Outcome {
  const flavour: ShellFlavour = as ?? (ctx.flavour === 'busybox' ? 'ash' : 'bash');
  const argv = ctx.argv;
  const arg0 = argv[0] ?? (flavour !== 'bash' ? 'sh' : 'bash');
  const st = newShellState(flavour, arg0, ctx.env);
  const p = ctx.k.proc(ctx.pid);
  st.shellPid = p ? (p.nspids[p.nspids.length - 1] ?? ctx.pid) : ctx.pid;
  st.login = arg0.startsWith('-');
  st.vars.PWD = fsGetcwd(ctx.k, ctx.pid);
  if (flavour === 'bash') {
    st.vars.SHLVL = String((Number(ctx.env.SHLVL ?? '0') || 0) + 1);
    st.exported.SHLVL = true;
    st.vars.BASH = ctx.k.proc(ctx.pid)?.exe ?? '/usr/bin/bash';
    st.vars.BASH_VERSION = '5.2.15(1)-release';
    st.vars.UID = String(p?.cred.uid ?? 0);
    st.vars.EUID = String(p?.cred.euid ?? 0);
  }
  st.vars.PPID = String(p ? (ctx.k.proc(p.ppid)?.nspids[p.nspids.length - 1] ?? 0) : 0);
  ctx.state = st;
  const sh = makeSh(ctx);
  let cmd: string | null = null;
  let script: string | null = null;
  let forceInteractive = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '-c') {
      cmd = argv[++i] ?? null;
      if (cmd === null) {
        err(sh, `${prefix(st)}-c: option requires an argument\n`);
        return { exit: 2 };
      }
      continue;
    }
    if (a === '-l' || a === '--login') st.login = true;
    else if (a === '-i') forceInteractive = true;
    else if (a === '-s' || a === '--norc' || a === '--noprofile' || a === '--posix') continue;
    else if (a === '-o') {
      const o = argv[++i];
      if (o === 'errexit') st.opts.errexit = true;
      else if (o === 'xtrace') st.opts.xtrace = true;
    } else if (/^-[exuf]+$/.test(a)) {
      if (a.includes('e')) st.opts.errexit = true;
      if (a.includes('x')) st.opts.xtrace = true;
      if (a.includes('u')) st.opts.nounset = true;
      if (a.includes('f')) st.opts.noglob = true;
    } else if (a === '--') {
      i++;
      break;
    } else if (a.startsWith('-') && a.length > 1 && a !== '-') {
      err(sh, `${prefix(st)}${a}: invalid option\n`);
      return { exit: 2 };
    } else break;
  }
  const rest = argv.slice(i);
  if (cmd !== null) {
    st.oneshot = true;
    st.source = '-c';
    if (rest.length) {
      st.arg0 = rest[0] as string;
      st.params = rest.slice(1);
    }
    const r = parse(cmd);
    if (!r.ok) {
      err(sh, syntaxError(st, r.error, cmd));
      return { exit: 2 };
    }
    pushList(st, r.list);
    return runMachine(sh);
  }
  if (rest.length) {
    script = rest[0] as string;
    const text = fsRead(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, script));
    if (isErr(text)) {
      if (flavour === 'dash') err(sh, `${baseName(arg0).replace(/^-/, '')}: 0: cannot open ${script}: ${text.errno === 'ENOENT' ? 'No such file' : strerror(text.errno)}\n`);
      else if (flavour !== 'bash') err(sh, `${baseName(arg0)}: can't open '${script}': ${strerror(text.errno)}\n`);
      else err(sh, `${baseName(arg0).replace(/^-/, '')}: ${script}: ${strerror(text.errno)}\n`);
      return { exit: flavour !== 'bash' ? 2 : 127 };
    }
    st.oneshot = true;
    st.source = script;
    st.arg0 = script;
    st.params = rest.slice(1);
    const r = parse(text);
    if (!r.ok) {
      err(sh, syntaxError(st, r.error, text));
      return { exit: 2 };
    }
    pushList(st, r.list);
    return runMachine(sh);
  }
  const fds = effFds(sh);
  if (forceInteractive || (fds[0]?.k === 'tty' && fds[2]?.k === 'tty')) {
    st.interactive = true;
    applyDispositions(sh);
    const home = st.vars.HOME ?? '/root';
    // An interactive bash has a PS1 before its startup files run (they test it), and Debian's
    // and Ubuntu's bash read /etc/bash.bashrc (SYS_BASHRC) before ~/.bashrc.
    if (flavour === 'bash' && st.vars.PS1 === undefined) st.vars.PS1 = '\\s-\\v\\$ ';
    const rc = flavour === 'bash' ? (st.login ? ['/etc/profile', `${home}/.profile`] : ['/etc/bash.bashrc', `${home}/.bashrc`]) : st.login ? ['/etc/profile', `${home}/.profile`] : st.vars.ENV ? [st.vars.ENV] : [];
    for (const file of rc.reverse()) {
      const text = fsRead(ctx.k, ctx.pid, file);
      if (isErr(text)) continue;
      const r = parse(text);
      if (!r.ok) continue;
      st.stack.push({ f: 'dot', params: null });
      pushList(st, r.list);
    }
    return runMachine(sh);
  }
  // Commands from stdin: read it all, then run.
  st.oneshot = true;
  (st as ShellState & { slurp?: string }).slurp = '';
  return slurp(sh);
}

function slurp(sh: Sh): Outcome {
  const st = sh.st as ShellState & { slurp?: string };
  const r = sh.ul.read(sh.pid, effFds(sh), 0);
  st.slurp = (st.slurp ?? '') + r.data;
  if (!r.eof && r.data !== '') return slurp(sh);
  if (!r.eof) return { block: 'input' };
  const text = st.slurp;
  delete st.slurp;
  const p = parse(text);
  if (!p.ok) {
    err(sh, syntaxError(st, p.error, text));
    return { exit: 2 };
  }
  pushList(st, p.list);
  return runMachine(sh);
}

function onInput(ctx: Ctx): Outcome {
  const sh = makeSh(ctx);
  const st = sh.st as ShellState & { slurp?: string };
  if (st.slurp !== undefined) return slurp(sh);
  const top = st.stack[st.stack.length - 1];
  if (top?.f === 'read') {
    const r = readStep(sh);
    if (typeof r !== 'number') return r;
    return runMachine(sh);
  }
  if (!st.stack.length && st.interactive) return readInteractive(sh, false);
  return runMachine(sh);
}

function resume(ctx: Ctx, why: WakeReason): Outcome {
  const sh = makeSh(ctx);
  if (why.kind === 'child') {
    if (why.signal !== undefined && why.signal !== null) (sh.st.signalled ??= {})[why.pid] = why.signal;
    recordChild(sh, why.pid, why.status);
  }
  if (why.kind === 'input') return onInput(ctx);
  const top = sh.st.stack[sh.st.stack.length - 1];
  if (top?.f === 'read') {
    const r = readStep(sh);
    if (typeof r !== 'number') return r;
  }
  return runMachine(sh);
}

function onSignal(ctx: Ctx, sig: number): Outcome | null {
  const sh = makeSh(ctx);
  const st = sh.st;
  const name = (signalName(sig) ?? String(sig)).replace(/^SIG/, '');
  const trap = own(st.traps, name);
  const top = st.stack[st.stack.length - 1];
  const waitingChild = top?.f === 'wait' || top?.f === 'subst';
  if (trap) {
    st.pendingTraps.push(sig);
    if (waitingChild) return null;
    return runMachine(sh);
  }
  if (trap === '') return null;
  if (sig === 2 && !st.interactive && st.runLine?.interactive && !waitingChild) {
    // ^C at an interactive shell while a line runs for host.run (runLine), in the shell itself: the line ends, $? is 130.
    st.stack = [];
    st.ctl = null;
    st.last = 130;
    return runMachine(sh);
  }
  if (sig === 2 && st.interactive) {
    if (waitingChild) return null;
    st.stack = [];
    st.pending = '';
    st.last = 130;
    err(sh, '\n');
    return readInteractive(sh, true);
  }
  return null;
}

export const shellProgram: ProgramDef<ShellState> = {
  id: 'bash',
  main(ctx) {
    const st = ctx.state as ShellState | null;
    if (st && Array.isArray(st.stack)) {
      // A forked subshell: run what it was given.
      return runMachine(makeSh(ctx as Ctx));
    }
    return start(ctx as Ctx);
  },
  resume: (ctx, why) => resume(ctx as Ctx, why),
  onInput: (ctx) => onInput(ctx as Ctx),
  onSignal: (ctx, sig) => onSignal(ctx as Ctx, sig),
  onChildExit(ctx, pid, status, signal) {
    const sh = makeSh(ctx as Ctx);
    if (signal !== undefined && signal !== null) (sh.st.signalled ??= {})[pid] = signal;
    jobChildExited(sh, pid, status);
  },
  copyState: copyShellState,
};

/** The same definition under the name busybox's applets and /bin/sh use. */
export const shProgram: ProgramDef<ShellState> = { ...shellProgram, id: 'sh' };

/** dash, Debian's and Ubuntu's /bin/sh: the POSIX shell with dash's error texts ("sh: 1: x: not found"). */
export const dashProgram: ProgramDef<ShellState> = {
  ...shellProgram,
  id: 'dash',
  main(ctx) {
    const st = ctx.state as ShellState | null;
    if (st && Array.isArray(st.stack)) return runMachine(makeSh(ctx as Ctx));
    return start(ctx as Ctx, 'dash');
  },
};

/** The prompt an interactive shell shows now (for a terminal that attaches later). */
export function currentPrompt(ul: Userland, pid: number): string {
  const st = ul.programState<ShellState>(pid);
  if (!st || !st.interactive) return '';
  return st.pending ? (st.vars.PS2 ?? '> ') : shellPrompt(ul.k, pid, st);
}

export { submitLine };

/**
 * awk(1): mawk 1.3.4 (Debian 12's default awk, also installed as mawk) and
 * busybox awk (alpine, busybox images).
 *
 * Models: the command line (`-F fs`, `-v var=value`, `-f progfile`, `--`,
 * `-W version`), the program text parsed (parser.ts) before any input is read
 * (syntax errors `mawk: line 1: syntax error at or near }`, exit 2; busybox:
 * `awk: cmd. line:1: Unexpected token`, exit 1), BEGIN-only programs that
 * read no input, operands that are files, `-` or `var=value` assignments,
 * ARGV/ARGC/ENVIRON, `exit n`, `cannot open` errors (mawk stops with status 2,
 * busybox with 1).
 * SIMPLIFICATIONS: input is read whole before the main rules run (output
 * appears at end of input when typing on a terminal); RS is "\n", "" (paragraphs),
 * one character or an ERE.
 */

import type { Ctx, Outcome, ProgramDef } from '../../types.ts';
import { progName } from '../args.ts';
import { absPath, fsRead, fsStat, fsWrite } from '../../fsapi.ts';
import { isErr, strerror, sysErr } from '../../../kernel/errno.ts';
import { parseAwk, AwkSyntaxError } from './parser.ts';
import type { AwkProgram } from './ast.ts';
import { unescape } from './lexer.ts';
import { strnum, toNum, type Val } from './format.ts';
import { Exit, Interp, Next, RunError, type Arr } from './interp.ts';

interface AwkState {
  src: string;
  fs: string | null;
  assigns: string[];
  operands: string[];
  stdin: string;
  /** After the run: commands still to be fed their piped output, and the exit status. */
  pipes?: Array<[string, string]>;
  code?: number;
  /** awk's own output held back until the piped commands ran (stdout not a terminal: mawk flushes it at exit). */
  held?: string;
}

const MAWK_USAGE = `Usage: mawk [Options] [Program] [file ...]

Program:
    The -f option value is the name of a file containing program text.
    If no -f option is given, a "--" ends option processing; the following
    parameters are the program text.

Options:
    -f program-file  Program  text is read from file instead of from the
                     command-line.  Multiple -f options are accepted.
    -F value         sets the field separator, FS, to value.
    -v var=value     assigns value to program variable var.
    --               unambiguous end of options.

    Implementation-specific options are prefixed with "-W".  They can be
    abbreviated:

    -W version       show version information and exit.
    -W dump          show assembler-like listing of program and exit.
    -W help          show this message and exit.
    -W interactive   set unbuffered output, line-buffered input.
    -W exec file     use file as program as well as last option.
    -W random=number set initial random seed.
    -W sprintf=number adjust size of sprintf buffer.
    -W posix_space   do not consider "\\n" a space.
    -W usage         show this message and exit.
`;

const BB_USAGE = `BusyBox v1.36.1 (2023-06-12 18:44:42 UTC) multi-call binary.

Usage: awk [OPTIONS] [AWK_PROGRAM] [FILE]...

\t-v VAR=VAL\tSet variable
\t-F SEP\t\tUse SEP as field separator
\t-f FILE\t\tRead program from FILE
\t-e AWK_PROGRAM
`;

function parseCmdline(ctx: Ctx, name: string): AwkState | { exit: number } {
  const args = ctx.argv.slice(1);
  const bb = ctx.flavour === 'busybox';
  const st: AwkState = { src: '', fs: null, assigns: [], operands: [], stdin: '' };
  let progFiles: string[] | null = null;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    const opt = a[1] as string;
    const val = a.length > 2 ? a.slice(2) : args[++i];
    if (opt === 'W') {
      if ((val ?? '').startsWith('v')) {
        ctx.stdout.write('mawk 1.3.4 20200120\nCopyright 2008-2019,2020, Thomas E. Dickey\nCopyright 1991-1996,2014, Michael D. Brennan\n\nrandom-funcs:       srandom/random\nregex-funcs:        internal\ncompiled limits:\nsprintf buffer      8192\nmaximum-integer     2147483647\n');
        return { exit: 0 };
      }
      ctx.stdout.write(MAWK_USAGE);
      return { exit: 0 };
    }
    if (!'Fvfe'.includes(opt) || (opt === 'e' && !bb)) {
      ctx.stderr.write(bb ? `${name}: invalid option -- '${opt}'\n${BB_USAGE}` : `${name}: not an option: ${a}\n`);
      return { exit: bb ? 1 : 2 };
    }
    if (val === undefined) {
      ctx.stderr.write(bb ? `${name}: option requires an argument -- '${opt}'\n${BB_USAGE}` : `${name}: option requires an argument -- ${opt}\n${MAWK_USAGE}`);
      return { exit: 2 };
    }
    if (opt === 'F') st.fs = unescape(val);
    else if (opt === 'v') {
      if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(val)) {
        ctx.stderr.write(bb ? `${name}: unexpected token\n` : `${name}: improper assignment: -v ${val}\n`);
        return { exit: 2 };
      }
      st.assigns.push(val);
    } else if (opt === 'f') (progFiles ??= []).push(val);
    else st.src += (st.src ? '\n' : '') + val;
  }
  const rest = args.slice(i);
  if (progFiles) {
    for (const f of progFiles) {
      const t = fsRead(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, f));
      if (isErr(t)) {
        ctx.stderr.write(bb ? `${name}: can't open '${f}': ${strerror(t.errno)}\n` : `${name}: couldn't open file ${f}: ${strerror(t.errno)}\n`);
        return { exit: 2 };
      }
      st.src += t + '\n';
    }
  } else if (!st.src) {
    const p = rest.shift();
    if (p === undefined) {
      ctx.stderr.write(bb ? BB_USAGE : MAWK_USAGE);
      return { exit: bb ? 1 : 0 };
    }
    st.src = p;
  }
  st.operands = rest;
  return st;
}

/** Does the program read the main input (main rules, END, or a getline without `< file`)? */
function readsInput(p: AwkProgram): boolean {
  const plainGetline = (n: unknown): boolean => {
    if (!n || typeof n !== 'object') return false;
    if (Array.isArray(n)) return n.some(plainGetline);
    const o = n as Record<string, unknown>;
    if (o.t === 'getline' && !o.file) return true;
    return Object.values(o).some(plainGetline);
  };
  return p.rules.length > 0 || p.end.length > 0 || plainGetline(p.begin) || plainGetline(p.funcs);
}

const isAssign = (s: string) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(s);

export const awkProgram: ProgramDef<AwkState> = {
  id: 'awk',
  main(ctx) {
    const name = progName(ctx as Ctx, 'awk');
    const st = parseCmdline(ctx as Ctx, name);
    if ('exit' in st) return st;
    const prog = parseAwk(st.src);
    if (prog instanceof AwkSyntaxError) {
      // mawk reads on after an extra `}` and reports the newline it then meets.
      const more = prog.msg === "extra '}'" ? `${name}: line ${prog.line}: syntax error at or near end of line\n` : '';
      ctx.stderr.write(ctx.flavour === 'busybox' ? `${name}: cmd. line:${Math.min(prog.line, st.src.split('\n').length)}: Unexpected token\n` : `${name}: line ${prog.line}: ${prog.msg}\n${more}`);
      return { exit: ctx.flavour === 'busybox' ? 1 : 2 };
    }
    ctx.state = st;
    const needsInput = readsInput(prog);
    if (!needsInput) ctx.state.operands = [];
    return step(ctx);
  },
  onInput: step,
  resume: (ctx, why) => (why.kind === 'child' && ctx.state.pipes ? pipeNext(ctx) : step(ctx)),
};

/** Run the next `print | "cmd"` command with its collected input (sh -c cmd), waiting for each. */
function pipeNext(ctx: Ctx<AwkState>): Outcome {
  const st = ctx.state;
  for (let next = st.pipes?.shift(); next; next = st.pipes?.shift()) {
    const id = ctx.ul.newPipe(next[1]);
    const pid = ctx.ul.spawn(ctx.pid, { argv: ['sh', '-c', next[0]], fds: { 0: { k: 'pipe', id }, 1: ctx.fds[1] ?? { k: 'null' }, 2: ctx.fds[2] ?? { k: 'null' } } });
    if (typeof pid !== 'number') {
      ctx.stderr.write(pid.error);
      continue;
    }
    if (ctx.ul.reapChild(ctx.pid, pid) === null) return { block: 'child', pid };
  }
  if (st.held) ctx.stdout.write(st.held);
  return { exit: st.code ?? 0 };
}

function step(ctx: Ctx<AwkState>): Outcome {
  const st = ctx.state;
  const files = st.operands.filter((o) => !isAssign(o));
  const prog = parseAwk(st.src);
  if (prog instanceof AwkSyntaxError) return { exit: 2 };
  const needsInput = readsInput(prog);
  if (needsInput && (files.length === 0 || files.includes('-'))) {
    st.stdin += ctx.stdin.read();
    if (!ctx.stdin.eof) return { block: 'input' };
  }
  const name = progName(ctx as Ctx, 'awk');
  const bb = ctx.flavour === 'busybox';
  // Off a terminal mawk's stdout is block-buffered: what it prints shows after the output of its `| cmd` pipes.
  const buffered = !ctx.stdout.isatty && !bb && JSON.stringify(prog).includes('"op":"|"');
  let held = '';
  const it = new Interp(prog, {
    out: (s) => {
      if (buffered) held += s;
      else ctx.stdout.write(s);
    },
    err: (s) => ctx.stderr.write(s),
    file: (f, data, append) => {
      const r = fsWrite(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, f), data, { append });
      return isErr(r) ? strerror(r.errno) : null;
    },
    read: (f) => {
      if (f === '-' || f === '/dev/stdin') return { text: st.stdin };
      const path = absPath(ctx.k, ctx.pid, f);
      const s = fsStat(ctx.k, ctx.pid, path);
      const t = !isErr(s) && s.type === 'dir' ? sysErr('EISDIR') : fsRead(ctx.k, ctx.pid, path);
      return isErr(t) ? { error: strerror(t.errno) } : { text: t };
    },
    env: ctx.env,
    maxInt: bb ? 2 ** 53 : 2147483647,
    bb,
    nextRecord: () => null,
    seed: Math.floor(ctx.k.nowMs / 1000),
  });
  const code = run(it, st, name, bb, ctx as Ctx);
  if (!it.pipes.size) {
    ctx.stdout.write(held);
    return { exit: code };
  }
  st.pipes = [...it.pipes];
  st.code = code;
  st.held = held;
  return pipeNext(ctx);
}

function records(text: string, rs: string, it: Interp): string[] {
  if (text === '') return [];
  if (rs === '\n') return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  if (rs === '') return text.replace(/^\n+/, '').replace(/\n+$/, '').split(/\n\n+/).filter((r) => r !== '');
  const parts = rs.length === 1 ? text.split(rs) : text.split(it.regex(rs));
  if (parts[parts.length - 1] === '' || parts[parts.length - 1] === '\n') parts.pop();
  return parts;
}

function run(it: Interp, st: AwkState, name: string, bb: boolean, ctx: Ctx): number {
  let code = 0;
  const assign = (a: string) => {
    const eq = a.indexOf('=');
    it.set({ t: 'var', name: a.slice(0, eq) }, strnum(unescape(a.slice(eq + 1))));
  };
  const argv: Arr = new Map([['0', strnum(name)]]);
  st.operands.forEach((o, i) => argv.set(String(i + 1), strnum(o)));
  it.g.set('ARGV', argv);
  it.g.set('ARGC', st.operands.length + 1);
  if (st.fs !== null) it.g.set('FS', st.fs);
  let exiting = false;
  const guard = (f: () => void): boolean => {
    try {
      f();
      return true;
    } catch (x) {
      if (x instanceof Exit) {
        if (x.code >= 0) code = x.code;
        exiting = true;
        return false;
      }
      if (x instanceof RunError) {
        ctx.stderr.write(bb ? `${name}: cmd. line:1: ${x.msg}\n` : `${name}: run time error: ${x.msg}\n\tFILENAME="${it.gs('FILENAME')}" FNR=${it.gs('FNR')} NR=${it.gs('NR')}\n`);
        code = 2;
        throw x;
      }
      throw x;
    }
  };
  // The main input: operands in order (assignments take effect when reached), records on demand (getline shares them).
  const ops = st.operands.some((o) => !isAssign(o)) ? [...st.operands] : [...st.operands, '-'];
  let queue: string[] = [];
  let fatal = false;
  const nextRecord = (): string | null => {
    while (!queue.length) {
      const o = ops.shift();
      if (o === undefined) return null;
      if (isAssign(o)) {
        assign(o);
        continue;
      }
      const r = it.io.read(o);
      if ('error' in r) {
        ctx.stderr.write(bb ? `${name}: ${o}: ${r.error}\n` : `${name}: cannot open ${o} (${r.error})\n`);
        code = bb ? 1 : 2;
        fatal = true;
        return null;
      }
      it.g.set('FILENAME', o);
      it.g.set('FNR', 0);
      queue = records(r.text, it.gs('RS'), it);
    }
    return queue.shift() as string;
  };
  it.io.nextRecord = nextRecord;
  try {
    for (const a of st.assigns) assign(a);
    for (const b of it.prog.begin) if (!guard(() => it.exec(b))) break;
    const needsInput = readsInput(it.prog);
    while (!exiting && needsInput) {
      const rec = nextRecord();
      if (rec === null) break;
      it.g.set('NR', toNum(it.g.get('NR') as Val) + 1);
      it.g.set('FNR', toNum(it.g.get('FNR') as Val) + 1);
      it.setRecord(rec);
      guard(() => {
        try {
          it.record();
        } catch (x) {
          if (!(x instanceof Next)) throw x;
        }
      });
    }
    if (fatal) return code;
    exiting = false;
    for (const e of it.prog.end) if (!guard(() => it.exec(e))) break;
  } catch (x) {
    if (x instanceof RunError) return 2;
    throw x;
  }
  return code;
}

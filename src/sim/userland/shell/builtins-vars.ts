/**
 * Builtins that work on the shell's variables and parameters: set, export,
 * unset, shift, local, readonly, declare, read.
 * SIMPLIFICATIONS: readonly only marks nothing (values stay writable);
 * declare supports -x and plain assignments; read supports -r -p -s -n -t (ignored) and IFS splitting.
 */

import type { Builtin } from './builtins.ts';
import type { Sh } from './interp.ts';
import { err, out, effFds } from './interp.ts';
import { prefix } from './messages.ts';
import type { Outcome } from '../types.ts';
import type { Frame } from './state.ts';
import { own } from '../own.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function q(v: string): string {
  return /^[A-Za-z0-9_./:,@%+=-]*$/.test(v) && v !== '' ? v : `'${v.replace(/'/g, "'\\''")}'`;
}

function assignWord(sh: Sh, a: string, builtin: string): string | null {
  const eq = a.indexOf('=');
  const name = eq >= 0 ? a.slice(0, eq) : a;
  if (!NAME.test(name)) {
    err(sh, sh.st.flavour !== 'bash' ? `${prefix(sh.st)}${builtin}: ${name}: bad variable name\n` : `${prefix(sh.st)}${builtin}: \`${a}': not a valid identifier\n`);
    return null;
  }
  if (eq >= 0) sh.st.vars[name] = a.slice(eq + 1);
  return name;
}

function set(sh: Sh, argv: string[]): number {
  const st = sh.st;
  if (argv.length === 1) {
    for (const n of Object.keys(st.vars).sort()) out(sh, 1, `${n}=${q(own(st.vars, n) ?? '')}\n`);
    return 0;
  }
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      st.params = argv.slice(i + 1);
      return 0;
    }
    if (a === '-o' || a === '+o') {
      const opt = argv[++i];
      const on = a === '-o';
      if (opt === undefined) {
        for (const [n, v] of Object.entries({ errexit: st.opts.errexit, ignoreeof: st.opts.ignoreeof, noglob: st.opts.noglob, nounset: st.opts.nounset, xtrace: st.opts.xtrace })) out(sh, 1, `${n.padEnd(15)}\t${v ? 'on' : 'off'}\n`);
        continue;
      }
      if (opt === 'errexit' || opt === 'xtrace' || opt === 'nounset' || opt === 'noglob' || opt === 'ignoreeof') st.opts[opt] = on;
      else if (opt !== 'pipefail' && opt !== 'posix' && opt !== 'vi' && opt !== 'emacs' && opt !== 'monitor') {
        err(sh, `${prefix(st)}set: ${opt}: invalid option name\n`);
        return 1;
      }
      continue;
    }
    if (/^[-+][a-zA-Z]+$/.test(a)) {
      const on = a[0] === '-';
      for (const c of a.slice(1)) {
        if (c === 'e') st.opts.errexit = on;
        else if (c === 'x') st.opts.xtrace = on;
        else if (c === 'u') st.opts.nounset = on;
        else if (c === 'f') st.opts.noglob = on;
        else if (!'mhBCHvbnaT'.includes(c)) {
          err(sh, `${prefix(st)}set: ${a[0]}${c}: invalid option\n`);
          return 2;
        }
      }
      continue;
    }
    st.params = argv.slice(i);
    return 0;
  }
  return 0;
}

function exportCmd(sh: Sh, argv: string[]): number {
  const st = sh.st;
  const args = argv.slice(1).filter((a) => a !== '-p' && a !== '-n');
  if (args.length === 0) {
    for (const n of Object.keys(st.exported).sort()) {
      const v = own(st.vars, n);
      if (st.flavour !== 'bash') out(sh, 1, v === undefined ? `export ${n}\n` : `export ${n}=${q(v)}\n`);
      else out(sh, 1, v === undefined ? `declare -x ${n}\n` : `declare -x ${n}="${v.replace(/(["\\$`])/g, '\\$1')}"\n`);
    }
    return 0;
  }
  let status = 0;
  const unexport = argv.includes('-n');
  for (const a of args) {
    const name = assignWord(sh, a, 'export');
    if (name === null) status = sh.st.flavour === 'dash' ? 2 : 1;
    else if (unexport) delete st.exported[name];
    else st.exported[name] = true;
  }
  return status;
}

function unset(sh: Sh, argv: string[]): number {
  const st = sh.st;
  let funcs = false;
  for (const a of argv.slice(1)) {
    if (a === '-f') funcs = true;
    else if (a === '-v') funcs = false;
    else if (funcs) delete st.funcs[a];
    else {
      delete st.vars[a];
      delete st.exported[a];
      if (!(a in st.vars) && own(st.funcs, a) && st.flavour === 'bash') delete st.funcs[a];
    }
  }
  return 0;
}

function shift(sh: Sh, argv: string[]): number {
  const n = argv[1] === undefined ? 1 : Number(argv[1]);
  if (!Number.isInteger(n) || n < 0) {
    err(sh, `${prefix(sh.st)}shift: ${argv[1]}: numeric argument required\n`);
    return 1;
  }
  if (n > sh.st.params.length) {
    if (sh.st.flavour !== 'bash') {
      err(sh, `${prefix(sh.st)}shift: can't shift that many\n`);
      return 2;
    }
    return 1;
  }
  sh.st.params = sh.st.params.slice(n);
  return 0;
}

function local(sh: Sh, argv: string[]): number {
  const st = sh.st;
  const fr = [...st.stack].reverse().find((f): f is Extract<Frame, { f: 'func' }> => f.f === 'func');
  if (!fr) {
    err(sh, `${prefix(st)}local: can only be used in a function\n`);
    return 1;
  }
  for (const a of argv.slice(1)) {
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(0, eq) : a;
    if (!(name in fr.locals)) fr.locals[name] = own(st.vars, name) ?? null;
    if (eq >= 0) st.vars[name] = a.slice(eq + 1);
    else if (st.flavour === 'bash') st.vars[name] ??= '';
  }
  return 0;
}

function declare(sh: Sh, argv: string[]): number {
  const flags = argv.slice(1).filter((a) => /^[-+][a-zA-Z]+$/.test(a));
  const names = argv.slice(1).filter((a) => !/^[-+][a-zA-Z]+$/.test(a));
  const inFunc = sh.st.stack.some((f) => f.f === 'func');
  if (flags.some((f) => f.includes('x'))) return exportCmd(sh, ['export', ...names]);
  if (inFunc && !flags.some((f) => f.includes('g'))) return local(sh, ['local', ...names]);
  let status = 0;
  for (const a of names) if (assignWord(sh, a, argv[0] as string) === null) status = 1;
  return status;
}

/** read: push a frame that reads one line, blocking for input as needed. */
function read(sh: Sh, argv: string[]): number | Outcome {
  let raw = false;
  let prompt = '';
  const names: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '-r') raw = true;
    else if (a === '-p') prompt = argv[++i] ?? '';
    else if (a === '-s') continue;
    else if (a === '-t' || a === '-n' || a === '-d' || a === '-u') i++;
    else if (/^-[rs]+$/.test(a)) raw = raw || a.includes('r');
    else names.push(a);
  }
  if (prompt && effFds(sh)[0]?.k === 'tty') err(sh, prompt);
  sh.st.stack.push({ f: 'read', names: names.length ? names : ['REPLY'], raw, prompt, fd: 0, buf: '' });
  return readStep(sh);
}

/** Try to finish the read frame on top of the stack. */
export function readStep(sh: Sh): number | Outcome {
  const st = sh.st;
  const fr = st.stack[st.stack.length - 1];
  if (!fr || fr.f !== 'read') return st.last;
  const fds = effFds(sh);
  const r = sh.ul.read(sh.pid, fds, 0);
  fr.buf += r.data;
  let line: string | null = null;
  for (;;) {
    const nl = fr.buf.indexOf('\n');
    if (nl < 0) break;
    const piece = fr.buf.slice(0, nl);
    if (!fr.raw && piece.endsWith('\\')) {
      fr.buf = piece.slice(0, -1) + fr.buf.slice(nl + 1);
      continue;
    }
    line = piece;
    sh.ul.unread(fds, 0, fr.buf.slice(nl + 1));
    break;
  }
  let status = 0;
  if (line === null) {
    if (!r.eof && fds[0]?.k !== 'null' && fds[0]?.k !== 'closed' && fds[0]?.k !== 'file') return { block: 'input' };
    line = fr.buf;
    status = 1;
    if (line === '') {
      for (const n of fr.names) st.vars[n] = '';
      st.stack.pop();
      st.last = 1;
      return 1;
    }
  }
  st.stack.pop();
  if (!fr.raw) line = line.replace(/\\(.)/g, '$1');
  assignFields(sh, fr.names, line);
  st.last = status;
  return status;
}

function assignFields(sh: Sh, names: string[], line: string): void {
  const ifs = sh.st.vars.IFS ?? ' \t\n';
  const ws = ifs.replace(/[^ \t\n]/g, '');
  const isSep = (c: string) => ifs.includes(c);
  let rest = line;
  if (ws) rest = rest.replace(new RegExp(`^[${escapeClass(ws)}]+`), '');
  names.forEach((n, idx) => {
    if (idx === names.length - 1) {
      let v = rest;
      if (ws) v = v.replace(new RegExp(`[${escapeClass(ws)}]+$`), '');
      sh.st.vars[n] = v;
      return;
    }
    let j = 0;
    while (j < rest.length && !isSep(rest[j] ?? '')) j++;
    sh.st.vars[n] = rest.slice(0, j);
    rest = rest.slice(j);
    if (ws) rest = rest.replace(new RegExp(`^[${escapeClass(ws)}]+`), '');
    if (rest && isSep(rest[0] ?? '') && !ws.includes(rest[0] ?? '')) rest = rest.slice(1);
    if (ws) rest = rest.replace(new RegExp(`^[${escapeClass(ws)}]+`), '');
  });
}

function escapeClass(s: string): string {
  return s.replace(/[\]\\^-]/g, '\\$&').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

export const VAR_BUILTINS: Record<string, Builtin> = {
  set: { special: true, run: (sh, a) => set(sh, a) },
  export: { special: true, run: (sh, a) => exportCmd(sh, a) },
  readonly: { special: true, run: (sh, a) => (a.slice(1).forEach((x) => assignWord(sh, x, 'readonly')), 0) },
  unset: { special: true, run: (sh, a) => unset(sh, a) },
  shift: { special: true, run: (sh, a) => shift(sh, a) },
  local: { run: (sh, a) => local(sh, a) },
  declare: { run: (sh, a) => declare(sh, a) },
  typeset: { run: (sh, a) => declare(sh, a) },
  read: { run: (sh, a) => read(sh, a) },
};

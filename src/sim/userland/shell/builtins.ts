/**
 * Shell builtins (XCU 2.14 special builtins; bash(1) "SHELL BUILTIN COMMANDS"):
 * the ones that must run inside the shell (cd, exit, export, read, trap, wait,
 * ...) and the common ones shells build in (echo, printf, test, kill, true).
 *
 * SIMPLIFICATIONS: no getopts, ulimit/umask/times print fixed values; hash and
 * the remembered commands `type` reports are hash.ts's.
 */

import type { FdTable, Outcome } from '../types.ts';
import type { Command } from './ast.ts';
import type { Sh } from './interp.ts';
import { err, out, pushList, exitShell, runText, effFds } from './interp.ts';
import { cdError, cdStatus, prefix } from './messages.ts';
import { echoText, formatPrintf, evalTest, type TestFs } from '../programs/textfmt.ts';
import { absPath, fsChdir, fsLstat, fsRead, fsStat, fsGetcwd } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { parse } from './parser.ts';
import { funcText } from './unparse.ts';
import { VAR_BUILTINS } from './builtins-vars.ts';
import { JOB_BUILTINS } from './builtins-jobs.ts';
import { evalArith, ArithError } from './arith.ts';
import { own } from '../own.ts';
import { hashBuiltin, typeHashed } from './hash.ts';

export interface Builtin {
  /** POSIX special builtin (errors exit a non-interactive shell, assignments persist). */
  special?: boolean;
  run(sh: Sh, argv: string[], fds: FdTable): number | Outcome;
}

const KEYWORDS = ['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'while', 'until', 'do', 'done', 'in', 'function', '{', '}', '!'];

export function testFs(sh: Sh): TestFs {
  const { pid } = sh;
  return {
    stat(p) {
      const r = fsStat(sh.k, pid, absPath(sh.k, pid, p));
      return isErr(r) ? null : r;
    },
    lstat(p) {
      const r = fsLstat(sh.k, pid, absPath(sh.k, pid, p));
      return isErr(r) ? null : r;
    },
    access(p, what) {
      const r = fsStat(sh.k, pid, absPath(sh.k, pid, p));
      if (isErr(r)) return false;
      const proc = sh.k.proc(pid);
      const uid = proc?.cred.euid ?? 0;
      const bit = what === 'r' ? 4 : what === 'w' ? 2 : 1;
      if (uid === 0) return what !== 'x' || (r.mode & 0o111) !== 0 || r.type === 'dir';
      if (uid === r.uid) return ((r.mode >> 6) & bit) !== 0;
      if (proc && (proc.cred.egid === r.gid || proc.cred.groups.includes(r.gid))) return ((r.mode >> 3) & bit) !== 0;
      return (r.mode & bit) !== 0;
    },
    isatty(fd) {
      return effFds(sh)[fd]?.k === 'tty';
    },
  };
}

function test(sh: Sh, args: string[], name: string): number {
  const r = evalTest(args, testFs(sh));
  if (r.error) err(sh, `${prefix(sh.st)}${name}: ${r.error}\n`);
  return r.status;
}

function cd(sh: Sh, argv: string[]): number {
  const st = sh.st;
  const args = argv.slice(1).filter((a, i) => !(i === 0 && (a === '-L' || a === '-P')));
  if (args.length > 1 && st.flavour === 'bash') {
    err(sh, `${prefix(st)}cd: too many arguments\n`);
    return 1;
  }
  let target = args[0];
  let print = false;
  if (target === undefined || target === '') {
    target = st.vars.HOME;
    if (target === undefined) {
      err(sh, `${prefix(st)}cd: HOME not set\n`);
      return 1;
    }
  } else if (target === '-') {
    target = st.vars.OLDPWD;
    if (target === undefined) {
      err(sh, `${prefix(st)}cd: OLDPWD not set\n`);
      return 1;
    }
    print = true;
  }
  const cur = st.vars.PWD ?? fsGetcwd(sh.k, sh.pid);
  const logical = target.startsWith('/') ? target : `${cur === '/' ? '' : cur}/${target}`;
  const abs = normalise(logical);
  const r = fsChdir(sh.k, sh.pid, abs);
  if (isErr(r)) {
    err(sh, cdError(st, target, strerror(r.errno)));
    return cdStatus(st);
  }
  st.vars.OLDPWD = cur;
  st.vars.PWD = abs;
  if (print) out(sh, 1, abs + '\n');
  return 0;
}

function normalise(p: string): string {
  const parts: string[] = [];
  for (const c of p.split('/')) {
    if (!c || c === '.') continue;
    if (c === '..') parts.pop();
    else parts.push(c);
  }
  return '/' + parts.join('/');
}

function exit(sh: Sh, argv: string[]): number {
  const st = sh.st;
  const a = argv[1];
  let code = st.last;
  if (a !== undefined) {
    if (!/^[+-]?[0-9]+$/.test(a)) {
      if (st.interactive && st.flavour === 'bash') err(sh, st.login ? 'logout\n' : 'exit\n');
      err(sh, st.flavour !== 'bash' ? `${prefix(st)}exit: Illegal number: ${a}\n` : `${prefix(st)}exit: ${a}: numeric argument required\n`);
      exitShell(sh, 2);
      return 2;
    }
    code = Number(a) & 255;
  }
  if (st.interactive && st.flavour === 'bash' && !st.subshell) err(sh, st.login ? 'logout\n' : 'exit\n');
  exitShell(sh, code);
  return code;
}

function typeCmd(sh: Sh, argv: string[]): number {
  const st = sh.st;
  let status = 0;
  for (const name of argv.slice(1)) {
    if (own(st.aliases, name) !== undefined) out(sh, 1, `${name} is aliased to \`${own(st.aliases, name)}'\n`);
    else if (KEYWORDS.includes(name)) out(sh, 1, `${name} is a shell keyword\n`);
    else if (own(st.funcs, name)) out(sh, 1, st.flavour !== 'bash' ? `${name} is a function\n` : `${name} is a function\n${funcText(name, own(st.funcs, name) as Command)}\n`);
    else if (own(BUILTINS, name)) out(sh, 1, `${name} is a ${own(BUILTINS, name)?.special && st.flavour !== 'bash' ? 'special ' : ''}shell builtin\n`);
    else {
      const hashed = typeHashed(st, name);
      if (hashed !== null) {
        out(sh, 1, hashed);
        continue;
      }
      const w = sh.ul.which(sh.pid, name);
      if ('path' in w) out(sh, 1, `${name} is ${w.path}\n`);
      else {
        err(sh, st.flavour !== 'bash' ? `${name}: not found\n` : `${prefix(st)}type: ${name}: not found\n`);
        status = 1;
      }
    }
  }
  return status;
}

function command(sh: Sh, argv: string[], fds: FdTable): number | Outcome {
  const st = sh.st;
  const a = argv.slice(1);
  if (a[0] === '-v' || a[0] === '-V') {
    let status = 0;
    for (const name of a.slice(1)) {
      if (own(st.funcs, name) || own(BUILTINS, name) || KEYWORDS.includes(name)) out(sh, 1, a[0] === '-v' ? `${name}\n` : `${name} is a shell builtin\n`);
      else if (own(st.aliases, name) !== undefined) out(sh, 1, `alias ${name}='${own(st.aliases, name)}'\n`);
      else {
        const w = sh.ul.which(sh.pid, name);
        if ('path' in w) out(sh, 1, a[0] === '-v' ? `${w.path}\n` : `${name} is ${w.path}\n`);
        else status = 1;
      }
    }
    return status;
  }
  if (!a.length) return 0;
  const b = BUILTINS[a[0] as string];
  if (b) return b.run(sh, a, fds);
  return runExt(sh, a, fds);
}

function runExt(sh: Sh, argv: string[], fds: FdTable): number | Outcome {
  // Late import cycle-free: simple.ts imports this module.
  const r = sh.ext(argv, fds);
  return r ?? sh.st.last;
}

function source(sh: Sh, argv: string[]): number {
  const st = sh.st;
  const file = argv[1];
  if (file === undefined) {
    err(sh, `${prefix(st)}${argv[0]}: filename argument required\n`);
    return 2;
  }
  let path = file;
  if (!file.includes('/')) {
    for (const d of (st.vars.PATH ?? '').split(':')) {
      const cand = absPath(sh.k, sh.pid, `${d || '.'}/${file}`);
      const s = fsStat(sh.k, sh.pid, cand);
      if (!isErr(s) && s.type === 'file') {
        path = cand;
        break;
      }
    }
  }
  const text = fsRead(sh.k, sh.pid, absPath(sh.k, sh.pid, path));
  if (isErr(text)) {
    if (st.flavour !== 'bash') {
      err(sh, `${prefix(st)}${argv[0]}: can't open '${file}': ${strerror(text.errno)}\n`);
      if (!st.interactive) exitShell(sh, 2);
      return 2;
    }
    err(sh, `${prefix(st)}${file}: ${strerror(text.errno)}\n`);
    return 1;
  }
  const r = parse(text);
  if (!r.ok) {
    err(sh, `${prefix(st)}${file}: syntax error\n`);
    return 2;
  }
  const saved = argv.length > 2 ? st.params : null;
  st.stack.push({ f: 'dot', params: saved });
  if (argv.length > 2) st.params = argv.slice(2);
  pushList(st, r.list);
  return st.last;
}

function evalCmd(sh: Sh, argv: string[]): number {
  const text = argv.slice(1).join(' ');
  if (!text.trim()) return 0;
  runText(sh, text, false);
  return sh.st.last;
}

function exec(sh: Sh, argv: string[], fds: FdTable): number | Outcome {
  const st = sh.st;
  if (argv.length === 1) {
    // Permanent redirections: drop the frame that would undo them.
    const top = st.stack[st.stack.length - 1];
    if (top?.f === 'redir') st.stack.pop();
    st.fds = fds;
    return 0;
  }
  const a = argv.slice(1);
  const w = sh.ul.which(sh.pid, a[0] as string);
  if ('error' in w) {
    err(sh, w.error === 'ENOENT' ? (st.flavour !== 'bash' ? `${prefix(st)}exec: ${a[0]}: not found\n` : `${prefix(st)}exec: ${a[0]}: not found\n`) : `${prefix(st)}${a[0]}: Permission denied\n`);
    if (!st.interactive) exitShell(sh, w.error === 'ENOENT' ? 127 : 126);
    return w.error === 'ENOENT' ? 127 : 126;
  }
  sh.ul.setFds(sh.pid, fds);
  const env: Record<string, string> = {};
  for (const n of Object.keys(st.exported)) if (own(st.vars, n) !== undefined) env[n] = own(st.vars, n) as string;
  return { exec: { path: w.path, argv: a, env } };
}

function letCmd(sh: Sh, argv: string[]): number {
  let v = 0;
  try {
    for (const e of argv.slice(1))
      v = evalArith(e, {
        get: (n) => own(sh.st.vars, n),
        set: (n, x) => {
          sh.st.vars[n] = x;
        },
      });
  } catch (e) {
    if (e instanceof ArithError) {
      err(sh, `${prefix(sh.st)}let: ${e.msg}\n`);
      return 1;
    }
    throw e;
  }
  return v === 0 ? 1 : 0;
}

function loopCtl(sh: Sh, argv: string[], kind: 'break' | 'continue'): number {
  const n = argv[1] === undefined ? 1 : Number(argv[1]);
  if (!Number.isInteger(n) || n < 1) {
    err(sh, `${prefix(sh.st)}${kind}: ${argv[1]}: loop count out of range\n`);
    return 1;
  }
  const inLoop = sh.st.stack.some((f) => f.f === 'loop' || f.f === 'for');
  if (!inLoop) {
    if (sh.st.flavour === 'bash') err(sh, `${prefix(sh.st)}${kind}: only meaningful in a \`for', \`while', or \`until' loop\n`);
    return 0;
  }
  sh.st.ctl = { kind, n };
  return 0;
}

function ret(sh: Sh, argv: string[]): number {
  const n = argv[1] === undefined ? sh.st.last : Number(argv[1]) & 255;
  if (!sh.st.stack.some((f) => f.f === 'func' || f.f === 'dot')) {
    if (sh.st.oneshot || sh.st.subshell) {
      if (sh.st.flavour === 'bash') {
        err(sh, `${prefix(sh.st)}return: can only \`return' from a function or sourced script\n`);
        return 2;
      }
      exitShell(sh, n);
      return n;
    }
    err(sh, `${prefix(sh.st)}return: can only \`return' from a function or sourced script\n`);
    return 2;
  }
  sh.st.ctl = { kind: 'return', n };
  return n;
}

function pwd(sh: Sh): number {
  const p = sh.st.vars.PWD;
  const cwd = fsGetcwd(sh.k, sh.pid);
  out(sh, 1, `${p && normalise(p) === p ? p : cwd}\n`);
  return 0;
}

function alias(sh: Sh, argv: string[]): number {
  const st = sh.st;
  if (argv.length === 1) {
    for (const [n, v] of Object.entries(st.aliases).sort()) out(sh, 1, `alias ${n}='${v}'\n`);
    return 0;
  }
  let status = 0;
  for (const a of argv.slice(1)) {
    const eq = a.indexOf('=');
    if (eq > 0) st.aliases[a.slice(0, eq)] = a.slice(eq + 1);
    else if (own(st.aliases, a) !== undefined) out(sh, 1, `alias ${a}='${own(st.aliases, a)}'\n`);
    else {
      err(sh, `${prefix(st)}alias: ${a}: not found\n`);
      status = 1;
    }
  }
  return status;
}

function history(sh: Sh): number {
  sh.st.history.forEach((h, i) => out(sh, 1, `${String(i + 1).padStart(5)}  ${h}\n`));
  return 0;
}

export const BUILTINS: Record<string, Builtin> = {
  ':': { special: true, run: () => 0 },
  true: { run: () => 0 },
  false: { run: () => 1 },
  echo: { run: (sh, a) => (out(sh, 1, echoText(a.slice(1))), 0) },
  printf: {
    run(sh, a) {
      if (a.length < 2) {
        err(sh, sh.st.flavour !== 'bash' ? `${prefix(sh.st)}printf: usage: printf FORMAT [ARGUMENT...]\n` : `${prefix(sh.st)}printf: usage: printf [-v var] format [arguments]\n`);
        return 2;
      }
      const r = formatPrintf(a[1] as string, a.slice(2));
      out(sh, 1, r.out);
      for (const b of r.badNumbers) err(sh, `${prefix(sh.st)}printf: ${b}: invalid number\n`);
      return r.badNumbers.length ? 1 : 0;
    },
  },
  test: { run: (sh, a) => test(sh, a.slice(1), 'test') },
  '[': {
    run(sh, a) {
      if (a[a.length - 1] !== ']') {
        err(sh, `${prefix(sh.st)}[: missing \`]'\n`);
        return 2;
      }
      return test(sh, a.slice(1, -1), '[');
    },
  },
  cd: { run: (sh, a) => cd(sh, a) },
  pwd: { run: (sh) => pwd(sh) },
  exit: { special: true, run: (sh, a) => exit(sh, a) },
  logout: {
    run(sh, a) {
      if (!sh.st.login) {
        err(sh, `${prefix(sh.st)}logout: not login shell: use \`exit'\n`);
        return 1;
      }
      return exit(sh, a);
    },
  },
  return: { special: true, run: (sh, a) => ret(sh, a) },
  break: { special: true, run: (sh, a) => loopCtl(sh, a, 'break') },
  continue: { special: true, run: (sh, a) => loopCtl(sh, a, 'continue') },
  type: { run: (sh, a) => typeCmd(sh, a) },
  command: { run: (sh, a, fds) => command(sh, a, fds) },
  '.': { special: true, run: (sh, a) => source(sh, a) },
  source: { run: (sh, a) => source(sh, a) },
  eval: { special: true, run: (sh, a) => evalCmd(sh, a) },
  exec: { special: true, run: (sh, a, fds) => exec(sh, a, fds) },
  let: { run: (sh, a) => letCmd(sh, a) },
  alias: { run: (sh, a) => alias(sh, a) },
  unalias: {
    run(sh, a) {
      for (const n of a.slice(1)) delete sh.st.aliases[n];
      return 0;
    },
  },
  hash: { run: (sh, a) => hashBuiltin(sh, a, (n) => own(sh.st.funcs, n) !== undefined || own(BUILTINS, n) !== undefined) },
  history: { run: (sh) => history(sh) },
  umask: { run: (sh, a) => (a.length === 1 ? (out(sh, 1, '0022\n'), 0) : 0) },
  ulimit: { run: (sh) => (out(sh, 1, 'unlimited\n'), 0) },
  times: { special: true, run: (sh) => (out(sh, 1, '0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n'), 0) },
  ...VAR_BUILTINS,
  ...JOB_BUILTINS,
};

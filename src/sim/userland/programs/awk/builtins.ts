/**
 * awk's builtin functions (POSIX awk "String Functions" and "Arithmetic
 * Functions"): length, substr, index, split, sub, gsub, match, sprintf,
 * tolower, toupper, int, sqrt, exp, log, sin, cos, atan2, rand, srand, close.
 * SIMPLIFICATIONS: rand() is a small deterministic generator seeded from the
 * virtual clock (mawk seeds from the time of day); system() and fflush() are
 * not simulated (system reports so and returns -1).
 */

import type { Expr, LValue } from './ast.ts';
import { sprintf, strnum, toNum, type Val } from './format.ts';
import { RunError, type Interp } from './interp.ts';

const isLv = (e: Expr | undefined): e is LValue => !!e && (e.t === 'var' || e.t === 'field' || e.t === 'idx');

/** Expand a sub/gsub replacement: & is the match, \& a literal &. */
function replText(repl: string, m: string): string {
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i];
    if (c === '\\' && (repl[i + 1] === '&' || repl[i + 1] === '\\')) {
      out += repl[++i];
    } else if (c === '&') out += m;
    else out += c;
  }
  return out;
}

function subst(it: Interp, args: Expr[], global: boolean): number {
  const [reE, replE, targetE] = args;
  if (!reE || !replE) throw new RunError(`wrong number of arguments in call to ${global ? 'gsub' : 'sub'}`);
  const target: LValue = isLv(targetE) ? targetE : { t: 'field', e: { t: 'num', v: 0 } };
  const re = it.regex(reE);
  const repl = it.str(it.eval(replE));
  const s = it.str(it.get(target));
  let out = '';
  let last = 0;
  let n = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out += s.slice(last, m.index) + replText(repl, m[0]);
    last = m.index + m[0].length;
    n++;
    if (!global) break;
    if (m[0] === '') {
      if (m.index < s.length) out += s[m.index];
      last = m.index + 1;
      re.lastIndex = m.index + 1;
      if (re.lastIndex > s.length) break;
    }
  }
  if (n) it.set(target, out + s.slice(last));
  return n;
}

export function callBuiltin(it: Interp, name: string, args: Expr[], vals?: Val[]): Val {
  const v = (i: number): Val => (vals ? vals[i] : args[i] ? it.eval(args[i] as Expr) : undefined);
  const s = (i: number) => it.str(v(i));
  const n = (i: number) => toNum(v(i));
  switch (name) {
    case 'length': {
      const a = args[0];
      if (!a) return (it.fields[0] as string).length;
      if (a.t === 'var') {
        const sc = it.frames[it.frames.length - 1]?.get(a.name) ?? it.g.get(a.name);
        if (sc instanceof Map) return sc.size;
      }
      return s(0).length;
    }
    case 'substr': {
      // mawk 1.3.4-20200120: truncate, and a start before 1 lengthens the piece (substr(s, -1, 3) is 4 characters);
      // busybox: clamp the start to 1.
      const str = s(0);
      const toI = (x: number) => (Number.isNaN(x) ? 0 : Math.max(-2147483647, Math.min(2147483647, Math.trunc(x))));
      let i = toI(n(1)) - 1;
      let len = args.length > 2 ? toI(n(2)) : 2147483647;
      if (i > str.length) len = 0;
      if (i < 0) {
        if (!it.io.bb) len -= i + 1;
        i = 0;
      }
      return len > 0 ? str.slice(i, i + len) : '';
    }
    case 'index':
      return s(0).indexOf(s(1)) + 1;
    case 'split': {
      const str = s(0);
      const target = args[1];
      if (!target || target.t !== 'var') throw new RunError('split: second argument must be an array');
      const arr = it.arr(target.name);
      arr.clear();
      const sep = args[2];
      let parts: string[];
      if (!sep) parts = it.split(str, it.gs('FS'));
      else if (sep.t === 're') parts = str === '' ? [] : str.split(it.regex(sep));
      else parts = it.split(str, it.str(it.eval(sep)));
      parts.forEach((p, i) => arr.set(String(i + 1), strnum(p)));
      return parts.length;
    }
    case 'sub':
    case 'gsub':
      return subst(it, args, name === 'gsub');
    case 'match': {
      const str = s(0);
      const re = it.regex(args[1] as Expr);
      const m = re.exec(str);
      it.g.set('RSTART', m ? m.index + 1 : 0);
      it.g.set('RLENGTH', m ? m[0].length : -1);
      return m ? m.index + 1 : 0;
    }
    case 'sprintf': {
      const all = vals ?? args.map((a) => it.eval(a));
      if (!all.length) throw new RunError('sprintf: no format');
      const fmt = it.str(all[0]);
      const specs = [...fmt.matchAll(/%(%|[-+ #0]*(?:\*|[0-9]+)?(?:\.(?:\*|[0-9]*))?[a-zA-Z])/g)].filter((m) => m[1] !== '%');
      const missing = specs[all.length - 1];
      if (!it.io.bb && missing) {
        // mawk prints what it formatted before the conversion that has no argument.
        if (vals) it.io.out(sprintf(fmt.slice(0, missing.index), all.slice(1), it.io.maxInt, it.gs('CONVFMT')));
        throw new RunError(`not enough arguments passed to ${vals ? 'printf' : 'sprintf'}("${fmt}")`);
      }
      return sprintf(fmt, all.slice(1), it.io.maxInt, it.gs('CONVFMT'));
    }
    case 'tolower':
      return s(0).toLowerCase();
    case 'toupper':
      return s(0).toUpperCase();
    case 'int':
      return Math.trunc(n(0));
    case 'sqrt':
      return Math.sqrt(n(0));
    case 'exp':
      return Math.exp(n(0));
    case 'log':
      return Math.log(n(0));
    case 'sin':
      return Math.sin(n(0));
    case 'cos':
      return Math.cos(n(0));
    case 'atan2':
      return Math.atan2(n(0), n(1));
    case 'rand': {
      it.randState = (Math.imul(it.randState, 1103515245) + 12345) >>> 0;
      return it.randState / 4294967296;
    }
    case 'srand': {
      const prev = it.randSeed;
      it.randSeed = args.length ? Math.trunc(n(0)) : it.io.seed;
      it.randState = it.randSeed >>> 0;
      return prev;
    }
    case 'close':
      return it.close(s(0));
    case 'fflush':
      return 0;
    case 'system':
      it.io.err(`awk: system() is not simulated\n`);
      return -1;
  }
  throw new RunError(`function ${name} never defined`);
}

/**
 * awk statements (POSIX awk "Actions"): print and printf (with OFS, ORS and
 * OFMT for numbers), if/else, while, do, for, for-in (in mawk's hash order,
 * see order.ts), blocks, next, exit, return, break, continue, delete; the
 * control transfers are thrown as small marker objects.
 */

import type { Stmt } from './ast.ts';
import { numToStr, strnum, toNum, type Val } from './format.ts';
import { callBuiltin } from './builtins.ts';
import type { Interp } from './interp.ts';
import { mawkOrder } from './order.ts';

export class Next {}
export class Exit {
  constructor(public code: number) {}
}
export class Return {
  constructor(public v: Val) {}
}
class Break {}
class Continue {}

export function execStmt(it: Interp, s: Stmt): void {
  switch (s.t) {
    case 'expr':
      it.eval(s.e);
      return;
    case 'print': {
      const fmt = it.gs('OFMT');
      const parts = s.args.length ? s.args.map((a) => it.eval(a)) : [strnum(it.fields[0] as string)];
      const text = parts.map((v) => (typeof v === 'number' ? numToStr(v, fmt, it.io.maxInt) : it.str(v))).join(it.gs('OFS')) + it.gs('ORS');
      return it.output(text, s.redir);
    }
    case 'printf': {
      const [f, ...rest] = s.args.map((a) => it.eval(a));
      return it.output(callBuiltin(it, 'sprintf', [], [f, ...rest]) as string, s.redir);
    }
    case 'if':
      if (it.cond(s.c)) execStmt(it, s.a);
      else if (s.b) execStmt(it, s.b);
      return;
    case 'while':
    case 'do':
    case 'for': {
      if (s.t === 'for' && s.init) it.eval(s.init);
      if (s.t === 'do') {
        if (loopBody(it, s.body)) return;
      }
      while (s.t === 'for' ? !s.c || it.cond(s.c) : it.cond(s.c)) {
        if (loopBody(it, s.body)) return;
        if (s.t === 'for' && s.step) it.eval(s.step);
      }
      return;
    }
    case 'forin': {
      const all = [...it.arr(s.arr).keys()];
      for (const k of it.io.bb ? all : mawkOrder(all)) {
        if (!it.arr(s.arr).has(k)) continue;
        it.set({ t: 'var', name: s.v }, strnum(k));
        if (loopBody(it, s.body)) return;
      }
      return;
    }
    case 'block':
      return it.exec(s.body);
    case 'next':
      throw new Next();
    case 'exit':
      throw new Exit(s.e ? Math.trunc(toNum(it.eval(s.e))) & 255 : -1);
    case 'return':
      throw new Return(s.e ? it.eval(s.e) : undefined);
    case 'break':
      throw new Break();
    case 'continue':
      throw new Continue();
    case 'delete': {
      const a = it.arr(s.name);
      if (s.keys) a.delete(it.key(s.keys));
      else a.clear();
      return;
    }
  }
}


/** Run a loop body; true when a break ended the loop. */
function loopBody(it: Interp, b: Stmt): boolean {
  try {
    execStmt(it, b);
  } catch (x) {
    if (x instanceof Break) return true;
    if (x instanceof Continue) return false;
    throw x;
  }
  return false;
}

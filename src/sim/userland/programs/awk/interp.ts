/**
 * Running an awk program (POSIX awk "Overall Program Structure"): BEGIN,
 * then each record of each input (files, `var=value` operands, stdin) through
 * the pattern-action rules (range patterns too), then END; fields split by FS
 * (" " = runs of blanks, one other character literally, else an ERE), $0
 * rebuilt with OFS when a field or NF is assigned; variables, associative
 * arrays (SUBSEP for multiple subscripts), user functions with local
 * parameters and arrays by reference; print/printf to stdout or to files
 * (`>` truncates once, `>>` appends).
 * SIMPLIFICATIONS: `for (k in a)` visits keys in mawk's hash order (the bucket
 * order of its FNV-1a table; within a bucket newest first, without mawk's
 * move-to-front on lookup) and in insertion order for busybox;
 * `print | "cmd"` collects the text and runs each command once the program
 * ends (close() does not run it earlier); no `cmd | getline`, no system().
 */

import type { AwkProgram, Expr, LValue, Stmt } from './ast.ts';
import { isNumeric, numToStr, strnum, toNum, toStr, type Val } from './format.ts';
import { callBuiltin } from './builtins.ts';
import { execStmt, Return } from './exec.ts';

export { Next, Exit } from './exec.ts';
import { posixToJs } from '../posix-re.ts';

export type Arr = Map<string, Val>;
type Slot = Val | Arr;

export interface AwkIo {
  out(s: string): void;
  err(s: string): void;
  /** Write to a file (`>`: truncate on first use). Returns an error text or null. */
  file(name: string, data: string, append: boolean): string | null;
  /** The text of an input operand, or an error text. */
  read(name: string): { text: string } | { error: string };
  env: Record<string, string>;
  /** Integers up to this print as %d (mawk: 2^31-1). */
  maxInt: number;
  seed: number;
  /** busybox awk rather than mawk (substr and printf differences). */
  bb: boolean;
  /** The next main-input record (getline), or null at the end. */
  nextRecord(): string | null;
}

export class RunError {
  constructor(public msg: string) {}
}

export class Interp {
  g = new Map<string, Slot>();
  frames: Array<Map<string, Slot>> = [];
  fields: string[] = [''];
  private reCache = new Map<string, RegExp>();
  private opened = new Set<string>();
  /** Output piped to commands (`print | "sort"`): command → text, run when the program ends. */
  pipes = new Map<string, string>();
  private inRange: boolean[] = [];
  randSeed: number;
  randState: number;

  constructor(
    public prog: AwkProgram,
    public io: AwkIo,
  ) {
    for (const [k, v] of Object.entries({ FS: ' ', OFS: ' ', ORS: '\n', RS: '\n', SUBSEP: '\x1c', CONVFMT: '%.6g', OFMT: '%.6g', NR: 0, NF: 0, FNR: 0, FILENAME: '', RSTART: 0, RLENGTH: -1 })) this.g.set(k, v);
    const env: Arr = new Map();
    for (const [k, v] of Object.entries(io.env)) env.set(k, strnum(v));
    this.g.set('ENVIRON', env);
    this.randSeed = io.seed;
    this.randState = io.seed;
  }

  str(v: Val): string {
    return toStr(v, this.gs('CONVFMT'), this.io.maxInt);
  }
  /** A special variable's string value (CONVFMT itself must not go through CONVFMT). */
  gs(name: string): string {
    const v = this.g.get(name);
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return numToStr(v, '%.6g', this.io.maxInt);
    return v === undefined || v instanceof Map ? '' : v.sn;
  }

  regex(e: Expr | Val): RegExp {
    const src = e !== undefined && typeof e === 'object' && 't' in e ? (e.t === 're' ? e.src : this.str(this.eval(e))) : this.str(e as Val);
    let r = this.reCache.get(src);
    if (!r) {
      const t = posixToJs(src, true);
      if ('error' in t) throw new RunError(`regular expression compile failed (${t.error.toLowerCase()})\n${src}`);
      r = new RegExp(t.src, 'g');
      this.reCache.set(src, r);
    }
    r.lastIndex = 0;
    return r;
  }

  // ---- records and fields ----
  setRecord(s: string): void {
    this.fields = [s, ...this.split(s, this.gs('FS'))];
    this.g.set('NF', this.fields.length - 1);
  }

  split(s: string, fs: string): string[] {
    if (s === '') return [];
    if (fs === ' ') return s.replace(/^[ \t\n]+|[ \t\n]+$/g, '').split(/[ \t\n]+/).filter((x, i, a) => x !== '' || a.length > 1);
    if (this.gs('RS') === '' && fs.length === 1) return s.split(new RegExp(`[${fs === '\\' ? '\\\\' : fs.replace(/[\]^-]/g, '\\$&')}\\n]`));
    if (fs.length === 1 && fs !== '\\') return s.split(fs);
    return s.split(this.regex(fs));
  }

  private rebuild(): void {
    this.fields[0] = this.fields.slice(1).join(this.gs('OFS'));
  }

  getField(i: number): Val {
    if (i < 0) throw new RunError(`negative field index $${i}`);
    if (i === 0) return strnum(this.fields[0] as string);
    const f = this.fields[i];
    return f === undefined ? undefined : strnum(f);
  }

  setField(i: number, v: string): void {
    if (i === 0) return this.setRecord(v);
    while (this.fields.length <= i) this.fields.push('');
    this.fields[i] = v;
    this.g.set('NF', this.fields.length - 1);
    this.rebuild();
  }

  // ---- variables ----
  private scope(name: string): Map<string, Slot> {
    const f = this.frames[this.frames.length - 1];
    return f && f.has(name) ? f : this.g;
  }

  arr(name: string): Arr {
    const sc = this.scope(name);
    const cur = sc.get(name);
    if (cur instanceof Map) return cur;
    if (cur !== undefined) throw new RunError(`can't use scalar ${name} as array`);
    const a: Arr = new Map();
    sc.set(name, a);
    return a;
  }

  key(keys: Expr[]): string {
    return keys.map((k) => this.str(this.eval(k))).join(this.gs('SUBSEP'));
  }

  get(l: LValue): Val {
    if (l.t === 'field') return this.getField(Math.trunc(toNum(this.eval(l.e))));
    if (l.t === 'idx') {
      const a = this.arr(l.name);
      const k = this.key(l.keys);
      if (!a.has(k)) a.set(k, undefined);
      return a.get(k);
    }
    const v = this.scope(l.name).get(l.name);
    if (v instanceof Map) throw new RunError(`can't use array ${l.name} in scalar context`);
    return v;
  }

  set(l: LValue, v: Val): Val {
    if (l.t === 'field') {
      this.setField(Math.trunc(toNum(this.eval(l.e))), this.str(v));
      return v;
    }
    if (l.t === 'idx') {
      this.arr(l.name).set(this.key(l.keys), v);
      return v;
    }
    this.scope(l.name).set(l.name, v);
    if (l.name === 'NF' && this.scope(l.name) === this.g) {
      const n = Math.max(0, Math.trunc(toNum(v)));
      this.fields.length = Math.min(this.fields.length, n + 1);
      while (this.fields.length <= n) this.fields.push('');
      this.rebuild();
    }
    return v;
  }

  // ---- expressions ----
  truthy(v: Val): boolean {
    if (typeof v === 'number') return v !== 0;
    if (v === undefined) return false;
    if (typeof v === 'string') return v !== '';
    return isNumeric(v) ? toNum(v) !== 0 : v.sn !== '';
  }

  cond(e: Expr): boolean {
    return e.t === 're' ? this.regex(e).test(this.fields[0] as string) : this.truthy(this.eval(e));
  }

  eval(e: Expr): Val {
    switch (e.t) {
      case 'num':
        return e.v;
      case 'str':
        return e.v;
      case 're':
        return this.regex(e).test(this.fields[0] as string) ? 1 : 0;
      case 'var':
      case 'field':
      case 'idx':
        return this.get(e);
      case 'group':
        return this.eval(e.items[e.items.length - 1] as Expr);
      case 'assign': {
        if (e.op === '=') return this.set(e.l, this.copy(this.eval(e.r)));
        const r = toNum(this.eval(e.r));
        return this.set(e.l, arith(e.op.slice(0, -1), toNum(this.get(e.l)), r));
      }
      case 'cond':
        return this.cond(e.c) ? this.eval(e.a) : this.eval(e.b);
      case 'un':
        if (e.op === '!') return this.cond(e.e) ? 0 : 1;
        return e.op === '-' ? -toNum(this.eval(e.e)) : toNum(this.eval(e.e));
      case 'incdec': {
        const old = toNum(this.get(e.l));
        const nv = e.op === '++' ? old + 1 : old - 1;
        this.set(e.l, nv);
        return e.pre ? nv : old;
      }
      case 'in':
        return this.arr(e.name).has(this.key(e.keys)) ? 1 : 0;
      case 'call':
        return this.call(e.name, e.args);
      case 'builtin':
        return callBuiltin(this, e.name, e.args);
      case 'bin':
        return this.binary(e.op, e.a, e.b);
      case 'getline':
        return this.getline(e.l, e.file);
    }
  }

  private files = new Map<string, string[]>();

  /** getline: 1 read, 0 end of input, -1 cannot open. */
  private getline(l: LValue | undefined, file: Expr | undefined): number {
    let rec: string | null;
    if (file) {
      const name = this.str(this.eval(file));
      let recs = this.files.get(name);
      if (!recs) {
        const r = this.io.read(name);
        if ('error' in r) return -1;
        recs = r.text === '' ? [] : (r.text.endsWith('\n') ? r.text.slice(0, -1) : r.text).split('\n');
        this.files.set(name, recs);
      }
      rec = recs.shift() ?? null;
    } else {
      rec = this.io.nextRecord();
      if (rec !== null) {
        this.g.set('NR', toNum(this.g.get('NR') as Val) + 1);
        this.g.set('FNR', toNum(this.g.get('FNR') as Val) + 1);
      }
    }
    if (rec === null) return 0;
    if (l) this.set(l, strnum(rec));
    else this.setRecord(rec);
    return 1;
  }

  /** Values are immutable except strnum objects, which are fine to share. */
  private copy(v: Val): Val {
    return v;
  }

  private binary(op: string, a: Expr, b: Expr): Val {
    switch (op) {
      case '&&':
        return this.cond(a) && this.cond(b) ? 1 : 0;
      case '||':
        return this.cond(a) || this.cond(b) ? 1 : 0;
      case 'concat':
        return this.str(this.eval(a)) + this.str(this.eval(b));
      case '~':
      case '!~': {
        const s = this.str(this.eval(a));
        const hit = this.regex(b).test(s);
        return hit === (op === '~') ? 1 : 0;
      }
      case '<':
      case '<=':
      case '>':
      case '>=':
      case '==':
      case '!=': {
        const x = this.eval(a);
        const y = this.eval(b);
        let c: number;
        if (isNumeric(x) && isNumeric(y)) c = toNum(x) - toNum(y);
        else {
          const s = this.str(x);
          const t = this.str(y);
          c = s < t ? -1 : s > t ? 1 : 0;
        }
        const r = op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '==' ? c === 0 : c !== 0;
        return r ? 1 : 0;
      }
      default:
        return arith(op, toNum(this.eval(a)), toNum(this.eval(b)));
    }
  }

  private call(name: string, args: Expr[]): Val {
    const f = this.prog.funcs[name];
    if (!f) throw new RunError(`function ${name} never defined`);
    const frame = new Map<string, Slot>();
    f.params.forEach((p, i) => {
      const a = args[i];
      if (!a) frame.set(p, undefined);
      else if (a.t === 'var' && (this.scope(a.name).get(a.name) instanceof Map || (usesAsArray(f.body, p) && this.scope(a.name).get(a.name) === undefined))) frame.set(p, this.arr(a.name));
      else frame.set(p, this.eval(a));
    });
    if (this.frames.length > 1000) throw new RunError('function call nesting too deep');
    this.frames.push(frame);
    try {
      this.exec(f.body);
    } catch (x) {
      if (x instanceof Return) return x.v;
      throw x;
    } finally {
      this.frames.pop();
    }
    return undefined;
  }

  // ---- statements ----
  exec(body: Stmt[]): void {
    for (const s of body) execStmt(this, s);
  }

  /** Text printed or printf'd: to stdout, a file (`>` truncates once, `>>` appends) or a command's pipe. */
  output(text: string, redir?: { op: string; e: Expr }): void {
    if (!redir) return this.io.out(text);
    const name = this.str(this.eval(redir.e));
    if (redir.op === '|') {
      this.pipes.set(name, (this.pipes.get(name) ?? '') + text);
      return;
    }
    if (name === '/dev/stdout' || name === '-') return this.io.out(text);
    if (name === '/dev/stderr') return this.io.err(text);
    const append = redir.op === '>>' || this.opened.has(name);
    this.opened.add(name);
    const e = this.io.file(name, text, append);
    if (e) throw new RunError(`cannot open "${name}" for output`);
  }

  close(name: string): number {
    const was = this.opened.delete(name) || this.files.delete(name) || this.pipes.has(name);
    return was ? 0 : -1;
  }

  /** Run the main rules on the current record. */
  record(): void {
    this.prog.rules.forEach((r, i) => {
      let hit: boolean;
      if (r.end && r.pattern) {
        if (this.inRange[i]) {
          hit = true;
          if (this.cond(r.end)) this.inRange[i] = false;
        } else if (this.cond(r.pattern)) {
          hit = true;
          this.inRange[i] = !this.cond(r.end);
        } else hit = false;
      } else hit = !r.pattern || this.cond(r.pattern);
      if (!hit) return;
      if (r.body) this.exec(r.body);
      else this.io.out(this.fields[0] + this.gs('ORS'));
    });
  }
}

export function arith(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '^':
      return a ** b;
  }
  return 0;
}

function usesAsArray(body: Stmt[], p: string): boolean {
  const j = JSON.stringify(body);
  return j.includes(`"name":"${p}","keys"`) || j.includes(`"arr":"${p}"`) || j.includes(`"t":"delete","name":"${p}"`) || new RegExp(`"t":"in","keys":.*?"name":"${p}"`).test(j) || new RegExp(`"name":"split","args":\\[[^\\]]*?\\{"t":"var","name":"${p}"\\}`).test(j);
}

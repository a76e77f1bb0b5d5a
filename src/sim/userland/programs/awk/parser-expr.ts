/**
 * awk expressions (POSIX awk "Expressions in awk"): the precedence climb from
 * assignment and ?: down to $ and grouping, concatenation by juxtaposition,
 * `>` read as print's redirection where print's arguments are parsed, `in`
 * with parenthesised subscript lists, getline; the token helpers and mawk's
 * error texts shared with the statement parser (parser.ts).
 * SIMPLIFICATIONS: no `cmd | getline`.
 */

import type { Expr, LValue } from './ast.ts';
import type { Tok } from './lexer.ts';

export class AwkSyntaxError {
  constructor(
    public line: number,
    public msg: string,
  ) {}
}

const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '%=', '^=']);
export const isLv = (e: Expr): e is LValue => e.t === 'var' || e.t === 'field' || e.t === 'idx';

export class ExprParser {
  protected i = 0;
  protected depth = 0;
  protected noGt = 0;
  constructor(protected toks: Tok[]) {}

  protected get tok(): Tok {
    return this.toks[this.i] as Tok;
  }
  protected is(v: string, k: Tok['k'] = 'op'): boolean {
    return this.tok.k === k && this.tok.v === v;
  }
  protected fail(): never {
    const t = this.tok;
    if (t.k === 'eof' && this.depth > 0) throw new AwkSyntaxError(t.line + 1, 'missing } near end of file');
    if (t.k === 'op' && t.v === '}' && this.depth === 0) throw new AwkSyntaxError(t.line, "extra '}'");
    const near = t.k === 'nl' ? 'end of line' : t.k === 'str' ? `"${t.v}"` : t.k === 'ere' ? `/${t.v}/` : t.v;
    throw new AwkSyntaxError(t.line, `syntax error at or near ${near}`);
  }
  protected eat(v: string, k: Tok['k'] = 'op'): Tok {
    if (!this.is(v, k)) this.fail();
    return this.toks[this.i++] as Tok;
  }
  protected nls(): void {
    while (this.tok.k === 'nl') this.i++;
  }
  protected terms(): void {
    while (this.tok.k === 'nl' || this.is(';')) this.i++;
  }


  protected exprList(close: string | null): Expr[] {
    const out: Expr[] = [];
    if (close && this.is(close)) {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.expr());
      if (this.is(',')) {
        this.i++;
        this.nls();
        continue;
      }
      if (close) this.eat(close);
      return out;
    }
  }

  /** An argument or subscript list: `>` is a comparison again inside it. */
  private list(close: string): Expr[] {
    const gt = this.noGt;
    this.noGt = 0;
    const r = this.exprList(close);
    this.noGt = gt;
    return r;
  }

  expr(): Expr {
    const l = this.ternary();
    if (this.tok.k === 'op' && ASSIGN.has(this.tok.v)) {
      if (!isLv(l)) this.fail();
      const op = this.tok.v;
      this.i++;
      this.nls();
      return { t: 'assign', op, l, r: this.expr() };
    }
    return l;
  }

  private ternary(): Expr {
    const c = this.or();
    if (!this.is('?')) return c;
    this.i++;
    this.nls();
    const a = this.expr();
    this.nls();
    this.eat(':');
    this.nls();
    return { t: 'cond', c, a, b: this.expr() };
  }

  private or(): Expr {
    let a = this.and();
    while (this.is('||')) {
      this.i++;
      this.nls();
      a = { t: 'bin', op: '||', a, b: this.and() };
    }
    return a;
  }

  private and(): Expr {
    let a = this.inExpr();
    while (this.is('&&')) {
      this.i++;
      this.nls();
      a = { t: 'bin', op: '&&', a, b: this.inExpr() };
    }
    return a;
  }

  private inExpr(): Expr {
    let a = this.match();
    while (this.is('in', 'kw')) {
      this.i++;
      const n = this.eat(this.tok.v, 'name');
      a = { t: 'in', keys: a.t === 'group' ? a.items : [a], name: n.v };
    }
    return a;
  }

  private match(): Expr {
    let a = this.compare();
    while (this.is('~') || this.is('!~')) {
      const op = this.tok.v;
      this.i++;
      a = { t: 'bin', op, a, b: this.compare() };
    }
    return a;
  }

  private compare(): Expr {
    const a = this.concat();
    const v = this.tok.v;
    if (this.tok.k === 'op' && (v === '<' || v === '<=' || v === '!=' || v === '==' || v === '>=' || (v === '>' && !this.noGt))) {
      this.i++;
      return { t: 'bin', op: v, a, b: this.concat() };
    }
    return a;
  }

  private startsOperand(): boolean {
    const t = this.tok;
    if (t.k === 'num' || t.k === 'str' || t.k === 'ere' || t.k === 'name' || t.k === 'funcname' || t.k === 'builtin') return true;
    if (t.k === 'kw' && t.v === 'getline') return true;
    return t.k === 'op' && (t.v === '$' || t.v === '(' || t.v === '!' || t.v === '-' || t.v === '+' || t.v === '++' || t.v === '--');
  }

  protected concat(): Expr {
    let a = this.additive();
    while (this.startsOperand() && !(this.tok.k === 'op' && (this.tok.v === '-' || this.tok.v === '+' || this.tok.v === '!'))) {
      if (this.is('in', 'kw')) break;
      a = { t: 'bin', op: 'concat', a, b: this.additive() };
    }
    return a;
  }

  private additive(): Expr {
    let a = this.mult();
    while (this.is('+') || this.is('-')) {
      const op = this.tok.v;
      this.i++;
      a = { t: 'bin', op, a, b: this.mult() };
    }
    return a;
  }

  private mult(): Expr {
    let a = this.unary();
    while (this.is('*') || this.is('/') || this.is('%')) {
      const op = this.tok.v;
      this.i++;
      a = { t: 'bin', op, a, b: this.unary() };
    }
    return a;
  }

  private unary(): Expr {
    if (this.is('!') || this.is('-') || this.is('+')) {
      const op = this.tok.v as '!' | '-' | '+';
      this.i++;
      return { t: 'un', op, e: this.unary() };
    }
    return this.power();
  }

  private power(): Expr {
    const a = this.postfix();
    if (this.is('^')) {
      this.i++;
      const b = this.is('-') || this.is('+') || this.is('!') ? this.unary() : this.power();
      return { t: 'bin', op: '^', a, b };
    }
    return a;
  }

  private postfix(): Expr {
    if (this.is('++') || this.is('--')) {
      const op = this.tok.v as '++' | '--';
      this.i++;
      const l = this.primary();
      if (!isLv(l)) this.fail();
      return { t: 'incdec', op, pre: true, l };
    }
    const e = this.primary();
    if (isLv(e) && (this.is('++') || this.is('--'))) {
      const op = this.tok.v as '++' | '--';
      this.i++;
      return { t: 'incdec', op, pre: false, l: e };
    }
    return e;
  }

  private primary(): Expr {
    const t = this.tok;
    switch (t.k) {
      case 'num':
        this.i++;
        return { t: 'num', v: t.n as number };
      case 'str':
        this.i++;
        return { t: 'str', v: t.v };
      case 'ere':
        this.i++;
        return { t: 're', src: t.v };
      case 'funcname': {
        this.i++;
        this.eat('(');
        return { t: 'call', name: t.v, args: this.list(')') };
      }
      case 'builtin': {
        this.i++;
        if (!this.is('(')) {
          if (t.v === 'length') return { t: 'builtin', name: 'length', args: [] };
          this.fail();
        }
        this.i++;
        return { t: 'builtin', name: t.v, args: this.list(')') };
      }
      case 'kw':
        if (t.v === 'getline') {
          this.i++;
          let l: LValue | undefined;
          if (this.tok.k === 'name' || this.is('$')) {
            const e = this.is('$') ? (this.i++, { t: 'field' as const, e: this.primary() }) : this.primary();
            if (!isLv(e)) this.fail();
            l = e;
          }
          if (this.is('<')) {
            this.i++;
            return { t: 'getline', l, file: this.primary() };
          }
          return { t: 'getline', l };
        }
        break;
      case 'name': {
        this.i++;
        if (this.is('[')) {
          this.i++;
          return { t: 'idx', name: t.v, keys: this.list(']') };
        }
        return { t: 'var', name: t.v };
      }
      case 'op':
        if (t.v === '$') {
          this.i++;
          if (this.is('++') || this.is('--') || this.is('-')) return { t: 'field', e: this.unary() };
          return { t: 'field', e: this.primary() };
        }
        if (t.v === '(') {
          this.i++;
          const gt = this.noGt;
          this.noGt = 0;
          this.nls();
          const items = this.exprList(')');
          this.noGt = gt;
          if (items.length > 1) {
            if (!this.is('in', 'kw') && !gt) this.fail();
            return { t: 'group', items };
          }
          return items[0] as Expr;
        }
        if (t.v === '-' || t.v === '+' || t.v === '!') return this.unary();
    }
    return this.fail();
  }
}

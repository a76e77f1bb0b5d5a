/**
 * awk's grammar (POSIX awk "Grammar"): a recursive-descent parser from tokens
 * (lexer.ts) to the tree in ast.ts: BEGIN/END, pattern-action rules and
 * ranges, functions, statements with newlines and `;` as terminators (the
 * expressions, with awk's precedence, are parsed in parser-expr.ts), and
 * mawk's error texts (`mawk: line 1: syntax error at or near }`,
 * `missing } near end of file`, `extra '}'`).
 * SIMPLIFICATIONS: getline reads the next record or a file, not a command
 * (`cmd | getline` is a syntax error here); `print > expr` takes a
 * concatenation-level expression.
 */

import type { AwkProgram, Expr, Redir, Rule, Stmt } from './ast.ts';
import { tokenize, LexError } from './lexer.ts';
import { AwkSyntaxError, ExprParser } from './parser-expr.ts';

export { AwkSyntaxError };

export function parseAwk(src: string): AwkProgram | AwkSyntaxError {
  try {
    return new Parser(tokenize(src)).program();
  } catch (e) {
    if (e instanceof LexError) return new AwkSyntaxError(e.line, e.msg);
    if (e instanceof AwkSyntaxError) return e;
    throw e;
  }
}

class Parser extends ExprParser {
  program(): AwkProgram {
    const p: AwkProgram = { begin: [], end: [], rules: [], funcs: {} };
    this.terms();
    while (this.tok.k !== 'eof') {
      if (this.is('BEGIN', 'kw')) {
        this.i++;
        p.begin.push(this.block());
      } else if (this.is('END', 'kw')) {
        this.i++;
        p.end.push(this.block());
      } else if (this.is('function', 'kw')) {
        this.i++;
        const name = this.tok;
        if (name.k !== 'name' && name.k !== 'funcname') this.fail();
        this.i++;
        this.eat('(');
        const params: string[] = [];
        while (!this.is(')')) {
          if (this.tok.k !== 'name') this.fail();
          params.push(this.tok.v);
          this.i++;
          if (this.is(',')) {
            this.i++;
            this.nls();
          } else if (!this.is(')')) this.fail();
        }
        this.i++;
        this.nls();
        p.funcs[name.v] = { params, body: this.block() };
      } else {
        const r: Rule = { body: null };
        if (!this.is('{')) {
          r.pattern = this.expr();
          if (this.is(',')) {
            this.i++;
            this.nls();
            r.end = this.expr();
          }
        }
        if (this.is('{')) r.body = this.block();
        p.rules.push(r);
      }
      const prev = this.toks[this.i - 1];
      const afterBlock = prev?.k === 'op' && prev.v === '}';
      if (!afterBlock && (this.tok.k as string) !== 'eof' && this.tok.k !== 'nl' && !this.is(';')) this.fail();
      this.terms();
    }
    return p;
  }

  private block(): Stmt[] {
    this.eat('{');
    this.depth++;
    const body: Stmt[] = [];
    this.terms();
    while (!this.is('}')) {
      if (this.tok.k === 'eof') this.fail();
      body.push(this.stmt());
      this.terms();
    }
    this.i++;
    this.depth--;
    return body;
  }

  /** A simple statement must end with ; newline or before }. */
  private endSimple(): void {
    if (this.is(';') || this.tok.k === 'nl') {
      this.i++;
      return;
    }
    if (this.is('}') || this.tok.k === 'eof') return;
    this.fail();
  }

  private body(): Stmt {
    this.nls();
    if (this.is(';')) {
      this.i++;
      return { t: 'block', body: [] };
    }
    return this.stmt();
  }

  private stmt(): Stmt {
    const t = this.tok;
    if (this.is('{')) return { t: 'block', body: this.block() };
    if (t.k === 'kw') {
      switch (t.v) {
        case 'if': {
          this.i++;
          this.eat('(');
          const c = this.expr();
          this.eat(')');
          const a = this.body();
          const save = this.i;
          this.terms();
          if (this.is('else', 'kw')) {
            this.i++;
            return { t: 'if', c, a, b: this.body() };
          }
          this.i = save;
          return { t: 'if', c, a };
        }
        case 'while': {
          this.i++;
          this.eat('(');
          const c = this.expr();
          this.eat(')');
          if (this.is(';')) {
            this.i++;
            return { t: 'while', c, body: { t: 'block', body: [] } };
          }
          return { t: 'while', c, body: this.body() };
        }
        case 'do': {
          this.i++;
          const body = this.body();
          this.terms();
          this.eat('while', 'kw');
          this.eat('(');
          const c = this.expr();
          this.eat(')');
          this.endSimple();
          return { t: 'do', body, c };
        }
        case 'for': {
          this.i++;
          this.eat('(');
          const a = this.toks[this.i];
          const b = this.toks[this.i + 1];
          const c = this.toks[this.i + 2];
          const d = this.toks[this.i + 3];
          if (a?.k === 'name' && b?.k === 'kw' && b.v === 'in' && c?.k === 'name' && d?.k === 'op' && d.v === ')') {
            this.i += 4;
            return { t: 'forin', v: a.v, arr: c.v, body: this.body() };
          }
          const init = this.is(';') ? undefined : this.expr();
          this.eat(';');
          this.nls();
          const cond = this.is(';') ? undefined : this.expr();
          this.eat(';');
          this.nls();
          const step = this.is(')') ? undefined : this.expr();
          this.eat(')');
          if (this.is(';')) {
            this.i++;
            return { t: 'for', init, c: cond, step, body: { t: 'block', body: [] } };
          }
          return { t: 'for', init, c: cond, step, body: this.body() };
        }
        case 'next':
        case 'break':
        case 'continue':
          this.i++;
          this.endSimple();
          return { t: t.v } as Stmt;
        case 'exit':
        case 'return': {
          this.i++;
          const e = this.is(';') || this.is('}') || this.tok.k === 'nl' || this.tok.k === 'eof' ? undefined : this.expr();
          this.endSimple();
          return { t: t.v, e } as Stmt;
        }
        case 'delete': {
          this.i++;
          const n = this.tok;
          if (n.k !== 'name') this.fail();
          this.i++;
          let keys: Expr[] | undefined;
          if (this.is('[')) {
            this.i++;
            keys = this.exprList(']');
          }
          this.endSimple();
          return { t: 'delete', name: n.v, keys };
        }
        case 'print':
        case 'printf': {
          this.i++;
          this.noGt++;
          let args: Expr[] = [];
          if (!(this.is(';') || this.is('}') || this.is('>') || this.is('>>') || this.is('|') || this.tok.k === 'nl' || this.tok.k === 'eof')) args = this.exprList(null);
          this.noGt--;
          if (args.length === 1 && args[0]?.t === 'group') args = args[0].items;
          let redir: Redir | undefined;
          if (this.is('>') || this.is('>>') || this.is('|')) {
            const op = this.tok.v as Redir['op'];
            this.i++;
            redir = { op, e: this.concat() };
          }
          if (t.v === 'printf' && !args.length) this.fail();
          this.endSimple();
          return { t: t.v, args, redir } as Stmt;
        }
      }
    }
    if (this.is(';')) {
      this.i++;
      return { t: 'block', body: [] };
    }
    const e = this.expr();
    this.endSimple();
    return { t: 'expr', e };
  }
}

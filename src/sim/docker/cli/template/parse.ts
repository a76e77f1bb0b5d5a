/**
 * Go's text/template parser (pkg.go.dev/text/template): text and {{actions}}
 * with trim markers, pipelines with | and variable declarations, if / else if /
 * else, range (with $i, $v :=), with, break/continue, comments, and the
 * operands: .Field chains, $variables, function names, strings, raw strings,
 * numbers, booleans, nil and parenthesised pipelines. Errors are worded as Go
 * words them ("template: :1: unclosed action").
 * SIMPLIFICATIONS: no define/template/block; char constants are numbers.
 */

export type Node =
  | { t: 'text'; text: string }
  | { t: 'action'; pos: number; pipe: Pipe }
  | { t: 'if' | 'with'; pos: number; pipe: Pipe; list: Node[]; else: Node[] | null }
  | { t: 'range'; pos: number; pipe: Pipe; list: Node[]; else: Node[] | null }
  | { t: 'break' | 'continue'; pos: number };

export interface Pipe {
  pos: number;
  decl: string[];
  /** `=` assignment instead of `:=` declaration. */
  assign: boolean;
  cmds: Cmd[];
}

export interface Cmd {
  pos: number;
  args: Arg[];
}

export type Arg =
  | { t: 'field'; pos: number; names: string[] }
  | { t: 'var'; pos: number; name: string; names: string[] }
  | { t: 'ident'; pos: number; name: string }
  | { t: 'string'; pos: number; value: string }
  | { t: 'number'; pos: number; value: number; text: string }
  | { t: 'bool'; pos: number; value: boolean }
  | { t: 'nil'; pos: number }
  | { t: 'dot'; pos: number }
  | { t: 'pipe'; pos: number; pipe: Pipe; names: string[] };

export class TemplateError {
  /** What execution had written before it failed (Go's template writes as it goes). */
  partial?: string;
  constructor(readonly message: string) {}
}

const BUILTINS = new Set(['and', 'or', 'not', 'len', 'index', 'slice', 'print', 'printf', 'println', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'html', 'js', 'urlquery', 'call']);

export function parseTemplate(src: string, funcs: Set<string>): Node[] {
  return new Parser(src, funcs).parseAll();
}

type Tok = { k: 'field' | 'var' | 'ident' | 'string' | 'number' | 'char' | 'lparen' | 'rparen' | 'pipe' | 'decl' | 'assign' | 'comma' | 'dot' | 'end'; v: string; pos: number };

class Parser {
  private i = 0;
  private toks: Tok[] = [];
  private ti = 0;
  private rangeDepth = 0;

  constructor(
    private readonly src: string,
    private readonly funcs: Set<string>,
  ) {}

  private line(pos: number): number {
    return 1 + (this.src.slice(0, pos).match(/\n/g) ?? []).length;
  }
  private err(pos: number, msg: string): never {
    throw new TemplateError(`template: :${this.line(pos)}: ${msg}`);
  }

  parseAll(): Node[] {
    const [list, end] = this.parseList();
    if (end) this.err(end.pos, `unexpected {{${end.word}}}`);
    return list;
  }

  /** Parse nodes until EOF or a control word (end/else); returns the word seen. */
  private parseList(): [Node[], { word: string; pos: number; rest: Tok[] } | null] {
    const out: Node[] = [];
    for (;;) {
      const open = this.src.indexOf('{{', this.i);
      if (open < 0) {
        if (this.i < this.src.length) out.push({ t: 'text', text: this.src.slice(this.i) });
        this.i = this.src.length;
        return [out, null];
      }
      let text = this.src.slice(this.i, open);
      let start = open + 2;
      if (this.src.startsWith('- ', start) || this.src.startsWith('-\t', start) || this.src.startsWith('-\n', start)) {
        text = text.replace(/[ \t\r\n]+$/, '');
        start += 1;
      }
      if (text) out.push({ t: 'text', text });
      // Comments.
      const afterWs = start + (this.src.slice(start).match(/^\s*/)?.[0].length ?? 0);
      if (this.src.startsWith('/*', afterWs)) {
        const close = this.src.indexOf('*/', afterWs);
        if (close < 0) this.err(open, 'unclosed comment');
        const endAct = this.src.indexOf('}}', close);
        if (endAct < 0) this.err(open, 'comment ends before closing delimiter');
        this.i = endAct + 2;
        if (this.src[endAct - 1] === '-' && /\s/.test(this.src[endAct - 2] ?? '')) this.trimLeading();
        continue;
      }
      const { toks, end } = this.lexAction(start, open);
      this.i = end;
      this.toks = toks;
      this.ti = 0;
      const first = toks[0];
      if (!first || first.k === 'end') this.err(open, 'missing value for command');
      if (first.k === 'ident' && ['end', 'else'].includes(first.v)) return [out, { word: first.v, pos: first.pos, rest: toks.slice(1) }];
      if (first.k === 'ident' && ['if', 'with', 'range'].includes(first.v)) {
        this.ti = 1;
        out.push(this.parseControl(first.v as 'if' | 'with' | 'range', first.pos));
        continue;
      }
      if (first.k === 'ident' && (first.v === 'break' || first.v === 'continue')) {
        if (this.rangeDepth === 0) this.err(first.pos, `{{${first.v}}} outside {{range}}`);
        out.push({ t: first.v, pos: first.pos });
        continue;
      }
      if (first.k === 'ident' && ['define', 'template', 'block'].includes(first.v)) this.err(first.pos, `{{${first.v}}} is not supported`);
      const pipe = this.parsePipe(open);
      out.push({ t: 'action', pos: first.pos, pipe });
    }
  }

  private trimLeading(): void {
    while (this.i < this.src.length && /[ \t\r\n]/.test(this.src[this.i] as string)) this.i++;
  }

  private parseControl(kind: 'if' | 'with' | 'range', pos: number): Node {
    const pipe = this.parsePipe(pos);
    if (kind === 'range') this.rangeDepth++;
    const [list, end] = this.parseList();
    if (kind === 'range') this.rangeDepth--;
    if (!end) this.err(this.src.length, 'unexpected EOF');
    let elseList: Node[] | null = null;
    if (end.word === 'else') {
      if (end.rest.length && end.rest[0]?.k !== 'end' && end.rest[0]?.k === 'ident' && (end.rest[0].v === 'if' || end.rest[0].v === 'with')) {
        // {{else if ...}}: an if nested in the else branch, sharing our {{end}}.
        const w = end.rest[0].v as 'if' | 'with';
        this.toks = end.rest;
        this.ti = 1;
        elseList = [this.parseControl(w, end.rest[0].pos)];
      } else {
        const [l2, end2] = this.parseList();
        if (!end2) this.err(this.src.length, 'unexpected EOF');
        if (end2.word !== 'end') this.err(end2.pos, `expected end; found {{${end2.word}}}`);
        elseList = l2;
      }
    } else if (end.word !== 'end') this.err(end.pos, `unexpected {{${end.word}}}`);
    return { t: kind, pos, pipe, list, else: elseList };
  }

  private lexAction(start: number, open: number): { toks: Tok[]; end: number } {
    const toks: Tok[] = [];
    const s = this.src;
    let i = start;
    for (;;) {
      if (i >= s.length) this.err(open, 'unclosed action');
      const c = s[i] as string;
      if (s.startsWith('}}', i)) {
        toks.push({ k: 'end', v: '', pos: i });
        return { toks, end: i + 2 };
      }
      if ((c === ' ' || c === '\t' || c === '\r' || c === '\n') && s.startsWith('-}}', i + 1)) {
        toks.push({ k: 'end', v: '', pos: i });
        let j = i + 4;
        while (j < s.length && /[ \t\r\n]/.test(s[j] as string)) j++;
        return { toks, end: j };
      }
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
        i++;
        continue;
      }
      const pos = i;
      if (c === '"') {
        let j = i + 1;
        let v = '';
        while (j < s.length && s[j] !== '"') {
          if (s[j] === '\n') this.err(pos, 'unterminated quoted string');
          if (s[j] === '\\') {
            const n = s[j + 1];
            v += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n === '\\' ? '\\' : n === '"' ? '"' : `\\${n}`;
            j += 2;
          } else v += s[j++];
        }
        if (j >= s.length) this.err(pos, 'unterminated quoted string');
        toks.push({ k: 'string', v, pos });
        i = j + 1;
      } else if (c === '`') {
        const j = s.indexOf('`', i + 1);
        if (j < 0) this.err(pos, 'unterminated raw quoted string');
        toks.push({ k: 'string', v: s.slice(i + 1, j), pos });
        i = j + 1;
      } else if (c === "'") {
        const j = s.indexOf("'", i + 1);
        if (j < 0) this.err(pos, 'unterminated character constant');
        toks.push({ k: 'number', v: String(s.slice(i + 1, j).codePointAt(0) ?? 0), pos });
        i = j + 1;
      } else if (c === '(' || c === ')' || c === '|' || c === ',') {
        toks.push({ k: c === '(' ? 'lparen' : c === ')' ? 'rparen' : c === '|' ? 'pipe' : 'comma', v: c, pos });
        i++;
      } else if (s.startsWith(':=', i)) {
        toks.push({ k: 'decl', v: ':=', pos });
        i += 2;
      } else if (c === '=') {
        toks.push({ k: 'assign', v: '=', pos });
        i++;
      } else if (c === '.' && !/[0-9]/.test(s[i + 1] ?? '')) {
        const m = /^(\.[A-Za-z_][A-Za-z0-9_]*)+/.exec(s.slice(i));
        if (m) {
          toks.push({ k: 'field', v: m[0], pos });
          i += m[0].length;
        } else {
          toks.push({ k: 'dot', v: '.', pos });
          i++;
        }
      } else if (c === '$') {
        const m = /^\$[A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(s.slice(i)) as RegExpExecArray;
        toks.push({ k: 'var', v: m[0], pos });
        i += m[0].length;
      } else if (/[0-9+\-.]/.test(c)) {
        const m = /^[+-]?(0[xX][0-9a-fA-F]+|[0-9]*\.?[0-9]+([eE][+-]?[0-9]+)?)/.exec(s.slice(i));
        if (!m || !m[0]) this.err(pos, `unexpected "${c}" in command`);
        toks.push({ k: 'number', v: m[0], pos });
        i += m[0].length;
      } else if (/[A-Za-z_]/.test(c)) {
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i)) as RegExpExecArray;
        toks.push({ k: 'ident', v: m[0], pos });
        i += m[0].length;
      } else this.err(pos, `bad character U+${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')} '${c}'`);
    }
  }

  private peek(): Tok {
    return this.toks[this.ti] as Tok;
  }
  private next(): Tok {
    return this.toks[this.ti++] as Tok;
  }

  private parsePipe(pos: number, inParen = false): Pipe {
    const pipe: Pipe = { pos, decl: [], assign: false, cmds: [] };
    // Declarations: $x := / $i, $v := / $x =
    const save = this.ti;
    const vars: string[] = [];
    while (this.peek().k === 'var') {
      vars.push(this.next().v);
      const t = this.peek();
      if (t.k === 'comma' && vars.length === 1) {
        this.next();
        continue;
      }
      if (t.k === 'decl' || t.k === 'assign') {
        this.next();
        pipe.decl = vars;
        pipe.assign = t.k === 'assign';
      }
      break;
    }
    if (!pipe.decl.length) this.ti = save;
    for (;;) {
      const cmd: Cmd = { pos: this.peek().pos, args: [] };
      for (;;) {
        const t = this.peek();
        if (t.k === 'end' || t.k === 'pipe' || (t.k === 'rparen' && inParen)) break;
        if (t.k === 'rparen') this.err(t.pos, 'unexpected right paren');
        cmd.args.push(this.parseOperand());
      }
      if (!cmd.args.length) this.err(cmd.pos, 'missing value for command');
      pipe.cmds.push(cmd);
      const t = this.peek();
      if (t.k === 'pipe') {
        this.next();
        continue;
      }
      if (inParen && t.k === 'rparen') this.next();
      else if (inParen) this.err(t.pos, 'unclosed left paren');
      break;
    }
    return pipe;
  }

  private parseOperand(): Arg {
    const t = this.next();
    switch (t.k) {
      case 'field': {
        // Go positions a chain (.A.B) at its second element.
        const names = t.v.slice(1).split('.');
        return { t: 'field', pos: names.length > 1 ? t.pos + 1 + (names[0] as string).length : t.pos, names };
      }
      case 'dot':
        return { t: 'dot', pos: t.pos };
      case 'var': {
        const [name, ...names] = t.v.split('.');
        return { t: 'var', pos: names.length ? t.pos + (name as string).length : t.pos, name: name as string, names };
      }
      case 'string':
        return { t: 'string', pos: t.pos, value: t.v };
      case 'number': {
        const value = Number(t.v);
        if (!Number.isFinite(value)) this.err(t.pos, `illegal number syntax: "${t.v}"`);
        return { t: 'number', pos: t.pos, value, text: t.v };
      }
      case 'lparen': {
        const pipe = this.parsePipe(t.pos, true);
        let names: string[] = [];
        const f = this.peek();
        if (f.k === 'field' && f.pos === (this.toks[this.ti - 1] as Tok).pos + 1) names = this.next().v.slice(1).split('.');
        return { t: 'pipe', pos: t.pos, pipe, names };
      }
      case 'ident':
        if (t.v === 'true' || t.v === 'false') return { t: 'bool', pos: t.pos, value: t.v === 'true' };
        if (t.v === 'nil') return { t: 'nil', pos: t.pos };
        if (!BUILTINS.has(t.v) && !this.funcs.has(t.v)) this.err(t.pos, `function "${t.v}" not defined`);
        return { t: 'ident', pos: t.pos, name: t.v };
      default:
        return this.err(t.pos, `unexpected ${t.k === 'end' ? '"}}"' : `"${t.v}"`} in operand`);
    }
  }
}

/**
 * The shell's character-level scanner: blanks, comments, operators, words with
 * their quoting and expansions (XCU 2.3 "Token Recognition", 2.6 expansions as
 * they are *recognised*; performing them is expand.ts's job), and here-documents.
 *
 * SIMPLIFICATIONS: no alias substitution at parse time; `$'...'` (bash ANSI-C
 * quoting) is read as a literal dollar followed by a single-quoted string.
 */

import type { List, ParamOp, Word, WordPart } from './ast.ts';

export type ParseErrorKind =
  | { kind: 'token'; token: string; line: number }
  | { kind: 'eof'; line: number }
  | { kind: 'match'; ch: string; line: number };

/** Thrown inside the parser only; parse() turns it into a value. */
export class ParseError {
  constructor(readonly info: ParseErrorKind) {}
}

const META = ' \t\n;&|<>()';
const OPS = ['<<<', '<<-', '&>>', '&&', '||', ';;', '<<', '>>', '>&', '<&', '<>', '>|', '&>', ';', '&', '|', '<', '>', '(', ')', '\n'];

export interface PendingHeredoc {
  delim: string;
  strip: boolean;
  quoted: boolean;
  /** Where to put the parsed body. */
  out: { body?: Word };
}

export class Scanner {
  i = 0;
  line = 1;
  pending: PendingHeredoc[] = [];

  constructor(
    readonly src: string,
    /** Parses a list up to (not including) a closing `)`; used for $(...). */
    readonly parseSub: (sc: Scanner) => List,
    /** Parses a whole string as a program (for backquotes). */
    readonly parseString: (src: string) => List,
  ) {}

  eof(): boolean {
    return this.i >= this.src.length;
  }
  ch(off = 0): string {
    return this.src[this.i + off] ?? '';
  }
  startsWith(s: string): boolean {
    return this.src.startsWith(s, this.i);
  }

  /** Skip spaces, tabs, line continuations and comments (not newlines). */
  skipBlanks(): void {
    for (;;) {
      const c = this.ch();
      if (c === ' ' || c === '\t') this.i++;
      else if (c === '\\' && this.ch(1) === '\n') {
        this.i += 2;
        this.line++;
      } else if (c === '#') {
        while (!this.eof() && this.ch() !== '\n') this.i++;
      } else return;
    }
  }

  /** The operator at the cursor, if any. */
  peekOp(): string | null {
    for (const op of OPS) if (this.startsWith(op)) return op;
    return null;
  }

  /** Consume one newline and read any here-documents queued on its line. */
  newline(): void {
    this.i++;
    this.line++;
    const queue = this.pending;
    this.pending = [];
    for (const h of queue) this.readHeredoc(h);
  }

  /** Text of the token at the cursor, for "near unexpected token" messages. */
  tokenText(): string {
    if (this.eof()) return 'newline';
    const op = this.peekOp();
    if (op) return op === '\n' ? 'newline' : op;
    let j = this.i;
    while (j < this.src.length && !META.includes(this.src[j] ?? '')) j++;
    return this.src.slice(this.i, j);
  }

  fail(): never {
    if (this.eof()) throw new ParseError({ kind: 'eof', line: this.line });
    throw new ParseError({ kind: 'token', token: this.tokenText(), line: this.line });
  }

  /** A reserved word at the cursor (followed by a delimiter), without consuming it. */
  peekReserved(words: readonly string[]): string | null {
    for (const w of words) {
      if (!this.startsWith(w)) continue;
      const after = this.src[this.i + w.length];
      if (after === undefined || META.includes(after)) return w;
    }
    return null;
  }

  /** Is the cursor at the end of a word (a metacharacter or end of input)? */
  atWordEnd(): boolean {
    return this.eof() || META.includes(this.ch());
  }

  /** Read a word: everything up to an unquoted metacharacter. */
  readWord(extraStop = ''): Word {
    const parts: WordPart[] = [];
    let lit = '';
    const flush = () => {
      if (lit) parts.push({ k: 'lit', v: lit });
      lit = '';
    };
    if (this.ch() === '~') {
      let j = this.i + 1;
      while (j < this.src.length && /[A-Za-z0-9_.-]/.test(this.src[j] ?? '')) j++;
      const next = this.src[j];
      if (next === undefined || next === '/' || META.includes(next) || extraStop.includes(next) || next === ':') {
        parts.push({ k: 'tilde', user: this.src.slice(this.i + 1, j) });
        this.i = j;
      }
    }
    while (!this.eof()) {
      const c = this.ch();
      if (META.includes(c) || extraStop.includes(c)) break;
      if (c === '\\') {
        if (this.ch(1) === '\n') {
          this.i += 2;
          this.line++;
          continue;
        }
        flush();
        if (this.i + 1 >= this.src.length) {
          this.i++;
          lit += '\\';
          continue;
        }
        parts.push({ k: 'sq', v: this.ch(1) });
        this.i += 2;
      } else if (c === "'" || c === '"' || c === '$' || c === '`') {
        const p = this.readQuotedOrExpansion();
        if (p) {
          flush();
          parts.push(p);
        } else {
          lit += c;
          this.i++;
        }
      } else {
        if (c === '\n') this.line++;
        lit += c;
        this.i++;
      }
    }
    flush();
    return { parts };
  }

  /**
   * At a quote or an expansion: a single-quoted string, a double-quoted one, or
   * a $ / ` expansion (null for a $ that starts none, left unconsumed).
   */
  private readQuotedOrExpansion(): WordPart | null {
    const c = this.ch();
    if (c === "'") {
      const end = this.src.indexOf("'", this.i + 1);
      if (end < 0) throw new ParseError({ kind: 'match', ch: "'", line: this.line });
      const v = this.src.slice(this.i + 1, end);
      this.line += countNl(v);
      this.i = end + 1;
      return { k: 'sq', v };
    }
    if (c === '"') {
      this.i++;
      return { k: 'dq', parts: this.readDq() };
    }
    return this.readDollarOrBacktick();
  }

  /** Inside double quotes, after the opening quote; consumes the closing one. */
  private readDq(): WordPart[] {
    const parts: WordPart[] = [];
    let lit = '';
    for (;;) {
      if (this.eof()) throw new ParseError({ kind: 'match', ch: '"', line: this.line });
      const c = this.ch();
      if (c === '"') {
        this.i++;
        break;
      }
      if (c === '\\') {
        const n = this.ch(1);
        if (n === '\n') {
          this.i += 2;
          this.line++;
          continue;
        }
        if (n === '$' || n === '`' || n === '"' || n === '\\') {
          lit += n;
          this.i += 2;
          continue;
        }
        lit += c;
        this.i++;
        continue;
      }
      if (c === '$' || c === '`') {
        const p = this.readDollarOrBacktick();
        if (p) {
          if (lit) parts.push({ k: 'lit', v: lit });
          lit = '';
          parts.push(p);
          continue;
        }
      }
      if (c === '\n') this.line++;
      lit += c;
      this.i++;
    }
    if (lit) parts.push({ k: 'lit', v: lit });
    return parts;
  }

  /** $name, ${...}, $(...), $((...)), `...`; null if the $ is literal. */
  readDollarOrBacktick(): WordPart | null {
    const c = this.ch();
    if (c === '`') {
      this.i++;
      let raw = '';
      for (;;) {
        if (this.eof()) throw new ParseError({ kind: 'match', ch: '`', line: this.line });
        const d = this.ch();
        if (d === '`') {
          this.i++;
          break;
        }
        if (d === '\\' && '$`\\'.includes(this.ch(1))) {
          raw += this.ch(1);
          this.i += 2;
          continue;
        }
        if (d === '\n') this.line++;
        raw += d;
        this.i++;
      }
      return { k: 'cmd', body: this.parseString(raw) };
    }
    const n = this.ch(1);
    if (n === '(' && this.ch(2) === '(') {
      const start = this.i + 3;
      let depth = 0;
      let j = start;
      for (; j < this.src.length; j++) {
        const d = this.src[j];
        if (d === '(') depth++;
        else if (d === ')') {
          if (depth === 0) break;
          depth--;
        }
      }
      if (j >= this.src.length || this.src[j + 1] !== ')') {
        // Not arithmetic after all: $( (subshell) ).
        return this.readCmdSubst();
      }
      const text = this.src.slice(start, j);
      this.line += countNl(text);
      this.i = j + 2;
      const sub = new Scanner(text, this.parseSub, this.parseString);
      return { k: 'arith', expr: { parts: sub.readHeredocText() } };
    }
    if (n === '(') return this.readCmdSubst();
    if (n === '{') return this.readBraceParam();
    if (/[A-Za-z_]/.test(n)) {
      let j = this.i + 1;
      while (j < this.src.length && /[A-Za-z0-9_]/.test(this.src[j] ?? '')) j++;
      const name = this.src.slice(this.i + 1, j);
      this.i = j;
      return { k: 'param', name };
    }
    if (n !== '' && '0123456789?$!#@*-'.includes(n)) {
      this.i += 2;
      return { k: 'param', name: n };
    }
    return null;
  }

  private readCmdSubst(): WordPart {
    this.i += 2;
    const body = this.parseSub(this);
    if (this.ch() !== ')') {
      if (this.eof()) throw new ParseError({ kind: 'match', ch: ')', line: this.line });
      this.fail();
    }
    this.i++;
    return { k: 'cmd', body };
  }

  private readBraceParam(): WordPart {
    this.i += 2;
    let len = false;
    if (this.ch() === '#' && this.ch(1) !== '}' && /[A-Za-z0-9_?$!@*#-]/.test(this.ch(1))) {
      len = true;
      this.i++;
    }
    let name = '';
    if (/[A-Za-z_]/.test(this.ch())) {
      while (/[A-Za-z0-9_]/.test(this.ch())) name += this.src[this.i++];
    } else if (/[0-9]/.test(this.ch())) {
      while (/[0-9]/.test(this.ch())) name += this.src[this.i++];
    } else if (this.ch() !== '' && '?$!#@*-'.includes(this.ch())) {
      name = this.src[this.i++] ?? '';
    }
    if (this.eof()) throw new ParseError({ kind: 'match', ch: '}', line: this.line });
    if (name === '') throw new ParseError({ kind: 'token', token: '${', line: this.line });
    if (len) {
      if (this.ch() !== '}') this.badSubst();
      this.i++;
      return { k: 'param', name, op: '#len' };
    }
    if (this.ch() === '}') {
      this.i++;
      return { k: 'param', name };
    }
    let colon = false;
    if (this.ch() === ':') {
      colon = true;
      this.i++;
    }
    let op: ParamOp;
    const c = this.ch();
    if ((c === '#' || c === '%') && !colon) {
      if (this.ch(1) === c) {
        op = (c + c) as ParamOp;
        this.i += 2;
      } else {
        op = c as ParamOp;
        this.i++;
      }
    } else if (c === '-' || c === '=' || c === '?' || c === '+') {
      op = c;
      this.i++;
    } else {
      this.badSubst();
    }
    const arg = this.readBraceArg();
    return { k: 'param', name, op, colon, arg };
  }

  private badSubst(): never {
    while (!this.eof() && this.ch() !== '}') this.i++;
    if (this.eof()) throw new ParseError({ kind: 'match', ch: '}', line: this.line });
    this.i++;
    throw new ParseError({ kind: 'token', token: 'bad substitution', line: this.line });
  }

  /** The word inside ${name:-word}: blanks allowed, ends at the matching }. */
  private readBraceArg(): Word {
    const parts: WordPart[] = [];
    let lit = '';
    const flush = () => {
      if (lit) parts.push({ k: 'lit', v: lit });
      lit = '';
    };
    for (;;) {
      if (this.eof()) throw new ParseError({ kind: 'match', ch: '}', line: this.line });
      const c = this.ch();
      if (c === '}') {
        this.i++;
        break;
      }
      if (c === '\\') {
        flush();
        parts.push({ k: 'sq', v: this.ch(1) });
        this.i += 2;
      } else if (c === "'" || c === '"' || c === '$' || c === '`') {
        const p = this.readQuotedOrExpansion();
        if (p) {
          flush();
          parts.push(p);
        } else {
          lit += c;
          this.i++;
        }
      } else {
        if (c === '\n') this.line++;
        lit += c;
        this.i++;
      }
    }
    flush();
    return { parts };
  }

  /** Whole remaining text as a here-document body: only $ ` and \ are special. */
  readHeredocText(): WordPart[] {
    const parts: WordPart[] = [];
    let lit = '';
    while (!this.eof()) {
      const c = this.ch();
      if (c === '\\' && '$`\\\n'.includes(this.ch(1)) && this.ch(1) !== '') {
        if (this.ch(1) !== '\n') lit += this.ch(1);
        this.i += 2;
        continue;
      }
      if (c === '$' || c === '`') {
        const p = this.readDollarOrBacktick();
        if (p) {
          if (lit) parts.push({ k: 'lit', v: lit });
          lit = '';
          parts.push(p);
          continue;
        }
      }
      lit += c;
      this.i++;
    }
    if (lit) parts.push({ k: 'lit', v: lit });
    return parts;
  }

  private readHeredoc(h: PendingHeredoc): void {
    const lines: string[] = [];
    while (!this.eof()) {
      let end = this.src.indexOf('\n', this.i);
      if (end < 0) end = this.src.length;
      let text = this.src.slice(this.i, end);
      this.i = Math.min(end + 1, this.src.length);
      this.line++;
      if (h.strip) text = text.replace(/^\t+/, '');
      if (text === h.delim) {
        h.out.body = this.bodyWord(lines, h.quoted);
        return;
      }
      lines.push(text);
    }
    h.out.body = this.bodyWord(lines, h.quoted);
  }

  private bodyWord(lines: string[], quoted: boolean): Word {
    const text = lines.length ? lines.join('\n') + '\n' : '';
    if (quoted) return { parts: text ? [{ k: 'sq', v: text }] : [] };
    const sub = new Scanner(text, this.parseSub, this.parseString);
    return { parts: sub.readHeredocText() };
  }
}

function countNl(s: string): number {
  let n = 0;
  for (const c of s) if (c === '\n') n++;
  return n;
}

/** The text of a word with quoting removed and no expansion (for here-doc delimiters, names). */
export function literalText(w: Word): string {
  return w.parts
    .map((p) => {
      if (p.k === 'lit' || p.k === 'sq') return p.v;
      if (p.k === 'dq') return literalText({ parts: p.parts });
      if (p.k === 'tilde') return '~' + p.user;
      if (p.k === 'param') return '$' + p.name;
      return '';
    })
    .join('');
}

/** Does the word contain any quoting? */
export function isQuoted(w: Word): boolean {
  return w.parts.some((p) => p.k === 'sq' || p.k === 'dq');
}

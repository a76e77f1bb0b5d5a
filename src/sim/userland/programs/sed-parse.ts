/**
 * Compiling a sed script (GNU sed 4.9, "sed scripts" in its manual) into a
 * plain-data command list: addresses (N, $, /re/ and \cREc with I and M,
 * first~step, 0,/re/, addr,+N, addr!), the commands
 * { } = a i c d D g G h H l n N p P q Q r s t T b w : x y z #, with their GNU
 * one-line forms (`a text`, `$!N`), and compile errors worded and positioned
 * as GNU sed reports them (`-e expression #1, char 5: unterminated `s' command`).
 * SIMPLIFICATIONS: no R/W/e/F/v commands (reported as unknown), no s///e;
 * busybox sed parses with the same code (its errors are reworded).
 */

import { posixToJs } from './posix-re.ts';

export type Addr =
  | { k: 'line'; n: number }
  | { k: 'last' }
  | { k: 're'; src: string | null; flags: string }
  | { k: 'step'; first: number; step: number }
  | { k: 'plus'; n: number };

/** A replacement: literal text, a group reference (0 = the whole match), or a case conversion. */
export type ReplPart = string | number | { cas: 'U' | 'L' | 'u' | 'l' | 'E' };

export interface Cmd {
  a1?: Addr;
  a2?: Addr;
  neg: boolean;
  c: string;
  /** s: the pattern (null: the last regex used); flags include g/i/m. */
  src?: string | null;
  flags?: string;
  repl?: ReplPart[];
  nth?: number;
  print?: number;
  text?: string;
  label?: string;
  code?: number;
  from?: string;
  to?: string;
  /** w, r, s///w: the file named. */
  file?: string;
  /** `{`: index of the matching `}`; b/t/T: index of the label (-1 = end of script). */
  jump?: number;
}

export interface SedError {
  /** Which -e expression (1-based) and the character offset in it, as GNU reports it. */
  expr: number;
  char: number;
  msg: string;
}

class Fail {
  constructor(
    public char: number,
    public msg: string,
  ) {}
}

/** Compile the -e pieces (joined as separate lines). ERE when `ere`. */
export function compileSed(raw: string[], ere: boolean): Cmd[] | SedError {
  const cmds: Cmd[] = [];
  // -e pieces are lines of one script: `-e 'a\' -e text` continues the a command.
  const pieces: string[] = [];
  for (const r of raw) {
    const prev = pieces[pieces.length - 1];
    if (prev !== undefined && /(^|[^\\])(\\\\)*\\$/.test(prev)) pieces[pieces.length - 1] = `${prev}\n${r}`;
    else pieces.push(r);
  }
  const open: number[] = [];
  for (let e = 0; e < pieces.length; e++) {
    try {
      parsePiece(pieces[e] as string, ere, cmds, open);
    } catch (x) {
      if (x instanceof Fail) return { expr: e + 1, char: x.char, msg: x.msg };
      throw x;
    }
  }
  if (open.length) return { expr: pieces.length, char: 0, msg: "unmatched `{'" };
  // Resolve labels.
  const labels = new Map<string, number>();
  cmds.forEach((c, i) => c.c === ':' && labels.set(c.label as string, i));
  for (const c of cmds) {
    if ('btT'.includes(c.c)) {
      if (!c.label) c.jump = -1;
      else {
        const at = labels.get(c.label);
        if (at === undefined) return { expr: 1, char: 0, msg: `can't find label for jump to \`${c.label}'` };
        c.jump = at;
      }
    }
  }
  return cmds;
}

function parsePiece(s: string, ere: boolean, cmds: Cmd[], open: number[]): void {
  let i = 0;
  let seenRe = cmds.some((c) => c.src || (c.a1?.k === 're' && c.a1.src));
  const peek = () => s[i];
  const next = () => s[i++];
  const skipWs = () => {
    while (i < s.length && /[ \t]/.test(s[i] as string)) i++;
  };
  const num = () => {
    const m = /^[0-9]+/.exec(s.slice(i)) as RegExpExecArray;
    i += m[0].length;
    return Number(m[0]);
  };
  /** Read up to an unescaped delimiter; converts \delim to delim (and \n to a newline when `nl`). */
  const delimited = (d: string, what: string): string => {
    let out = '';
    for (;;) {
      const c = next();
      if (c === undefined) throw new Fail(s.length, what);
      if (c === d) return out;
      if (c === '\\') {
        const n = next();
        if (n === undefined) throw new Fail(s.length, what);
        if (n === d) out += d === '&' ? '\\&' : d;
        else if (n === '\n') out += '\n';
        else out += '\\' + n;
      } else if (c === '\n' && what.includes('`s')) throw new Fail(i, what);
      else out += c;
    }
  };
  const regex = (raw: string, at: number): string | null => {
    if (raw === '') {
      if (!seenRe) throw new Fail(0, 'no previous regular expression');
      return null;
    }
    seenRe = true;
    const r = posixToJs(raw, ere);
    if ('error' in r) throw new Fail(at, r.error);
    return r.src;
  };
  const addr = (): Addr | undefined => {
    const c = peek();
    if (c !== undefined && /[0-9]/.test(c)) {
      const n = num();
      if (peek() === '~') {
        i++;
        const step = /[0-9]/.test(peek() ?? '') ? num() : 0;
        return { k: 'step', first: n, step };
      }
      return { k: 'line', n };
    }
    if (c === '$') {
      i++;
      return { k: 'last' };
    }
    if (c === '/' || c === '\\') {
      i++;
      const d = c === '/' ? '/' : (next() ?? '');
      const raw = delimited(d, 'unterminated address regex');
      const src = regex(raw, i);
      let flags = '';
      while (peek() === 'I' || peek() === 'M') flags += next() === 'I' ? 'i' : 'm';
      return { k: 're', src, flags };
    }
    return undefined;
  };
  /** After a command: blanks, then ; or newline or } or # or the end. */
  const end = () => {
    skipWs();
    const c = peek();
    if (c === undefined || c === '\n' || c === ';') {
      if (c !== undefined) i++;
      return;
    }
    if (c === '}' || c === '#') return;
    throw new Fail(i + 1, 'extra characters after command');
  };
  /** Text of a, i, c: GNU one-liner `a text` or `a\` newline text, lines continued with a trailing backslash. */
  const text = (cmd: string): string => {
    skipWs();
    if (peek() === '\\') {
      i++;
      if (peek() === '\n') i++;
      else skipWs();
    } else if (i >= s.length) throw new Fail(i, "expected \\ after `a', `c' or `i'");
    let out = '';
    while (i < s.length) {
      const c = next() as string;
      if (c === '\\') {
        const n = next();
        if (n === undefined) break;
        out += n === 'n' && cmd ? '\n' : n === 't' ? '\t' : n;
      } else if (c === '\n') break;
      else out += c;
    }
    return out;
  };
  /** A file name runs to the end of the line (`;` included), as GNU sed reads it. */
  const filename = (): string => {
    skipWs();
    let out = '';
    while (i < s.length && s[i] !== '\n') out += next();
    if (!out) throw new Fail(i, 'missing filename in r/R/w/W commands');
    return out;
  };
  const label = (): string => {
    skipWs();
    let out = '';
    while (i < s.length && !/[;\n]/.test(s[i] as string)) out += next();
    return out.replace(/\s+$/, '');
  };

  while (i < s.length) {
    while (i < s.length && /[ \t\n;]/.test(s[i] as string)) i++;
    if (i >= s.length) break;
    if (peek() === '#') {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    const cmd: Cmd = { neg: false, c: '' };
    cmd.a1 = addr();
    if (cmd.a1 && peek() === ',') {
      i++;
      skipWs();
      if (peek() === '+') {
        i++;
        cmd.a2 = { k: 'plus', n: /[0-9]/.test(peek() ?? '') ? num() : 0 };
      } else {
        cmd.a2 = addr();
        if (!cmd.a2) throw new Fail(i, 'unexpected `,\'');
      }
    }
    if (cmd.a1?.k === 'line' && cmd.a1.n === 0 && !(cmd.a2?.k === 're')) throw new Fail(i, 'invalid usage of line address 0');
    skipWs();
    while (peek() === '!') {
      if (cmd.neg) throw new Fail(i + 1, "multiple `!'s");
      cmd.neg = true;
      i++;
      skipWs();
    }
    const c = next();
    if (c === undefined) throw new Fail(i, 'missing command');
    cmd.c = c;
    switch (c) {
      case '{':
        open.push(cmds.length);
        cmds.push(cmd);
        continue;
      case '}': {
        if (cmd.a1) throw new Fail(i, "} doesn't want any addresses");
        const o = open.pop();
        if (o === undefined) throw new Fail(i, "unexpected `}'");
        (cmds[o] as Cmd).jump = cmds.length;
        cmds.push(cmd);
        end();
        continue;
      }
      case '=': case 'd': case 'D': case 'g': case 'G': case 'h': case 'H': case 'l': case 'n': case 'N': case 'p': case 'P': case 'x': case 'z':
        cmds.push(cmd);
        end();
        continue;
      case 'w': case 'r':
        cmd.file = filename();
        cmds.push(cmd);
        continue;
      case 'q': case 'Q':
        skipWs();
        if (/[0-9]/.test(peek() ?? '')) cmd.code = num();
        cmds.push(cmd);
        end();
        continue;
      case 'a': case 'i': case 'c':
        cmd.text = text(c);
        cmds.push(cmd);
        continue;
      case ':':
        if (cmd.a1) throw new Fail(i, ": doesn't want any addresses");
        cmd.label = label();
        if (!cmd.label) throw new Fail(i, '":" lacks a label');
        if (peek() === ';') i++;
        cmds.push(cmd);
        continue;
      case 'b': case 't': case 'T':
        cmd.label = label();
        if (peek() === ';') i++;
        cmds.push(cmd);
        continue;
      case 's': {
        const d = next();
        if (d === undefined || d === '\n' || d === '\\') throw new Fail(i, "unterminated `s' command");
        const raw = delimited(d, "unterminated `s' command");
        const rawRepl = delimited(d, "unterminated `s' command");
        let flags = '';
        let nth = 1;
        let print = 0;
        for (;;) {
          const f = peek();
          if (f === 'g') flags += 'g';
          else if (f === 'p') print++;
          else if (f === 'i' || f === 'I') flags += 'i';
          else if (f === 'm' || f === 'M') flags += 'm';
          else if (f === 'w') {
            i++;
            cmd.file = filename();
            break;
          }
          else if (f !== undefined && /[0-9]/.test(f)) {
            nth = num();
            if (nth === 0) throw new Fail(i, "number option to `s' command may not be zero");
            continue;
          } else break;
          i++;
        }
        const f = peek();
        if (f !== undefined && !/[ \t\n;}#]/.test(f)) throw new Fail(i + 1, "unknown option to `s'");
        cmd.src = regex(raw, i);
        cmd.flags = flags;
        cmd.nth = nth;
        cmd.print = print;
        cmd.repl = replacement(rawRepl, i);
        const groups = cmd.src === null ? 9 : countGroups(cmd.src);
        const maxRef = Math.max(0, ...cmd.repl.filter((p): p is number => typeof p === 'number'));
        if (maxRef > groups) throw new Fail(i, `invalid reference \\${maxRef} on \`s' command's RHS`);
        cmds.push(cmd);
        end();
        continue;
      }
      case 'y': {
        const d = next();
        if (d === undefined) throw new Fail(i, "unterminated `y' command");
        const unesc = (t: string) => t.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch));
        const from = unesc(delimited(d, "unterminated `y' command"));
        const to = unesc(delimited(d, "unterminated `y' command"));
        if ([...from].length !== [...to].length) throw new Fail(i, "strings for `y' command are different lengths");
        cmd.from = from;
        cmd.to = to;
        cmds.push(cmd);
        end();
        continue;
      }
      default:
        throw new Fail(i, `unknown command: \`${c}'`);
    }
  }
}

function countGroups(src: string): number {
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === '(' && src[i + 1] !== '?') n++;
  }
  return n;
}

function replacement(raw: string, at: number): ReplPart[] {
  const out: ReplPart[] = [];
  let lit = '';
  const flush = () => {
    if (lit) out.push(lit);
    lit = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '&') {
      flush();
      out.push(0);
    } else if (c === '\\') {
      const n = raw[++i];
      if (n === undefined) break;
      if (/[0-9]/.test(n)) {
        flush();
        out.push(Number(n));
      } else if ('ULulE'.includes(n)) {
        flush();
        out.push({ cas: n as 'U' });
      } else lit += n === 'n' ? '\n' : n === 't' ? '\t' : n;
    } else lit += c;
  }
  void at;
  flush();
  return out;
}

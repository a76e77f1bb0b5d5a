/**
 * The awk language's tokens (POSIX awk "Lexical Conventions", as mawk 1.3.4
 * reads them): numbers, strings with escapes, /regex/ literals where an
 * operand may start, names, builtin function names, keywords, operators,
 * newlines (significant: they end statements) and line continuation.
 * SIMPLIFICATIONS: no hex or octal source constants (mawk has none either).
 */

export type TokKind = 'num' | 'str' | 'ere' | 'name' | 'funcname' | 'builtin' | 'kw' | 'op' | 'nl' | 'eof';

export interface Tok {
  k: TokKind;
  v: string;
  n?: number;
  line: number;
}

const KEYWORDS = new Set(['BEGIN', 'END', 'function', 'func', 'if', 'else', 'while', 'for', 'do', 'break', 'continue', 'next', 'nextfile', 'exit', 'return', 'delete', 'in', 'getline', 'print', 'printf']);
export const BUILTINS = new Set(['length', 'substr', 'index', 'split', 'sub', 'gsub', 'match', 'sprintf', 'tolower', 'toupper', 'int', 'sqrt', 'exp', 'log', 'sin', 'cos', 'atan2', 'rand', 'srand', 'system', 'close', 'fflush']);
const OPS = ['+=', '-=', '*=', '/=', '%=', '^=', '**=', '==', '<=', '>=', '!=', '++', '--', '&&', '||', '>>', '!~', '**', '+', '-', '*', '/', '%', '^', '!', '>', '<', '|', '?', ':', '~', '$', '=', '(', ')', '[', ']', '{', '}', ';', ','];

/** Escape sequences in strings (and -v values): \n \t \\ \" \/ \a \b \f \r \v \ddd. */
export function unescape(s: string): string {
  return s.replace(/\\([0-7]{1,3}|.)/gs, (m, c: string) => {
    if (/^[0-7]+$/.test(c)) return String.fromCharCode(parseInt(c, 8));
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' };
    return Object.prototype.hasOwnProperty.call(map, c) ? (map[c] as string) : m;
  });
}

export class LexError {
  constructor(
    public line: number,
    public msg: string,
  ) {}
}

/** Can the previous token end an operand (so `/` is division, not a regex)? */
function endsOperand(t: Tok | undefined): boolean {
  if (!t) return false;
  if (t.k === 'num' || t.k === 'str' || t.k === 'ere' || t.k === 'name' || t.k === 'builtin') return true;
  if (t.k === 'kw') return t.v === 'getline';
  return t.k === 'op' && (t.v === ')' || t.v === ']' || t.v === '$' || t.v === '++' || t.v === '--');
}

export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      out.push({ k: 'nl', v: '\n', line });
      line++;
      i++;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(src.slice(i)) as RegExpExecArray;
      out.push({ k: 'num', v: m[0], n: Number(m[0]), line });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      const w = m[0];
      i += w.length;
      if (KEYWORDS.has(w)) out.push({ k: 'kw', v: w === 'func' ? 'function' : w, line });
      else if (BUILTINS.has(w)) out.push({ k: 'builtin', v: w, line });
      else out.push({ k: src[i] === '(' ? 'funcname' : 'name', v: w, line });
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let raw = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\n') throw new LexError(line, 'runaway string constant "' + raw.slice(0, 10) + ' ...');
        if (src[j] === '\\' && j + 1 < src.length) {
          if (src[j + 1] === '\n') {
            j += 2;
            line++;
            continue;
          }
          raw += src[j] + (src[j + 1] as string);
          j += 2;
        } else raw += src[j++];
      }
      if (j >= src.length) throw new LexError(line, 'runaway string constant "' + raw.slice(0, 10) + ' ...');
      out.push({ k: 'str', v: unescape(raw), line });
      i = j + 1;
      continue;
    }
    if (c === '/' && !endsOperand(out[out.length - 1])) {
      let j = i + 1;
      let raw = '';
      let inBr = false;
      while (j < src.length && (src[j] !== '/' || inBr)) {
        if (src[j] === '\n') throw new LexError(line, 'runaway regular expression /' + raw.slice(0, 10) + ' ...');
        if (src[j] === '\\' && j + 1 < src.length) {
          raw += src[j + 1] === '/' ? '/' : (src[j] as string) + src[j + 1];
          j += 2;
          continue;
        }
        if (src[j] === '[' && !inBr) inBr = true;
        else if (src[j] === ']' && inBr && raw[raw.length - 1] !== '[' && raw.slice(-2) !== '[^') inBr = false;
        raw += src[j++];
      }
      if (j >= src.length) throw new LexError(line, 'runaway regular expression /' + raw.slice(0, 10) + ' ...');
      out.push({ k: 'ere', v: raw, line });
      i = j + 1;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new LexError(line, `syntax error at or near ${c}`);
    out.push({ k: 'op', v: op === '**' ? '^' : op === '**=' ? '^=' : op, line });
    i += op.length;
  }
  out.push({ k: 'eof', v: 'end of file', line });
  return out;
}

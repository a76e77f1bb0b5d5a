/**
 * Shell grammar (XCU 2.10): a recursive-descent parser from text to the plain
 * AST in ast.ts. Never throws: parse() returns the AST or a ParseErrorKind that
 * the shell words per flavour (bash or busybox ash).
 *
 * SIMPLIFICATIONS: `function name { }` (bash) accepted; no `[[ ]]`, `(( ))`,
 * `select`, arrays; reserved words are recognised only in command position.
 */

import type { Assign, Command, List, ListItem, Redir, RedirOp, Word } from './ast.ts';
import { ParseError, Scanner, isQuoted, literalText, type ParseErrorKind } from './scanner.ts';

export type ParseResult = { ok: true; list: List } | { ok: false; error: ParseErrorKind };

const RESERVED = ['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in', '{', '}', '!', 'function'];
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Texts parsed lately and their (frozen) results: a line run again is not parsed again. */
const parsed = new Map<string, ParseResult>();
const PARSED_MAX = 512;
/** Longer texts (scripts) are parsed each time. */
const PARSED_TEXT_MAX = 4096;

/**
 * Parse a whole program (a script, a -c string or an interactive line). The
 * result is deeply frozen: the AST is shared by every frame and state copy that
 * holds it (and by later parses of the same text), and nothing may change it.
 */
export function parse(src: string): ParseResult {
  const hit = parsed.get(src);
  if (hit) return hit;
  const r = deepFreeze(parseText(src));
  if (src.length <= PARSED_TEXT_MAX) {
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(src, r);
  }
  return r;
}

function parseText(src: string): ParseResult {
  try {
    const sc = makeScanner(src);
    const list = parseList(sc, []);
    skipSpace(sc);
    if (!sc.eof()) sc.fail();
    if (sc.pending.length) sc.newline();
    return { ok: true, list };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.info };
    if (e instanceof RangeError) return { ok: false, error: { kind: 'token', token: 'nesting too deep', line: 1 } };
    throw e;
  }
}

function deepFreeze<T>(v: T): T {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return v;
  Object.freeze(v);
  if (Array.isArray(v)) for (const x of v) deepFreeze(x);
  else for (const key of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[key]);
  return v;
}

function makeScanner(src: string): Scanner {
  return new Scanner(src, parseSubst, parseString);
}

function parseString(src: string): List {
  const sc = makeScanner(src);
  const list = parseList(sc, []);
  skipSpace(sc);
  if (!sc.eof()) sc.fail();
  return list;
}

/** For $(...): a list ending at the `)`. */
function parseSubst(sc: Scanner): List {
  const list = parseList(sc, [')']);
  skipSpace(sc);
  return list;
}

/** Skip blanks and newlines (reading here-documents at each newline). */
function skipSpace(sc: Scanner): void {
  for (;;) {
    sc.skipBlanks();
    if (sc.ch() === '\n') sc.newline();
    else return;
  }
}

function atTerminator(sc: Scanner, terms: readonly string[]): boolean {
  for (const t of terms) {
    if (t === ')' || t === ';;') {
      if (sc.startsWith(t)) return true;
    } else if (sc.peekReserved([t])) return true;
  }
  return false;
}

function parseList(sc: Scanner, terms: readonly string[]): List {
  const items: ListItem[] = [];
  for (;;) {
    skipSpace(sc);
    if (sc.eof() || atTerminator(sc, terms)) break;
    const cmd = parseAndOr(sc);
    sc.skipBlanks();
    const op = sc.peekOp();
    if (op === ';') {
      sc.i++;
      items.push({ cmd, bg: false });
    } else if (op === '&') {
      sc.i++;
      items.push({ cmd, bg: true });
    } else if (op === '\n') {
      sc.newline();
      items.push({ cmd, bg: false });
    } else {
      items.push({ cmd, bg: false });
      if (sc.eof() || atTerminator(sc, terms)) break;
      sc.fail();
    }
  }
  return { items };
}

/** A list that must not be empty (the body of if/while/...). */
function parseBody(sc: Scanner, terms: readonly string[]): List {
  const l = parseList(sc, terms);
  if (l.items.length === 0) sc.fail();
  return l;
}

function expectReserved(sc: Scanner, w: string): void {
  skipSpace(sc);
  if (!sc.peekReserved([w])) sc.fail();
  sc.i += w.length;
}

function parseAndOr(sc: Scanner): Command {
  const first = parsePipeline(sc);
  const rest: Array<{ op: '&&' | '||'; cmd: Command }> = [];
  for (;;) {
    sc.skipBlanks();
    const op = sc.peekOp();
    if (op !== '&&' && op !== '||') break;
    sc.i += 2;
    skipSpace(sc);
    rest.push({ op, cmd: parsePipeline(sc) });
  }
  return rest.length ? { t: 'andor', first, rest } : first;
}

function parsePipeline(sc: Scanner): Command {
  sc.skipBlanks();
  let bang = false;
  if (sc.peekReserved(['!'])) {
    bang = true;
    sc.i++;
    sc.skipBlanks();
  }
  const cmds = [parseCommand(sc)];
  for (;;) {
    sc.skipBlanks();
    if (sc.peekOp() !== '|') break;
    sc.i++;
    skipSpace(sc);
    cmds.push(parseCommand(sc));
  }
  return cmds.length === 1 && !bang ? (cmds[0] as Command) : { t: 'pipeline', cmds, bang };
}

function parseCommand(sc: Scanner): Command {
  sc.skipBlanks();
  const r = sc.peekReserved(RESERVED);
  if (r === 'if') return withRedirs(sc, parseIf(sc));
  if (r === 'while' || r === 'until') return withRedirs(sc, parseLoop(sc, r === 'until'));
  if (r === 'for') return withRedirs(sc, parseFor(sc));
  if (r === 'case') return withRedirs(sc, parseCase(sc));
  if (r === '{') {
    sc.i++;
    const body = parseBody(sc, ['}']);
    expectReserved(sc, '}');
    return withRedirs(sc, { t: 'group', body, redirs: [] });
  }
  if (r === 'function') {
    sc.i += 8;
    sc.skipBlanks();
    const name = literalText(sc.readWord());
    if (!NAME_RE.test(name)) sc.fail();
    sc.skipBlanks();
    if (sc.startsWith('()')) sc.i += 2;
    skipSpace(sc);
    return { t: 'func', name, body: parseCommand(sc) };
  }
  if (r !== null && r !== '!' && r !== 'in') sc.fail();
  const op = sc.peekOp();
  if (op === '(') {
    sc.i++;
    const body = parseBody(sc, [')']);
    if (sc.ch() !== ')') sc.fail();
    sc.i++;
    return withRedirs(sc, { t: 'subshell', body, redirs: [] });
  }
  return parseSimple(sc);
}

function withRedirs(sc: Scanner, c: Command): Command {
  if (!('redirs' in c)) return c;
  for (;;) {
    sc.skipBlanks();
    const r = tryRedir(sc);
    if (!r) return c;
    c.redirs.push(r);
  }
}

function parseIf(sc: Scanner): Command {
  sc.i += 2;
  const clauses: Array<{ cond: List; body: List }> = [];
  let cond = parseBody(sc, ['then']);
  expectReserved(sc, 'then');
  let body = parseBody(sc, ['elif', 'else', 'fi']);
  clauses.push({ cond, body });
  let els: List | null = null;
  for (;;) {
    skipSpace(sc);
    if (sc.peekReserved(['elif'])) {
      sc.i += 4;
      cond = parseBody(sc, ['then']);
      expectReserved(sc, 'then');
      body = parseBody(sc, ['elif', 'else', 'fi']);
      clauses.push({ cond, body });
    } else if (sc.peekReserved(['else'])) {
      sc.i += 4;
      els = parseBody(sc, ['fi']);
      expectReserved(sc, 'fi');
      break;
    } else {
      expectReserved(sc, 'fi');
      break;
    }
  }
  return { t: 'if', clauses, else: els, redirs: [] };
}

function parseLoop(sc: Scanner, until: boolean): Command {
  sc.i += until ? 5 : 5;
  const cond = parseBody(sc, ['do']);
  expectReserved(sc, 'do');
  const body = parseBody(sc, ['done']);
  expectReserved(sc, 'done');
  return { t: 'loop', until, cond, body, redirs: [] };
}

function parseFor(sc: Scanner): Command {
  sc.i += 3;
  sc.skipBlanks();
  if (sc.atWordEnd()) sc.fail();
  const name = literalText(sc.readWord());
  if (!NAME_RE.test(name)) throw new ParseError({ kind: 'token', token: name, line: sc.line });
  sc.skipBlanks();
  let words: Word[] | null = null;
  if (sc.ch() === ';') sc.i++;
  skipSpace(sc);
  if (sc.peekReserved(['in'])) {
    sc.i += 2;
    words = [];
    for (;;) {
      sc.skipBlanks();
      if (sc.atWordEnd()) break;
      words.push(sc.readWord());
    }
    const op = sc.peekOp();
    if (op === ';') sc.i++;
    else if (op === '\n') sc.newline();
    else sc.fail();
  }
  expectReserved(sc, 'do');
  const body = parseBody(sc, ['done']);
  expectReserved(sc, 'done');
  return { t: 'for', name, words, body, redirs: [] };
}

function parseCase(sc: Scanner): Command {
  sc.i += 4;
  sc.skipBlanks();
  if (sc.atWordEnd()) sc.fail();
  const word = sc.readWord();
  skipSpace(sc);
  expectReserved(sc, 'in');
  const items: Array<{ patterns: Word[]; body: List }> = [];
  for (;;) {
    skipSpace(sc);
    if (sc.peekReserved(['esac'])) {
      sc.i += 4;
      break;
    }
    if (sc.ch() === '(') sc.i++;
    const patterns: Word[] = [];
    for (;;) {
      sc.skipBlanks();
      if (sc.atWordEnd()) sc.fail();
      patterns.push(sc.readWord());
      sc.skipBlanks();
      if (sc.ch() === '|') {
        sc.i++;
        continue;
      }
      if (sc.ch() === ')') {
        sc.i++;
        break;
      }
      sc.fail();
    }
    const body = parseList(sc, [';;', 'esac']);
    items.push({ patterns, body });
    skipSpace(sc);
    if (sc.startsWith(';;')) {
      sc.i += 2;
      continue;
    }
    expectReserved(sc, 'esac');
    break;
  }
  return { t: 'case', word, items, redirs: [] };
}

function tryRedir(sc: Scanner): Redir | null {
  let j = sc.i;
  while (/[0-9]/.test(sc.src[j] ?? '')) j++;
  const c = sc.src[j];
  const hasFd = j > sc.i;
  if (c !== '<' && c !== '>' && !(c === '&' && !hasFd && sc.src[j + 1] === '>')) return null;
  const fdText = sc.src.slice(sc.i, j);
  const save = sc.i;
  sc.i = j;
  const op = sc.peekOp() as RedirOp | null;
  if (!op || !['>', '>>', '<', '>&', '<&', '<>', '>|', '<<', '<<-', '<<<', '&>', '&>>'].includes(op)) {
    sc.i = save;
    return null;
  }
  sc.i += op.length;
  sc.skipBlanks();
  if (sc.atWordEnd()) sc.fail();
  const target = sc.readWord();
  const fd = hasFd ? Number(fdText) : op.startsWith('<') ? 0 : 1;
  const r: Redir = { fd, op, target };
  if (op === '<<' || op === '<<-') {
    sc.pending.push({ delim: literalText(target), strip: op === '<<-', quoted: isQuoted(target), out: r });
  }
  return r;
}

function isAssignment(w: Word): Assign | null {
  const first = w.parts[0];
  if (!first || first.k !== 'lit') return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(first.v);
  if (!m || !m[1]) return null;
  const restLit = first.v.slice(m[0].length);
  const parts = restLit ? [{ k: 'lit' as const, v: restLit }, ...w.parts.slice(1)] : w.parts.slice(1);
  return { name: m[1], value: { parts }, append: m[2] === '+' || undefined };
}

function parseSimple(sc: Scanner): Command {
  const assigns: Assign[] = [];
  const words: Word[] = [];
  const redirs: Redir[] = [];
  const line = sc.line;
  for (;;) {
    sc.skipBlanks();
    const r = tryRedir(sc);
    if (r) {
      redirs.push(r);
      continue;
    }
    if (sc.atWordEnd()) break;
    const w = sc.readWord();
    if (words.length === 0) {
      const a = isAssignment(w);
      if (a) {
        assigns.push(a);
        continue;
      }
      const name = w.parts.length === 1 && w.parts[0]?.k === 'lit' ? w.parts[0].v : null;
      if (name && NAME_RE.test(name) && assigns.length === 0 && redirs.length === 0) {
        sc.skipBlanks();
        if (sc.startsWith('(')) {
          sc.i++;
          sc.skipBlanks();
          if (sc.ch() !== ')') sc.fail();
          sc.i++;
          skipSpace(sc);
          const body = parseCommand(sc);
          if (body.t === 'simple') throw new ParseError({ kind: 'token', token: tokenOf(body), line: sc.line });
          return { t: 'func', name, body };
        }
      }
    }
    words.push(w);
  }
  if (!words.length && !assigns.length && !redirs.length) sc.fail();
  return { t: 'simple', assigns, words, redirs, line };
}

function tokenOf(c: Command): string {
  if (c.t === 'simple' && c.words[0]) return literalText(c.words[0]);
  return 'newline';
}

/** Is this text an incomplete command (an interactive shell would show PS2)? */
export function isIncomplete(src: string): boolean {
  const r = parse(src);
  return !r.ok && (r.error.kind === 'eof' || r.error.kind === 'match');
}

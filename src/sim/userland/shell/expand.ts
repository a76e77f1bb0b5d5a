/**
 * Word expansion (XCU 2.6): tilde, parameters, command substitution (results
 * computed beforehand by the interpreter), arithmetic, field splitting on IFS,
 * pathname expansion (globbing against the simulated filesystem) and quote
 * removal. Also pattern matching for case and ${x#pat}.
 * SIMPLIFICATIONS: no brace expansion {a,b}; no extglob; character classes
 * [[:alpha:]] limited to the common ones; globs sort in the C locale.
 */

import type { Word, WordPart } from './ast.ts';
import type { ShellState } from './state.ts';
import { evalArith, ArithError } from './arith.ts';
import { own } from '../own.ts';

export class ExpandError {
  constructor(
    readonly msg: string,
    /** Fatal in a non-interactive shell (${x?} and unbound variables). */
    readonly fatal: boolean,
  ) {}
}

export interface ExpandCtx {
  st: ShellState;
  /** $$ */
  shellPid: number;
  /** $!: the last background job's PID as this shell's PID namespace numbers it. */
  lastBgPid(): number | null;
  /** Command substitution outputs, consumed in order. */
  subst: string[];
  substIdx: number;
  /** Directory listing for globbing; null if not a directory. */
  readdir(path: string): string[] | null;
  readonly cwd: string;
  home(user: string): string | null;
}

interface Chunk {
  s: string;
  /** Quoted: no splitting, no globbing. */
  q: boolean;
  /** Result of an unquoted expansion: subject to field splitting. */
  split: boolean;
}
type Field = { chunks: Chunk[]; quotedEmpty: boolean };

export function getParam(cx: ExpandCtx, name: string): string | undefined {
  const st = cx.st;
  switch (name) {
    case '?':
      return String(st.last);
    case '$':
      return String(cx.shellPid);
    case '!':
      return st.lastBg === null ? '' : String(cx.lastBgPid() ?? st.lastBg);
    case '#':
      return String(st.params.length);
    case '@':
    case '*':
      return st.params.join(' ');
    case '-':
      return (st.opts.errexit ? 'e' : '') + (st.interactive ? 'i' : '') + (st.opts.xtrace ? 'x' : '') + (st.opts.nounset ? 'u' : '') + 'hB';
    case '0':
      return st.arg0;
  }
  if (/^[0-9]+$/.test(name)) return st.params[Number(name) - 1];
  return own(st.vars, name);
}

function setVar(st: ShellState, name: string, v: string): void {
  st.vars[name] = v;
}

function paramValue(cx: ExpandCtx, p: Extract<WordPart, { k: 'param' }>, quoted: boolean): string {
  const st = cx.st;
  let v = getParam(cx, p.name);
  if (p.op === '#len') return String((v ?? '').length);
  const unset = v === undefined || (p.colon === true && v === '');
  const skip = () => {
    cx.substIdx += collectSubst(p.arg ? [p.arg] : []).length;
  };
  if ((p.op === '-' || p.op === '=' || p.op === '?') && !unset) skip();
  if (p.op === '+' && unset) skip();
  switch (p.op) {
    case '-':
      return unset ? expandWordText(cx, p.arg ?? { parts: [] }, quoted) : (v ?? '');
    case '=':
      if (unset) {
        v = expandWordText(cx, p.arg ?? { parts: [] }, quoted);
        if (!/^[0-9@*#?$!-]$/.test(p.name)) setVar(st, p.name, v);
      }
      return v ?? '';
    case '?':
      if (unset) {
        const msg = p.arg && p.arg.parts.length ? expandWordText(cx, p.arg, quoted) : st.flavour !== 'bash' ? 'parameter not set' : 'parameter null or not set';
        throw new ExpandError(`${p.name}: ${msg}`, true);
      }
      return v ?? '';
    case '+':
      return unset ? '' : expandWordText(cx, p.arg ?? { parts: [] }, quoted);
    case '#':
    case '##':
    case '%':
    case '%%': {
      const s = v ?? '';
      const re = patternRegex(expandPattern(cx, p.arg ?? { parts: [] }), p.op === '##' || p.op === '%%');
      return trimPattern(s, re, p.op);
    }
  }
  if (v === undefined && st.opts.nounset && !/^[@*]$/.test(p.name)) throw new ExpandError(`${p.name}: unbound variable`, true);
  return v ?? '';
}

function trimPattern(s: string, re: { src: string; greedy: boolean }, op: '#' | '##' | '%' | '%%'): string {
  const full = new RegExp(`^(?:${re.src})$`, 's');
  if (op === '#' || op === '##') {
    const lens = op === '#' ? range(0, s.length) : range(0, s.length).reverse();
    for (const n of lens) if (full.test(s.slice(0, n))) return s.slice(n);
    return s;
  }
  const lens = op === '%' ? range(0, s.length) : range(0, s.length).reverse();
  for (const n of lens) if (full.test(s.slice(s.length - n))) return s.slice(0, s.length - n);
  return s;
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

function nextSubst(cx: ExpandCtx): string {
  const v = cx.subst[cx.substIdx] ?? '';
  cx.substIdx++;
  return v;
}

function arith(cx: ExpandCtx, w: Word): string {
  const text = expandWordText(cx, w, true);
  try {
    return String(
      evalArith(text, {
        get: (n) => getParam(cx, n),
        set: (n, v) => setVar(cx.st, n, v),
      }),
    );
  } catch (e) {
    if (e instanceof ArithError) {
      if (cx.st.flavour !== 'bash') throw new ExpandError(`arithmetic syntax error`, true);
      throw new ExpandError(`${text.trim()}: ${e.msg} (error token is "${e.token}")`, true);
    }
    throw e;
  }
}

/** Expand parts into chunks, with field breaks for "$@". */
function expandParts(cx: ExpandCtx, parts: WordPart[], quoted: boolean, fields: Field[]): void {
  const cur = () => fields[fields.length - 1] as Field;
  for (const p of parts) {
    switch (p.k) {
      case 'lit':
        cur().chunks.push({ s: p.v, q: quoted, split: false });
        break;
      case 'sq':
        cur().chunks.push({ s: p.v, q: true, split: false });
        if (p.v === '') cur().quotedEmpty = true;
        break;
      case 'tilde': {
        const h = p.user === '' ? (cx.st.vars.HOME ?? cx.home('')) : cx.home(p.user);
        cur().chunks.push({ s: h ?? `~${p.user}`, q: true, split: false });
        break;
      }
      case 'dq':
        cur().quotedEmpty = true;
        expandParts(cx, p.parts, true, fields);
        break;
      case 'param':
        if ((p.name === '@' || (p.name === '*' && !quoted)) && !p.op) {
          const ps = cx.st.params;
          ps.forEach((v, i) => {
            if (i > 0) fields.push({ chunks: [], quotedEmpty: false });
            cur().chunks.push({ s: v, q: quoted, split: !quoted });
            if (quoted) cur().quotedEmpty = true;
          });
          if (ps.length === 0 && quoted && p.name === '@') {
            // "$@" with no parameters: no field at all.
            cur().quotedEmpty = false;
            (cur() as Field & { drop?: boolean }).drop = true;
          }
        } else if (p.name === '*' && quoted && !p.op) {
          const sep = (cx.st.vars.IFS ?? ' ')[0] ?? '';
          cur().chunks.push({ s: cx.st.params.join(sep), q: true, split: false });
        } else {
          cur().chunks.push({ s: paramValue(cx, p, quoted), q: quoted, split: !quoted });
        }
        break;
      case 'cmd':
        cur().chunks.push({ s: nextSubst(cx), q: quoted, split: !quoted });
        break;
      case 'arith':
        cur().chunks.push({ s: arith(cx, p.expr), q: quoted, split: !quoted });
        break;
    }
  }
}

/** Expand a word to one string: no field splitting or globbing (assignments, redirections, case). */
export function expandWordText(cx: ExpandCtx, w: Word, quoted = false): string {
  const fields: Field[] = [{ chunks: [], quotedEmpty: false }];
  expandParts(cx, w.parts, quoted, fields);
  return fields.map((f) => f.chunks.map((c) => c.s).join('')).join(' ');
}

/** Expand a pattern word: quoted characters are escaped so they match literally. */
export function expandPattern(cx: ExpandCtx, w: Word): string {
  const fields: Field[] = [{ chunks: [], quotedEmpty: false }];
  expandParts(cx, w.parts, false, fields);
  return fields.map((f) => f.chunks.map((c) => (c.q ? escapeGlob(c.s) : c.s)).join('')).join(' ');
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (m) => '\\' + m);
}

/** Full expansion of command words to fields. */
export function expandWords(cx: ExpandCtx, words: Word[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    // A plain unquoted word (no expansions, nothing to glob) is itself.
    const only = w.parts.length === 1 ? w.parts[0] : undefined;
    if (only?.k === 'lit' && (cx.st.opts.noglob || !GLOB_MAGIC.test(only.v))) {
      out.push(only.v);
      continue;
    }
    const fields: Field[] = [{ chunks: [], quotedEmpty: false }];
    expandParts(cx, w.parts, false, fields);
    for (const f of fields) {
      if ((f as Field & { drop?: boolean }).drop && f.chunks.length === 0) continue;
      for (const sf of splitField(f, cx.st.vars.IFS ?? ' \t\n')) out.push(...glob(cx, sf));
    }
  }
  return out;
}

function splitField(f: Field, ifs: string): Field[] {
  if (!f.chunks.some((c) => c.split)) return f.chunks.length || f.quotedEmpty ? [f] : [];
  const ws = ifs.replace(/[^ \t\n]/g, '');
  const nonWs = ifs.replace(/[ \t\n]/g, '');
  const out: Field[] = [];
  let cur: Field = { chunks: [], quotedEmpty: false };
  let curHas = false;
  const push = () => {
    if (curHas || cur.quotedEmpty) out.push(cur);
    cur = { chunks: [], quotedEmpty: false };
    curHas = false;
  };
  for (const c of f.chunks) {
    if (!c.split || ifs === '') {
      cur.chunks.push(c);
      if (c.s !== '' || c.q) curHas = true;
      if (c.q) cur.quotedEmpty = true;
      continue;
    }
    let buf = '';
    for (let i = 0; i < c.s.length; i++) {
      const ch = c.s[i] ?? '';
      if (ws.includes(ch)) {
        if (buf) {
          cur.chunks.push(Object.assign({}, c, { s: buf }));
          curHas = true;
          buf = '';
        }
        if (curHas) push();
      } else if (nonWs.includes(ch)) {
        if (buf) {
          cur.chunks.push(Object.assign({}, c, { s: buf }));
          buf = '';
        }
        curHas = true;
        push();
      } else buf += ch;
    }
    if (buf) {
      cur.chunks.push(Object.assign({}, c, { s: buf }));
      curHas = true;
    }
  }
  if (curHas || cur.quotedEmpty) out.push(cur);
  return out;
}

const GLOB_MAGIC = /[*?[]/;

function hasMagic(f: Field): boolean {
  return f.chunks.some((c) => !c.q && GLOB_MAGIC.test(c.s));
}

function glob(cx: ExpandCtx, f: Field): string[] {
  const text = f.chunks.map((c) => c.s).join('');
  if (cx.st.opts.noglob || !hasMagic(f)) return [text];
  const pattern = f.chunks.map((c) => (c.q ? escapeGlob(c.s) : c.s)).join('');
  const matches = globPaths(cx, pattern);
  return matches.length ? matches : [text];
}

/** Pathname expansion of one pattern against the filesystem. */
export function globPaths(cx: ExpandCtx, pattern: string): string[] {
  const abs = pattern.startsWith('/');
  const comps = pattern.split('/').filter((c, i) => c !== '' || i === 0);
  let bases: string[] = [abs ? '/' : ''];
  const start = abs ? 1 : 0;
  for (let i = start; i < comps.length; i++) {
    const comp = comps[i] ?? '';
    const last = i === comps.length - 1;
    const next: string[] = [];
    if (!/(^|[^\\])[*?[]/.test(comp)) {
      const lit = comp.replace(/\\(.)/g, '$1');
      for (const b of bases) next.push(joinG(b, lit));
      bases = next;
      continue;
    }
    const re = new RegExp(`^(?:${patternRegex(comp, true).src})$`, 's');
    for (const b of bases) {
      const dir = b === '' ? cx.cwd : b.startsWith('/') ? b : joinG(cx.cwd, b);
      const names = cx.readdir(dir);
      if (!names) continue;
      for (const n of [...names].sort(cmpC)) {
        if (n.startsWith('.') && !comp.startsWith('.') && !comp.startsWith('\\.')) continue;
        if (re.test(n)) next.push(joinG(b, n));
      }
    }
    bases = next;
    if (!last && !bases.length) break;
  }
  if (!abs) bases = bases.map((b) => b);
  return bases.filter((b) => b !== '');
}

function joinG(base: string, name: string): string {
  if (base === '') return name;
  return base.endsWith('/') ? base + name : `${base}/${name}`;
}

export function cmpC(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A glob pattern as a regular expression source. */
export function patternRegex(pat: string, greedy: boolean): { src: string; greedy: boolean } {
  let src = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i] ?? '';
    if (c === '\\') {
      src += escapeRe(pat[i + 1] ?? '\\');
      i++;
    } else if (c === '*') src += greedy ? '.*' : '.*?';
    else if (c === '?') src += '.';
    else if (c === '[') {
      const end = pat.indexOf(']', i + 2);
      if (end < 0) {
        src += '\\[';
        continue;
      }
      let body = pat.slice(i + 1, end);
      let neg = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        neg = true;
        body = body.slice(1);
      }
      body = body
        .replace(/\[:alpha:\]/g, 'a-zA-Z')
        .replace(/\[:digit:\]/g, '0-9')
        .replace(/\[:alnum:\]/g, 'a-zA-Z0-9')
        .replace(/\[:upper:\]/g, 'A-Z')
        .replace(/\[:lower:\]/g, 'a-z')
        .replace(/\[:space:\]/g, ' \\t\\n')
        .replace(/[\\\]^]/g, (m) => '\\' + m);
      src += `[${neg ? '^' : ''}${body}]`;
      i = end;
    } else src += escapeRe(c);
  }
  return { src, greedy };
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Does `s` match the shell pattern (already expanded with quoted chars escaped)? */
export function matchPattern(s: string, pattern: string): boolean {
  try {
    return new RegExp(`^(?:${patternRegex(pattern, true).src})$`, 's').test(s);
  } catch {
    return s === pattern;
  }
}

/** Collect the command substitutions of words, in the order expansion will consume them. */
export function collectSubst(words: Word[], out: import('./ast.ts').List[] = []): import('./ast.ts').List[] {
  for (const w of words) substBodies(w.parts, out);
  return out;
}

function substBodies(parts: WordPart[], out: import('./ast.ts').List[]): void {
  for (const p of parts) {
    if (p.k === 'cmd') out.push(p.body);
    else if (p.k === 'dq') substBodies(p.parts, out);
    else if (p.k === 'param' && p.arg) substBodies(p.arg.parts, out);
    else if (p.k === 'arith') substBodies(p.expr.parts, out);
  }
}

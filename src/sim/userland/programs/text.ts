/**
 * Text filters from coreutils 9.1 and GNU grep 3.8: head, wc, grep, sort,
 * uniq, cut, tr, tee (tail lives in tail.ts).
 *
 * Models their common options and output formats (wc's column widths, head's
 * "==> file <==" headers, grep's "file:" prefixes and exit statuses 0/1/2).
 * SIMPLIFICATIONS: sort compares in the C locale, -k takes whole fields; grep
 * has no -r; tr handles ranges and the common [:class:]es.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { parseArgs, progName, usageError } from './args.ts';
import { filterProgram, gather, lines, newInput, type Filter, type InputState } from './input.ts';
import { absPath, fsWrite } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { own } from '../own.ts';

/** Wording of "cannot open" per program (default "name: file: error"). */
const OPEN_ERR: Record<string, (name: string, f: string, e: string) => string> = {
  head: (n, f, e) => `${n}: cannot open '${f}' for reading: ${e}\n`,
  sort: (n, f, e) => `${n}: cannot read: ${f}: ${e}\n`,
};

/** Build a filter: parse options, gather all input, then produce output. */
function filter<S>(id: string, parse: (ctx: Ctx, name: string) => { o: S; operands: string[] } | { exit: number }, run: (ctx: Ctx, name: string, o: S, st: InputState) => number): Filter<S> {
  return filterProgram(id, parse, run, own(OPEN_ERR, id));
}

export function countArg(v: string | undefined, dflt: number): { n: number; fromStart: boolean } | null {
  if (v === undefined) return { n: dflt, fromStart: false };
  const m = /^([+-]?)([0-9]+)$/.exec(v);
  if (!m) return null;
  return { n: Number(m[2]), fromStart: m[1] === '+' };
}

interface HeadState {
  in: InputState;
  n: number;
  bytes: number | null;
  quiet: boolean;
}

function headOut(ctx: Ctx, st: HeadState): void {
  const multi = st.in.parts.length > 1 && !st.quiet;
  st.in.parts.forEach((p, i) => {
    if (p.text === null) return;
    if (multi) ctx.stdout.write(`${i ? '\n' : ''}==> ${p.name === '-' ? 'standard input' : p.name} <==\n`);
    if (st.bytes !== null) ctx.stdout.write(p.text.slice(0, st.bytes));
    else {
      const ls = p.text.split('\n');
      const take = ls.slice(0, st.n);
      ctx.stdout.write(take.join('\n') + (ls.length > st.n ? '\n' : ''));
    }
  });
}

function headStep(ctx: Ctx<HeadState>): Outcome {
  const st = ctx.state;
  const name = progName(ctx as Ctx, 'head');
  const done = gather(ctx as Ctx, st.in, name, (f, e) => `${name}: cannot open '${f}' for reading: ${e}\n`);
  if (!done) {
    // Reading stdin: stop as soon as enough has arrived (head does not wait for EOF).
    const cur = st.in.parts[st.in.i];
    const text = cur?.text ?? '';
    const enough = st.bytes !== null ? text.length >= st.bytes : text.split('\n').length > st.n;
    if (!enough || st.in.files.length > 1) return { block: 'input' };
    headOut(ctx as Ctx, st);
    return { exit: st.in.status };
  }
  headOut(ctx as Ctx, st);
  return { exit: st.in.status };
}

export const headProgram: ProgramDef<HeadState> = {
  id: 'head',
  main(ctx) {
    const name = progName(ctx as Ctx, 'head');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'qv', withValue: 'nc', numberOpt: 'n', long: { lines: { short: 'n', value: true }, bytes: { short: 'c', value: true }, quiet: { short: 'q' } } });
    if (!r.ok) return usageError(ctx as Ctx, name, r.error);
    const n = countArg(r.p.value('n'), 10);
    if (!n) {
      ctx.stderr.write(`${name}: invalid number of lines: '${r.p.value('n')}'\n`);
      return { exit: 1 };
    }
    const c = r.p.value('c');
    ctx.state = { in: newInput(r.p.operands), n: n.n, bytes: c === undefined ? null : Number(c), quiet: r.p.has('q') };
    return headStep(ctx);
  },
  onInput: headStep,
  resume: headStep,
};

// ---- wc ----

/** Bytes of a string in UTF-8. */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

export const wcProgram = filter<{ l: boolean; w: boolean; c: boolean; m: boolean }>(
  'wc',
  (ctx, name) => {
    const r = parseArgs(ctx.argv.slice(1), { flags: 'lwcmL', long: { lines: { short: 'l' }, words: { short: 'w' }, bytes: { short: 'c' }, chars: { short: 'm' } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    const any = r.p.has('l') || r.p.has('w') || r.p.has('c') || r.p.has('m');
    return { o: { l: any ? r.p.has('l') : true, w: any ? r.p.has('w') : true, c: any ? r.p.has('c') : true, m: r.p.has('m') }, operands: r.p.operands };
  },
  (ctx, _name, o, st) => {
    const rows: Array<{ name: string; v: number[] }> = [];
    const tot = [0, 0, 0, 0];
    let nonRegular = false;
    for (const p of st.parts) {
      if (p.text === null) continue;
      if (p.name === '-') nonRegular = true;
      const t = p.text;
      const v = [(t.match(/\n/g) ?? []).length, (t.match(/\S+/g) ?? []).length, [...t].length, utf8Length(t)];
      v.forEach((x, i) => (tot[i] = (tot[i] ?? 0) + x));
      rows.push({ name: p.name === '-' ? '' : p.name, v });
    }
    if (rows.length > 1) rows.push({ name: 'total', v: tot as number[] });
    const pick = (v: number[]) => [o.l ? v[0] : null, o.w ? v[1] : null, o.m ? v[2] : null, o.c ? v[3] : null].filter((x): x is number => x !== null);
    const nCounts = pick([0, 0, 0, 0]).length;
    let width = 1;
    if (ctx.flavour === 'busybox') width = 7;
    else if (nCounts > 1 || rows.length > 1) width = nonRegular ? 7 : String(tot[3]).length;
    for (const r of rows) {
      const cols = pick(r.v).map((x) => String(x).padStart(width));
      ctx.stdout.write(cols.join(' ') + (r.name ? ` ${r.name}` : '') + '\n');
    }
    return 0;
  },
);

// ---- grep ----

/** POSIX basic regular expression → JS source. */
export function breToJs(re: string): string {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i] as string;
    if (c === '\\') {
      const n = re[i + 1] ?? '';
      i++;
      if ('(){}|+?'.includes(n)) out += n;
      else if (n === '<' || n === '>') out += '\\b';
      else out += '\\' + n;
    } else if ('(){}|+?'.includes(c)) out += '\\' + c;
    else if (c === '[') {
      const end = re.indexOf(']', i + 2);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      out += classToJs(re.slice(i, end + 1));
      i = end;
    } else out += c;
  }
  return out;
}

function classToJs(cls: string): string {
  return cls
    .replace(/\[:alpha:\]/g, 'a-zA-Z')
    .replace(/\[:digit:\]/g, '0-9')
    .replace(/\[:alnum:\]/g, 'a-zA-Z0-9')
    .replace(/\[:upper:\]/g, 'A-Z')
    .replace(/\[:lower:\]/g, 'a-z')
    .replace(/\[:space:\]/g, '\\s')
    .replace(/\[:punct:\]/g, '!-\\/:-@\\[-`{-~');
}

export const grepProgram = filter<{ res: RegExp[]; v: boolean; c: boolean; n: boolean; l: boolean; q: boolean; o: boolean; h: boolean; H: boolean }>(
  'grep',
  (ctx, name) => {
    const r = parseArgs(ctx.argv.slice(1), {
      flags: 'ivcEFnlqowhHsx',
      withValue: 'em',
      long: { 'ignore-case': { short: 'i' }, 'invert-match': { short: 'v' }, count: { short: 'c' }, 'extended-regexp': { short: 'E' }, 'fixed-strings': { short: 'F' }, 'line-number': { short: 'n' }, quiet: { short: 'q' }, color: { value: false }, colour: { value: false }, regexp: { short: 'e', value: true } },
    });
    if (!r.ok) {
      usageError(ctx, name, r.error);
      return { exit: 2 };
    }
    const ops = [...r.p.operands];
    const pats = r.p.values('e');
    if (!pats.length) {
      if (!ops.length) {
        ctx.stderr.write(`Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`);
        return { exit: 2 };
      }
      pats.push(...(ops.shift() as string).split('\n'));
    }
    const ere = r.p.has('E') || progName(ctx, 'grep') === 'egrep';
    const res: RegExp[] = [];
    for (const p of pats) {
      let src = r.p.has('F') ? p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : ere ? p : breToJs(p);
      if (r.p.has('w')) src = `\\b(?:${src})\\b`;
      if (r.p.has('x')) src = `^(?:${src})$`;
      try {
        res.push(new RegExp(src, r.p.has('i') ? 'gi' : 'g'));
      } catch {
        ctx.stderr.write(`${name}: Unmatched ( or \\(\n`);
        return { exit: 2 };
      }
    }
    return { o: { res, v: r.p.has('v'), c: r.p.has('c'), n: r.p.has('n'), l: r.p.has('l'), q: r.p.has('q'), o: r.p.has('o'), h: r.p.has('h'), H: r.p.has('H') }, operands: ops };
  },
  (ctx, _name, o, st) => {
    let matched = false;
    const multi = (st.parts.length > 1 || o.H) && !o.h;
    for (const p of st.parts) {
      if (p.text === null) continue;
      const label = p.name === '-' ? '(standard input)' : p.name;
      let count = 0;
      lines(p.text).forEach((line, idx) => {
        const hit = o.res.some((re) => {
          re.lastIndex = 0;
          return re.test(line);
        });
        if (hit === o.v) return;
        count++;
        matched = true;
        if (o.q || o.c || o.l) return;
        const prefix = (multi ? `${label}:` : '') + (o.n ? `${idx + 1}:` : '');
        if (o.o && !o.v) {
          for (const re of o.res) {
            re.lastIndex = 0;
            for (const m of line.matchAll(re)) if (m[0]) ctx.stdout.write(`${prefix}${m[0]}\n`);
          }
        } else ctx.stdout.write(`${prefix}${line}\n`);
      });
      if (o.c && !o.q) ctx.stdout.write(`${multi ? `${label}:` : ''}${count}\n`);
      if (o.l && count && !o.q) ctx.stdout.write(`${label}\n`);
    }
    if (st.status) return 2;
    return matched ? 0 : 1;
  },
);

// ---- sort, uniq, cut, tr ----

export const sortProgram = filter<{ r: boolean; n: boolean; u: boolean; k: number | null; t: string | null; h: boolean }>(
  'sort',
  (ctx, name) => {
    const r = parseArgs(ctx.argv.slice(1), { flags: 'rnufbhV', withValue: 'kt', long: { reverse: { short: 'r' }, 'numeric-sort': { short: 'n' }, unique: { short: 'u' }, key: { short: 'k', value: true }, 'field-separator': { short: 't', value: true } } });
    if (!r.ok) return usageError(ctx, name, r.error, 2);
    const k = r.p.value('k');
    return { o: { r: r.p.has('r'), n: r.p.has('n') || r.p.has('h'), u: r.p.has('u'), k: k ? parseInt(k, 10) : null, t: r.p.value('t') ?? null, h: r.p.has('h') }, operands: r.p.operands };
  },
  (ctx, _name, o, st) => {
    const all = st.parts.flatMap((p) => (p.text === null ? [] : lines(p.text)));
    const key = (l: string) => {
      if (o.k === null) return l;
      const fields = o.t !== null ? l.split(o.t) : l.trim().split(/\s+/);
      return fields.slice(o.k - 1).join(o.t ?? ' ');
    };
    const num = (s: string) => {
      const m = /^\s*(-?[0-9]*\.?[0-9]+)([KMGT]?)/.exec(s);
      if (!m) return 0;
      return Number(m[1]) * ({ '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m[2] as ''] ?? 1);
    };
    const cmp = (a: string, b: string) => {
      const ka = key(a);
      const kb = key(b);
      let c = o.n ? num(ka) - num(kb) : 0;
      if (c === 0) c = ka < kb ? -1 : ka > kb ? 1 : 0;
      if (c === 0 && !o.u) c = a < b ? -1 : a > b ? 1 : 0;
      return o.r ? -c : c;
    };
    let sorted = [...all].sort(cmp);
    if (o.u) sorted = sorted.filter((l, i) => i === 0 || cmp(sorted[i - 1] as string, l) !== 0);
    ctx.stdout.write(sorted.map((l) => l + '\n').join(''));
    return 0;
  },
);

export const uniqProgram = filter<{ c: boolean; d: boolean; u: boolean; i: boolean }>(
  'uniq',
  (ctx, name) => {
    const r = parseArgs(ctx.argv.slice(1), { flags: 'cdui', long: { count: { short: 'c' }, repeated: { short: 'd' }, unique: { short: 'u' } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    return { o: { c: r.p.has('c'), d: r.p.has('d'), u: r.p.has('u'), i: r.p.has('i') }, operands: r.p.operands.slice(0, 1) };
  },
  (ctx, _name, o, st) => {
    const all = st.parts.flatMap((p) => (p.text === null ? [] : lines(p.text)));
    const groups: Array<{ line: string; n: number }> = [];
    for (const l of all) {
      const last = groups[groups.length - 1];
      if (last && (o.i ? last.line.toLowerCase() === l.toLowerCase() : last.line === l)) last.n++;
      else groups.push({ line: l, n: 1 });
    }
    for (const g of groups) {
      if (o.d && g.n < 2) continue;
      if (o.u && g.n > 1) continue;
      ctx.stdout.write(o.c ? `${String(g.n).padStart(7)} ${g.line}\n` : `${g.line}\n`);
    }
    return 0;
  },
);

function parseList(s: string): Array<[number, number]> | null {
  const out: Array<[number, number]> = [];
  for (const part of s.split(',')) {
    const m = /^([0-9]*)(-?)([0-9]*)$/.exec(part);
    if (!m || (!m[1] && !m[3])) return null;
    const a = m[1] ? Number(m[1]) : 1;
    const b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a;
    out.push([a, b]);
  }
  return out;
}

export const cutProgram = filter<{ d: string; f: Array<[number, number]> | null; c: Array<[number, number]> | null; s: boolean }>(
  'cut',
  (ctx, name) => {
    const r = parseArgs(ctx.argv.slice(1), { flags: 's', withValue: 'dfcb', long: { delimiter: { short: 'd', value: true }, fields: { short: 'f', value: true }, characters: { short: 'c', value: true } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    const f = r.p.value('f');
    const c = r.p.value('c') ?? r.p.value('b');
    if (f === undefined && c === undefined) {
      ctx.stderr.write(`${name}: you must specify a list of bytes, characters, or fields\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    const list = parseList((f ?? c) as string);
    if (!list) {
      ctx.stderr.write(`${name}: invalid field value '${f ?? c}'\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    return { o: { d: r.p.value('d') ?? '\t', f: f !== undefined ? list : null, c: c !== undefined ? list : null, s: r.p.has('s') }, operands: r.p.operands };
  },
  (ctx, _name, o, st) => {
    const inList = (list: Array<[number, number]>, i: number) => list.some(([a, b]) => i >= a && i <= b);
    for (const p of st.parts) {
      if (p.text === null) continue;
      for (const l of lines(p.text)) {
        if (o.c) {
          ctx.stdout.write([...l].filter((_, i) => inList(o.c as Array<[number, number]>, i + 1)).join('') + '\n');
          continue;
        }
        if (!l.includes(o.d)) {
          if (!o.s) ctx.stdout.write(l + '\n');
          continue;
        }
        ctx.stdout.write(
          l
            .split(o.d)
            .filter((_, i) => inList(o.f as Array<[number, number]>, i + 1))
            .join(o.d) + '\n',
        );
      }
    }
    return 0;
  },
);

function expandSet(s: string): string {
  let t = s
    .replace(/\[:lower:\]/g, 'abcdefghijklmnopqrstuvwxyz')
    .replace(/\[:upper:\]/g, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
    .replace(/\[:digit:\]/g, '0123456789')
    .replace(/\[:space:\]/g, ' \t\n\r\f\v')
    .replace(/\[:alpha:\]/g, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')
    .replace(/\[:alnum:\]/g, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
  t = t.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i] as string;
    if (t[i + 1] === '-' && t[i + 2] !== undefined) {
      const a = c.charCodeAt(0);
      const b = (t[i + 2] as string).charCodeAt(0);
      for (let x = a; x <= b; x++) out += String.fromCharCode(x);
      i += 2;
    } else out += c;
  }
  return out;
}

export const trProgram = filter<{ d: boolean; s: boolean; set1: string; set2: string }>(
  'tr',
  (ctx, name) => {
    const r = parseArgs(ctx.argv.slice(1), { flags: 'dscC', long: { delete: { short: 'd' }, 'squeeze-repeats': { short: 's' } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    const [a, b] = r.p.operands;
    if (a === undefined || (b === undefined && !r.p.has('d') && !r.p.has('s'))) {
      ctx.stderr.write(a === undefined ? `${name}: missing operand\nTry '${name} --help' for more information.\n` : `${name}: missing operand after '${a}'\nTwo strings must be given when translating.\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    return { o: { d: r.p.has('d'), s: r.p.has('s'), set1: expandSet(a), set2: expandSet(b ?? '') }, operands: [] };
  },
  (ctx, _name, o, st) => {
    let text = st.parts.map((p) => p.text ?? '').join('');
    if (o.d) text = [...text].filter((c) => !o.set1.includes(c)).join('');
    else if (o.set2) {
      text = [...text]
        .map((c) => {
          const i = o.set1.indexOf(c);
          return i < 0 ? c : (o.set2[Math.min(i, o.set2.length - 1)] ?? c);
        })
        .join('');
    }
    if (o.s) {
      const sq = o.set2 && !o.d ? o.set2 : o.set1;
      text = [...text].filter((c, i, arr) => !(i > 0 && c === arr[i - 1] && sq.includes(c))).join('');
    }
    ctx.stdout.write(text);
    return 0;
  },
);

interface TeeState {
  files: string[];
  status: number;
}

function teeStep(ctx: Ctx<TeeState>): Outcome {
  const st = ctx.state;
  const data = ctx.stdin.read();
  if (data) {
    ctx.stdout.write(data);
    for (const f of st.files) fsWrite(ctx.k, ctx.pid, f, data, { append: true });
  }
  if (!ctx.stdin.eof) return { block: 'input' };
  return { exit: st.status };
}

export const teeProgram: ProgramDef<TeeState> = {
  id: 'tee',
  main(ctx) {
    const name = progName(ctx as Ctx, 'tee');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'ai', long: { append: { short: 'a' } } });
    if (!r.ok) return usageError(ctx as Ctx, name, r.error);
    const files: string[] = [];
    let status = 0;
    for (const f of r.p.operands) {
      const path = absPath(ctx.k, ctx.pid, f);
      const w = fsWrite(ctx.k, ctx.pid, path, '', { append: r.p.has('a') });
      if (isErr(w)) {
        ctx.stderr.write(`${name}: ${f}: ${strerror(w.errno)}\n`);
        status = 1;
      } else files.push(path);
    }
    ctx.state = { files, status };
    return teeStep(ctx);
  },
  onInput: teeStep,
  resume: teeStep,
};

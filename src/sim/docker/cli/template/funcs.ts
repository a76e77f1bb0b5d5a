/**
 * Template functions: text/template's builtins (and, or, not, len, index,
 * slice, print, printf, println, eq, ne, lt, le, gt, ge, html, js, urlquery)
 * and docker's (templates/templates.go: json, split, join, title, lower,
 * upper, pad, truncate), plus the header variants docker uses to render table
 * headers. Functions throw an Error for a type mismatch; the executor reports
 * it as `error calling <fn>: <msg>`, as Go does.
 */

import type { TemplateFunc } from './exec.ts';
import { truth } from './exec.ts';
import { NO_VALUE, sprint, sprintf, sprintln, sprintValue } from './fmt.ts';
import { goJson } from './gojson.ts';
import { GO_ZERO } from './govalues.ts';
import { utf8Decode, utf8Encode } from '../util/go.ts';

function byteLen(s: string): number {
  return utf8Encode(s).length;
}

function basicKind(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return 'other';
}

function cmp(a: unknown, b: unknown): number {
  const ka = basicKind(a);
  const kb = basicKind(b);
  const numeric = (k: string) => k === 'int' || k === 'float';
  if (!(ka === kb || (numeric(ka) && numeric(kb))) || ka === 'other' || ka === 'bool') throw new Error('incompatible types for comparison');
  return (a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0;
}

function eqOne(a: unknown, b: unknown): boolean {
  if (a === NO_VALUE || a === undefined || a === null) return b === NO_VALUE || b === undefined || b === null;
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === 'other' || kb === 'other') {
    if (typeof a === 'object' || typeof b === 'object') throw new Error('non-comparable type');
  }
  if (ka !== kb && !((ka === 'int' || ka === 'float') && (kb === 'int' || kb === 'float'))) throw new Error('incompatible types for comparison');
  return a === b;
}

function str(v: unknown, fn: string): string {
  if (typeof v === 'string') return v;
  throw new Error(`wrong type for value; expected string; got ${basicKind(v) === 'other' ? 'interface {}' : basicKind(v)}`.replace('; got', fn ? '; got' : '; got'));
}

export const BUILTIN_FUNCS: Record<string, TemplateFunc> = {
  and: (...a) => a.find((x) => !truth(x)) ?? a[a.length - 1],
  or: (...a) => a.find((x) => truth(x)) ?? a[a.length - 1],
  not: (a) => !truth(a),
  len: (a) => {
    if (typeof a === 'string') return byteLen(a);
    if (Array.isArray(a)) return a.length;
    if (a && typeof a === 'object') return Object.keys(a).length;
    throw new Error(`len of type ${a === null || a === undefined || a === NO_VALUE ? '<nil>' : basicKind(a)}`);
  },
  index: (item, ...idx) => {
    let v: unknown = item;
    for (const i of idx) {
      if (Array.isArray(v) || typeof v === 'string') {
        if (typeof i !== 'number') throw new Error(`cannot index slice/array with type ${basicKind(i)}`);
        const len = typeof v === 'string' ? v.length : v.length;
        if (i < 0 || i >= len) throw new Error(`index out of range: ${i}`);
        v = typeof v === 'string' ? v.charCodeAt(i) : v[i];
      } else if (v && typeof v === 'object') {
        const k = String(i);
        // A typed Go map gives its element's zero value for a missing key; raw JSON a nil interface ("<no value>").
        const zero = GO_ZERO in v ? (v as Record<symbol, unknown>)[GO_ZERO] : NO_VALUE;
        v = Object.prototype.hasOwnProperty.call(v, k) ? (v as Record<string, unknown>)[k] : zero;
      } else if (v === null || v === undefined || v === NO_VALUE) throw new Error('index of untyped nil');
      else throw new Error(`can't index item of type ${basicKind(v)}`);
    }
    return v;
  },
  slice: (item, ...idx) => {
    const [a, b] = idx as number[];
    if (typeof item === 'string' || Array.isArray(item)) return item.slice(a ?? 0, b ?? item.length);
    throw new Error(`can't slice item of type ${basicKind(item)}`);
  },
  print: (...a) => sprint(a),
  printf: (f, ...a) => sprintf(str(f, 'printf'), a),
  println: (...a) => sprintln(a),
  eq: (a, ...bs) => {
    if (!bs.length) throw new Error('missing argument for comparison');
    return bs.some((b) => eqOne(a, b));
  },
  ne: (a, b) => !eqOne(a, b),
  lt: (a, b) => cmp(a, b) < 0,
  le: (a, b) => cmp(a, b) <= 0,
  gt: (a, b) => cmp(a, b) > 0,
  ge: (a, b) => cmp(a, b) >= 0,
  html: (...a) => sprint(a).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;'),
  js: (...a) => sprint(a).replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/"/g, '\\"').replace(/</g, '\\u003C').replace(/>/g, '\\u003E'),
  urlquery: (...a) => encodeURIComponent(sprint(a)).replace(/%20/g, '+'),
};

function strings(v: unknown): string[] {
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : sprintValue(x)));
  throw new Error(`wrong type for value; expected []string; got ${typeof v === 'string' ? 'string' : 'interface {}'}`);
}

/** docker's template functions (templates.basicFunctions). */
export const DOCKER_FUNCS: Record<string, TemplateFunc> = {
  json: (v) => goJson(v, { escapeHtml: false }),
  split: (s, sep) => str(s, 'split').split(str(sep, 'split')),
  join: (a, sep) => strings(a).join(str(sep, 'join')),
  title: (s) => str(s, 'title').replace(/(^|[^\p{L}\p{N}'_])(\p{L})/gu, (_m, p: string, c: string) => p + c.toUpperCase()),
  lower: (s) => str(s, 'lower').toLowerCase(),
  upper: (s) => str(s, 'upper').toUpperCase(),
  // padWithSpace: an empty string stays empty.
  pad: (s, prefix, suffix) => (str(s, 'pad') === '' ? '' : ' '.repeat(Number(prefix)) + str(s, 'pad') + ' '.repeat(Number(suffix))),
  truncate: (s, n) => {
    const t = str(s, 'truncate');
    const len = Number(n);
    return byteLen(t) < len ? t : utf8Decode(utf8Encode(t).slice(0, len));
  },
};

/** docker's HeaderFunctions: the same names, each returning its first argument (for table headers). */
export const HEADER_FUNCS: Record<string, TemplateFunc> = Object.fromEntries(Object.keys(DOCKER_FUNCS).map((k) => [k, (v: unknown) => v]));

export const ALL_FUNCS: Record<string, TemplateFunc> = { ...BUILTIN_FUNCS, ...DOCKER_FUNCS };

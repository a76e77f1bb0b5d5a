/**
 * Go's fmt for the values templates see: Sprint (%v) of strings, numbers,
 * booleans, nil, slices ("[a b]"), maps ("map[a:1 b:2]", sorted keys) and
 * structs ("{v1 v2}"), and Sprintf with the common verbs (%s %v %d %q %t %f
 * %e %g %x %X %c %%), flags (- + space 0 #), width and precision.
 * SIMPLIFICATIONS: JS integers print as Go ints, other numbers as float64
 * (a GoFloat is a float64 whatever its value).
 */

import { goQuote, utf8Encode } from '../util/go.ts';
import { GO_PTR, GO_STRING, GO_TYPE, GoDuration, GoFloat, GoPtr, GoTime, NO_VALUE } from './govalues.ts';

export { GO_TYPE, NO_VALUE };

export function goTypeOf(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' ? (v as Record<symbol, string | undefined>)[GO_TYPE] : undefined;
}

export function isStruct(v: unknown): boolean {
  return goTypeOf(v) !== undefined;
}

export function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  // strconv.FormatFloat(n, 'g', -1, 64): %e when the exponent is < -4 or >= 6 (shortest form).
  const exp = Number(n.toExponential().split('e')[1]);
  if (exp < -4 || exp >= 6) {
    const [m, e] = n.toExponential().split('e') as [string, string];
    const en = Number(e);
    return `${m}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  return String(n);
}

/**
 * fmt.Sprint of one value (%v; %+v with `plus`: struct fields named). At the
 * top (depth 0) a pointer to a struct prints as &{...}; nested, as its address.
 */
export function sprintValue(v: unknown, depth = 0, plus = false): string {
  if (v === NO_VALUE || v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map((e) => sprintValue(e, depth + 1, plus)).join(' ')}]`;
  if (typeof v === 'function') return '<func>';
  if (v instanceof GoTime || v instanceof GoDuration) return v.toString();
  if (v instanceof GoFloat) return goFloat(v.v);
  if (v instanceof GoPtr) return v.addr;
  if (typeof v === 'object') {
    const o = v as Record<string | symbol, unknown>;
    const str = o[GO_STRING] as ((o: object) => string) | undefined;
    if (str) return str(o);
    if (isStruct(v)) {
      const addr = o[GO_PTR] as string | undefined;
      if (addr !== undefined && depth > 0) return addr;
      const body = `{${Object.keys(o)
        .map((k) => (plus ? `${k}:` : '') + sprintValue(typeof o[k] === 'function' ? undefined : o[k], depth + 1, plus))
        .join(' ')}}`;
      return addr !== undefined ? `&${body}` : body;
    }
    const keys = Object.keys(o).sort();
    return `map[${keys.map((k) => `${k}:${sprintValue(o[k], depth + 1, plus)}`).join(' ')}]`;
  }
  return String(v);
}

/**
 * What a template action prints: text/template's printableValue dereferences
 * a pointer first, so {{.State}} prints {...} where print .State gives &{...}.
 */
export function sprintAction(v: unknown): string {
  if (v instanceof GoPtr) return sprintValue(v.elem);
  if (v !== null && typeof v === 'object' && (v as Record<symbol, unknown>)[GO_PTR] !== undefined && isStruct(v) && !(v as Record<symbol, unknown>)[GO_STRING]) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .map((k) => sprintValue(typeof o[k] === 'function' ? undefined : o[k], 1))
      .join(' ')}}`;
  }
  return sprintValue(v);
}

/** fmt.Sprint(args...): spaces between operands when neither is a string. */
export function sprint(args: unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += sprintValue(a);
  });
  return out;
}

/** fmt.Sprintln: spaces always, newline at the end. */
export function sprintln(args: unknown[]): string {
  return `${args.map((a) => sprintValue(a)).join(' ')}\n`;
}

function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (v instanceof GoFloat) return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return goTypeOf(v) ?? 'map[string]interface {}';
}

/** strconv.FormatFloat(x, 'f', prec): correctly rounded, ties to even on exact halves. */
export function goFixed(x: number, prec: number): string {
  const neg = x < 0 || Object.is(x, -0);
  const exact = Math.abs(x).toFixed(Math.min(100, prec + 40));
  const dot = exact.indexOf('.');
  const keep = exact.slice(0, dot + 1 + prec).replace(/\.$/, '');
  const rest = exact.slice(dot + 1 + prec);
  let digits = keep.replace('.', '');
  const up = rest[0] !== undefined && (rest[0] > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || Number(digits[digits.length - 1]) % 2 === 1)));
  if (up) {
    const arr = digits.split('').map(Number);
    let i = arr.length - 1;
    while (i >= 0) {
      if (arr[i] === 9) {
        arr[i] = 0;
        i--;
      } else {
        arr[i] = (arr[i] as number) + 1;
        break;
      }
    }
    digits = (i < 0 ? '1' : '') + arr.join('');
  }
  const intLen = digits.length - prec;
  const out = prec > 0 ? `${digits.slice(0, intLen)}.${digits.slice(intLen)}` : digits;
  return (neg && /[1-9]/.test(out) ? '-' : '') + out;
}

function pad(s: string, width: number | null, minus: boolean, zero: boolean): string {
  if (width === null || s.length >= width) return s;
  if (minus) return s + ' '.repeat(width - s.length);
  if (zero) {
    const sign = /^[+-]/.test(s) ? (s[0] as string) : '';
    return sign + '0'.repeat(width - s.length) + s.slice(sign.length);
  }
  return ' '.repeat(width - s.length) + s;
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: unknown[]): string {
  let out = '';
  let ai = 0;
  let i = 0;
  while (i < format.length) {
    const c = format[i] as string;
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    let minus = false;
    let plus = false;
    let space = false;
    let zero = false;
    let sharp = false;
    for (; i < format.length; i++) {
      const f = format[i];
      if (f === '-') minus = true;
      else if (f === '+') plus = true;
      else if (f === ' ') space = true;
      else if (f === '0') zero = true;
      else if (f === '#') sharp = true;
      else break;
    }
    let width: number | null = null;
    const wm = /^\d+/.exec(format.slice(i));
    if (wm) {
      width = Number(wm[0]);
      i += wm[0].length;
    }
    let prec: number | null = null;
    if (format[i] === '.') {
      const pm = /^\d*/.exec(format.slice(i + 1)) as RegExpExecArray;
      prec = Number(pm[0] || '0');
      i += 1 + pm[0].length;
    }
    const verb = format[i++];
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (ai >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const a = args[ai++];
    const bad = () => `%!${verb}(${goTypeName(a)}=${sprintValue(a)})`;
    let s: string;
    switch (verb) {
      case 'v':
        s = sharp && typeof a === 'string' ? goQuote(a) : sprintValue(a, 0, plus);
        if (plus && typeof a === 'number' && a >= 0) s = `+${s}`;
        break;
      case 's':
        s = typeof a === 'string' || Array.isArray(a) || (typeof a === 'object' && a !== null) ? sprintValue(a) : bad();
        if (prec !== null && typeof a === 'string') s = [...s].slice(0, prec).join('');
        break;
      case 'q':
        s = typeof a === 'string' ? goQuote(a) : typeof a === 'number' && Number.isInteger(a) ? `'${String.fromCodePoint(a)}'` : bad();
        break;
      case 'd':
        // A pointer prints its address as an integer (what Go does with a *int64).
        if (a instanceof GoPtr) s = String(parseInt(a.addr, 16));
        else if (typeof a !== 'number' || !Number.isInteger(a)) s = bad();
        else s = (a >= 0 && plus ? '+' : a >= 0 && space ? ' ' : '') + String(a);
        break;
      case 't':
        s = typeof a === 'boolean' ? String(a) : bad();
        break;
      case 'f':
      case 'F':
      case 'e':
      case 'g': {
        if (typeof a !== 'number') {
          s = bad();
          break;
        }
        if (verb === 'e') s = a.toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
        else if (verb === 'g') s = prec === null ? goFloat(a) : String(Number(a.toPrecision(prec)));
        else s = goFixed(a, prec ?? 6);
        if (a >= 0 && plus) s = `+${s}`;
        break;
      }
      case 'x':
      case 'X': {
        let h: string;
        if (typeof a === 'number' && Number.isInteger(a)) h = a.toString(16);
        else if (typeof a === 'string') h = utf8Encode(a).map((b) => b.toString(16).padStart(2, '0')).join('');
        else {
          s = bad();
          break;
        }
        if (sharp) h = `0x${h}`;
        s = verb === 'X' ? h.toUpperCase() : h;
        break;
      }
      case 'c':
        s = typeof a === 'number' ? String.fromCodePoint(a) : bad();
        break;
      default:
        s = bad();
    }
    out += pad(s, width, minus, zero && !minus && verb !== 's' && verb !== 'q');
  }
  if (ai < args.length) out += `%!(EXTRA ${args.slice(ai).map((a) => `${goTypeName(a)}=${sprintValue(a)}`).join(', ')})`;
  return out;
}

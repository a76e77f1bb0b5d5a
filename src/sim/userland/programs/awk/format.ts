/**
 * awk values and their conversions (POSIX awk "Expressions in awk"): numbers,
 * strings and numeric strings (fields, -v values, split() pieces), the
 * number-to-string rules (integers as %d, others through CONVFMT/OFMT),
 * strtod-like string-to-number, and printf(3)-style formatting for printf and
 * sprintf (%c %d %i %o %u %x %X %e %E %f %F %g %G %s %% with flags, width,
 * precision and `*`).
 * SIMPLIFICATIONS: NaN always prints as "-nan" (glibc's text for log(-1)).
 */

/** A numeric string: compares as a number when it looks like one. */
export interface StrNum {
  sn: string;
}
export type Val = number | string | StrNum | undefined;

export const strnum = (s: string): StrNum => ({ sn: s });

const NUM_PREFIX = /^[ \t\n\r\f\v]*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/;
const LOOKS_NUMERIC = /^[ \t\n\r\f\v]*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\f\v]*$/;

export function strToNum(s: string): number {
  const m = NUM_PREFIX.exec(s);
  return m ? Number(m[0].trim()) : 0;
}

export function toNum(v: Val): number {
  if (typeof v === 'number') return v;
  if (v === undefined) return 0;
  return strToNum(typeof v === 'string' ? v : v.sn);
}

/** Does the value compare as a number (a number, an unset variable, or a numeric-looking strnum)? */
export function isNumeric(v: Val): boolean {
  return typeof v === 'number' || v === undefined || (typeof v === 'object' && LOOKS_NUMERIC.test(v.sn));
}

/** Number → string: integers (within `maxInt`) as %d, others through `fmt` (CONVFMT or OFMT). */
export function numToStr(n: number, fmt: string, maxInt: number): string {
  if (Number.isInteger(n) && Math.abs(n) <= maxInt) return Object.is(n, -0) ? '0' : String(n);
  return sprintf(fmt, [n], maxInt);
}

export function toStr(v: Val, fmt: string, maxInt: number): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  if (typeof v === 'number') return numToStr(v, fmt, maxInt);
  return v.sn;
}

function special(n: number): string | null {
  if (Number.isNaN(n)) return '-nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return null;
}

function expFix(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function fmtE(n: number, prec: number, upper: boolean): string {
  const s = expFix(n.toExponential(Math.min(prec, 100)));
  return upper ? s.toUpperCase() : s;
}

function fmtG(n: number, prec: number, upper: boolean, alt: boolean): string {
  const p = prec === 0 ? 1 : prec;
  if (n === 0) return alt ? (0).toFixed(p - 1) : '0';
  const x = Number(n.toExponential(p - 1).split('e')[1]);
  let s: string;
  if (x < -4 || x >= p) {
    s = n.toExponential(p - 1);
    if (!alt) s = s.replace(/\.?0+e/, 'e');
    s = expFix(s);
  } else {
    s = n.toFixed(Math.max(0, p - 1 - x));
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  return upper ? s.toUpperCase() : s;
}

/** printf-style formatting of awk values. */
export function sprintf(fmt: string, args: Val[], maxInt: number, convfmt = '%.6g'): string {
  let out = '';
  let ai = 0;
  const next = (): Val => args[ai++];
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i] as string;
    if (c !== '%') {
      out += c;
      continue;
    }
    const m = /^%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([cdiouxXeEfFgGs%])/.exec(fmt.slice(i));
    if (!m) {
      out += c;
      continue;
    }
    i += m[0].length - 1;
    const flags = m[1] as string;
    const conv = m[4] as string;
    if (conv === '%') {
      out += '%';
      continue;
    }
    let width = m[2] === '*' ? toNum(next()) : m[2] ? Number(m[2]) : 0;
    let left = flags.includes('-');
    if (width < 0) {
      left = true;
      width = -width;
    }
    const precRaw = m[3] === '*' ? String(Math.trunc(toNum(next()))) : m[3];
    const prec = precRaw === undefined ? null : Number(precRaw || '0');
    const v = next();
    let body: string;
    let sign = '';
    let numeric = true;
    switch (conv) {
      case 'c': {
        numeric = false;
        if (typeof v === 'number') body = String.fromCharCode(Math.trunc(v));
        else body = toStr(v, convfmt, maxInt).charAt(0);
        break;
      }
      case 's': {
        numeric = false;
        body = toStr(v, convfmt, maxInt);
        if (prec !== null) body = body.slice(0, prec);
        break;
      }
      case 'd':
      case 'i':
      case 'o':
      case 'u':
      case 'x':
      case 'X': {
        const n = toNum(v);
        const sp = special(n);
        if (sp) {
          body = sp.replace('-', '');
          if (n < 0 || Number.isNaN(n)) sign = '-';
          break;
        }
        let t = Math.trunc(n);
        if (conv !== 'd' && conv !== 'i' && t < 0) t = 2 ** 64 + t;
        if (t < 0) sign = '-';
        const a = Math.abs(t);
        body = conv === 'o' ? a.toString(8) : conv === 'x' ? a.toString(16) : conv === 'X' ? a.toString(16).toUpperCase() : BigInt(a).toString();
        if (prec !== null) body = prec === 0 && a === 0 ? '' : body.padStart(prec, '0');
        if (flags.includes('#') && a !== 0 && (conv === 'x' || conv === 'X')) body = (conv === 'x' ? '0x' : '0X') + body;
        if (flags.includes('#') && conv === 'o' && !body.startsWith('0')) body = '0' + body;
        break;
      }
      default: {
        const n = toNum(v);
        const sp = special(n);
        const p = prec ?? 6;
        if (n < 0 || Object.is(n, -0) || Number.isNaN(n)) sign = '-';
        const a = Math.abs(n);
        if (sp) body = sp.replace('-', '');
        else if (conv === 'f' || conv === 'F') body = a.toFixed(Math.min(p, 100));
        else if (conv === 'e' || conv === 'E') body = fmtE(a, p, conv === 'E');
        else body = fmtG(a, p, conv === 'G', flags.includes('#'));
        if (sp && conv === conv.toUpperCase()) body = body.toUpperCase();
      }
    }
    if (numeric && !sign) sign = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
    const zero = numeric && flags.includes('0') && !left && !(prec !== null && 'diouxX'.includes(conv)) && /[0-9]/.test(body.charAt(0));
    const len = sign.length + body.length;
    if (len >= width) out += sign + body;
    else if (left) out += sign + body + ' '.repeat(width - len);
    else if (zero) out += sign + '0'.repeat(width - len) + body;
    else out += ' '.repeat(width - len) + sign + body;
  }
  return out;
}

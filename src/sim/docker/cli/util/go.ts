/**
 * Small pieces of Go's standard library whose exact texts leak into docker's
 * output: strconv.Quote (%q), strconv.ParseInt/ParseUint/ParseBool/ParseFloat
 * errors, time.ParseDuration and time.Duration.String().
 * SIMPLIFICATIONS: integers are JS numbers (exact up to 2^53); digit
 * separators ("1_000") are not accepted.
 */

/** strconv.Quote: a double-quoted Go string literal. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0x80 && c < 0xa0) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** %q of a byte/rune: 'x'. */
export function goQuoteRune(ch: string): string {
  if (ch === "'") return "'\\''";
  if (ch === '\\') return "'\\\\'";
  const q = goQuote(ch);
  return `'${q.slice(1, -1).replace(/\\"/g, '"')}'`;
}

export type Parsed<T> = { value: T } | { error: string };

const INT_RE = /^[+-]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]*|0[bB][01]+|[1-9][0-9]*)$/;

function intBody(s: string): number | null {
  if (!INT_RE.test(s)) return null;
  const neg = s.startsWith('-');
  const t = s.replace(/^[+-]/, '');
  let v: number;
  if (/^0[xX]/.test(t)) v = parseInt(t.slice(2), 16);
  else if (/^0[bB]/.test(t)) v = parseInt(t.slice(2), 2);
  else if (/^0[oO]/.test(t)) v = parseInt(t.slice(2), 8);
  else if (t.length > 1 && t.startsWith('0')) v = parseInt(t.slice(1), 8);
  else v = t === '0' ? 0 : parseInt(t, 10);
  return neg ? -v : v;
}

/** strconv.ParseInt(s, 0, bits). */
export function parseGoInt(s: string, bits = 64): Parsed<number> {
  const v = intBody(s);
  if (v === null) return { error: `strconv.ParseInt: parsing ${goQuote(s)}: invalid syntax` };
  const max = 2 ** (bits - 1);
  if (v >= max || v < -max) return { error: `strconv.ParseInt: parsing ${goQuote(s)}: value out of range` };
  return { value: v };
}

/** strconv.ParseUint(s, 0, bits). */
export function parseGoUint(s: string, bits = 64): Parsed<number> {
  const v = s.startsWith('+') || s.startsWith('-') ? null : intBody(s);
  if (v === null) return { error: `strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax` };
  if (v >= 2 ** bits) return { error: `strconv.ParseUint: parsing ${goQuote(s)}: value out of range` };
  return { value: v };
}

/** strconv.ParseBool. */
export function parseGoBool(s: string): Parsed<boolean> {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return { value: true };
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return { value: false };
  return { error: `strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax` };
}

/** strconv.ParseFloat(s, 64) for plain decimal syntax. */
export function parseGoFloat(s: string): Parsed<number> {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) && !/^[+-]?(inf|infinity|nan)$/i.test(s)) {
    return { error: `strconv.ParseFloat: parsing ${goQuote(s)}: invalid syntax` };
  }
  return { value: Number(s.replace(/^\+/, '').replace(/inf(inity)?/i, 'Infinity')) };
}

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** time.ParseDuration: nanoseconds. */
export function parseGoDuration(s: string): Parsed<number> {
  const orig = s;
  const bad = { error: `time: invalid duration ${goQuote(orig)}` };
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { value: 0 };
  if (s === '') return bad;
  let total = 0;
  while (s !== '') {
    const m = /^(\d*)(\.(\d*))?/.exec(s) as RegExpExecArray;
    const whole = m[1] ?? '';
    const frac = m[3] ?? '';
    if (whole === '' && frac === '') return bad;
    if (whole === '' && m[2] === undefined) return bad;
    s = s.slice(m[0].length);
    const u = /^[^\d.]+/.exec(s);
    if (!u) return { error: `time: missing unit in duration ${goQuote(orig)}` };
    const unit = u[0];
    const mul = UNIT_NS[unit];
    if (mul === undefined) return { error: `time: unknown unit ${goQuote(unit)} in duration ${goQuote(orig)}` };
    s = s.slice(unit.length);
    total += Number(`${whole || '0'}.${frac || '0'}`) * mul;
  }
  return { value: Math.round(neg ? -total : total) };
}

function fmtFrac(v: number, prec: number): string {
  // v is an integer count of the smallest unit; print v / 10^prec without trailing zeros.
  const int = Math.floor(v / 10 ** prec);
  let frac = String(v % 10 ** prec).padStart(prec, '0').replace(/0+$/, '');
  if (frac) frac = `.${frac}`;
  return `${int}${frac}`;
}

/** time.Duration.String(): "1h2m3.5s", "300ms", "0s". */
export function goDurationString(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let u = Math.abs(Math.round(ns));
  let out: string;
  if (u < 1e9) {
    if (u < 1e3) out = `${u}ns`;
    else if (u < 1e6) out = `${fmtFrac(u, 3)}µs`;
    else out = `${fmtFrac(u, 6)}ms`;
  } else {
    const h = Math.floor(u / 3600e9);
    u -= h * 3600e9;
    const m = Math.floor(u / 60e9);
    u -= m * 60e9;
    out = `${fmtFrac(u, 9)}s`;
    if (h > 0) out = `${h}h${m}m${out}`;
    else if (m > 0) out = `${m}m${out}`;
  }
  return neg ? `-${out}` : out;
}

/** UTF-8 bytes of a string (Go strings are bytes). */
export function utf8Encode(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** Decode UTF-8 bytes; invalid sequences become U+FFFD. */
export function utf8Decode(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const n = b < 0x80 ? 1 : b >> 5 === 6 ? 2 : b >> 4 === 14 ? 3 : b >> 3 === 30 ? 4 : 0;
    if (n === 0 || i + n > bytes.length) {
      out += '\ufffd';
      i++;
      continue;
    }
    let c = n === 1 ? b : b & (0xff >> (n + 1));
    for (let j = 1; j < n; j++) c = (c << 6) | ((bytes[i + j] as number) & 63);
    out += String.fromCodePoint(c);
    i += n;
  }
  return out;
}

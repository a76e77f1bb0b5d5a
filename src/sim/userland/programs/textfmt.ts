/**
 * The text engines shared by the shell builtins and the standalone programs:
 * echo(1) and printf(1) formatting, and test(1) / [ expression evaluation.
 *
 * Models GNU coreutils 9.1 / bash 5.2 builtin behaviour and busybox's.
 * SIMPLIFICATIONS: printf supports %s %b %c %d %i %u %o %x %X %e %f %g %%,
 * widths, precision and flags - 0 space +; no %q or positional arguments.
 */

/** Backslash escapes as echo -e and printf %b interpret them. Returns [text, stop] (\c stops output). */
export function escapes(s: string): [string, boolean] {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c !== '\\' || i === s.length - 1) {
      out += c;
      continue;
    }
    const n = s[++i] ?? '';
    switch (n) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case 'e':
      case 'E':
        out += '\x1b';
        break;
      case '\\':
        out += '\\';
        break;
      case 'c':
        return [out, true];
      case '0': {
        let j = i + 1;
        let oct = '';
        while (j < s.length && oct.length < 3 && /[0-7]/.test(s[j] ?? '')) oct += s[j++];
        out += String.fromCharCode(parseInt(oct || '0', 8));
        i = j - 1;
        break;
      }
      case 'x': {
        let j = i + 1;
        let hx = '';
        while (j < s.length && hx.length < 2 && /[0-9a-fA-F]/.test(s[j] ?? '')) hx += s[j++];
        if (!hx) out += '\\x';
        else out += String.fromCharCode(parseInt(hx, 16));
        i = j - 1;
        break;
      }
      default:
        out += '\\' + n;
    }
  }
  return [out, false];
}

/** echo as bash's builtin / coreutils: -n, -e, -E; no escapes by default. */
export function echoText(args: string[]): string {
  let nl = true;
  let esc = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!/^-[neE]+$/.test(a)) break;
    for (const f of a.slice(1)) {
      if (f === 'n') nl = false;
      else if (f === 'e') esc = true;
      else esc = false;
    }
  }
  let text = args.slice(i).join(' ');
  if (esc) {
    const [t, stop] = escapes(text);
    if (stop) return t;
    text = t;
  }
  return nl ? text + '\n' : text;
}

function num(s: string, errs: string[]): number {
  const t = s.trim();
  if (t === '') return 0;
  if (/^['"]/.test(t)) return t.charCodeAt(1) || 0;
  if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(t)) return parseInt(t, 16);
  if (/^[+-]?0[0-7]+$/.test(t)) return parseInt(t, 8);
  if (/^[+-]?[0-9]+$/.test(t)) return parseInt(t, 10);
  if (/^[+-]?[0-9]*\.?[0-9]+([eE][+-]?[0-9]+)?$/.test(t)) return parseFloat(t);
  errs.push(s);
  const m = /^[+-]?[0-9]+/.exec(t);
  return m ? parseInt(m[0], 10) : 0;
}

/** printf(1): returns the output and the arguments that were not valid numbers. */
export function formatPrintf(fmt: string, args: string[]): { out: string; badNumbers: string[] } {
  let out = '';
  const bad: string[] = [];
  let ai = 0;
  const next = () => (ai < args.length ? (args[ai++] as string) : undefined);
  for (let round = 0; round < 10000; round++) {
    let consumed = false;
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i] ?? '';
      if (c === '\\') {
        let len = 2;
        const n = fmt[i + 1] ?? '';
        if (n === '0') len = 2 + ((/^[0-7]{0,3}/.exec(fmt.slice(i + 2)) ?? [''])[0].length);
        else if (n === 'x') len = 2 + ((/^[0-9a-fA-F]{0,2}/.exec(fmt.slice(i + 2)) ?? [''])[0].length);
        else if (/[1-7]/.test(n)) len = 1 + ((/^[0-7]{1,3}/.exec(fmt.slice(i + 1)) ?? [''])[0].length);
        const piece = /[1-7]/.test(n) ? '\\0' + fmt.slice(i + 1, i + len) : fmt.slice(i, i + len);
        const [t, stop] = escapes(piece);
        if (stop) return { out, badNumbers: bad };
        out += t;
        i += len - 1;
        continue;
      }
      if (c !== '%') {
        out += c;
        continue;
      }
      const m = /^%([-+ 0#]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([sbcdiuoxXeEfgG%])/.exec(fmt.slice(i));
      if (!m) {
        out += c;
        continue;
      }
      i += m[0].length - 1;
      const conv = m[4] as string;
      if (conv === '%') {
        out += '%';
        continue;
      }
      const flags = m[1] ?? '';
      let width = m[2] === '*' ? num(next() ?? '0', bad) : m[2] ? Number(m[2]) : 0;
      const precRaw = m[3] === '*' ? String(num(next() ?? '0', bad)) : m[3];
      const prec = precRaw === undefined ? undefined : precRaw === '' ? 0 : Number(precRaw);
      const arg = next();
      consumed = consumed || arg !== undefined;
      let s: string;
      switch (conv) {
        case 's':
          s = arg ?? '';
          if (prec !== undefined) s = s.slice(0, prec);
          break;
        case 'b': {
          const [t, stop] = escapes(arg ?? '');
          s = t;
          if (stop) {
            out += s;
            return { out, badNumbers: bad };
          }
          break;
        }
        case 'c':
          s = (arg ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i':
        case 'u': {
          const n = Math.trunc(num(arg ?? '0', bad));
          s = String(Math.abs(n));
          if (prec !== undefined) s = s.padStart(prec, '0');
          s = (n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
          break;
        }
        case 'o':
          s = Math.trunc(num(arg ?? '0', bad)).toString(8);
          if (flags.includes('#')) s = '0' + s;
          break;
        case 'x':
        case 'X': {
          s = Math.trunc(num(arg ?? '0', bad)).toString(16);
          if (conv === 'X') s = s.toUpperCase();
          if (flags.includes('#') && s !== '0') s = (conv === 'X' ? '0X' : '0x') + s;
          break;
        }
        case 'e':
        case 'E': {
          const n = num(arg ?? '0', bad);
          s = n.toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
          if (conv === 'E') s = s.toUpperCase();
          break;
        }
        case 'f': {
          const n = num(arg ?? '0', bad);
          s = n.toFixed(prec ?? 6);
          if (flags.includes('+') && n >= 0) s = '+' + s;
          break;
        }
        default: {
          const n = num(arg ?? '0', bad);
          s = String(Number(n.toPrecision(prec || 6)));
        }
      }
      if (width < 0) width = -width;
      if (s.length < width) {
        if (flags.includes('-')) s = s.padEnd(width);
        else if (flags.includes('0') && /[diuoxXeEfgG]/.test(conv)) {
          const sign = /^[+ -]/.test(s) ? s[0] : '';
          s = sign + s.slice(sign ? 1 : 0).padStart(width - (sign ? 1 : 0), '0');
        } else s = s.padStart(width);
      }
      out += s;
    }
    if (!consumed || ai >= args.length) break;
  }
  return { out, badNumbers: bad };
}

export interface TestFs {
  stat(path: string): { type: string; mode: number; size: number; uid: number } | null;
  lstat(path: string): { type: string } | null;
  access(path: string, what: 'r' | 'w' | 'x'): boolean;
  isatty(fd: number): boolean;
}

/** test(1) / [: returns 0 true, 1 false, 2 error (with message). */
export function evalTest(args: string[], fs: TestFs): { status: number; error?: string } {
  let i = 0;
  const peek = () => args[i];
  const fail = (msg: string): never => {
    throw new TestError(msg);
  };
  const unary = (op: string, a: string): boolean => {
    switch (op) {
      case '-n':
        return a !== '';
      case '-z':
        return a === '';
      case '-e':
      case '-a':
        return fs.stat(a) !== null;
      case '-f':
        return fs.stat(a)?.type === 'file';
      case '-d':
        return fs.stat(a)?.type === 'dir';
      case '-L':
      case '-h':
        return fs.lstat(a)?.type === 'symlink';
      case '-b':
        return fs.stat(a)?.type === 'blockdev';
      case '-c':
        return fs.stat(a)?.type === 'chardev';
      case '-p':
        return fs.stat(a)?.type === 'fifo';
      case '-S':
        return fs.stat(a)?.type === 'socket';
      case '-s':
        return (fs.stat(a)?.size ?? 0) > 0;
      case '-r':
        return fs.access(a, 'r');
      case '-w':
        return fs.access(a, 'w');
      case '-x':
        return fs.access(a, 'x');
      case '-u':
        return ((fs.stat(a)?.mode ?? 0) & 0o4000) !== 0;
      case '-g':
        return ((fs.stat(a)?.mode ?? 0) & 0o2000) !== 0;
      case '-k':
        return ((fs.stat(a)?.mode ?? 0) & 0o1000) !== 0;
      case '-O':
        return fs.stat(a)?.uid === 0;
      case '-t':
        return fs.isatty(Number(a));
    }
    return fail(`${op}: unary operator expected`);
  };
  const int = (s: string): number => {
    if (!/^\s*[+-]?[0-9]+\s*$/.test(s)) fail(`${s}: integer expression expected`);
    return parseInt(s, 10);
  };
  const binary = (a: string, op: string, b: string): boolean => {
    switch (op) {
      case '=':
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '<':
        return a < b;
      case '>':
        return a > b;
      case '-eq':
        return int(a) === int(b);
      case '-ne':
        return int(a) !== int(b);
      case '-lt':
        return int(a) < int(b);
      case '-le':
        return int(a) <= int(b);
      case '-gt':
        return int(a) > int(b);
      case '-ge':
        return int(a) >= int(b);
      case '-nt':
      case '-ot':
      case '-ef':
        return false;
    }
    return fail(`${op}: binary operator expected`);
  };
  const BIN = ['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef'];
  const primary = (): boolean => {
    const a = peek();
    if (a === undefined) return fail('argument expected');
    if (a === '!') {
      i++;
      return !primary();
    }
    if (a === '(' && args.length - i >= 3) {
      i++;
      const v = orExpr();
      if (peek() !== ')') fail("')' expected");
      i++;
      return v;
    }
    const b = args[i + 1];
    if (b !== undefined && BIN.includes(b) && args[i + 2] !== undefined) {
      i += 3;
      return binary(a, b, args[i - 1] as string);
    }
    if (/^-[a-zA-Z]$/.test(a) && b !== undefined) {
      i += 2;
      return unary(a, b);
    }
    i++;
    return a !== '';
  };
  const andExpr = (): boolean => {
    let v = primary();
    while (peek() === '-a') {
      i++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const orExpr = (): boolean => {
    let v = andExpr();
    while (peek() === '-o') {
      i++;
      const r = andExpr();
      v = v || r;
    }
    return v;
  };
  try {
    if (args.length === 0) return { status: 1 };
    if (args.length === 1) return { status: args[0] !== '' ? 0 : 1 };
    if (args.length === 2 && args[0] === '!') return { status: args[1] !== '' ? 1 : 0 };
    if (args.length === 2 && /^-[a-zA-Z]$/.test(args[0] ?? '')) return { status: unary(args[0] as string, args[1] as string) ? 0 : 1 };
    if (args.length === 2) return { status: 2, error: `${args[0]}: unary operator expected` };
    if (args.length === 3 && BIN.includes(args[1] ?? '')) return { status: binary(args[0] as string, args[1] as string, args[2] as string) ? 0 : 1 };
    const v = orExpr();
    if (i < args.length) return { status: 2, error: 'too many arguments' };
    return { status: v ? 0 : 1 };
  } catch (e) {
    if (e instanceof TestError) return { status: 2, error: e.message };
    throw e;
  }
}

class TestError extends Error {}

/**
 * Shell arithmetic expansion $((...)) (XCU 2.6.4; bash "ARITHMETIC EVALUATION"):
 * signed integers, C operators and precedence, variables by name, assignment
 * operators.
 * SIMPLIFICATIONS: 64-bit wrap-around is approximated with doubles truncated to
 * integers (exact below 2^53); no `,` operator, no ++/--.
 */

export class ArithError {
  constructor(
    readonly msg: string,
    readonly token: string,
  ) {}
}

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

const OPS = ['<<=', '>>=', '**', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '+', '-', '*', '/', '%', '<', '>', '&', '|', '^', '!', '~', '(', ')', '?', ':', '='];

type Tok = { t: 'num'; v: number; s: string } | { t: 'name'; v: string } | { t: 'op'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i;
      while (j < src.length && /[0-9a-zA-Z_#]/.test(src[j] ?? '')) j++;
      const s = src.slice(i, j);
      let v: number;
      if (/^0[xX][0-9a-fA-F]+$/.test(s)) v = parseInt(s.slice(2), 16);
      else if (/^0[0-7]+$/.test(s)) v = parseInt(s, 8);
      else if (/^[0-9]+$/.test(s)) v = parseInt(s, 10);
      else if (/^[0-9]+#[0-9a-zA-Z]+$/.test(s)) {
        const [b, d] = s.split('#');
        v = parseInt(d ?? '', Number(b));
      } else throw new ArithError('value too great for base', s);
      if (Number.isNaN(v)) throw new ArithError('value too great for base', s);
      out.push({ t: 'num', v, s });
      i = j;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < src.length && /[A-Za-z0-9_]/.test(src[j] ?? '')) j++;
      out.push({ t: 'name', v: src.slice(i, j) });
      i = j;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ArithError('syntax error: invalid arithmetic operator', src.slice(i));
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

const BIN: Record<string, number> = { '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10, '**': 11 };
const ASSIGN = ['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '|=', '^='];

function int(n: number): number {
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

/** Evaluate an arithmetic expression (after parameter expansion). */
export function evalArith(src: string, vars: ArithVars): number {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const rest = () =>
    toks
      .slice(i)
      .map((t) => (t.t === 'num' ? t.s : t.v))
      .join(' ');

  const varValue = (name: string, depth = 0): number => {
    const v = vars.get(name);
    if (v === undefined || v.trim() === '') return 0;
    if (/^\s*-?\d+\s*$/.test(v)) return parseInt(v, 10);
    if (depth > 10) throw new ArithError('expression recursion level exceeded', v);
    return evalArith(v, vars);
  };

  const primary = (): number => {
    const t = peek();
    if (!t) throw new ArithError('syntax error: operand expected', rest() || '');
    if (t.t === 'num') {
      i++;
      return t.v;
    }
    if (t.t === 'name') {
      i++;
      const n = peek();
      if (n && n.t === 'op' && ASSIGN.includes(n.v)) {
        i++;
        const rhs = ternary();
        const cur = varValue(t.v);
        const v = n.v === '=' ? rhs : binop(n.v.slice(0, -1), cur, rhs, String(rhs));
        vars.set(t.v, String(int(v)));
        return int(v);
      }
      return varValue(t.v);
    }
    if (t.v === '(') {
      i++;
      const v = ternary();
      const c = peek();
      if (!c || c.t !== 'op' || c.v !== ')') throw new ArithError("syntax error: missing ')'", rest());
      i++;
      return v;
    }
    if (t.v === '-' || t.v === '+' || t.v === '!' || t.v === '~') {
      i++;
      const v = unaryOperand();
      return t.v === '-' ? -v : t.v === '+' ? v : t.v === '!' ? (v ? 0 : 1) : ~v;
    }
    throw new ArithError('syntax error: operand expected', rest());
  };
  const unaryOperand = (): number => primary();

  const binop = (op: string, a: number, b: number, bText: string): number => {
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return int(a * b);
      case '/':
        if (b === 0) throw new ArithError('division by 0', bText);
        return int(a / b);
      case '%':
        if (b === 0) throw new ArithError('division by 0', bText);
        return a % b;
      case '**':
        if (b < 0) throw new ArithError('exponent less than 0', bText);
        return int(a ** b);
      case '<<':
        return int(a * 2 ** b);
      case '>>':
        return Math.floor(a / 2 ** b);
      case '<':
        return a < b ? 1 : 0;
      case '>':
        return a > b ? 1 : 0;
      case '<=':
        return a <= b ? 1 : 0;
      case '>=':
        return a >= b ? 1 : 0;
      case '==':
        return a === b ? 1 : 0;
      case '!=':
        return a !== b ? 1 : 0;
      case '&':
        return a & b;
      case '|':
        return a | b;
      case '^':
        return a ^ b;
      case '&&':
        return a && b ? 1 : 0;
      case '||':
        return a || b ? 1 : 0;
    }
    throw new ArithError('syntax error', op);
  };

  const binary = (minPrec: number): number => {
    let left = primary();
    for (;;) {
      const t = peek();
      if (!t || t.t !== 'op') break;
      const prec = BIN[t.v];
      if (prec === undefined || prec < minPrec) break;
      i++;
      const startTok = peek();
      const right = binary(t.v === '**' ? prec : prec + 1);
      const bText = startTok ? (startTok.t === 'num' ? startTok.s : startTok.v) : '';
      left = binop(t.v, left, right, bText);
    }
    return left;
  };

  const ternary = (): number => {
    const c = binary(1);
    const t = peek();
    if (t && t.t === 'op' && t.v === '?') {
      i++;
      const a = ternary();
      const col = peek();
      if (!col || col.t !== 'op' || col.v !== ':') throw new ArithError("syntax error: ':' expected", rest());
      i++;
      const b = ternary();
      return c ? a : b;
    }
    return c;
  };

  if (toks.length === 0) return 0;
  const v = ternary();
  if (i < toks.length) throw new ArithError('syntax error in expression', rest());
  return int(v);
}

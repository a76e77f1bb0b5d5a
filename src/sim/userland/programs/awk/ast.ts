/**
 * The awk program as a plain syntax tree (POSIX awk grammar): pattern-action
 * rules, BEGIN/END, user functions, statements and expressions.
 */

export type Expr =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 're'; src: string }
  | { t: 'var'; name: string }
  | { t: 'field'; e: Expr }
  | { t: 'idx'; name: string; keys: Expr[] }
  | { t: 'assign'; op: string; l: LValue; r: Expr }
  | { t: 'cond'; c: Expr; a: Expr; b: Expr }
  | { t: 'bin'; op: string; a: Expr; b: Expr }
  | { t: 'un'; op: '!' | '-' | '+'; e: Expr }
  | { t: 'incdec'; op: '++' | '--'; pre: boolean; l: LValue }
  | { t: 'in'; keys: Expr[]; name: string }
  | { t: 'call'; name: string; args: Expr[] }
  | { t: 'builtin'; name: string; args: Expr[] }
  | { t: 'group'; items: Expr[] }
  /** getline [lvalue] [< file]. */
  | { t: 'getline'; l?: LValue; file?: Expr };

export type LValue = Extract<Expr, { t: 'var' } | { t: 'field' } | { t: 'idx' }>;

export interface Redir {
  op: '>' | '>>' | '|';
  e: Expr;
}

export type Stmt =
  | { t: 'expr'; e: Expr }
  | { t: 'print'; args: Expr[]; redir?: Redir }
  | { t: 'printf'; args: Expr[]; redir?: Redir }
  | { t: 'if'; c: Expr; a: Stmt; b?: Stmt }
  | { t: 'while'; c: Expr; body: Stmt }
  | { t: 'do'; body: Stmt; c: Expr }
  | { t: 'for'; init?: Expr; c?: Expr; step?: Expr; body: Stmt }
  | { t: 'forin'; v: string; arr: string; body: Stmt }
  | { t: 'block'; body: Stmt[] }
  | { t: 'next' }
  | { t: 'exit'; e?: Expr }
  | { t: 'return'; e?: Expr }
  | { t: 'break' }
  | { t: 'continue' }
  | { t: 'delete'; name: string; keys?: Expr[] };

export interface Rule {
  pattern?: Expr;
  /** A range pattern `p1, p2`: pattern is p1. */
  end?: Expr;
  /** null: no action (print $0). */
  body: Stmt[] | null;
}

export interface AwkProgram {
  begin: Stmt[][];
  end: Stmt[][];
  rules: Rule[];
  funcs: Record<string, { params: string[]; body: Stmt[] }>;
}

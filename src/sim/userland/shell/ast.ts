/**
 * The shell's abstract syntax tree: plain JSON data, so a parsed function body
 * or a half-run loop can sit in a process's program.state and survive a snapshot.
 *
 * Models the grammar of POSIX sh (XCU 2.10 "Shell Grammar"): lists, and-or
 * lists, pipelines, simple and compound commands, function definitions,
 * redirections and here-documents.
 * SIMPLIFICATIONS: no arrays, no [[ ]], no (( )) command, no select, no coprocesses.
 */

export type WordPart =
  /** Unquoted literal text (globbing applies; field splitting does not). */
  | { k: 'lit'; v: string }
  /** Single-quoted text, or a backslash-escaped character: never expanded. */
  | { k: 'sq'; v: string }
  /** Double-quoted text: expansions inside, no field splitting or globbing. */
  | { k: 'dq'; parts: WordPart[] }
  /** $name, ${name}, ${name:-word} and friends; ${#name} is op '#len'. */
  | { k: 'param'; name: string; op?: ParamOp; colon?: boolean; arg?: Word }
  /** $(...) or `...`: the parsed list, run in a subshell. */
  | { k: 'cmd'; body: List }
  /** $((...)): the expression text, expanded then evaluated. */
  | { k: 'arith'; expr: Word }
  /** A leading ~ or ~user. */
  | { k: 'tilde'; user: string };

export type ParamOp = '-' | '=' | '?' | '+' | '#len' | '#' | '##' | '%' | '%%';

export interface Word {
  parts: WordPart[];
}

export type RedirOp = '>' | '>>' | '<' | '>&' | '<&' | '<>' | '>|' | '<<' | '<<-' | '<<<' | '&>' | '&>>';

export interface Redir {
  fd: number;
  op: RedirOp;
  target: Word;
  /** Here-document body (for << and <<-). */
  body?: Word;
}

export interface Assign {
  name: string;
  value: Word;
  /** `+=`. */
  append?: boolean;
}

export type Command =
  | { t: 'simple'; assigns: Assign[]; words: Word[]; redirs: Redir[]; line: number }
  | { t: 'pipeline'; cmds: Command[]; bang: boolean }
  | { t: 'andor'; first: Command; rest: Array<{ op: '&&' | '||'; cmd: Command }> }
  | { t: 'subshell'; body: List; redirs: Redir[] }
  | { t: 'group'; body: List; redirs: Redir[] }
  | { t: 'if'; clauses: Array<{ cond: List; body: List }>; else: List | null; redirs: Redir[] }
  | { t: 'loop'; until: boolean; cond: List; body: List; redirs: Redir[] }
  | { t: 'for'; name: string; words: Word[] | null; body: List; redirs: Redir[] }
  | { t: 'case'; word: Word; items: Array<{ patterns: Word[]; body: List }>; redirs: Redir[] }
  | { t: 'func'; name: string; body: Command };

export interface ListItem {
  cmd: Command;
  /** Run in the background (`&`). */
  bg: boolean;
}

export interface List {
  items: ListItem[];
}

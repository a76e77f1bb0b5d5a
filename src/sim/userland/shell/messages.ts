/**
 * Error texts and exit statuses as each shell words them: GNU bash 5.2,
 * busybox ash (1.36) and dash 0.5.12 (Debian's /bin/sh: "sh: 1: nosuchcmd:
 * not found", the line number after the name). Compared against the real
 * bash and dash on Debian 12; the ash texts follow busybox's shell/ash.c.
 * SIMPLIFICATIONS: only the messages the simulated shell can produce.
 */

import type { ParseErrorKind } from './scanner.ts';
import type { ShellState } from './state.ts';

/** "bash: " interactively or with -c, "script.sh: line 3: " in a script. */
export function prefix(st: ShellState): string {
  if (st.flavour === 'dash') return `${st.source && st.source !== '-c' ? st.source : baseName(st.arg0).replace(/^-/, '') || 'sh'}: ${st.lineNo}: `;
  if (st.flavour === 'ash') return `${st.arg0 === '-sh' ? 'sh' : baseName(st.arg0) || 'sh'}: `;
  if (st.source && st.source !== '-c') return `${st.source}: line ${st.lineNo}: `;
  return `${baseName(st.arg0).replace(/^-/, '') || 'bash'}: `;
}

function baseName(s: string): string {
  const i = s.lastIndexOf('/');
  return i >= 0 ? s.slice(i + 1) : s;
}

export function notFound(st: ShellState, name: string): string {
  if (st.flavour !== 'bash') return `${prefix(st)}${name}: not found\n`;
  if (name.includes('/')) return `${prefix(st)}${name}: No such file or directory\n`;
  return `${prefix(st)}${name}: command not found\n`;
}

export function cdError(st: ShellState, dir: string, err: string): string {
  if (st.flavour === 'dash') return `${prefix(st)}cd: can't cd to ${dir}\n`;
  if (st.flavour === 'ash') return `${prefix(st)}cd: can't cd to ${dir}: ${err}\n`;
  return `${prefix(st)}cd: ${dir}: ${err}\n`;
}

/** Exit status of a failed cd. */
export function cdStatus(st: ShellState): number {
  return st.flavour !== 'bash' ? 2 : 1;
}

export function syntaxError(st: ShellState, e: ParseErrorKind, src: string): string {
  if (st.flavour === 'dash') {
    const p = `${st.source && st.source !== '-c' ? st.source : baseName(st.arg0).replace(/^-/, '') || 'sh'}: ${e.line}: `;
    if (e.kind === 'match') return `${p}Syntax error: Unterminated quoted string\n`;
    if (e.kind === 'eof') return `${p}Syntax error: end of file unexpected\n`;
    return `${p}Syntax error: "${e.token === 'newline' ? 'newline' : e.token}" unexpected\n`;
  }
  if (st.flavour === 'ash') {
    if (e.kind === 'match') return `${prefix(st)}syntax error: unterminated quoted string\n`;
    if (e.kind === 'eof') return `${prefix(st)}syntax error: unexpected end of file\n`;
    return `${prefix(st)}syntax error: unexpected "${e.token === 'newline' ? 'newline' : e.token}"\n`;
  }
  const where = st.source ? `${st.source}: line ${e.line}: ` : '';
  const p = `${baseName(st.arg0).replace(/^-/, '') || 'bash'}: ${where}`;
  if (e.kind === 'match') return `${p}unexpected EOF while looking for matching \`${e.ch}'\n${p}syntax error: unexpected end of file\n`;
  if (e.kind === 'eof') return `${p}syntax error: unexpected end of file\n`;
  const lineText = src.split('\n')[e.line - 1] ?? src;
  const second = st.source ? `${p}\`${lineText}'\n` : '';
  return `${p}syntax error near unexpected token \`${e.token}'\n${second}`;
}

export function redirError(st: ShellState, path: string, err: string, output: boolean): string {
  if (st.flavour === 'dash') {
    if (output) return `${prefix(st)}cannot create ${path}: ${err === 'No such file or directory' ? 'Directory nonexistent' : err}\n`;
    return `${prefix(st)}cannot open ${path}: ${err === 'No such file or directory' ? 'No such file' : err}\n`;
  }
  if (st.flavour === 'ash') {
    if (output) return `${prefix(st)}can't create ${path}: ${err === 'No such file or directory' ? 'nonexistent directory' : err}\n`;
    return `${prefix(st)}can't open '${path}': ${err}\n`;
  }
  return `${prefix(st)}${path}: ${err}\n`;
}

/** What an interactive shell prints when a foreground job dies of a signal (bash). */
export function signalNotice(sig: number): string | null {
  const texts: Record<number, string> = { 9: 'Killed', 15: 'Terminated', 6: 'Aborted (core dumped)', 11: 'Segmentation fault (core dumped)', 3: 'Quit (core dumped)', 1: 'Hangup', 10: 'User defined signal 1', 12: 'User defined signal 2', 14: 'Alarm clock' };
  return texts[sig] ?? null;
}

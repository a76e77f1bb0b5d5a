/**
 * A person typing at a terminal of the host: a command line, then the lines
 * they type into the program it starts, with a moment of virtual time per
 * line. The script runner, the lesson replayer and the app's "play the
 * solution" all type through here, so a program that polls its terminal (the
 * docker CLI relaying to a container, a shell in a container) sees the keys
 * at the same virtual times everywhere.
 *
 * SIMPLIFICATIONS: every line takes the same TYPING_MS, however long it is;
 * control keys are written as ^C, ^D, ^P^Q, ^Z, ^\, ^] on a line of their own.
 */

import type { Host } from './host.ts';

/** Virtual time one typed line takes. */
export const TYPING_MS = 200;

/** Control keys as scripts and lessons write them, and the bytes a terminal sends. */
export const CONTROL_KEYS: Readonly<Record<string, string>> = {
  '^C': '\x03',
  '^D': '\x04',
  '^P^Q': '\x10\x11',
  '^Z': '\x1a',
  '^\\': '\x1c',
  '^]': '\x1d',
};

/** The bytes a terminal sends for one typed line ("^C" and friends are control keys). */
export function lineKeys(line: string): string {
  return CONTROL_KEYS[line.trim()] ?? `${line}\r`;
}

/** The keystrokes for a command line followed by the lines typed into its program. */
export function keystrokes(command: string, input: readonly string[] = []): string[] {
  return [`${command}\r`, ...input.map(lineKeys)];
}

/** Something keys can be typed into (a host terminal, or the app's xterm bridge). */
export interface KeySink {
  input(data: string): void;
}

/** How far ahead a typist looks for work the line started, and the most they wait for it per line. */
export const SETTLE_WINDOW_MS = 30_000;
export const SETTLE_MAX_MS = 120_000;

/**
 * Type keystrokes one line at a time, letting TYPING_MS of virtual time pass
 * after each, and more while work the line started runs in the foreground of
 * its terminal (a person waits for `apt-get update` in a container's shell to
 * finish before typing the next line).
 */
export function typeKeys(host: Host, sink: KeySink, keys: readonly string[]): void {
  for (const k of keys) {
    const typedAt = host.kernel.uptimeMs;
    sink.input(k);
    host.advance(TYPING_MS);
    for (let waited = 0; waited < SETTLE_MAX_MS; ) {
      const due = host.foregroundWorkDue(typedAt, SETTLE_WINDOW_MS);
      if (due === null) break;
      const step = Math.max(1, due - host.kernel.uptimeMs);
      host.advance(step);
      waited += step;
    }
  }
}

export interface TypedResult {
  /** What the terminal showed after the command line's echo, without the prompt that came back. */
  text: string;
  /** The root shell's status: null while the program is still in the foreground. */
  exitCode: number | null;
}

/**
 * Open a terminal, type a command and its input lines, and return what the
 * program printed (the command's echo and the host's next prompt removed).
 */
export function typeOnTerminal(
  host: Host,
  command: string,
  input: readonly string[],
  opts: { cols?: number; rows?: number; stripAnsi?: boolean } = {},
): TypedResult {
  const term = host.openTerminal({ cols: opts.cols ?? 80, rows: opts.rows ?? 24 });
  let screen = '';
  const off = term.onData((d) => (screen += d));
  typeKeys(host, term, keystrokes(command, input));
  off();
  const status = host.rootShellStatus();
  term.dispose();
  let text = screen.replace(/\r\n/g, '\n').replace(/\r/g, '');
  // eslint-disable-next-line no-control-regex -- ANSI escapes (ESC [ ... letter)
  if (opts.stripAnsi) text = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  const nl = text.indexOf('\n');
  text = nl >= 0 ? text.slice(nl + 1) : '';
  if (!status.busy) text = text.slice(0, text.lastIndexOf('\n') + 1);
  return { text, exitCode: status.busy ? null : status.lastStatus };
}

/**
 * A terminal attached to a simulated host: the port the browser's xterm.js and
 * the script runner's indented lines both use.
 *
 * Bytes in are keystrokes as a terminal sends them ("\r" for Enter, "\x03" for
 * Ctrl-C, "\x04" Ctrl-D, "\x10\x11" Ctrl-P Ctrl-Q, "\t" Tab, "\x1b[A" Up ...).
 * Bytes out are what the terminal should display, with "\r\n" line ends and
 * ANSI escapes where the real programs colour their output.
 */

import type { LoggedEvent } from '../events.ts';

export interface Terminal {
  /**
   * Feed keystrokes; returns synchronously after the host has reacted. A
   * foreground job that sleeps on timers (sleep 5, a paced docker pull) is run
   * to its end by skipping ahead in virtual time, unless `wait: false`: then it
   * is left at its first sleep and step() moves it on (the app does that once
   * per animation frame, so the first frame after Enter shows the effect).
   */
  input(data: string, how?: { wait?: boolean }): void;
  /**
   * Move a foreground job that sleeps on timers on by up to `maxWakes` of its
   * timers (skipping ahead in virtual time); returns whether it still has one
   * to wait for. step(0) only answers that.
   */
  step(maxWakes?: number): boolean;
  /** Subscribe to output; returns an unsubscribe function. */
  onData(cb: (data: string) => void): () => void;
  /** Subscribe to the events each keystroke batch caused. */
  onEvents(cb: (events: LoggedEvent[]) => void): () => void;
  resize(cols: number, rows: number): void;
  /** Close the terminal (as if the window closed: SIGHUP to its session). */
  dispose(): void;
}

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
  /** Feed keystrokes; returns synchronously after the host has reacted. */
  input(data: string): void;
  /** Subscribe to output; returns an unsubscribe function. */
  onData(cb: (data: string) => void): () => void;
  /** Subscribe to the events each keystroke batch caused. */
  onEvents(cb: (events: LoggedEvent[]) => void): () => void;
  resize(cols: number, rows: number): void;
  /** Close the terminal (as if the window closed: SIGHUP to its session). */
  dispose(): void;
}

/**
 * Warming the simulator in idle time. The first command a learner types runs
 * code the JavaScript engine has not compiled yet (the terminal's line
 * discipline and the shell's line editing, the shell's parser and fork, the
 * docker CLI, dockerd's create and start, runc, and the app's own work after
 * a command: the summary sentence, the search for a refusal), and takes
 * several times longer than the same command later. Once the page is idle
 * after load, this types a few such commands into a terminal of a throwaway
 * host, key by key as xterm.js sends them (its own state: the learner's host
 * and its views are untouched), one line per idle period, hands each line's
 * output and events to `afterLine` (the app's per-command work), and stops for
 * good as soon as the learner types or after the last line. The host is then
 * dropped.
 * Measured in Chromium on a slow machine (npm run bench:first-enter, first `sleep 1000 &`):
 * typing through host.run warmed the simulator but not the terminal path or
 * the app's per-command work, and the first Enter still ran ~8 ms longer than
 * the second before the view changed.
 */

import type { Host } from '../sim/host/host.ts';
import type { Terminal } from '../sim/host/terminal.ts';
import type { LoggedEvent } from '../sim/events.ts';

/** Command lines that go through the code paths a learner's first commands take. */
export const WARM_LINES: readonly string[] = [
  'echo warm | cat >/dev/null',
  'sleep 1 &',
  'ls -l /etc >/dev/null; ps aux >/dev/null',
  'docker run -d --name warm -m 64m -p 8081:80 alpine sleep 100 >/dev/null',
  'docker ps >/dev/null; docker rm -f warm >/dev/null',
];

/** What the app does beside the typing: its per-command work on each line, and a view drawn for the throwaway host. */
export interface WarmHooks {
  /** The throwaway host is up. */
  started?(host: Host): void;
  /** A line was typed and its job has ended: what the terminal printed and the events it caused. */
  afterLine?(host: Host, line: string, output: string, events: LoggedEvent[]): void;
  /** Warming is over (done, cut short by typing, failed or stopped): drop whatever started() made. Called once. */
  ended?(): void;
}

type RequestIdle = (cb: () => void, opts?: { timeout: number }) => number;

/** Run `cb` once the page is idle (at most ~300 ms from now); a timer where requestIdleCallback is missing. */
export function whenIdle(cb: () => void): void {
  const ric = (globalThis as { requestIdleCallback?: RequestIdle }).requestIdleCallback;
  if (ric) ric(cb, { timeout: 300 });
  else setTimeout(cb, 100);
}

/** Types `line` and Enter into `term` key by key, as the app does (no waiting), then moves its foreground job to its end. */
export function typeLine(term: Terminal, line: string): void {
  for (const key of line) term.input(key, { wait: false });
  term.input('\r', { wait: false });
  // A paced job (a pull) moves on timer by timer, as the app's frames move it; bounded in case one never ends.
  for (let i = 0; i < 10_000 && term.step(1); i++);
}

/**
 * Starts warming; `typed()` says whether the learner has typed yet; `hooks`
 * let the app warm its own code on the throwaway host. Returns stop().
 * `later` schedules the next piece of work (whenIdle; tests pass their own).
 */
export function warmUp(createHost: (opts: { seed: number }) => Host, typed: () => boolean, hooks: WarmHooks = {}, later: (cb: () => void) => void = whenIdle): () => void {
  let stopped = false;
  let host: Host | null = null;
  let term: Terminal | null = null;
  let output = '';
  let events: LoggedEvent[] = [];
  let i = 0;
  let ended = false;
  const drop = (): void => {
    term?.dispose();
    term = null;
    host = null;
    if (!ended) {
      ended = true;
      try {
        hooks.ended?.();
      } catch {
        // best effort, as the rest
      }
    }
  };
  const step = (): void => {
    if (stopped || typed() || i >= WARM_LINES.length) {
      // For npm run bench: when the warm-up ended (or was cut short by typing).
      if (!stopped) performance.mark(i >= WARM_LINES.length ? 'cs:warm-done' : 'cs:warm-cut');
      stopped = true;
      drop();
      return;
    }
    // One piece of work per idle period (booting the host and opening its terminal is one): a few ms each once warm.
    try {
      if (host && term) {
        const line = WARM_LINES[i++] as string;
        output = '';
        events = [];
        typeLine(term, line);
        hooks.afterLine?.(host, line, output, events);
      } else {
        const h = createHost({ seed: 7 });
        const t = h.openTerminal({ cols: 80, rows: 24 });
        t.onData((s) => (output += s));
        t.onEvents((e) => {
          for (const x of e) events.push(x);
        });
        host = h;
        term = t;
        hooks.started?.(h);
      }
    } catch {
      // Warming is best effort: a failure here costs only the speed-up.
      stopped = true;
      drop();
    }
    later(step);
  };
  later(step);
  return () => {
    stopped = true;
    drop();
  };
}

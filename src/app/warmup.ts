/**
 * Warming the simulator in idle time. The first command a learner types runs
 * code the JavaScript engine has not compiled yet (the shell's parser and
 * fork, the docker CLI, dockerd's create and start, runc), and takes several
 * times longer than the same command later. Once the page is idle after load,
 * this runs a few such commands on a throwaway host (its own state: the
 * learner's host and its views are untouched), one per idle period, and stops
 * for good as soon as the learner types or after the last line. The host is
 * then dropped.
 */

import type { Host } from '../sim/host/host.ts';

/** Command lines that go through the code paths a learner's first commands take. */
export const WARM_LINES: readonly string[] = [
  'echo warm | cat >/dev/null',
  'sleep 1 &',
  'ls -l /etc >/dev/null; ps aux >/dev/null',
  'docker run -d --name warm -m 64m -p 8081:80 alpine sleep 100 >/dev/null',
  'docker ps >/dev/null; docker rm -f warm >/dev/null',
];

type RequestIdle = (cb: () => void, opts?: { timeout: number }) => number;

/** Run `cb` once the page is idle (at most ~300 ms from now); a timer where requestIdleCallback is missing. */
export function whenIdle(cb: () => void): void {
  const ric = (globalThis as { requestIdleCallback?: RequestIdle }).requestIdleCallback;
  if (ric) ric(cb, { timeout: 300 });
  else setTimeout(cb, 100);
}

/** Starts warming; `typed()` says whether the learner has typed yet. Returns stop(). */
export function warmUp(createHost: (opts: { seed: number }) => Host, typed: () => boolean): () => void {
  const later = whenIdle;
  let stopped = false;
  let host: Host | null = null;
  let i = 0;
  const step = (): void => {
    if (stopped || typed() || i >= WARM_LINES.length) {
      // For npm run bench: when the warm-up ended (or was cut short by typing).
      if (!stopped) performance.mark(i >= WARM_LINES.length ? 'cs:warm-done' : 'cs:warm-cut');
      stopped = true;
      host = null;
      return;
    }
    // One piece of work per idle period (booting the host is one): a few ms each once warm.
    try {
      if (host) host.run(WARM_LINES[i++] as string);
      else host = createHost({ seed: 7 });
    } catch {
      // Warming is best effort: a failure here costs only the speed-up.
      stopped = true;
    }
    later(step);
  };
  later(step);
  return () => {
    stopped = true;
    host = null;
  };
}

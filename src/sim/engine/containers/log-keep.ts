/**
 * How much of a container's json-file log the simulated daemon keeps.
 *
 * Models: Docker's json-file driver with rotation (`--log-opt max-size`):
 * once the log grows past its size, the older part goes and `docker logs`
 * shows what is left.
 * SIMPLIFICATIONS: Docker's default keeps everything (the disk is the limit);
 * here the disk is the simulator's memory and every line an object, so a
 * container that writes without pause (`yes`, `while :; do echo hi; done`)
 * would fill it within minutes. A log keeps at least its LOG_KEEP_LINES most
 * recent lines and LOG_KEEP_BYTES bytes; once it holds twice either, the
 * oldest lines go down to both limits at once (in one step, so the cost per
 * line stays constant). `docker inspect` still shows the default LogConfig.
 */

import type { LogEntry } from './types.ts';

export const LOG_KEEP_LINES = 20_000;
export const LOG_KEEP_BYTES = 4 * 1024 * 1024;

/** Drop the oldest lines of `log` (holding `bytes`) if it outgrew its keep; returns the bytes it holds after. */
export function keepRecent(log: LogEntry[], bytes: number): number {
  if (log.length <= 2 * LOG_KEEP_LINES && bytes <= 2 * LOG_KEEP_BYTES) return bytes;
  let drop = 0;
  while (drop < log.length && (log.length - drop > LOG_KEEP_LINES || bytes > LOG_KEEP_BYTES)) {
    bytes -= (log[drop] as LogEntry).log.length;
    drop++;
  }
  log.splice(0, drop);
  return bytes;
}

/**
 * One ordered stream for a container's (or an exec's) stdout and stderr, as
 * dockerd sends them to a client without a TTY: the hijacked connection
 * carries both, each chunk in a frame with an 8-byte header (moby
 * pkg/stdcopy: [stream, 0, 0, 0, size as big-endian uint32], stream 1 =
 * stdout, 2 = stderr), so `docker exec c sh -c 'echo a; echo b >&2; echo c'`
 * prints a, b, c in the order they were written.
 *
 * The process writes to two capture buffers (stdout, stderr) that also append
 * to a third in write order (the shim's fifos, read as the bytes come);
 * `interleave` recovers the chunks in order from the three.
 * SIMPLIFICATIONS:
 * - Sizes count UTF-16 code units of the simulated strings, not UTF-8 bytes.
 * - Where both streams wrote the same bytes, which of them a chunk is
 *   credited to may swap; the text of each stream and of the whole is exact.
 * - Pathological outputs the search cannot split within its budget (or a
 *   cut-short ordered copy) come out as all of stdout, then all of stderr.
 */

import type { Userland } from '../../userland/userland.ts';
import { PIPE_BUF_MAX } from '../../userland/ul-state.ts';

export type StreamName = 'stdout' | 'stderr';

/** The most a frame carries: moby copies a stream with io.Copy's 32 KiB buffer, one frame per write. */
export const FRAME_MAX = 32 * 1024;

function oneFrame(stream: StreamName, data: string): string {
  const n = data.length;
  return String.fromCharCode(stream === 'stdout' ? 1 : 2, 0, 0, 0, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255) + data;
}

/** stdcopy frames (header + data) for `data`, FRAME_MAX bytes at most each. */
export function frame(stream: StreamName, data: string): string {
  if (data.length <= FRAME_MAX) return oneFrame(stream, data);
  let out = '';
  for (let i = 0; i < data.length; i += FRAME_MAX) out += oneFrame(stream, data.slice(i, i + FRAME_MAX));
  return out;
}

function commonPrefix(a: string, ai: number, b: string, bi: number): number {
  let n = 0;
  while (ai + n < a.length && bi + n < b.length && a.charCodeAt(ai + n) === b.charCodeAt(bi + n)) n++;
  return n;
}

/** Chunk lengths worth trying from a common prefix of n: whole lines first (writes are usually lines), then all of it. */
function candidates(text: string, from: number, n: number): number[] {
  const out: number[] = [];
  for (let k = n; k > 0; k--) if (text.charCodeAt(from + k - 1) === 10) out.push(k);
  if (n > 0 && !out.includes(n)) out.push(n);
  return out.slice(0, 4);
}

/** Search budget before giving up on an exact split (pathological outputs). */
const MAX_STEPS = 5_000;

/**
 * Split `mix` (everything in write order) into chunks of `out` and `err`
 * (each stream alone): a depth-first search over where each chunk ends,
 * preferring whole lines, remembering dead ends.
 */
export function interleave(mix: string, out: string, err: string): Array<{ stream: StreamName; data: string }> {
  if (err === '') return out ? [{ stream: 'stdout', data: out }] : [];
  if (out === '') return [{ stream: 'stderr', data: err }];
  const fallback: Array<{ stream: StreamName; data: string }> = [
    { stream: 'stdout', data: out },
    { stream: 'stderr', data: err },
  ];
  if (mix.length !== out.length + err.length) return fallback;
  const dead = new Set<number>();
  const key = (oi: number, ei: number) => oi * (err.length + 1) + ei;
  const path: Array<{ stream: StreamName; n: number }> = [];
  let steps = 0;
  const go = (oi: number, ei: number): boolean => {
    if (oi === out.length && ei === err.length) return true;
    if (dead.has(key(oi, ei)) || ++steps > MAX_STEPS) return false;
    const mi = oi + ei;
    const tries: Array<{ stream: StreamName; n: number }> = [
      ...candidates(out, oi, commonPrefix(mix, mi, out, oi)).map((n) => ({ stream: 'stdout' as const, n })),
      ...candidates(err, ei, commonPrefix(mix, mi, err, ei)).map((n) => ({ stream: 'stderr' as const, n })),
    ].sort((a, b) => b.n - a.n);
    for (const t of tries) {
      path.push(t);
      if (t.stream === 'stdout' ? go(oi + t.n, ei) : go(oi, ei + t.n)) return true;
      path.pop();
    }
    dead.add(key(oi, ei));
    return false;
  };
  if (!go(0, 0)) return fallback;
  const chunks: Array<{ stream: StreamName; data: string }> = [];
  let oi = 0;
  let ei = 0;
  for (const t of path) {
    const data = t.stream === 'stdout' ? out.slice(oi, (oi += t.n)) : err.slice(ei, (ei += t.n));
    const last = chunks[chunks.length - 1];
    if (last && last.stream === t.stream) last.data += data;
    else chunks.push({ stream: t.stream, data });
  }
  return chunks;
}

/** Write as much of `data` as the pipe has room for; the rest is returned (held by the daemon). A pipe nobody reads drops it. */
export function pushSome(ul: Userland, pipe: number | null, data: string): string {
  if (pipe === null || data === '') return '';
  const p = ul.state.pipes[pipe];
  if (!p || p.r <= 0) return '';
  const room = Math.max(0, PIPE_BUF_MAX - p.buf.length);
  if (room > 0) ul.write(0, { 1: { k: 'pipe', id: pipe } }, 1, data.slice(0, room));
  return data.slice(room);
}

/** Read the three capture buffers and empty them: the chunks in write order. */
export function takeInterleaved(ul: Userland, outCap: number, errCap: number, mixCap: number | null): Array<{ stream: StreamName; data: string }> {
  const caps = ul.state.caps;
  const out = caps[outCap] ?? '';
  const err = caps[errCap] ?? '';
  const mix = mixCap === null ? '' : (caps[mixCap] ?? '');
  if (out !== '') caps[outCap] = '';
  if (err !== '') caps[errCap] = '';
  if (mixCap !== null && mix !== '') caps[mixCap] = '';
  if (mixCap === null) return [...(out ? [{ stream: 'stdout' as const, data: out }] : []), ...(err ? [{ stream: 'stderr' as const, data: err }] : [])];
  return interleave(mix, out, err);
}

/**
 * Streamed progress at the pace dockerd sends it, for a real client: the
 * engine answers a pull, push or build with every message at once plus each
 * message's virtual-time offset (body.timesMs), and a long build in parts
 * (header X-Sim-Continue: the path to GET for the next part X-Sim-Poll-Ms
 * after the part's last message; offsets count from the start of the whole
 * stream). In serve mode the virtual clock follows real time, so this
 * writes each message when it is due and fetches the next part of a build
 * until there is none, as one chunked HTTP answer, which is what
 * `docker pull` and `docker build` read from real dockerd.
 */

import type { ServerResponse } from 'node:http';
import type { ApiRequest, ApiResponse } from '../../sim/engine/api/types.ts';
import { daemonHeaders, isJsonStream } from './http.ts';

const SIM_HEADERS = ['X-Sim-Continue', 'X-Sim-Poll-Ms', 'X-Sim-Duration-Ms'];

/** Does this answer need pacing (offsets, or more parts to fetch)? */
export function needsPacing(r: ApiResponse): boolean {
  if (!isJsonStream(r.body)) return false;
  const times = (r.body as { timesMs?: unknown }).timesMs;
  return !!r.headers['X-Sim-Continue'] || (Array.isArray(times) && times.some((t) => typeof t === 'number' && t > 0));
}

function clientHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (!SIM_HEADERS.includes(k)) out[k] = v;
  return out;
}

/** Write a paced stream answer; `call` asks the engine for a build's next part. */
export function writePaced(res: ServerResponse, r: ApiResponse, call: (req: ApiRequest) => ApiResponse, now: () => number = Date.now): void {
  res.writeHead(r.status, daemonHeaders({ 'Content-Type': 'application/json', ...clientHeaders(r.headers) }));
  res.flushHeaders();
  // Offsets count from the start of the whole stream (a pull's parts carry offsets from its start; a build's are 0).
  const start = now();
  const part = (ans: ApiResponse): void => {
    const body = ans.body as { stream: unknown[]; timesMs?: unknown };
    const msgs = isJsonStream(ans.body) ? body.stream : [];
    const times = Array.isArray(body.timesMs) ? (body.timesMs as unknown[]) : [];
    let i = 0;
    const tick = (): void => {
      if (res.destroyed) return;
      const elapsed = now() - start;
      while (i < msgs.length && (Number(times[i]) || 0) <= elapsed) res.write(`${JSON.stringify(msgs[i++])}\n`);
      if (i < msgs.length) {
        setTimeout(tick, Math.max(1, (Number(times[i]) || 0) - elapsed));
        return;
      }
      const cont = ans.headers['X-Sim-Continue'];
      if (!cont) {
        res.end();
        return;
      }
      const poll = Math.max(10, Number(ans.headers['X-Sim-Poll-Ms'] ?? '100') || 100);
      setTimeout(() => {
        if (res.destroyed) return;
        const [path, search = ''] = cont.split('?');
        const query: Record<string, string> = {};
        for (const [k, v] of new URLSearchParams(search)) query[k] = v;
        part(call({ method: 'GET', path: path ?? cont, query, headers: {}, body: undefined }));
      }, poll);
    };
    tick();
  };
  part(r);
}

/**
 * GET /containers/{id}/stats with stream=1 (docker stats without --no-stream):
 * moby's stats collector writes one JSON sample per second for as long as the
 * client reads. The engine answers one sample per request, so this pump asks
 * it again every second (of real time, which the virtual clock follows) and
 * ends when the container is gone.
 */

import type { ApiRequest, ApiResponse } from '../../sim/engine/api/types.ts';
import type { Pump, Sink } from './pumps.ts';

const STATS_PATH = /^(\/v[0-9]+\.[0-9]+)?\/containers\/[^/]+\/stats$/;

/** Is this a streaming stats request (stream defaults to true)? */
export function isStatsStream(req: ApiRequest): boolean {
  const v = req.query.stream;
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return req.method === 'GET' && STATS_PATH.test(req.path) && !(s === '0' || s === 'false' || s === 'False');
}

export function statsPump(handle: (req: ApiRequest) => ApiResponse, req: ApiRequest, sink: Sink, now: () => number, everyMs = 1000): Pump {
  let last = now();
  return {
    poll() {
      if (now() - last < everyMs) return false;
      last = now();
      const r = handle({ ...req, query: { ...req.query, stream: '0' } });
      if (r.status !== 200) {
        sink.end();
        return true;
      }
      sink.write(`${JSON.stringify(r.body)}\n`);
      return false;
    },
    abort() {},
  };
}

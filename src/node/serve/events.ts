/**
 * GET /events without `until` (docker events): moby's events handler sends the
 * buffered events from `since` (none without it), then keeps the connection
 * open and writes each new event as one JSON line as it is recorded, until
 * the client goes away. The engine answers requests whole, so this pump
 * reads the engine's event ring (src/sim/engine/system/events-log.ts) for
 * events newer than the last one sent.
 * SIMPLIFICATIONS: an `until` in the future is answered at once, as the
 * engine does.
 */

import type { Engine } from '../../sim/engine/engine.ts';
import type { ApiRequest } from '../../sim/engine/api/types.ts';
import type { DockerEvent } from '../../sim/engine/system/types.ts';
import { eventMatches } from '../../sim/engine/system/events-log.ts';
import type { Pump, Sink } from './pumps.ts';

const EVENTS_PATH = /^(\/v[0-9]+\.[0-9]+)?\/events$/;

function q1(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

/** Is this a `docker events` that follows (no until)? */
export function isEventsFollow(req: ApiRequest): boolean {
  return req.method === 'GET' && EVENTS_PATH.test(req.path) && !q1(req.query.until);
}

/** filters={"type":{"container":true}} or {"type":["container"]} → {type: ["container"]}. */
function filtersOf(req: ApiRequest): Record<string, string[]> {
  const raw = q1(req.query.filters);
  if (!raw) return {};
  try {
    const f = JSON.parse(raw) as Record<string, string[] | Record<string, boolean>>;
    const out: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(f)) out[k] = Array.isArray(v) ? v : Object.keys(v).filter((x) => v[x]);
    return out;
  } catch {
    return {};
  }
}

const keyOf = (e: DockerEvent): string => `${e.timeNano} ${e.Type} ${e.Action} ${e.Actor.ID}`;

/**
 * Follow the event ring: `initial` are the events the route already answered
 * (written by the caller when `since` was given), later ones are written here.
 */
export function eventsPump(engine: Engine, req: ApiRequest, sink: Sink): Pump {
  const filters = filtersOf(req);
  const sent = new Set<string>();
  let lastNano = engine.k.nowMs * 1_000_000;
  const since = q1(req.query.since);
  // With since, the route's answer covered everything up to now; without it only what comes next counts.
  for (const e of engine.state.system.events) if (e.timeNano >= lastNano) sent.add(keyOf(e));
  if (since === undefined) lastNano = engine.k.nowMs * 1_000_000;
  return {
    poll() {
      for (const e of engine.state.system.events) {
        if (e.timeNano < lastNano) continue;
        const k = keyOf(e);
        if (sent.has(k)) continue;
        sent.add(k);
        if (e.timeNano > lastNano) lastNano = e.timeNano;
        if (eventMatches(e, filters)) sink.write(`${JSON.stringify(e)}\n`);
      }
      // Forget keys older than the newest time: they cannot come again.
      if (sent.size > 512) for (const k of [...sent]) if (Number(k.split(' ')[0]) < lastNano) sent.delete(k);
      return false;
    },
    abort() {},
  };
}

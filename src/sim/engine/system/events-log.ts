/**
 * dockerd's event stream (moby daemon/events, api/types/events): every action
 * on a container, image, network or volume is logged as a Message with the
 * actor's ID and attributes, kept in a ring of 256 for `docker events --since`,
 * and filtered by type, event, container, image, label ... for GET /events.
 *
 * SIMPLIFICATIONS: time comes from the virtual clock (ms resolution:
 * timeNano = ms × 10^6); no live subscribers (the stream is answered whole).
 */

import type { Engine } from '../engine.ts';
import type { DockerEvent } from './types.ts';

export type EventType = DockerEvent['Type'];

/** Record one event (system.eventRecorded). */
export function recordEvent(engine: Engine, type: EventType, action: string, actorId: string, attributes: Record<string, string> = {}): DockerEvent {
  const ms = engine.k.nowMs;
  const attrs: Record<string, string> = {};
  const keys = Object.keys(attributes);
  if (keys.length > 1) keys.sort();
  for (const key of keys) attrs[key] = attributes[key] as string;
  const actor = { ID: actorId, Attributes: attrs };
  const time = Math.floor(ms / 1000);
  const timeNano = ms * 1_000_000;
  const ev: DockerEvent =
    type === 'container'
      ? { status: action, id: actorId, from: attrs.image ?? '', Type: type, Action: action, Actor: actor, scope: 'local', time, timeNano }
      : type === 'image'
        ? { status: action, id: actorId, Type: type, Action: action, Actor: actor, scope: 'local', time, timeNano }
        : { Type: type, Action: action, Actor: actor, scope: 'local', time, timeNano };
  engine.emit({ type: 'system.eventRecorded', event: ev });
  return ev;
}

export interface EventQuery {
  sinceMs?: number | null;
  untilMs?: number | null;
  filters?: Record<string, string[]>;
}

const KEYS = ['type', 'event', 'container', 'image', 'label', 'network', 'volume', 'daemon', 'plugin', 'scope', 'node', 'config', 'secret', 'service'];

/** Validate GET /events filters: the daemon's message for an unknown key. */
export function validateEventFilters(f: Record<string, string[]>): string | null {
  for (const key of Object.keys(f)) if (!KEYS.includes(key)) return `invalid filter '${key}'`;
  return null;
}

function matchesAny(values: string[] | undefined, ...candidates: Array<string | undefined>): boolean {
  if (!values || values.length === 0) return true;
  return values.some((v) => candidates.some((c) => c !== undefined && c !== '' && (c === v || c.startsWith(v))));
}

/** Does an event pass the filters (moby daemon/events/filter.go)? */
export function eventMatches(e: DockerEvent, f: Record<string, string[]>): boolean {
  const a = e.Actor.Attributes;
  if (f.type?.length && !f.type.includes(e.Type)) return false;
  if (f.event?.length && !f.event.some((x) => x === e.Action || e.Action.startsWith(`${x}:`))) return false;
  if (f.scope?.length && !f.scope.includes(e.scope)) return false;
  if (f.container?.length && (e.Type !== 'container' || !matchesAny(f.container, e.Actor.ID, a.name))) return false;
  if (f.image?.length) {
    const img = e.Type === 'image' ? e.Actor.ID : a.image;
    if (!(e.Type === 'container' || e.Type === 'image') || !matchesAny(f.image, img, a.name, e.Actor.ID)) return false;
  }
  if (f.network?.length && (e.Type !== 'network' || !matchesAny(f.network, e.Actor.ID, a.name))) return false;
  if (f.volume?.length && (e.Type !== 'volume' || !matchesAny(f.volume, e.Actor.ID))) return false;
  if (f.label?.length) {
    for (const l of f.label) {
      const eq = l.indexOf('=');
      const key = eq < 0 ? l : l.slice(0, eq);
      if (!(key in a)) return false;
      if (eq >= 0 && a[key] !== l.slice(eq + 1)) return false;
    }
  }
  return true;
}

/** The events of the ring in [since, until] that pass the filters, oldest first. */
export function queryEvents(engine: Engine, q: EventQuery): DockerEvent[] {
  const f = q.filters ?? {};
  return engine.state.system.events.filter((e) => {
    const ms = e.timeNano / 1_000_000;
    if (q.sinceMs != null && ms < q.sinceMs) return false;
    if (q.untilMs != null && ms > q.untilMs) return false;
    return eventMatches(e, f);
  });
}

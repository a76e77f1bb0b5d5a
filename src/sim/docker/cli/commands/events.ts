/**
 * docker events (cli/command/system/events.go): GET /events with since/until
 * (durations before now, or timestamps) and filters; each event printed as
 * "<time> <type> <action> <id> (attr=value, ...)" or through --format.
 * Without --until the command keeps listening until ^C, printing events as
 * they happen in virtual time (also those another terminal causes); with
 * --until in the future it listens until then.
 * SIMPLIFICATIONS: listening re-asks the daemon for new events every 250
 * virtual ms (a cursor of the last event's time and how many events shared
 * it, so none is shown twice or lost) instead of holding a stream open.
 */

import type { CliCtx, CmdResult, Continuation, ResumeCtx } from '../context.ts';
import { filtersQuery } from '../api/client.ts';
import { apiTimestamp } from './container-io.ts';
import { executeGoTemplate, parseGoTemplate, type Template } from '../template/index.ts';
import { streamMessages } from '../format/jsonmessage.ts';

export interface ApiEvent {
  status?: string;
  id?: string;
  from?: string;
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes?: Record<string, string> | null };
  scope?: string;
  time?: number;
  timeNano?: number;
}

interface EventsCont extends Continuation {
  k: 'events';
  /** The last event printed (timeNano), and how many events with that very time were printed. */
  lastNano: number;
  seenAtLast: number;
  /** Stop once the clock passes this (ms since the epoch; --until in the future), or null to follow until ^C. */
  untilMs: number | null;
  filters: string[];
  format: string;
}

function eventMs(e: ApiEvent): number {
  return e.timeNano ? Math.round(e.timeNano / 1e6) : (e.time ?? 0) * 1000;
}

/** The default line of one event. */
export function eventLine(e: ApiEvent): string {
  const ms = eventMs(e);
  const d = new Date(ms);
  const iso = d.toISOString().slice(0, 19);
  const nanos = String((ms % 1000) * 1e6).padStart(9, '0');
  const attrs = e.Actor.Attributes ?? {};
  const keys = Object.keys(attrs).sort();
  return `${iso}.${nanos}Z ${e.Type} ${e.Action} ${e.Actor.ID}${keys.length ? ` (${keys.map((k) => `${k}=${attrs[k]}`).join(', ')})` : ''}`;
}

/** The event as encoding/json marshals events.Message (attributes in key order). */
function normalized(e: ApiEvent): ApiEvent {
  const attrs = e.Actor.Attributes;
  const sorted = attrs ? Object.fromEntries(Object.keys(attrs).sort().map((k) => [k, attrs[k] as string])) : attrs;
  return Object.assign({}, e, { Actor: Object.assign({}, e.Actor, { Attributes: sorted }) });
}

function nanoOf(e: ApiEvent): number {
  return e.timeNano ?? (e.time ?? 0) * 1e9;
}

/** Print the events after the cursor (st.lastNano, st.seenAtLast) and move it; an error text on a template failure. */
function print(c: ResumeCtx, events: ApiEvent[], tmpl: Template | null, st: Pick<EventsCont, 'lastNano' | 'seenAtLast'>): string | null {
  let atLast = 0;
  for (const e of events) {
    const n = nanoOf(e);
    if (n < st.lastNano) continue;
    if (n === st.lastNano && atLast++ < st.seenAtLast) continue;
    if (!tmpl) c.io.out(`${eventLine(e)}\n`);
    else {
      const x = executeGoTemplate(tmpl, normalized(e));
      if ('error' in x) return x.error;
      c.io.out(`${x.text}\n`);
    }
    if (n === st.lastNano) st.seenAtLast++;
    else {
      st.lastNano = n;
      st.seenAtLast = 1;
      atLast = 1;
    }
  }
  return null;
}

function templateOf(format: string): Template | null | { error: string } {
  if (!format) return null;
  const t = parseGoTemplate(format === 'json' ? '{{json .}}' : format);
  return 'error' in t ? { error: t.error } : t;
}

/** How often the listening client asks for new events (virtual ms). */
const POLL_MS = 250;

function pollOrEnd(st: EventsCont, nowMs: number): CmdResult {
  if (st.untilMs !== null && nowMs >= st.untilMs) return 0;
  const ms = st.untilMs === null ? POLL_MS : Math.max(1, Math.min(POLL_MS, st.untilMs - nowMs));
  // A listener is an open-ended session (periodic): waiting for it never fast-forwards the clock.
  return { pending: st, wait: { kind: 'poll', ms, periodic: true } };
}

export function startEvents(c: CliCtx, o: { since: string; until: string; filters: string[]; format: string }): CmdResult {
  const tmpl = templateOf(o.format);
  if (tmpl && 'error' in tmpl) {
    c.io.err(`Error parsing format: ${tmpl.error}\n`);
    return 64;
  }
  const now = c.sys.nowMs();
  const since = apiTimestamp(o.since, now);
  const until = apiTimestamp(o.until, now);
  const r = c.api.get('/events', { filters: filtersQuery(o.filters), since: since || undefined, until: until || undefined });
  if (!r.ok) {
    c.io.err(`${r.error}\n`);
    return 1;
  }
  // Without --since only what happens from now on is shown.
  const st: EventsCont = { k: 'events', lastNano: since ? -1 : now * 1e6, seenAtLast: 0, untilMs: null, filters: o.filters, format: o.format };
  if (!since) for (const e of streamMessages(r.body) as unknown as ApiEvent[]) if (nanoOf(e) === st.lastNano) st.seenAtLast++;
  const bad = print(c, streamMessages(r.body) as unknown as ApiEvent[], tmpl, st);
  if (bad !== null) {
    c.io.err(`${bad}\n`);
    return 1;
  }
  if (o.until) {
    // --until in the future: the stream stays open until then (the daemon closes it).
    const untilMs = Number(until) * 1000;
    if (!(untilMs > now)) return 0;
    st.untilMs = untilMs;
  }
  return pollOrEnd(st, now);
}

export function resumeEvents(c: ResumeCtx, data: Continuation): CmdResult {
  const st = data as EventsCont;
  const tmpl = templateOf(st.format);
  const now = c.sys.nowMs();
  const upTo = st.untilMs === null ? Math.floor(now / 1000) + 1 : Math.min(Math.floor(now / 1000) + 1, st.untilMs / 1000);
  const r = c.api.get('/events', { filters: filtersQuery(st.filters), since: String(Math.max(0, Math.floor(st.lastNano / 1e9))), until: String(upTo) });
  if (!r.ok) {
    c.io.err(`${r.error}\n`);
    return 1;
  }
  const bad = print(c, streamMessages(r.body) as unknown as ApiEvent[], tmpl && 'error' in tmpl ? null : tmpl, st);
  if (bad !== null) {
    c.io.err(`${bad}\n`);
    return 1;
  }
  return pollOrEnd(st, now);
}

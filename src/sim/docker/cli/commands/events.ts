/**
 * docker events (cli/command/system/events.go): GET /events with since/until
 * (durations before now, or timestamps) and filters; each event printed as
 * "<time> <type> <action> <id> (attr=value, ...)" or through --format.
 * Without --until the command keeps listening.
 * SIMPLIFICATIONS: listening re-asks the daemon for new events on a
 * periodic virtual-time timer instead of holding a stream open.
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
  sinceSec: number;
  lastMs: number;
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
  return { ...e, Actor: { ...e.Actor, Attributes: sorted } };
}

function print(c: ResumeCtx, events: ApiEvent[], tmpl: Template | null, afterMs: number): number | string {
  let last = afterMs;
  for (const e of events) {
    const ms = eventMs(e);
    if (ms <= afterMs) continue;
    last = Math.max(last, ms);
    if (!tmpl) c.io.out(`${eventLine(e)}\n`);
    else {
      const x = executeGoTemplate(tmpl, normalized(e));
      if ('error' in x) return x.error;
      c.io.out(`${x.text}\n`);
    }
  }
  return last;
}

function templateOf(format: string): Template | null | { error: string } {
  if (!format) return null;
  const t = parseGoTemplate(format === 'json' ? '{{json .}}' : format);
  return 'error' in t ? { error: t.error } : t;
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
  const last = print(c, streamMessages(r.body) as unknown as ApiEvent[], tmpl, -1);
  if (typeof last === 'string') {
    c.io.err(`${last}\n`);
    return 1;
  }
  if (o.until) return 0;
  const st: EventsCont = { k: 'events', sinceSec: Math.floor(now / 1000), lastMs: Math.max(last, since ? 0 : now), filters: o.filters, format: o.format };
  return { pending: st, wait: { kind: 'poll', ms: 250, periodic: true } };
}

export function resumeEvents(c: ResumeCtx, data: Continuation): CmdResult {
  const st = data as EventsCont;
  const tmpl = templateOf(st.format);
  const r = c.api.get('/events', { filters: filtersQuery(st.filters), since: String(Math.floor(st.lastMs / 1000)), until: String(Math.floor(c.sys.nowMs() / 1000) + 1) });
  if (!r.ok) {
    c.io.err(`${r.error}\n`);
    return 1;
  }
  const last = print(c, streamMessages(r.body) as unknown as ApiEvent[], tmpl && 'error' in tmpl ? null : tmpl, st.lastMs);
  if (typeof last === 'string') {
    c.io.err(`${last}\n`);
    return 1;
  }
  st.lastMs = last;
  return { pending: st, wait: { kind: 'poll', ms: 250, periodic: true } };
}

/**
 * GET /containers/{id}/logs and POST /containers/{id}/attach (moby
 * daemon/logs.go, daemon/attach.go; the json-file driver's reader).
 *
 * logs: the container's json-file lines, stdout and/or stderr, optionally the
 * last `tail` lines, those in [since, until], each prefixed with its time in
 * RFC3339Nano with nine digits when `timestamps`; answered as
 * {"stream": [{"stream": "stdout", "data": "..."}]} (the multiplexed stream,
 * one frame per line). With `follow` on a running container the answer also
 * names pipes the rest arrives on (closed when the container stops).
 * attach: the hijacked connection of docker run/start -a/attach: pipes for
 * stdout and stderr (and the container's stdin with stdin=1), optionally
 * starting with the log so far (logs=1); mux=1 (a simulator extension for
 * in-simulation clients) puts both streams on one pipe in stdcopy frames, in
 * the order they were written. Attaching to a created or exited
 * container waits for its next start, as `docker start -a` relies on.
 */

import type { Engine } from '../engine.ts';
import type { ApiResponse } from '../api/types.ts';
import { apiError, apiJson } from '../api/types.ts';
import type { ContainerRecord, LogEntry } from './types.ts';
import { rfc3339Nano9 } from '../system/time.ts';
import { eventAttrs, withContainer } from './lookup.ts';
import { attach, ensurePty } from './clients.ts';
import { drainContainer } from './output.ts';
import { closeAttachment, sendToClients } from './deliver.ts';
import { recordEvent } from '../system/events-log.ts';
import { goDurationMs } from './filters.ts';

function q1(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

function truthy(v: string | undefined): boolean {
  return v === '1' || v === 'true' || v === 'True';
}

/** since/until: Unix seconds (with fraction), RFC 3339, or a Go duration before now; ms or null. */
function timeArg(engine: Engine, v: string | undefined): number | null | 'bad' {
  if (v === undefined || v === '' || v === '0') return null;
  if (/^[0-9]+(\.[0-9]+)?$/.test(v)) return Math.floor(Number(v) * 1000);
  const d = goDurationMs(v);
  if (d !== null) return engine.k.nowMs - d;
  const t = Date.parse(v);
  return Number.isNaN(t) ? 'bad' : t;
}

export interface LogFrame {
  stream: 'stdout' | 'stderr';
  data: string;
}

/** Select and format log lines. */
export function readLogs(entries: readonly LogEntry[], o: { stdout: boolean; stderr: boolean; tail: number; sinceMs: number | null; untilMs: number | null; timestamps: boolean }): LogFrame[] {
  let sel = entries.filter((e) => (e.stream === 'stdout' ? o.stdout : o.stderr) && (o.sinceMs === null || e.timeMs >= o.sinceMs) && (o.untilMs === null || e.timeMs <= o.untilMs));
  if (o.tail >= 0) sel = o.tail === 0 ? [] : sel.slice(-o.tail);
  return sel.map((e) => ({ stream: e.stream, data: o.timestamps ? `${rfc3339Nano9(e.timeMs)} ${e.log}` : e.log }));
}

/** GET /containers/{id}/logs */
export function logsRoute(engine: Engine, idOrName: string, query: Record<string, string | string[]>): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    const stdout = truthy(q1(query.stdout));
    const stderr = truthy(q1(query.stderr));
    if (!stdout && !stderr) return apiError(400, 'Bad parameters: you must choose at least one stream');
    if (c.HostConfig.LogConfig.Type === 'none') return apiError(501, 'configured logging driver does not support reading');
    const tailRaw = q1(query.tail);
    const tail = tailRaw === undefined || tailRaw === 'all' || tailRaw === '' ? -1 : /^[0-9]+$/.test(tailRaw) ? Number(tailRaw) : -1;
    const sinceMs = timeArg(engine, q1(query.since));
    const untilMs = timeArg(engine, q1(query.until));
    if (sinceMs === 'bad' || untilMs === 'bad') return apiError(400, `invalid value for "since" or "until"`);
    drainContainer(engine, c.Id);
    const frames = readLogs(engine.state.containers.logs[c.Id] ?? [], { stdout, stderr, tail, sinceMs, untilMs, timestamps: truthy(q1(query.timestamps)) });
    const cur = engine.state.containers.byId[c.Id] as ContainerRecord;
    const up = cur.State.Running && !cur.State.Restarting;
    if (truthy(q1(query.follow)) && up && untilMs === null) {
      const a = attach(engine, cur, { stdin: false, untilRemoved: false, mux: truthy(q1(query.mux)) });
      return apiJson(200, { stream: frames, follow: { stdout: a.out, stderr: a.err, ...(a.mux ? { mux: true } : {}) } });
    }
    return apiJson(200, { stream: frames });
  });
}

/** POST /containers/{id}/attach?stream=1&stdout=1&stderr=1&stdin=1&logs=1 */
export function attachRoute(engine: Engine, idOrName: string, query: Record<string, string | string[]>): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    const v = c.rt.lifecycle.value;
    if (v === 'paused') return apiError(409, `container ${c.Id} is paused, unpause the container before attach`);
    if (v === 'restarting') return apiError(409, `container ${c.Id} is restarting, wait until the container is running`);
    // A stopped container's attach waits for its next start (docker start -a attaches, then starts).
    if (c.Config.Tty && v !== 'dead') ensurePty(engine, c);
    const a = attach(engine, c, { stdin: truthy(q1(query.stdin)), untilRemoved: c.HostConfig.AutoRemove, mux: truthy(q1(query.mux)) });
    const cur = engine.state.containers.byId[c.Id] as ContainerRecord;
    if (truthy(q1(query.logs))) {
      for (const e of engine.state.containers.logs[c.Id] ?? []) sendToClients(engine, engine.state.containers.byId[c.Id] as ContainerRecord, e.stream, e.log, a.out);
    }
    recordEvent(engine, 'container', 'attach', c.Id, eventAttrs(cur));
    // Attaching to a dead container: the streams end at once.
    if (v === 'dead') {
      closeAttachment(engine, engine.state.containers.byId[c.Id]?.rt.attachments.find((x) => x.out === a.out) ?? a);
      engine.emit({ type: 'container.attachmentsClosed', id: c.Id, remaining: cur.rt.attachments.filter((x) => x.out !== a.out) });
    }
    return {
      status: 101,
      headers: { 'Content-Type': 'application/vnd.docker.raw-stream', Connection: 'Upgrade', Upgrade: 'tcp' },
      hijack: { kind: 'attach', containerId: c.Id },
      body: { stdout: a.out, stderr: a.err, stdin: a.stdin, tty: cur.rt.pty, ...(a.mux ? { mux: true } : {}) },
    };
  });
}

/** The streams of a container for an attached client (the -t terminal appears once the container started). */
export function attachStreams(engine: Engine, idOrName: string): { tty: string | null; stdinPipe: number | null } | null {
  const c = engine.state.containers.byId[idOrName];
  if (!c) return null;
  return { tty: c.rt.pty, stdinPipe: c.rt.stdin?.pipe ?? null };
}

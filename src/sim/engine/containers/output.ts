/**
 * A container's output on its way to the json-file log and to attached
 * clients (moby daemon/logger/jsonfilelog, container/stream): dockerd reads
 * what the process wrote to stdout and stderr, stamps it with the time it was
 * read, appends {"log","stream","time"} lines to the container's log, and
 * copies the bytes to every attached client (docker run, start -a, attach,
 * logs -f), stdout and stderr in the order they were written (mux.ts). A -t
 * container's terminal output is logged as stdout.
 * SIMPLIFICATIONS:
 * - Output is read when virtual time moves on (the `ticked` hook: stamped with
 *   the start of the stretch, when it was written), when the process exits,
 *   and after each API request; not byte by byte.
 * - Log lines are split on newlines as the json-file driver does; a partial
 *   last line becomes its own entry.
 * - The log file on disk (<id>-json.log) gets the same lines.
 */

import type { Engine } from '../engine.ts';
import type { ContainerRecord, LogEntry } from './types.ts';
import { takeInterleaved } from './mux.ts';
import { flushClients, sendToClients } from './deliver.ts';
import { drainExecs } from './exec.ts';
import { rfc3339Nano } from '../system/time.ts';
import { writeFile } from '../../kernel/fs/vfs/ops-write.ts';
import { runtimeOf } from './runtime-ctx.ts';
import { daemonActor } from './actor.ts';

function splitLines(stream: 'stdout' | 'stderr', s: string, timeMs: number): LogEntry[] {
  const out: LogEntry[] = [];
  let start = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', start)) {
    out.push({ stream, log: s.slice(start, i + 1), timeMs });
    start = i + 1;
  }
  if (start < s.length) out.push({ stream, log: s.slice(start), timeMs });
  return out;
}

/** Record output the daemon read from a container (log + attached clients). */
export function recordOutput(engine: Engine, c: ContainerRecord, stream: 'stdout' | 'stderr', data: string, timeMs: number): void {
  if (data === '') return;
  const entries = splitLines(stream, data, timeMs);
  const log = engine.state.containers.logs[c.Id];
  const before = log ? log.length : 0;
  engine.emit({ type: 'container.logged', id: c.Id, entries });
  sendToClients(engine, c, stream, data);
  if (c.LogPath) {
    // A log that outgrew what is kept (log-keep.ts) was rotated: the file holds the kept lines.
    const rotated = !!log && log.length < before + entries.length;
    const text = (rotated ? log : entries).map((e) => `${JSON.stringify({ log: e.log, stream: e.stream, time: rfc3339Nano(e.timeMs) })}\n`).join('');
    writeFile(engine.k, daemonActor(engine), c.LogPath, text, { append: !rotated, mode: 0o640 });
  }
}

/**
 * Read what a running container wrote since the last read, stdout and stderr in the order written.
 * `paced` (the reads as time passes): not while an attached client has yet to take what it was sent
 * (moby's broadcaster waits for a slow client, and the container's writes wait in its capture).
 */
export function drainContainer(engine: Engine, id: string, timeMs: number = engine.k.nowMs, paced = false): void {
  const c = engine.state.containers.byId[id];
  const t = c?.rt.task;
  if (!c || !t || t.outCap === null || t.errCap === null) return;
  if (paced && engine.state.containers.pendingIds?.[id]) {
    engine.ul.dirtyCaptures.add(t.outCap); // read once the client caught up
    return;
  }
  for (const ch of takeInterleaved(engine.ul, t.outCap, t.errCap, t.mixCap ?? null)) {
    const cur = engine.state.containers.byId[id];
    if (cur) recordOutput(engine, cur, ch.stream, ch.data, timeMs);
  }
}

/** Note a container's new stdio captures (before anything can write them), so a drain finds the container when they are written. */
export function noteTaskCaptures(engine: Engine, id: string, caps: ReadonlyArray<number | null | undefined>): void {
  const owners = runtimeOf(engine).capOwners;
  if (!owners || owners.caps !== engine.ul.state.caps) return; // the next drain scans every container anyway
  for (const cap of caps) if (cap !== null && cap !== undefined) owners.owner.set(cap, id);
}

/** Read every running container's (and exec's) output (ticked hook, end of requests). */
export function drainAll(engine: Engine, timeMs: number = engine.k.nowMs): void {
  const st = engine.state.containers;
  drainExecs(engine);
  flushClients(engine);
  const ul = engine.ul;
  const caps = ul.state.caps;
  const rt = runtimeOf(engine);
  const known = rt.capOwners;
  if (known && known.caps === caps) {
    // Only the containers whose captures were written since the last drain, in init-pid order as a full scan goes.
    if (ul.dirtyCaptures.size === 0) return;
    const due: Array<{ id: string; pid: number }> = [];
    const waiting: number[] = [];
    for (const cap of ul.dirtyCaptures) {
      const id = known.owner.get(cap);
      if (id === undefined || due.some((d) => d.id === id)) continue;
      const pid = st.byId[id]?.rt.task?.initPid;
      if (pid === undefined) waiting.push(cap); // written before its task was recorded: read once it is
      else due.push({ id, pid });
    }
    ul.dirtyCaptures.clear();
    for (const cap of waiting) ul.dirtyCaptures.add(cap);
    due.sort((a, b) => a.pid - b.pid);
    for (const d of due) if (st.byInitPid[d.pid] === d.id) drainContainer(engine, d.id, timeMs, true);
    return;
  }
  // First drain, or after a restore: scan every container and learn which captures are whose.
  const owner = new Map<number, string>();
  rt.capOwners = { caps, owner };
  ul.dirtyCaptures.clear();
  for (const id of Object.values(st.byInitPid)) {
    const t = st.byId[id]?.rt.task;
    if (!t) continue;
    for (const cap of [t.outCap, t.errCap, t.mixCap]) if (cap !== null && cap !== undefined) owner.set(cap, id);
    if ((t.outCap === null || !caps[t.outCap]) && (t.errCap === null || !caps[t.errCap])) continue;
    drainContainer(engine, id, timeMs);
  }
}

/** Listen to a -t container's terminal: what the process writes is logged (and sent to attached clients). */
export function listenTty(engine: Engine, id: string, tty: string): void {
  const rt = runtimeOf(engine);
  rt.ttyListeners[id]?.();
  rt.ttyListeners[id] = engine.ul.onTtyOutput(tty, (s) => {
    const c = engine.state.containers.byId[id];
    if (c && c.rt.task?.tty === tty) recordOutput(engine, c, 'stdout', s, engine.k.nowMs);
  });
}

export function unlistenTty(engine: Engine, id: string): void {
  const rt = runtimeOf(engine);
  rt.ttyListeners[id]?.();
  delete rt.ttyListeners[id];
}

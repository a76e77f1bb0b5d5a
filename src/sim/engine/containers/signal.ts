/**
 * Signalling, stopping, pausing and waiting (moby daemon/kill.go, stop.go,
 * pause.go, unpause.go, restart.go, wait.go):
 * - kill: the signal (default SIGKILL) goes from the shim's `runc kill` to the
 *   container's PID 1 (a PID 1 without a handler ignores SIGTERM, SIGKILL from
 *   the parent namespace always kills); the stop signal or SIGKILL cancels the
 *   restart policy for the next exit (ExitOnNext); a paused container is thawed
 *   after a stopping signal so it can act on it.
 * - stop: the stop signal (Config.StopSignal, else SIGTERM), then wait up to
 *   the timeout (-t, Config.StopTimeout, else 10 s) on the virtual clock, then
 *   SIGKILL. The call returns once the container stopped, so it takes as long
 *   in virtual time as the container takes to stop.
 * - pause/unpause: the cgroup freezer (cgroup.freeze).
 * - wait: the status once the container is not running (or removed).
 * SIMPLIFICATIONS: programs run while the clock moves only when the call is
 * not made from inside another program's handler (see the report on
 * Userland.drain).
 */

import type { Engine } from '../engine.ts';
import type { ApiResponse } from '../api/types.ts';
import { apiError, apiJson } from '../api/types.ts';
import type { ContainerRecord } from './types.ts';
import { freezeCgroup } from '../../kernel/cgroup/ops.ts';
import { nextTimerMs, advanceTime } from '../../kernel/time.ts';
import { SIGKILL, SIGTERM } from '../../kernel/signals.ts';
import { lifecycleTransition } from './container.machine.ts';
import { eventAttrs, notModified, noContent, withContainer } from './lookup.ts';
import { transition } from './state.ts';
import { parseStopSignal } from './validate.ts';
import { addWaiter, waitBody, type WaitCondition } from './clients.ts';
import { recordEvent } from '../system/events-log.ts';
import { startContainer } from './start.ts';

function q1(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

function live(engine: Engine, id: string): ContainerRecord | null {
  return engine.state.containers.byId[id] ?? null;
}

function isUp(c: ContainerRecord | null): boolean {
  const v = c?.rt.lifecycle.value;
  return v === 'running' || v === 'paused';
}

/** The container's stop signal number. */
export function stopSignalOf(c: ContainerRecord): number {
  if (!c.Config.StopSignal) return SIGTERM;
  const n = parseStopSignal(c.Config.StopSignal);
  return typeof n === 'number' ? n : SIGTERM;
}

/**
 * Send `sig` to the container's PID 1 (killWithSignal). Records the `kill`
 * event first, marks the container manually stopped, and runs the programs
 * the signal wakes.
 */
export function killContainer(engine: Engine, c: ContainerRecord, sig: number): void {
  const exitOnNext = !c.Config.StopSignal || sig === SIGKILL || sig === stopSignalOf(c);
  transition(engine, c, { type: 'STOP_REQUESTED', exitOnNext });
  const cur = live(engine, c.Id) ?? c;
  recordEvent(engine, 'container', 'kill', c.Id, eventAttrs(cur, { signal: String(sig) }));
  const t = cur.rt.task;
  if (!t || !isUp(cur)) return;
  engine.ul.kill(t.shimPid, t.initPid, sig);
  const after = live(engine, c.Id);
  if (exitOnNext && after?.rt.lifecycle.value === 'paused') unpauseContainer(engine, after);
  engine.ul.drain();
}

/**
 * When the API is called from inside another program's handler (the docker CLI),
 * the userland holds wake-ups back until that handler returns, so the stop
 * signal's handler would only run after the grace period. Run it now instead.
 * (Its queued wake-up is then a no-op if the process exited; a handler that
 * keeps the process alive runs twice.)
 */
function runStopHandlerNow(engine: Engine, id: string, sig: number): void {
  if (!engine.ul.isBusy()) return;
  const pid = live(engine, id)?.rt.task?.initPid;
  const p = pid === undefined ? undefined : engine.k.proc(pid);
  if (!p || p.state === 'Z' || p.frozen || !p.caught.includes(sig) || p.ignored.includes(sig)) return;
  engine.ul.call(p.pid, (def, ctx) => def.onSignal?.(ctx, sig) ?? null);
}

/** docker stop: signal, wait up to `timeoutS` seconds of virtual time, SIGKILL. */
export function stopContainer(engine: Engine, c: ContainerRecord, timeoutS: number, sig: number): void {
  killContainer(engine, c, sig);
  runStopHandlerNow(engine, c.Id, sig);
  const k = engine.k;
  const deadline = timeoutS < 0 ? Infinity : k.uptimeMs + timeoutS * 1000;
  while (isUp(live(engine, c.Id)) && k.uptimeMs < deadline) {
    const next = nextTimerMs(k);
    const to = next === null ? deadline : Math.min(next, deadline);
    if (!Number.isFinite(to)) break;
    advanceTime(k, Math.max(0, to - k.uptimeMs));
    engine.ul.drain();
  }
  const cur = live(engine, c.Id);
  if (cur && isUp(cur)) killContainer(engine, cur, SIGKILL);
}

function pauseContainer(engine: Engine, c: ContainerRecord): void {
  freezeCgroup(engine.k, c.rt.cgroup, true);
  transition(engine, c, { type: 'PAUSE' });
  recordEvent(engine, 'container', 'pause', c.Id, eventAttrs(live(engine, c.Id) as ContainerRecord));
}

function unpauseContainer(engine: Engine, c: ContainerRecord): void {
  transition(engine, c, { type: 'UNPAUSE' });
  freezeCgroup(engine.k, c.rt.cgroup, false);
  const cur = live(engine, c.Id);
  if (cur) recordEvent(engine, 'container', 'unpause', c.Id, eventAttrs(cur));
  engine.ul.drain();
}

function notRunning(c: ContainerRecord): string {
  return `container ${c.Id} is not running`;
}

function timeoutOf(c: ContainerRecord, t: string | undefined): number {
  if (t !== undefined && t !== '' && /^-?[0-9]+$/.test(t)) return Number(t);
  return c.Config.StopTimeout ?? 10;
}

/** POST /containers/{id}/kill?signal= */
export function killRoute(engine: Engine, idOrName: string, query: Record<string, string | string[]>): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    const raw = q1(query.signal);
    let sig = SIGKILL;
    if (raw !== undefined && raw !== '') {
      const n = parseStopSignal(raw);
      if (typeof n === 'string') return apiError(400, n);
      sig = n;
    }
    const v = c.rt.lifecycle.value;
    if (v === 'restarting') {
      transition(engine, c, { type: 'STOP_REQUESTED', exitOnNext: true });
      return noContent();
    }
    if (v !== 'running' && v !== 'paused') return apiError(409, `cannot kill container: ${idOrName}: ${notRunning(c)}`);
    killContainer(engine, c, sig);
    return noContent();
  });
}

/** POST /containers/{id}/stop?t=&signal= */
export function stopRoute(engine: Engine, idOrName: string, query: Record<string, string | string[]>): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    const v = c.rt.lifecycle.value;
    if (v === 'restarting') {
      transition(engine, c, { type: 'STOP_REQUESTED', exitOnNext: true });
      recordEvent(engine, 'container', 'stop', c.Id, eventAttrs(live(engine, c.Id) ?? c));
      return noContent();
    }
    if (v !== 'running' && v !== 'paused') return notModified();
    const raw = q1(query.signal);
    let sig = stopSignalOf(c);
    if (raw) {
      const n = parseStopSignal(raw);
      if (typeof n === 'string') return apiError(400, n);
      sig = n;
    }
    stopContainer(engine, c, timeoutOf(c, q1(query.t)), sig);
    recordEvent(engine, 'container', 'stop', c.Id, eventAttrs(live(engine, c.Id) ?? c));
    return noContent();
  });
}

/** POST /containers/{id}/restart?t=&signal= */
export function restartRoute(engine: Engine, idOrName: string, query: Record<string, string | string[]>): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    if (isUp(c)) {
      const raw = q1(query.signal);
      const n = raw ? parseStopSignal(raw) : stopSignalOf(c);
      if (typeof n === 'string') return apiError(400, n);
      stopContainer(engine, c, timeoutOf(c, q1(query.t)), n);
      recordEvent(engine, 'container', 'stop', c.Id, eventAttrs(live(engine, c.Id) ?? c));
    } else if (c.rt.lifecycle.value === 'restarting') {
      transition(engine, c, { type: 'STOP_REQUESTED', exitOnNext: true });
    }
    const cur = live(engine, c.Id);
    if (!cur) return apiError(404, `No such container: ${idOrName}`);
    const r = startContainer(engine, cur, true);
    if ('status' in r) return apiError(r.status, r.message);
    recordEvent(engine, 'container', 'restart', c.Id, eventAttrs(live(engine, c.Id) ?? c));
    return noContent();
  });
}

/** POST /containers/{id}/pause */
export function pauseRoute(engine: Engine, idOrName: string): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    const v = c.rt.lifecycle.value;
    if (v === 'paused') return apiError(409, `container ${c.Id} is already paused`);
    if (v === 'restarting') return apiError(409, `Container ${c.Id} is restarting, wait until the container is running`);
    if (v !== 'running') return apiError(409, notRunning(c));
    pauseContainer(engine, c);
    return noContent();
  });
}

/** POST /containers/{id}/unpause */
export function unpauseRoute(engine: Engine, idOrName: string): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    if (!lifecycleTransition(c.rt.lifecycle, { type: 'UNPAUSE' })) return apiError(409, `Container ${c.Id} is not paused`);
    unpauseContainer(engine, c);
    return noContent();
  });
}

/**
 * POST /containers/{id}/wait?condition=not-running|next-exit|removed.
 * Answered at once when the condition already holds; otherwise 200 with
 * {"Pending": {"pipe": N}}: the JSON answer arrives on that pipe (a userland
 * pipe the caller reads), as the real daemon answers on a held connection.
 */
export function waitRoute(engine: Engine, idOrName: string, query: Record<string, string | string[]>): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    const cond = (q1(query.condition) || 'not-running') as WaitCondition;
    if (!['not-running', 'next-exit', 'removed'].includes(cond)) return apiError(400, `invalid condition: "${cond}"`);
    const v = c.rt.lifecycle.value;
    const stopped = v === 'exited' || v === 'dead' || (v === 'created' && cond === 'not-running');
    if (cond !== 'next-exit' && cond !== 'removed' && stopped) return apiJson(200, waitBody(c));
    return apiJson(200, { StatusCode: null, Error: null, Pending: { pipe: addWaiter(engine, c, cond) } });
  });
}

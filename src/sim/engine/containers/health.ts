/**
 * Container health checks (moby daemon/health.go; Dockerfile HEALTHCHECK,
 * `docker run --health-cmd ...`): while a container with a health check runs,
 * dockerd runs the check as an exec in the container every interval (30s by
 * default; every start-interval, 5s by default, while still starting within a
 * start period), allows it `timeout` (30s), and keeps State.Health: Status
 * starting → healthy on a zero exit, unhealthy after `retries` (3)
 * consecutive failures (failures in the start period do not count while
 * still starting), FailingStreak, and the last 5 results in Log with Start,
 * End, ExitCode and the first 4096 characters of the output. Each change of
 * status logs the event `health_status: <status>`; the probe's own exec logs
 * exec_create, exec_start and exec_die as any exec does.
 *
 * Models: Test ["CMD", ...] run as given, ["CMD-SHELL", cmd] as
 * /bin/sh -c cmd, ["NONE"] (and --no-healthcheck) disabling the image's
 * check; a probe that runs out of time is killed and logged with exit code
 * -1, "Health check exceeded timeout (30s)"; one that cannot start logs -1
 * and runc's error; the check starts over ("starting", streak 0, log kept)
 * at every start and stops when the container stops (the last status stays).
 * SIMPLIFICATIONS:
 * - Probes run on the daemon's virtual-time timer (armed with restarts);
 *   a probe that does not finish at once is checked again at its deadline.
 * - A paused container's probe fails like any exec into a paused container.
 */

import type { Engine } from '../engine.ts';
import type { ContainerRecord, ExecRecord, HealthConfig, HealthState } from './types.ts';
import { hex } from '../../host/rng.ts';
import { killProcess } from '../../kernel/process/exit.ts';
import { SIGKILL } from '../../kernel/signals.ts';
import { eventAttrs } from './lookup.ts';
import { recordEvent } from '../system/events-log.ts';
import { createdStamp } from './clock.ts';
import { launchExec, type ExecIo } from './exec.ts';
import { armDaemonTimer } from './timers.ts';

const MS = 1_000_000;
export const DEFAULT_INTERVAL_MS = 30_000;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_START_INTERVAL_MS = 5_000;
export const DEFAULT_RETRIES = 3;
export const MAX_LOG_ENTRIES = 5;
export const MAX_OUTPUT_LEN = 4096;

/** A health check as the monitor uses it (durations in ms). */
export interface Probe {
  cmd: string[];
  intervalMs: number;
  timeoutMs: number;
  startPeriodMs: number;
  startIntervalMs: number;
  retries: number;
}

/** The container's probe, or null without a check (none configured, or Test ["NONE"]). */
export function probeOf(hc: HealthConfig | undefined): Probe | null {
  const test = hc?.Test ?? [];
  const kind = test[0];
  let cmd: string[];
  if (kind === 'CMD') cmd = test.slice(1);
  else if (kind === 'CMD-SHELL') cmd = ['/bin/sh', '-c', test.slice(1).join(' ')];
  else return null;
  if (cmd.length === 0) return null;
  const ms = (ns: number | undefined, d: number) => (ns && ns > 0 ? ns / MS : d);
  return {
    cmd,
    intervalMs: ms(hc?.Interval, DEFAULT_INTERVAL_MS),
    timeoutMs: ms(hc?.Timeout, DEFAULT_TIMEOUT_MS),
    startPeriodMs: ms(hc?.StartPeriod, 0),
    startIntervalMs: ms(hc?.StartInterval, DEFAULT_START_INTERVAL_MS),
    retries: hc?.Retries && hc.Retries > 0 ? hc.Retries : DEFAULT_RETRIES,
  };
}

/** Go's time.Duration.String() for whole milliseconds: 30s, 1m0s, 1.5s, 500ms. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : String(s)}s`;
  return h ? `${h}h${m}m${sec}` : m ? `${m}m${sec}` : sec;
}

/** The wait before the next probe (moby monitor getInterval). */
function nextInterval(engine: Engine, c: ContainerRecord, p: Probe): number {
  const sinceStart = engine.k.nowMs - (c.rt.startedAtMs ?? engine.k.nowMs);
  if (sinceStart >= p.startPeriodMs) return p.intervalMs;
  return c.State.Health?.Status === 'starting' ? p.startIntervalMs : p.intervalMs;
}

function emitHealth(engine: Engine, id: string, health: HealthState | null, dueMs: number | null, probe: NonNullable<ContainerRecord['rt']['health']>['probe']): void {
  engine.emit({ type: 'container.healthChanged', id, health, rt: dueMs === null && probe === null ? null : { dueMs, probe } });
  if (dueMs !== null || probe !== null) armDaemonTimer(engine);
}

/** The container started: the check starts over (initHealthMonitor). */
export function initHealth(engine: Engine, id: string): void {
  const c = engine.state.containers.byId[id];
  if (!c) return;
  const p = probeOf(c.Config.Healthcheck);
  if (!p) return;
  const prev = c.State.Health;
  const health: HealthState = { Status: 'starting', FailingStreak: 0, Log: prev ? prev.Log.map((l) => ({ ...l })) : [] };
  engine.emit({ type: 'container.healthChanged', id, health, rt: { dueMs: null, probe: null } });
  const cur = engine.state.containers.byId[id] as ContainerRecord;
  emitHealth(engine, id, health, engine.k.uptimeMs + nextInterval(engine, cur, p), null);
}

/** The container stopped: no more probes (the last status stays in inspect). */
export function stopHealth(engine: Engine, id: string): void {
  const c = engine.state.containers.byId[id];
  if (!c?.rt.health) return;
  emitHealth(engine, id, c.State.Health ?? null, null, null);
}

/** Record one probe result (handleProbeResult) and schedule the next probe. */
function probeResult(engine: Engine, id: string, r: { Start: string; End: string; ExitCode: number; Output: string }): void {
  const c = engine.state.containers.byId[id];
  const p = c ? probeOf(c.Config.Healthcheck) : null;
  if (!c || !p || !c.State.Health) return;
  const h = c.State.Health;
  const old = h.Status;
  const log = [...h.Log.map((l) => ({ ...l })), { ...r }].slice(-MAX_LOG_ENTRIES);
  let status = h.Status;
  let streak = h.FailingStreak;
  if (r.ExitCode === 0) {
    streak = 0;
    status = 'healthy';
  } else {
    const inStart = status === 'starting' && Date.parse(r.Start) - (c.rt.startedAtMs ?? 0) < p.startPeriodMs;
    if (!inStart) {
      streak++;
      if (streak >= p.retries) status = 'unhealthy';
    }
  }
  const running = c.rt.lifecycle.value === 'running' || c.rt.lifecycle.value === 'paused';
  const health: HealthState = { Status: status, FailingStreak: streak, Log: log };
  engine.emit({ type: 'container.healthChanged', id, health, rt: running ? { dueMs: null, probe: null } : null });
  const cur = engine.state.containers.byId[id] as ContainerRecord;
  if (running) emitHealth(engine, id, health, engine.k.uptimeMs + nextInterval(engine, cur, p), null);
  if (status !== old) recordEvent(engine, 'container', `health_status: ${status}`, id, eventAttrs(cur));
}

/** Start one probe: an exec in the container whose output the daemon keeps. */
function runProbe(engine: Engine, c: ContainerRecord, p: Probe): void {
  const start = createdStamp(engine).text;
  const v = c.rt.lifecycle.value;
  if (v !== 'running' || !c.rt.task) {
    const msg = v === 'paused' ? `Container ${c.Id} is paused, unpause the container before exec` : `container ${c.Id} is not running`;
    probeResult(engine, c.Id, { Start: start, End: createdStamp(engine).text, ExitCode: -1, Output: msg });
    return;
  }
  const execId = hex(engine.k.state.rng, 64);
  const cap = engine.ul.newCapture();
  const x: ExecRecord = {
    ID: execId,
    Running: false,
    ExitCode: null,
    ProcessConfig: { tty: false, entrypoint: p.cmd[0] as string, arguments: p.cmd.slice(1), privileged: false },
    OpenStdin: false,
    OpenStderr: true,
    OpenStdout: true,
    CanRemove: false,
    ContainerID: c.Id,
    DetachKeys: '',
    Pid: 0,
    rt: { env: [], workingDir: '', pid: null, tty: null, out: null, err: null, stdin: null, done: null, started: true, outCap: null, errCap: null, mixCap: cap, mux: false },
  };
  engine.emit({ type: 'container.execCreated', exec: x });
  recordEvent(engine, 'container', `exec_create: ${p.cmd.join(' ')}`, c.Id, eventAttrs(c, { execID: execId }));
  emitHealth(engine, c.Id, c.State.Health ?? null, null, { execId, start, deadlineMs: engine.k.uptimeMs + p.timeoutMs });
  const io: ExecIo = {
    fds: { 0: { k: 'null' }, 1: { k: 'cap', id: cap }, 2: { k: 'cap', id: cap } },
    tty: null,
    out: null,
    err: null,
    stdin: null,
    done: null,
    outCap: null,
    errCap: null,
    mixCap: cap,
    mux: false,
  };
  const err = launchExec(engine, execId, io);
  if (err) onExecEnded(engine, execId);
}

/** An exec ended (exit hook, or it never started): finish the probe it was. */
export function onExecEnded(engine: Engine, execId: string): void {
  const x = engine.state.containers.execs[execId];
  const c = x ? engine.state.containers.byId[x.ContainerID] : undefined;
  const probe = c?.rt.health?.probe;
  if (!x || !c || x.rt.out !== null || x.rt.mixCap == null) return;
  const output = engine.ul.takeCapture(x.rt.mixCap).slice(0, MAX_OUTPUT_LEN);
  engine.emit({ type: 'container.execRemoved', id: execId });
  if (!probe || probe.execId !== execId) return;
  probeResult(engine, c.Id, { Start: probe.start, End: createdStamp(engine).text, ExitCode: x.ExitCode ?? -1, Output: output });
}

/** The earliest probe or probe deadline due (virtual uptime ms), or null. */
export function nextHealthDue(engine: Engine): number | null {
  let due: number | null = null;
  const byId = engine.state.containers.byId;
  for (const id in byId) {
    const h = byId[id]?.rt.health;
    if (!h) continue;
    const d = h.probe ? h.probe.deadlineMs : h.dueMs;
    if (d !== null && (due === null || d < due)) due = d;
  }
  return due;
}

/** Run the probes that are due and time out the ones past their deadline. */
export function fireDueHealth(engine: Engine): void {
  const now = engine.k.uptimeMs;
  const byId = engine.state.containers.byId;
  for (const id of Object.keys(byId)) {
    const c = byId[id];
    const h = c?.rt.health;
    const p = c ? probeOf(c.Config.Healthcheck) : null;
    if (!c || !h || !p) continue;
    if (h.probe) {
      if (h.probe.deadlineMs > now) continue;
      const x = engine.state.containers.execs[h.probe.execId];
      const start = h.probe.start;
      // Timed out: the result is logged first, then the probe is killed (its exit is ignored).
      emitHealth(engine, id, c.State.Health ?? null, null, null);
      probeResult(engine, id, { Start: start, End: createdStamp(engine).text, ExitCode: -1, Output: `Health check exceeded timeout (${goDuration(p.timeoutMs)})` });
      if (x?.rt.pid != null && x.Running) killProcess(engine.k, x.rt.pid, SIGKILL);
      continue;
    }
    if (h.dueMs !== null && h.dueMs <= now) runProbe(engine, c, p);
  }
}

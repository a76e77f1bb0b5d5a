/**
 * dockerd shutting down and coming back (live-restore off, Docker's default).
 *
 * Models moby's Daemon.Shutdown and Daemon.restore:
 * - Shutdown: the API is closed first, then every running container is shut
 *   down as `docker stop` would (shutdownContainer: its stop signal, its stop
 *   timeout, Config.StopTimeout or 10 s, then SIGKILL), all at once
 *   (containers.ApplyAll); dockerd exits when the last one stopped. A stop
 *   during shutdown does not count as a manual one (killWithSignal leaves
 *   HasBeenManuallyStopped alone while the daemon shuts down) and cancels the
 *   restart policy for that exit (ExitOnNext). Events: kill, die, stop.
 *   A container waiting to restart stops waiting.
 * - restore, as dockerd starts: containers that were started before and whose
 *   restart policy says so (restartmanager.ShouldRestart with a fresh manager:
 *   always; unless-stopped unless stopped by hand; on-failure after a non-zero
 *   exit, within its retry count) are started again, their restart manager
 *   reset (RestartCount 0).
 * SIMPLIFICATIONS: dockerd checks on the containers every 100 ms of virtual
 * time while it waits (it exits up to 100 ms after the last one stopped);
 * containers left running by a dockerd that was SIGKILLed are adopted as they
 * are (as with live-restore) instead of being stopped and restarted.
 */

import type { Engine } from '../engine.ts';
import type { ContainerRecord } from '../containers/types.ts';
import { SIGKILL } from '../../kernel/signals.ts';
import { killContainer, stopSignalOf } from '../containers/signal.ts';
import { shouldRestart, type LifecycleSnapshot } from '../containers/container.machine.ts';
import { transition } from '../containers/state.ts';
import { eventAttrs } from '../containers/lookup.ts';
import { recordEvent } from './events-log.ts';
import { startContainer } from '../containers/start.ts';
import { ZERO_TIME } from './time.ts';

/** Containers being shut down: when each gets SIGKILL (null: never, a stop timeout of -1), and whether it had been stopped by hand before. */
export interface ShutdownState {
  deadlines: Record<string, number | null>;
  wasManual: Record<string, boolean>;
}

/** How often dockerd looks at the containers it is stopping (virtual ms). */
const POLL_MS = 100;

function live(engine: Engine, id: string): ContainerRecord | null {
  return engine.state.containers.byId[id] ?? null;
}

function isUp(c: ContainerRecord | null): boolean {
  const v = c?.rt.lifecycle.value;
  return v === 'running' || v === 'paused';
}

/** Put HasBeenManuallyStopped back as it was (the stop was the daemon's, not the user's). */
function keepManualFlag(engine: Engine, id: string, manual: boolean): void {
  const c = live(engine, id);
  if (!c || c.rt.lifecycle.context.manuallyStopped === manual) return;
  const lifecycle: LifecycleSnapshot = { value: c.rt.lifecycle.value, context: Object.assign({}, c.rt.lifecycle.context, { manuallyStopped: manual }) };
  engine.emit({ type: 'container.stateChanged', id, lifecycle, state: { ...c.State }, restartCount: c.RestartCount });
}

function signal(engine: Engine, st: ShutdownState, id: string, sig: number): void {
  const c = live(engine, id);
  if (!c) return;
  killContainer(engine, c, sig);
  keepManualFlag(engine, id, st.wasManual[id] ?? false);
}

/**
 * Begin shutting the containers down: the stop signal to each running one.
 * Returns what is left to wait for (null when nothing is running any more).
 */
export function beginShutdown(engine: Engine): ShutdownState | null {
  const st: ShutdownState = { deadlines: {}, wasManual: {} };
  const now = engine.k.uptimeMs;
  for (const c of Object.values(engine.state.containers.byId)) {
    const v = c.rt.lifecycle.value;
    if (v === 'restarting') {
      // Waiting out a restart back-off: it simply stays stopped.
      const manual = c.rt.lifecycle.context.manuallyStopped;
      transition(engine, c, { type: 'STOP_REQUESTED', exitOnNext: true });
      engine.emit({ type: 'container.runtimeChanged', id: c.Id, patch: { restartDueMs: null } });
      keepManualFlag(engine, c.Id, manual);
      continue;
    }
    if (v !== 'running' && v !== 'paused') continue;
    const timeoutS = c.Config.StopTimeout ?? 10;
    st.deadlines[c.Id] = timeoutS < 0 ? null : now + timeoutS * 1000;
    st.wasManual[c.Id] = c.rt.lifecycle.context.manuallyStopped;
  }
  for (const id of Object.keys(st.deadlines)) {
    const c = live(engine, id);
    if (c) signal(engine, st, id, stopSignalOf(c));
  }
  return settle(engine, st);
}

/** Drop the containers that stopped (logging their `stop`); null when none is left. */
function settle(engine: Engine, st: ShutdownState): ShutdownState | null {
  for (const id of Object.keys(st.deadlines)) {
    const c = live(engine, id);
    if (isUp(c)) continue;
    if (c) recordEvent(engine, 'container', 'stop', id, eventAttrs(c));
    delete st.deadlines[id];
  }
  return Object.keys(st.deadlines).length ? st : null;
}

/** A wake-up while shutting down: SIGKILL what outlived its timeout. Returns the state left (null: all stopped). */
export function continueShutdown(engine: Engine, st: ShutdownState): ShutdownState | null {
  const now = engine.k.uptimeMs;
  for (const [id, due] of Object.entries(st.deadlines)) if (due !== null && due <= now && isUp(live(engine, id))) signal(engine, st, id, SIGKILL);
  return settle(engine, st);
}

/** When dockerd should look again. */
export function nextShutdownWake(engine: Engine, st: ShutdownState): number {
  const now = engine.k.uptimeMs;
  let wake = now + POLL_MS;
  for (const due of Object.values(st.deadlines)) if (due !== null) wake = Math.min(wake, Math.max(due, now));
  return wake;
}

/** restore: whether the restart policy starts `c` again as dockerd comes back. */
export function restartsOnRestore(c: ContainerRecord): boolean {
  if (c.rt.lifecycle.value !== 'exited' || c.State.StartedAt === ZERO_TIME || c.HostConfig.AutoRemove) return false;
  // A fresh restart manager: not cancelled, counting from the container's RestartCount.
  return shouldRestart(Object.assign({}, c.rt.lifecycle.context, { cancelled: false as const, restartCount: c.RestartCount }), c.State.ExitCode);
}

/** restore: start again the containers whose restart policy says so. Returns their IDs. */
export function restoreContainers(engine: Engine): string[] {
  const started: string[] = [];
  for (const c of Object.values(engine.state.containers.byId)) {
    if (!restartsOnRestore(c)) continue;
    const r = startContainer(engine, c, true);
    if (!('status' in r)) started.push(c.Id);
  }
  return started;
}

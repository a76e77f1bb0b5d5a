/**
 * A container's lifecycle as dockerd tracks it (moby daemon/container/state.go,
 * daemon/monitor.go, daemon/internal/restartmanager/restartmanager.go), as an
 * XState 5 machine used only through its pure transition function.
 *
 * States are the seven values of .State.Status: created, running, paused,
 * restarting, exited, dead, removing (plus the final `removed`). The restart
 * manager lives in the context: the policy, RestartCount, the back-off (100 ms,
 * doubling up to 1 minute, back to 100 ms after a run of at least 10 s), and the
 * two flags `docker stop`/`docker kill` set (HasBeenManuallyStopped, and
 * ExitOnNext, which cancels the restart of the next exit).
 *
 * The engine keeps { value, context } in the container record as plain data and
 * asks `lifecycleTransition()` whether an event is legal and what comes next.
 * SIMPLIFICATIONS:
 * - Health checks are not part of the lifecycle; a failed start leaves the state
 *   as it was (moby only records the error and exit code).
 */

import { assign, setup, transition } from 'xstate';
import type { RestartPolicy } from './types.ts';

export type LifecycleState = 'created' | 'running' | 'paused' | 'restarting' | 'exited' | 'dead' | 'removing' | 'removed';

export type PolicyName = 'no' | 'always' | 'on-failure' | 'unless-stopped';

export interface LifecycleContext {
  policy: PolicyName;
  /** on-failure:N (0 = unlimited). */
  maxRetries: number;
  /** .RestartCount: restarts done by the policy since the last manual start. */
  restartCount: number;
  /** The restart manager's current back-off, ms (0 before the first restart). */
  backoffMs: number;
  /** HasBeenManuallyStopped: set by docker stop/kill, cleared by docker start. */
  manuallyStopped: boolean;
  /** The restart manager was cancelled (ExitOnNext): the next exit does not restart. */
  cancelled: boolean;
}

export type LifecycleEvent =
  /** docker start (manual) or the restart manager (manual: false) starts the task. */
  | { type: 'START'; manual: boolean }
  | { type: 'PAUSE' }
  | { type: 'UNPAUSE' }
  /** docker stop/kill: HasBeenManuallyStopped, and ExitOnNext when the signal is the stop signal or SIGKILL. */
  | { type: 'STOP_REQUESTED'; exitOnNext: boolean }
  /** The task's init exited (runMs: how long it ran). */
  | { type: 'EXIT'; exitCode: number; runMs: number }
  /** The restart manager could not start the container again: it stays stopped. */
  | { type: 'RESTART_FAILED' }
  /** docker update --restart. */
  | { type: 'POLICY_CHANGED'; policy: PolicyName; maxRetries: number }
  | { type: 'REMOVE' }
  | { type: 'REMOVED' }
  | { type: 'REMOVE_FAILED' };

/** Plain-data snapshot kept in the container record. */
export interface LifecycleSnapshot {
  value: LifecycleState;
  context: LifecycleContext;
}

const DEFAULT_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 60_000;
const BACKOFF_RESET_RUN_MS = 10_000;

/** restartmanager: the next back-off after a run of `runMs`. */
export function nextBackoff(prevMs: number, runMs: number): number {
  let t = runMs >= BACKOFF_RESET_RUN_MS ? 0 : prevMs;
  if (t === 0) t = DEFAULT_BACKOFF_MS;
  else if (t < MAX_BACKOFF_MS) t *= 2;
  return Math.min(t, MAX_BACKOFF_MS);
}

/** restartmanager.ShouldRestart without the back-off. */
export function shouldRestart(c: LifecycleContext, exitCode: number): boolean {
  if (c.policy === 'no' || c.cancelled) return false;
  switch (c.policy) {
    case 'always':
      return true;
    case 'unless-stopped':
      return !c.manuallyStopped;
    case 'on-failure':
      return (c.maxRetries === 0 || c.restartCount < c.maxRetries) && exitCode !== 0;
  }
}

export const containerMachine = setup({
  types: {
    context: {} as LifecycleContext,
    events: {} as LifecycleEvent,
    input: {} as { policy: PolicyName; maxRetries: number },
  },
  guards: {
    willRestart: ({ context, event }) => event.type === 'EXIT' && shouldRestart(context, event.exitCode),
  },
  actions: {
    resetRestartManager: assign({ restartCount: 0, backoffMs: 0, manuallyStopped: false, cancelled: false }),
    clearCancel: assign({ cancelled: false }),
    scheduleRestart: assign(({ context, event }) => ({
      restartCount: context.restartCount + 1,
      backoffMs: nextBackoff(context.backoffMs, event.type === 'EXIT' ? event.runMs : 0),
    })),
    markStopped: assign(({ context, event }) => ({
      manuallyStopped: true,
      cancelled: context.cancelled || (event.type === 'STOP_REQUESTED' && event.exitOnNext),
    })),
    setPolicy: assign(({ event }) => (event.type === 'POLICY_CHANGED' ? { policy: event.policy, maxRetries: event.maxRetries } : {})),
  },
}).createMachine({
  id: 'container',
  initial: 'created',
  context: ({ input }) => ({
    policy: input.policy,
    maxRetries: input.maxRetries,
    restartCount: 0,
    backoffMs: 0,
    manuallyStopped: false,
    cancelled: false,
  }),
  on: {
    POLICY_CHANGED: { actions: 'setPolicy' },
  },
  states: {
    created: {
      on: {
        START: { target: 'running', actions: 'resetRestartManager' },
        REMOVE: 'removing',
      },
    },
    running: {
      on: {
        PAUSE: 'paused',
        STOP_REQUESTED: { actions: 'markStopped' },
        EXIT: [{ guard: 'willRestart', target: 'restarting', actions: 'scheduleRestart' }, { target: 'exited' }],
      },
    },
    paused: {
      on: {
        UNPAUSE: 'running',
        STOP_REQUESTED: { actions: 'markStopped' },
        EXIT: [{ guard: 'willRestart', target: 'restarting', actions: 'scheduleRestart' }, { target: 'exited' }],
      },
    },
    restarting: {
      on: {
        // A manual start resets the restart manager; the manager's own start keeps counting.
        START: [
          { guard: ({ event }) => event.manual, target: 'running', actions: 'resetRestartManager' },
          { target: 'running', actions: 'clearCancel' },
        ],
        // docker stop/kill cancels the pending restart: the container is stopped.
        STOP_REQUESTED: { target: 'exited', actions: 'markStopped' },
        RESTART_FAILED: 'exited',
        REMOVE: 'removing',
      },
    },
    exited: {
      on: {
        START: { target: 'running', actions: 'resetRestartManager' },
        REMOVE: 'removing',
      },
    },
    dead: {
      on: { REMOVE: 'removing' },
    },
    removing: {
      on: { REMOVED: 'removed', REMOVE_FAILED: 'dead' },
    },
    removed: { type: 'final' },
  },
});

/** The lifecycle of a new container with restart policy `p`. */
export function initialLifecycle(p: RestartPolicy): LifecycleSnapshot {
  return {
    value: 'created',
    context: {
      policy: p.Name === '' ? 'no' : p.Name,
      maxRetries: p.MaximumRetryCount,
      restartCount: 0,
      backoffMs: 0,
      manuallyStopped: false,
      cancelled: false,
    },
  };
}

/** XState's pure transition() builds an actor system per call (~100 µs); results are memoised. */
const MEMO_MAX = 4096;
const memo = new Map<string, LifecycleSnapshot | null>();

function compute(s: LifecycleSnapshot, event: LifecycleEvent): LifecycleSnapshot | null {
  const snap = containerMachine.resolveState({ value: s.value, context: { ...s.context } });
  if (!snap.can(event)) return null;
  const [next] = transition(containerMachine, snap, event);
  return { value: next.value as LifecycleState, context: { ...next.context } };
}

/**
 * Apply `event` to a stored lifecycle: the next snapshot (plain data), or null
 * if the current state does not accept the event. A pure function of its
 * arguments, memoised (the cache holds no simulation state: dropping it
 * changes nothing but speed).
 */
export function lifecycleTransition(s: LifecycleSnapshot, event: LifecycleEvent): LifecycleSnapshot | null {
  // Only "ran at least 10 s" matters about the run time.
  const ev = event.type === 'EXIT' ? Object.assign({}, event, { runMs: Math.min(event.runMs, 10_000) }) : event;
  const c = s.context;
  const key = `${s.value}|${c.policy}|${c.maxRetries}|${c.restartCount}|${c.backoffMs}|${c.manuallyStopped}|${c.cancelled}|${JSON.stringify(ev)}`;
  let r = memo.get(key);
  if (r === undefined) {
    r = compute(s, ev);
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(key, r);
  }
  return r === null ? null : { value: r.value, context: Object.assign({}, r.context) };
}

/** Would the state accept `event`? */
export function canTransition(s: LifecycleSnapshot, event: LifecycleEvent): boolean {
  return lifecycleTransition(s, event) !== null;
}

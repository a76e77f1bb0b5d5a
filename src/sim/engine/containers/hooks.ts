/**
 * Wiring the containers area into the kernel, once per engine:
 * - the processExited hook (a container's init or an exec'd process ended:
 *   moby's containerd event monitor, TaskExit);
 * - the ticked hook (read containers' output as time passes; restarts that
 *   fall due when there is no dockerd process to hold the timer);
 * - containerd's socket in Kernel.ports, which the shims call when they reap
 *   a child, and through which the daemon programs find their Engine.
 */

import type { Engine } from '../engine.ts';
import type { Kernel, UnixSocketServer } from '../../kernel/kernel.ts';
import { runtimeOf } from './runtime-ctx.ts';
import { onProcessExited, deleteTask } from './exit.ts';
import { fireDueTimers } from './timers.ts';
import { drainAll } from './output.ts';
import { CONTAINERD_SOCK, type ShimMessage } from '../runtime/programs.ts';

/** containerd's port: the shims' messages, and the way daemon programs reach their engine. */
export interface RuntimePort extends UnixSocketServer {
  engine: Engine;
}

/** The Engine whose runtime serves this kernel (null before the containers area is wired). */
export function engineOf(k: Kernel): Engine | null {
  const port = k.ports.unix[CONTAINERD_SOCK] as RuntimePort | undefined;
  return port?.engine ?? null;
}

/** A shim reaped `pid` and says so: containerd deletes the task if it was the init. */
function onShimMessage(engine: Engine, msg: unknown, shimPid: number): { exit: boolean } {
  const m = msg as ShimMessage;
  if (m?.type !== 'reaped') return { exit: false };
  for (const c of Object.values(engine.state.containers.byId)) {
    const t = c.rt.task;
    if (!t || t.shimPid !== shimPid) continue;
    if (t.initPid !== m.pid) return { exit: false };
    deleteTask(engine, c.Id, true);
    return { exit: true };
  }
  // A shim whose task was already deleted.
  return { exit: true };
}

/** Install the hooks and containerd's port (idempotent). */
export function ensureRuntime(engine: Engine): void {
  const rt = runtimeOf(engine);
  if (rt.hooksInstalled) return;
  rt.hooksInstalled = true;
  const k = engine.k;
  k.hooks.processExited.push((_k, p) => {
    if (p.containerId === null && engine.state.containers.byExecPid[p.pid] === undefined) return;
    onProcessExited(engine, p);
  });
  k.hooks.ticked.push((_k, fromMs) => {
    // drainAll reads only the containers whose output was written since the last drain.
    drainAll(engine, k.state.clock.bootEpochMs + fromMs);
    if (engine.state.system.daemon.pid === null) fireDueTimers(engine);
  });
  const port: RuntimePort = { engine, request: (msg, pid) => onShimMessage(engine, msg, pid) };
  k.ports.unix[CONTAINERD_SOCK] = port;
}

/**
 * dockerd's timers on the virtual clock: restart back-offs (restart policies)
 * and health-check probes and their deadlines. The dockerd process sleeps
 * until the earliest one is due and fires what is due when it wakes; with no
 * dockerd process (engine unit tests) the kernel's ticked hook fires them.
 */

import type { Engine } from '../engine.ts';
import { sleepUntil } from '../../kernel/time.ts';
import { fireDueRestarts, nextRestartDue } from './exit.ts';
import { fireDueHealth, nextHealthDue } from './health.ts';

/** The earliest due timer (virtual uptime ms), or null. */
export function nextTimerDue(engine: Engine): number | null {
  const a = nextRestartDue(engine);
  const b = nextHealthDue(engine);
  return a === null ? b : b === null ? a : Math.min(a, b);
}

/** Fire every due restart and health probe. */
export function fireDueTimers(engine: Engine): void {
  fireDueRestarts(engine);
  fireDueHealth(engine);
}

/** Arm dockerd's timer for the next due one (the dockerd program resumes then). */
export function armDaemonTimer(engine: Engine): void {
  const pid = engine.state.system.daemon.pid;
  const due = nextTimerDue(engine);
  if (pid === null || due === null) return;
  const p = engine.k.proc(pid);
  if (!p || p.state === 'Z' || p.program.name !== 'dockerd') return;
  if (p.wait.kind === 'timer' && p.wait.untilMs <= due) return;
  sleepUntil(engine.k, pid, due);
}

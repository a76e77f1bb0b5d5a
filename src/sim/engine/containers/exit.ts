/**
 * When a container's init exits (moby daemon/monitor.go handleContainerExit,
 * restartmanager; containerd task delete): dockerd reads the last output,
 * records the exit (ExitCode = the status, 128+N for a signal; OOMKilled when
 * the cgroup counted an oom_kill; FinishedAt), logs `oom` and `die`, answers
 * waiters and closes attached streams, and either schedules a restart with the
 * policy's back-off or leaves the container exited. Then the task is deleted:
 * the shim reaps the init and exits, what is left in the cgroup is killed and
 * the cgroup removed, the rootfs unmounted, the network released, and a
 * --rm container removed.
 * SIMPLIFICATIONS:
 * - The exit is recorded from the kernel's processExited hook (at once); the
 *   task is deleted when the shim has reaped the init (its program reports to
 *   containerd) or when an API call needs it done.
 * - Restart timers run on dockerd's process (a kernel timer); without a
 *   dockerd process, at the next tick of virtual time.
 */

import type { Engine } from '../engine.ts';
import type { ContainerRecord } from './types.ts';
import type { Process } from '../../kernel/process/types.ts';
import { isErr } from '../../kernel/errno.ts';
import { shellStatus } from '../../kernel/process/exit.ts';
import { umount } from '../../kernel/fs/mount.ts';
import { getCgroup } from '../../kernel/cgroup/ops.ts';
import { reap } from '../../kernel/process/exit.ts';
import { armDaemonTimer } from './timers.ts';
import { daemonActor } from './actor.ts';
import { seamsOf } from './seams.ts';
import { eventAttrs } from './lookup.ts';
import { transition } from './state.ts';
import { drainContainer, unlistenTty } from './output.ts';
import { answerWaiters, closeAttachments, releaseContainerPty, releaseStdin } from './clients.ts';
import { recordEvent } from '../system/events-log.ts';
import { createdStamp } from './clock.ts';
import { stopShim } from '../runtime/shim.ts';
import { releasePty } from '../runtime/stdio.ts';
import { destroyContainerCgroup } from '../runtime/cgroups.ts';
import { removeContainer } from './remove.ts';
import { startContainer } from './start.ts';
import { drainExec, endExecTty } from './exec.ts';
import { onExecEnded, stopHealth } from './health.ts';

/** The kernel's processExited hook: a container's init or an exec'd process ended. */
export function onProcessExited(engine: Engine, p: Process): void {
  const st = engine.state.containers;
  const id = st.byInitPid[p.pid];
  if (id !== undefined) onInitExit(engine, id, p.pid);
  const xid = st.byExecPid[p.pid];
  if (xid !== undefined) onExecExit(engine, xid, p.pid);
}

function onInitExit(engine: Engine, id: string, pid: number): void {
  const c = engine.state.containers.byId[id];
  const t = c?.rt.task;
  if (!c || !t || t.initPid !== pid) return;
  const v = c.rt.lifecycle.value;
  if (v !== 'running' && v !== 'paused') return;
  const proc = engine.k.proc(pid);
  const exitCode = proc ? shellStatus(proc) : 137;
  const oom = (getCgroup(engine.k, c.rt.cgroup)?.memory.events.oom_kill ?? 0) > t.oomBaseline;
  drainContainer(engine, id);
  const cur = engine.state.containers.byId[id] as ContainerRecord;
  const stamp = createdStamp(engine);
  const runMs = engine.k.uptimeMs - t.startedUptimeMs;
  const next = transition(engine, cur, { type: 'EXIT', exitCode, runMs }, { ExitCode: exitCode, OOMKilled: oom, FinishedAt: stamp.text, Pid: 0, Error: '' });
  const restarting = next?.value === 'restarting';
  engine.emit({
    type: 'container.runtimeChanged',
    id,
    patch: { finishedAtMs: stamp.ms, cleanupPending: true, restartDueMs: restarting && next ? engine.k.uptimeMs + next.context.backoffMs : null },
  });
  stopHealth(engine, id);
  const after = engine.state.containers.byId[id] as ContainerRecord;
  if (oom) recordEvent(engine, 'container', 'oom', id, eventAttrs(after));
  recordEvent(engine, 'container', 'die', id, eventAttrs(after, { exitCode: String(exitCode), execDuration: String(Math.floor(runMs / 1000)) }));
  const autoRemove = after.HostConfig.AutoRemove && !restarting;
  closeAttachments(engine, after, autoRemove);
  answerWaiters(engine, engine.state.containers.byId[id] as ContainerRecord, 'exit');
  if (restarting) scheduleRestartTimer(engine);
}

function onExecExit(engine: Engine, execId: string, pid: number): void {
  const x = engine.state.containers.execs[execId];
  if (!x || !x.Running) return;
  const proc = engine.k.proc(pid);
  const code = proc ? shellStatus(proc) : 137;
  if (x.rt.tty) {
    endExecTty(engine, execId);
    releasePty(engine.ul, x.rt.tty);
  }
  engine.emit({ type: 'container.execChanged', id: execId, patch: { Running: false, ExitCode: code } });
  const c = engine.state.containers.byId[x.ContainerID];
  if (c) recordEvent(engine, 'container', `exec_die`, c.Id, eventAttrs(c, { execID: execId, exitCode: String(code) }));
  drainExec(engine, execId);
  onExecEnded(engine, execId);
}

/** Unmount the container's overlay from the host's mount namespace (graphdriver Put). */
export function unmountRootfs(engine: Engine, id: string): void {
  const c = engine.state.containers.byId[id];
  if (!c?.rt.rootfsMounted || !c.rt.rootfs) return;
  const pid = daemonActor(engine);
  const merged = c.rt.rootfs.merged;
  let r = umount(engine.k, pid, merged);
  if (isErr(r) && r.errno === 'EBUSY') r = umount(engine.k, pid, merged, { lazy: true });
  engine.emit({ type: 'container.runtimeChanged', id, patch: { rootfsMounted: false } });
}

/**
 * Delete an exited task (containerd Delete): reap and end the shim, kill what
 * is left in the cgroup and remove it, unmount, release the network; remove a
 * --rm container. `fromShim`: the shim itself reported and exits on its own.
 */
export function deleteTask(engine: Engine, id: string, fromShim: boolean): void {
  const c = engine.state.containers.byId[id];
  if (!c || !c.rt.cleanupPending) return;
  const t = c.rt.task;
  const k = engine.k;
  if (t) {
    drainContainer(engine, id);
    destroyContainerCgroup(k, c.rt.cgroup);
    if (fromShim) {
      const shim = k.proc(t.shimPid);
      for (const ch of [...(shim?.children ?? [])]) if (k.proc(ch)?.state === 'Z') reap(k, t.shimPid, ch);
    } else stopShim(k, t.shimPid);
    if (t.tty) unlistenTty(engine, id);
    if (t.outCap !== null) engine.ul.takeCapture(t.outCap);
    if (t.errCap !== null) engine.ul.takeCapture(t.errCap);
    if (t.mixCap != null) engine.ul.takeCapture(t.mixCap);
    engine.emit({ type: 'container.taskDeleted', id });
  }
  const cur = engine.state.containers.byId[id] as ContainerRecord;
  releaseStdin(engine, cur);
  releaseContainerPty(engine, engine.state.containers.byId[id] as ContainerRecord);
  const seams = seamsOf(engine);
  seams.detachContainer(engine, id);
  if (t) seams.unmountVolumes(engine, id);
  const idle = seams.idleNetworkSettings(engine, id);
  if (idle) engine.emit({ type: 'container.networkSettingsChanged', id, settings: idle });
  unmountRootfs(engine, id);
  engine.emit({ type: 'container.runtimeChanged', id, patch: { cleanupPending: false } });
  const after = engine.state.containers.byId[id] as ContainerRecord;
  if (after.HostConfig.AutoRemove && after.rt.lifecycle.value === 'exited') removeContainer(engine, after, { volumes: true });
}

/** The next restart due, virtual uptime ms, or null. */
export function nextRestartDue(engine: Engine): number | null {
  let due: number | null = null;
  for (const c of Object.values(engine.state.containers.byId)) {
    const d = c.rt.restartDueMs;
    if (d !== null && c.rt.lifecycle.value === 'restarting' && (due === null || d < due)) due = d;
  }
  return due;
}

/** Arm dockerd's timer for the next restart (or other timer; see timers.ts). */
export function scheduleRestartTimer(engine: Engine): void {
  armDaemonTimer(engine);
}

/** Start every container whose restart back-off is over. */
export function fireDueRestarts(engine: Engine): void {
  const now = engine.k.uptimeMs;
  for (const c of Object.values(engine.state.containers.byId)) {
    const d = c.rt.restartDueMs;
    if (d === null || d > now || c.rt.lifecycle.value !== 'restarting') continue;
    if (c.rt.cleanupPending) deleteTask(engine, c.Id, false);
    const cur = engine.state.containers.byId[c.Id];
    if (!cur || cur.rt.lifecycle.value !== 'restarting') continue;
    const r = startContainer(engine, cur, false);
    if ('status' in r) {
      const after = engine.state.containers.byId[c.Id];
      if (after) {
        transition(engine, after, { type: 'RESTART_FAILED' }, {});
        engine.emit({ type: 'container.runtimeChanged', id: c.Id, patch: { restartDueMs: null } });
      }
    }
  }
}

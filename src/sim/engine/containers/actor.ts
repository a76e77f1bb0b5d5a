/**
 * Which host process the daemon's own kernel calls are made as: dockerd
 * (root, every capability, the host's namespaces) and containerd; PID 1
 * stands in when the daemon is not running (engine unit tests).
 */

import type { Engine } from '../engine.ts';

function alive(engine: Engine, pid: number | null | undefined): pid is number {
  if (pid == null) return false;
  const p = engine.k.proc(pid);
  return !!p && p.state !== 'Z';
}

/** dockerd's host PID (or 1). */
export function daemonActor(engine: Engine): number {
  const pid = engine.state.system.daemon.pid;
  return alive(engine, pid) ? pid : 1;
}

/** containerd's host PID: the process running the `containerd` program (or 1). */
export function containerdActor(engine: Engine): number {
  const d = engine.state.system.daemon.containerdPid;
  if (alive(engine, d)) return d;
  return 1;
}

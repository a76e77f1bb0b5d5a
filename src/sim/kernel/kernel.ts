/**
 * The kernel facade: one instance per simulated machine (the host, or a VM's guest).
 *
 * Holds the plain-data KernelState and the only way to change it: emit(event),
 * which stamps the event, applies it through each module's apply function and
 * hands it to the event sink (the host's log). Operations ("syscalls") live in
 * the modules as functions taking the Kernel first: they check permissions and
 * limits, then emit events. Hooks wire modules together without globals: a
 * module registers what it must do when, say, a namespace is destroyed.
 */

import type { KernelState } from './state.ts';
import type { LoggedEvent, SimEvent } from '../events.ts';
import type { Namespace } from './ns/types.ts';
import type { Process } from './process/types.ts';
import { applyProcessEvent } from './process/apply.ts';
import { applyNsEvent } from './ns/apply.ts';
import { applyCgroupEvent } from './cgroup/apply.ts';
import { applyFsEvent } from './fs/apply.ts';
import { applyNetEvent } from './net/apply.ts';

/**
 * Applies one event to every slice. Deterministic; the only writer of KernelState.
 * The process slice goes last, so the other modules see a process as it was
 * before the event (its old cgroup, its old namespaces, its record before reaping).
 */
export function applyEvent(s: KernelState, e: SimEvent): void {
  applyNsEvent(s, e);
  applyCgroupEvent(s, e);
  applyFsEvent(s, e);
  applyNetEvent(s, e);
  applyProcessEvent(s, e);
}

/**
 * What the kernel calls back into: the program runtime (userland) and other
 * modules' reactions. Filled in by whoever builds the kernel (see boot.ts).
 */
export interface KernelHooks {
  /** A namespace lost its last user (after ns.destroyed was emitted). */
  nsDestroyed: Array<(k: Kernel, ns: Namespace) => void>;
  /** A process exited (after process.exited); e.g. to close its sockets. */
  processExited: Array<(k: Kernel, p: Process) => void>;
  /** A sleeping process's timer fired: run its program's continuation. */
  timerFired: Array<(k: Kernel, p: Process) => void>;
  /** Virtual time passed: programs that consume resources over time act here. */
  ticked: Array<(k: Kernel, fromMs: number, toMs: number) => void>;
}

export function emptyHooks(): KernelHooks {
  return { nsDestroyed: [], processExited: [], timerFired: [], ticked: [] };
}

/**
 * Runtime attachments that are not state: servers bound to unix socket files,
 * reached by path (dockerd's /var/run/docker.sock). Like hooks, they are wired
 * when the host is built and are not part of a snapshot.
 */
export interface KernelPorts {
  /** Key: the socket file's path in the initial mount namespace. */
  unix: Record<string, UnixSocketServer>;
}

export interface UnixSocketServer {
  /** Handle one request from process `callerPid`; the request/response shapes are the server's. */
  request(req: unknown, callerPid: number): unknown;
}

export class Kernel {
  state: KernelState;
  readonly hooks: KernelHooks;
  readonly ports: KernelPorts = { unix: {} };
  private readonly sink: (e: LoggedEvent) => void;

  constructor(state: KernelState, sink: (e: LoggedEvent) => void = () => {}, hooks: KernelHooks = emptyHooks()) {
    this.state = state;
    this.sink = sink;
    this.hooks = hooks;
  }

  /** Apply an event and record it. The event object must not be reused by the caller. */
  emit(e: SimEvent): void {
    const logged = e as LoggedEvent;
    logged.seq = this.state.seq++;
    logged.t = this.state.clock.uptimeMs;
    applyEvent(this.state, logged);
    this.sink(logged);
  }

  /** Milliseconds since boot (CLOCK_MONOTONIC in the initial time namespace). */
  get uptimeMs(): number {
    return this.state.clock.uptimeMs;
  }

  /** Wall-clock ms since the epoch (CLOCK_REALTIME, not namespaced). */
  get nowMs(): number {
    return this.state.clock.bootEpochMs + this.state.clock.uptimeMs;
  }

  proc(pid: number): Process | undefined {
    return this.state.proc.byPid[pid];
  }
}

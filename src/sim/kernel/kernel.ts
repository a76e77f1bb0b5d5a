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
 * Which slices' reducers react to events of each type prefix ("fs" for
 * "fs.created"), in the order they are applied; a prefix not listed goes to
 * all of them. test/event-routing.test.ts checks every case label of every
 * reducer against this table.
 */
export const KERNEL_ROUTES: Readonly<Record<string, readonly KernelSlice[]>> = {
  fs: ['fs'],
  net: ['net'],
  ns: ['ns', 'fs', 'net'],
  process: ['ns', 'cgroup', 'process'],
  cgroup: ['cgroup'],
  clock: ['process'],
  caps: [],
  // The engine's and the hypervisor's events pass through the kernel's log only.
  container: [],
  image: [],
  network: [],
  volume: [],
  system: [],
  vm: [],
  host: [],
};

export type KernelSlice = 'ns' | 'cgroup' | 'fs' | 'net' | 'process';

type Reducer = (s: KernelState, e: SimEvent) => void;

const REDUCERS: Readonly<Record<KernelSlice, Reducer>> = {
  ns: applyNsEvent,
  cgroup: applyCgroupEvent,
  fs: applyFsEvent,
  net: applyNetEvent,
  process: applyProcessEvent,
};
const ALL_SLICES: readonly KernelSlice[] = ['ns', 'cgroup', 'fs', 'net', 'process'];

/** The reducers of an event type, worked out once per type (a derived cache of KERNEL_ROUTES). */
const routes = new Map<string, readonly Reducer[]>();

function routeOf(type: string): readonly Reducer[] {
  let r = routes.get(type);
  if (r === undefined) {
    const prefix = type.slice(0, type.indexOf('.'));
    const slices = Object.hasOwn(KERNEL_ROUTES, prefix) ? (KERNEL_ROUTES[prefix] as readonly KernelSlice[]) : ALL_SLICES;
    r = ALL_SLICES.filter((x) => slices.includes(x)).map((x) => REDUCERS[x]);
    routes.set(type, r);
  }
  return r;
}

/**
 * Applies one event to every slice that reacts to it (KERNEL_ROUTES).
 * Deterministic; the only writer of KernelState. The process slice goes last,
 * so the other modules see a process as it was before the event (its old
 * cgroup, its old namespaces, its record before reaping).
 */
export function applyEvent(s: KernelState, e: SimEvent): void {
  const r = routeOf(e.type);
  for (let i = 0; i < r.length; i++) (r[i] as Reducer)(s, e);
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

/**
 * Test helpers for predicates: a context from a real host, and hand-made
 * dockerd records for the engine predicates (so they can be tested on their
 * own, whatever the engine can do yet).
 */

import { createHost, type Host } from '../../sim/host/host.ts';
import type { LoggedEvent } from '../../sim/events.ts';
import type { EngineState } from '../../sim/engine/state.ts';
import type { ContainerRecord } from '../../sim/engine/containers/types.ts';
import { createInitialEngineState } from '../../sim/engine/engine.ts';
import { hostCtx } from '../context.ts';
import type { PredicateCtx, Predicate } from './types.ts';
import { parsePredicate, evaluate, type ParseSink } from './index.ts';

export function freshHost(seed = 1): Host {
  return createHost({ seed });
}

/** The context for a host, optionally with events and a replacement engine state. */
export function ctxOf(host: Host, opts: { events?: readonly LoggedEvent[]; engine?: EngineState } = {}): PredicateCtx {
  const c = hostCtx(host, opts.events ?? []);
  return opts.engine ? { ...c, engine: opts.engine } : c;
}

/** Run commands; returns the events they caused. */
export function sh(host: Host, ...lines: string[]): LoggedEvent[] {
  const from = host.log.length;
  for (const l of lines) host.run(l);
  return host.log.slice(from);
}

const sink: ParseSink = {
  loc: () => ({ file: 'test', line: 1 }),
  error: (_p, m) => {
    throw new Error(m);
  },
};

/** Parse one predicate written as in a lesson (throws on a validation error). */
export function pred(raw: Record<string, unknown>): Predicate {
  const p = parsePredicate(raw, [], sink);
  if (!p) throw new Error('not a predicate');
  return p;
}

/** Evaluate a predicate written as in a lesson. */
export function check(raw: Record<string, unknown>, ctx: PredicateCtx): true | string {
  return evaluate(pred(raw), ctx);
}

/** A minimal container record as dockerd keeps it. */
export function fakeContainer(name: string, over: { State?: Partial<ContainerRecord['State']>; HostConfig?: Partial<ContainerRecord['HostConfig']>; Config?: Partial<ContainerRecord['Config']> } & Partial<Omit<ContainerRecord, 'State' | 'HostConfig' | 'Config'>> = {}): ContainerRecord {
  const id = (name.repeat(64).replace(/[^0-9a-f]/g, 'a') + '0'.repeat(64)).slice(0, 64);
  const { State, HostConfig, Config, ...rest } = over;
  return {
    Id: id,
    Created: '2025-01-01T00:00:00Z',
    Path: 'sleep',
    Args: ['1000'],
    State: { Status: 'running', Running: true, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 0, ExitCode: 0, Error: '', StartedAt: '', FinishedAt: '', ...State },
    Image: 'sha256:' + 'b'.repeat(64),
    ResolvConfPath: '',
    HostnamePath: '',
    HostsPath: '',
    LogPath: '',
    Name: `/${name}`,
    RestartCount: 0,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: null,
    HostConfig: {
      Binds: null,
      NetworkMode: 'bridge',
      PortBindings: {},
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      CapAdd: null,
      CapDrop: null,
      Privileged: false,
      Memory: 0,
      NanoCpus: 0,
      CpuShares: 0,
      CpuPeriod: 0,
      CpuQuota: 0,
      PidMode: '',
      ReadonlyRootfs: false,
      ...HostConfig,
    } as ContainerRecord['HostConfig'],
    GraphDriver: { Data: null, Name: 'overlay2' },
    Mounts: [],
    Config: { Hostname: id.slice(0, 12), Image: 'alpine', Env: ['PATH=/usr/bin'], User: '', Cmd: ['sleep', '1000'], ...Config } as ContainerRecord['Config'],
    NetworkSettings: { Ports: {}, Networks: {} } as unknown as ContainerRecord['NetworkSettings'],
    EndpointsConfig: {},
    rt: { lifecycle: {} as never, imageRef: (Config?.Image as string) ?? 'alpine', cgroup: `/system.slice/docker-${id}.scope`, rootfs: null, rootfsMounted: false, task: null, attachments: [], cleanupPending: false, restartDueMs: null, startedAtMs: null, finishedAtMs: null } as unknown as ContainerRecord['rt'],
    ...rest,
  };
}

/** An engine state holding these containers. */
export function engineWith(...cs: ContainerRecord[]): EngineState {
  const e = createInitialEngineState();
  for (const c of cs) {
    e.containers.byId[c.Id] = c;
    e.containers.names[c.Name] = c.Id;
  }
  return e;
}

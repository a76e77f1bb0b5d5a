/**
 * Property test: random sequences of container lifecycle calls keep the engine
 * and the kernel consistent, and removing everything leaves no trace (no
 * processes, cgroups, mounts or namespaces beyond those of the booted host).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { engineHost, type EngineHost } from './testkit.ts';
import { kernelInvariantViolations } from '../../kernel/invariants.ts';
import { advanceTime } from '../../kernel/time.ts';
import { cgroupExists } from '../../kernel/cgroup/ops.ts';

const NAMES = ['c0', 'c1', 'c2'];
const CMDS = [['sleep', '1000'], ['sleep', '2'], ['top'], ['false'], ['true'], ['sh', '-c', 'echo hi; sleep 3']];
const POLICIES = ['no', 'always', 'on-failure', 'unless-stopped'];

type Op =
  | { op: 'create'; name: string; cmd: number; policy: number; rm: boolean; init: boolean }
  | { op: 'start' | 'stop' | 'kill' | 'pause' | 'unpause' | 'rm' | 'rmf' | 'restart' | 'stop0'; name: string }
  | { op: 'advance'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), name: fc.constantFrom(...NAMES), cmd: fc.nat(CMDS.length - 1), policy: fc.nat(POLICIES.length - 1), rm: fc.boolean(), init: fc.boolean() }),
  fc.record({ op: fc.constantFrom('start' as const, 'stop' as const, 'kill' as const, 'pause' as const, 'unpause' as const, 'rm' as const, 'rmf' as const, 'restart' as const, 'stop0' as const), name: fc.constantFrom(...NAMES) }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.constantFrom(50, 100, 1000, 3000, 12_000) }),
);

function apply(h: EngineHost, o: Op): number {
  switch (o.op) {
    case 'create': {
      const policy = POLICIES[o.policy] as string;
      const rm = o.rm && policy === 'no';
      return h.api('POST', '/containers/create', {
        body: { Image: 'busybox', Cmd: CMDS[o.cmd], HostConfig: { AutoRemove: rm, Init: o.init, RestartPolicy: { Name: policy, MaximumRetryCount: 0 } } },
        query: { name: o.name },
      }).status;
    }
    case 'start':
      return h.api('POST', `/containers/${o.name}/start`).status;
    case 'stop':
      return h.api('POST', `/containers/${o.name}/stop`, { query: { t: '1' } }).status;
    case 'stop0':
      return h.api('POST', `/containers/${o.name}/stop`, { query: { t: '0' } }).status;
    case 'restart':
      return h.api('POST', `/containers/${o.name}/restart`, { query: { t: '0' } }).status;
    case 'kill':
      return h.api('POST', `/containers/${o.name}/kill`).status;
    case 'pause':
      return h.api('POST', `/containers/${o.name}/pause`).status;
    case 'unpause':
      return h.api('POST', `/containers/${o.name}/unpause`).status;
    case 'rm':
      return h.api('DELETE', `/containers/${o.name}`).status;
    case 'rmf':
      return h.api('DELETE', `/containers/${o.name}`, { query: { force: '1' } }).status;
    case 'advance':
      advanceTime(h.k, o.ms);
      h.ul.drain();
      return 200;
  }
}

/** What the engine says must match what the kernel has. */
function engineViolations(h: EngineHost): string[] {
  const out: string[] = [];
  const st = h.engine.state.containers;
  for (const c of Object.values(st.byId)) {
    const v = c.rt.lifecycle.value;
    if (c.State.Status !== (v === 'removed' ? 'removing' : v)) out.push(`${c.Name}: State.Status ${c.State.Status} but lifecycle ${v}`);
    if (v === 'running' || v === 'paused') {
      const t = c.rt.task;
      const p = t ? h.k.proc(t.initPid) : undefined;
      if (!t || !p || p.state === 'Z') out.push(`${c.Name} is ${v} but its init is gone`);
      else {
        if (c.State.Pid !== t.initPid) out.push(`${c.Name}: State.Pid ${c.State.Pid} != init ${t.initPid}`);
        if (p.cgroup !== c.rt.cgroup) out.push(`${c.Name}: init in ${p.cgroup}`);
        if (p.frozen !== (v === 'paused')) out.push(`${c.Name}: ${v} but frozen=${p.frozen}`);
        if (st.byInitPid[t.initPid] !== c.Id) out.push(`${c.Name}: init not indexed`);
      }
    }
    if ((v === 'created' || v === 'exited') && !c.rt.cleanupPending) {
      if (c.rt.task) out.push(`${c.Name} is ${v} with a task`);
      if (cgroupExists(h.k, c.rt.cgroup)) out.push(`${c.Name} is ${v} but its cgroup exists`);
      const live = Object.values(h.k.state.proc.byPid).filter((p) => p.state !== 'Z' && p.containerId === c.Id);
      if (live.length) out.push(`${c.Name} is ${v} but pids ${live.map((p) => p.pid).join(',')} run in it`);
    }
  }
  return out;
}

function snapshotHost(h: EngineHost) {
  return {
    procs: Object.values(h.k.state.proc.byPid).filter((p) => p.state !== 'Z').map((p) => p.pid).sort((a, b) => a - b),
    cgroups: Object.keys(h.k.state.cgroup.byPath).sort(),
    ns: Object.keys(h.k.state.ns.byInum).sort(),
    mounts: Object.values(h.k.state.fs.mounts).map((m) => `${m.ns} ${m.point}`).sort(),
    netns: Object.keys(h.k.state.net.byNs).sort(),
  };
}

describe('random container lifecycles', () => {
  it('keep engine and kernel consistent and leak nothing after rm -f', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 30 }), (ops) => {
        const h = engineHost(7);
        const before = snapshotHost(h);
        for (const o of ops) {
          const status = apply(h, o);
          h.ul.drain();
          if (status >= 500) throw new Error(`${JSON.stringify(o)} answered ${status}`);
          const kv = kernelInvariantViolations(h.k.state);
          const ev = engineViolations(h);
          if (kv.length || ev.length) throw new Error(`after ${JSON.stringify(o)} in ${JSON.stringify(ops)}:\n${[...kv, ...ev].join('\n')}`);
        }
        expect(h.ul.crashes).toEqual([]);
        for (const name of NAMES) apply(h, { op: 'rmf', name });
        h.ul.drain();
        expect(Object.keys(h.engine.state.containers.byId)).toEqual([]);
        expect(snapshotHost(h)).toEqual(before);
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { initialTransition } from 'xstate';
import { containerMachine, initialLifecycle, lifecycleTransition, nextBackoff, type LifecycleEvent, type LifecycleSnapshot } from './container.machine.ts';
import type { RestartPolicy } from './types.ts';

function run(policy: RestartPolicy, events: LifecycleEvent[]): LifecycleSnapshot {
  let s = initialLifecycle(policy);
  for (const e of events) {
    const n = lifecycleTransition(s, e);
    if (!n) throw new Error(`${e.type} refused in ${s.value}`);
    s = n;
  }
  return s;
}

const NO: RestartPolicy = { Name: 'no', MaximumRetryCount: 0 };
const start = { type: 'START', manual: true } as const;
const exit = (exitCode: number, runMs = 1000) => ({ type: 'EXIT', exitCode, runMs }) as const;

describe('containerMachine', () => {
  it('starts in created with the policy in its context', () => {
    const [snap] = initialTransition(containerMachine, { policy: 'always', maxRetries: 0 });
    expect(snap.value).toBe('created');
    expect(snap.context.policy).toBe('always');
  });

  it('follows create → start → pause → unpause → exit → rm', () => {
    const s = run(NO, [start, { type: 'PAUSE' }, { type: 'UNPAUSE' }, exit(0), { type: 'REMOVE' }, { type: 'REMOVED' }]);
    expect(s.value).toBe('removed');
  });

  it('refuses illegal transitions', () => {
    const created = initialLifecycle(NO);
    expect(lifecycleTransition(created, { type: 'PAUSE' })).toBeNull();
    expect(lifecycleTransition(created, exit(0))).toBeNull();
    const running = run(NO, [start]);
    expect(lifecycleTransition(running, start)).toBeNull();
    expect(lifecycleTransition(running, { type: 'REMOVE' })).toBeNull();
    expect(lifecycleTransition(running, { type: 'UNPAUSE' })).toBeNull();
    const paused = run(NO, [start, { type: 'PAUSE' }]);
    expect(lifecycleTransition(paused, { type: 'PAUSE' })).toBeNull();
    expect(lifecycleTransition(paused, start)).toBeNull();
  });

  it('a failed removal leaves the container dead, and dead can still be removed', () => {
    const s = run(NO, [{ type: 'REMOVE' }, { type: 'REMOVE_FAILED' }]);
    expect(s.value).toBe('dead');
    expect(lifecycleTransition(s, { type: 'REMOVE' })?.value).toBe('removing');
  });

  it('restarts always, counting restarts and doubling the back-off', () => {
    const always: RestartPolicy = { Name: 'always', MaximumRetryCount: 0 };
    let s = run(always, [start, exit(0)]);
    expect(s.value).toBe('restarting');
    expect(s.context.restartCount).toBe(1);
    expect(s.context.backoffMs).toBe(100);
    s = run(always, [start, exit(0), { type: 'START', manual: false }, exit(1), { type: 'START', manual: false }, exit(2)]);
    expect(s.context.restartCount).toBe(3);
    expect(s.context.backoffMs).toBe(400);
  });

  it('resets the back-off after a run of 10 s or more', () => {
    const s = run({ Name: 'always', MaximumRetryCount: 0 }, [start, exit(0, 1), { type: 'START', manual: false }, exit(0, 1), { type: 'START', manual: false }, exit(0, 10_000)]);
    expect(s.context.backoffMs).toBe(100);
  });

  it('caps the back-off at one minute', () => {
    let b = 0;
    for (let i = 0; i < 20; i++) b = nextBackoff(b, 0);
    expect(b).toBe(60_000);
  });

  it('on-failure restarts only non-zero exits, up to the maximum', () => {
    const p: RestartPolicy = { Name: 'on-failure', MaximumRetryCount: 2 };
    expect(run(p, [start, exit(0)]).value).toBe('exited');
    const again = { type: 'START', manual: false } as const;
    expect(run(p, [start, exit(3)]).value).toBe('restarting');
    const s = run(p, [start, exit(3), again, exit(3), again, exit(3)]);
    expect(s.value).toBe('exited');
    expect(s.context.restartCount).toBe(2);
  });

  it('docker stop cancels always and unless-stopped; kill with another signal does not cancel always', () => {
    const stop = { type: 'STOP_REQUESTED', exitOnNext: true } as const;
    expect(run({ Name: 'always', MaximumRetryCount: 0 }, [start, stop, exit(143)]).value).toBe('exited');
    expect(run({ Name: 'unless-stopped', MaximumRetryCount: 0 }, [start, stop, exit(143)]).value).toBe('exited');
    const hup = { type: 'STOP_REQUESTED', exitOnNext: false } as const;
    expect(run({ Name: 'always', MaximumRetryCount: 0 }, [start, hup, exit(129)]).value).toBe('restarting');
    expect(run({ Name: 'unless-stopped', MaximumRetryCount: 0 }, [start, hup, exit(129)]).value).toBe('exited');
  });

  it('stopping a restarting container stops it; a manual start resets the count', () => {
    const always: RestartPolicy = { Name: 'always', MaximumRetryCount: 0 };
    const s = run(always, [start, exit(1), { type: 'STOP_REQUESTED', exitOnNext: true }]);
    expect(s.value).toBe('exited');
    const again = lifecycleTransition(s, start);
    expect(again?.value).toBe('running');
    expect(again?.context.restartCount).toBe(0);
    expect(again?.context.cancelled).toBe(false);
  });

  it('docker update --restart changes the policy in any state', () => {
    const s = run(NO, [start, { type: 'POLICY_CHANGED', policy: 'always', maxRetries: 0 }, exit(0)]);
    expect(s.value).toBe('restarting');
  });

  it('keeps snapshots as plain JSON data', () => {
    const s = run({ Name: 'always', MaximumRetryCount: 0 }, [start, exit(0)]);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

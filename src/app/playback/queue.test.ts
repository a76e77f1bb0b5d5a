import { describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../sim/events.ts';
import { PlaybackQueue, BURST_BUDGET_MS, clampSpeed } from './queue.ts';
import { isSignificant, createdKeys, pidOf } from './significant.ts';

let seq = 0;
function ev(e: Record<string, unknown>): LoggedEvent {
  return { seq: seq++, t: 0, ...e } as unknown as LoggedEvent;
}
const spawned = (pid: number) => ev({ type: 'process.spawned', proc: { pid } });
const wait = (pid: number) => ev({ type: 'process.waitChanged', pid, wait: { kind: 'none' }, state: 'R' });
const nsCreated = (inum: number) => ev({ type: 'ns.created', ns: { inum, type: 'pid' } });

describe('PlaybackQueue', () => {
  it('queues only significant events and plays them one step per duration', () => {
    const q = new PlaybackQueue();
    expect(q.push([wait(1), spawned(12), wait(12), nsCreated(99)])).toBe(2);
    expect(q.pendingCount).toBe(2);
    // Nothing was playing: the first step plays at once, then stays current for its duration.
    const first = q.advance(0);
    expect(first.map((e) => e.type)).toEqual(['process.spawned']);
    expect(q.current?.type).toBe('process.spawned');
    expect(q.currentDurationMs).toBe(320);
    expect(q.advance(100)).toEqual([]);
    expect(q.msUntilNext()).toBe(220);
    expect(q.advance(220).map((e) => e.type)).toEqual(['ns.created']);
    expect(q.pendingCount).toBe(0);
    expect(q.msUntilNext()).toBe(Infinity);
  });

  it('plays faster at higher speed and slower at lower, within 0.5x..4x', () => {
    const q = new PlaybackQueue();
    q.push([spawned(1), spawned(2), spawned(3), spawned(4)]);
    // 640 ms of playback time: the first step at once, two more after 320 ms each.
    expect(q.advance(160, 4)).toHaveLength(3);
    expect(q.msUntilNext(0.5)).toBe(640);
    expect(clampSpeed(10)).toBe(4);
    expect(clampSpeed(0.1)).toBe(0.5);
    expect(clampSpeed(NaN)).toBe(1);
  });

  it('squeezes a long burst into the burst budget', () => {
    const q = new PlaybackQueue();
    q.push(Array.from({ length: 100 }, (_, i) => spawned(i + 10)));
    let played = 0;
    let t = 0;
    while (q.pendingCount > 0 && t < 20_000) {
      t += 16;
      played += q.advance(16).length;
    }
    expect(played).toBe(100);
    // 100 steps of at least MIN_STEP_MS: the floor dominates, still far below 100 × 320 ms.
    expect(t).toBeLessThanOrEqual(Math.max(BURST_BUDGET_MS, 100 * 60) + 32);
  });

  it('holds back objects created by pending events until they play', () => {
    const q = new PlaybackQueue();
    q.push([spawned(12), nsCreated(99)]);
    expect([...q.hidden()].sort()).toEqual(['ns:99', 'p:12']);
    q.step();
    expect([...q.hidden()]).toEqual(['ns:99']);
    expect(q.jumpToLatest()).toHaveLength(1);
    expect(q.hidden().size).toBe(0);
    expect(q.current?.type).toBe('ns.created');
    expect(q.recent).toHaveLength(2);
    q.clear();
    expect(q.current).toBeNull();
  });

  it('a batch arriving while a step is current waits for it; idle time is not banked', () => {
    const q = new PlaybackQueue();
    q.push([spawned(1)]);
    expect(q.advance(0)).toHaveLength(1);
    q.push([spawned(2)]);
    expect(q.advance(0)).toEqual([]);
    expect(q.msUntilNext()).toBe(320);
    expect(q.advance(5000)).toHaveLength(1);
    // Long idle: the next batch still starts at once, and its second step still waits a full duration.
    q.push([spawned(3), spawned(4)]);
    expect(q.advance(0)).toHaveLength(1);
    expect(q.msUntilNext()).toBe(320);
  });

  it('step() with nothing pending returns null', () => {
    expect(new PlaybackQueue().step()).toBeNull();
  });
});

describe('significant events', () => {
  it('keeps overlay file events and drops plain ones', () => {
    expect(isSignificant(ev({ type: 'fs.created', overlay: 3 }))).toBe(true);
    expect(isSignificant(ev({ type: 'fs.created' }))).toBe(false);
    expect(isSignificant(ev({ type: 'clock.advanced', fromMs: 0, toMs: 1 }))).toBe(false);
    expect(isSignificant(ev({ type: 'process.signalled', action: 'term' }))).toBe(true);
    expect(isSignificant(ev({ type: 'process.signalled', action: 'handle' }))).toBe(false);
  });
  it('names what an event creates and whom it is about', () => {
    expect(createdKeys(ev({ type: 'net.vethCreated', a: { netns: 1, ifindex: 4 }, b: { netns: 1, ifindex: 5 } }))).toEqual(['if:1:4', 'if:1:5']);
    expect(createdKeys(ev({ type: 'cgroup.created', path: '/demo' }))).toEqual(['cg:/demo']);
    expect(pidOf(ev({ type: 'process.exited', pid: 7 }))).toBe(7);
    expect(pidOf(ev({ type: 'cgroup.oomKilled', pid: 9 }))).toBe(9);
    expect(pidOf(ev({ type: 'ns.created', ns: {} }))).toBeNull();
  });
});

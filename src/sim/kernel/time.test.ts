import { describe, expect, test } from 'vitest';
import { advanceTime, monotonicMsFor, nextTimerMs, sleepFor, sleepUntil } from './time.ts';
import { boot, fork, must } from './process/testkit.ts';
import { sendSignal, setDisposition } from './process/signal.ts';
import { killProcess } from './process/exit.ts';
import { cloneKernelState, kernelSnapshot } from './snapshot.ts';
import { Kernel } from './kernel.ts';

describe('virtual time and timers', () => {
  test('timers fire in due order with the clock at their due time', () => {
    const { k, hooks, log } = boot();
    const a = fork(k, 1);
    const b = fork(k, 1);
    const c = fork(k, 1);
    must(sleepUntil(k, a.pid, 300));
    must(sleepUntil(k, b.pid, 100));
    must(sleepUntil(k, c.pid, 100));
    expect(k.proc(a.pid)).toMatchObject({ state: 'S', wait: { kind: 'timer', untilMs: 300 } });
    expect(nextTimerMs(k)).toBe(100);
    const fired: Array<[number, number, string]> = [];
    hooks.timerFired.push((kk, p) => fired.push([p.pid, kk.uptimeMs, p.wait.kind]));
    const ticks: Array<[number, number]> = [];
    hooks.ticked.push((_k, f, t) => ticks.push([f, t]));
    expect(advanceTime(k, 250)).toBe(2);
    expect(fired).toEqual([
      [b.pid, 100, 'none'],
      [c.pid, 100, 'none'],
    ]);
    expect(ticks).toEqual([
      [0, 100],
      [100, 250],
    ]);
    expect(k.uptimeMs).toBe(250);
    expect(k.proc(b.pid)!.state).toBe('R');
    expect(log.filter((e) => e.type === 'clock.advanced')).toHaveLength(2);
    advanceTime(k, 100);
    expect(fired.at(-1)).toEqual([a.pid, 300, 'none']);
    expect(nextTimerMs(k)).toBeNull();
  });
  test('a program re-arming in timerFired keeps ticking (a `while sleep 1` loop)', () => {
    const { k, hooks } = boot();
    const p = fork(k, 1);
    must(sleepFor(k, p.pid, 1000));
    let n = 0;
    hooks.timerFired.push((kk, q) => {
      n++;
      must(sleepFor(kk, q.pid, 1000));
    });
    advanceTime(k, 5500);
    expect(n).toBe(5);
    expect(nextTimerMs(k)).toBe(6000);
  });
  test('a frozen or stopped process\'s timer waits; it fires once the process can run', () => {
    const { k, hooks } = boot();
    const p = fork(k, 1);
    must(setDisposition(k, p.pid, [], []));
    must(sleepUntil(k, p.pid, 100));
    const fired: number[] = [];
    hooks.timerFired.push((kk) => fired.push(kk.uptimeMs));
    k.emit({ type: 'process.frozenChanged', pid: p.pid, frozen: true });
    advanceTime(k, 500);
    expect(fired).toEqual([]);
    k.emit({ type: 'process.frozenChanged', pid: p.pid, frozen: false });
    advanceTime(k, 0);
    expect(fired).toEqual([500]);
    must(sleepUntil(k, p.pid, 600));
    must(sendSignal(k, 1, p.pid, 19));
    advanceTime(k, 200);
    expect(fired).toEqual([500]);
    must(sendSignal(k, 1, p.pid, 18));
    expect(k.proc(p.pid)!.state).toBe('S');
    advanceTime(k, 0);
    expect(fired).toEqual([500, 700]);
  });
  test('a dead process\'s timer is dropped', () => {
    const { k } = boot();
    const sh = fork(k, 1);
    const p = fork(k, sh.pid);
    must(sleepUntil(k, p.pid, 100));
    must(killProcess(k, p.pid, 9));
    expect(k.state.proc.due).toEqual([]);
  });
  test('timers are kept latest due first, and a snapshot from before (soonest first) fires in the same order', () => {
    const { k } = boot();
    const [a, b, c, d] = [fork(k, 1), fork(k, 1), fork(k, 1), fork(k, 1)];
    must(sleepUntil(k, a.pid, 300));
    must(sleepUntil(k, b.pid, 100));
    must(sleepUntil(k, c.pid, 100));
    must(sleepUntil(k, d.pid, 200));
    expect(k.state.proc.due).toEqual([
      { untilMs: 300, pid: a.pid },
      { untilMs: 200, pid: d.pid },
      { untilMs: 100, pid: c.pid },
      { untilMs: 100, pid: b.pid },
    ]);
    const order = (kk: Kernel): number[] => {
      const fired: number[] = [];
      const h = (_k: Kernel, p: { pid: number }): void => void fired.push(p.pid);
      kk.hooks.timerFired.push(h);
      advanceTime(kk, 1000);
      kk.hooks.timerFired.splice(kk.hooks.timerFired.indexOf(h), 1);
      return fired;
    };
    // The form snapshots had before: `timers`, soonest first, ties in arming order.
    const snap = kernelSnapshot(k.state) as unknown as { proc: Record<string, unknown> };
    snap.proc.timers = [...k.state.proc.due].reverse();
    delete snap.proc.due;
    const old = new Kernel(cloneKernelState(snap as never), () => {}, k.hooks);
    expect(old.state.proc.due).toEqual(k.state.proc.due);
    expect(old.state.proc).not.toHaveProperty('timers');
    expect(order(k)).toEqual([b.pid, c.pid, d.pid, a.pid]);
    expect(order(old)).toEqual([b.pid, c.pid, d.pid, a.pid]);
  });
  test('time namespaces offset CLOCK_MONOTONIC', () => {
    const { k } = boot();
    advanceTime(k, 1234);
    expect(monotonicMsFor(k, 1)).toBe(1234);
  });
});

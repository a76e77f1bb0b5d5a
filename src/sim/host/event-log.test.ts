import { describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../events.ts';
import { EventLog } from './event-log.ts';
import { createHost } from './host.ts';

const ev = (seq: number): LoggedEvent => ({ type: 'process.waitChanged', pid: 1, wait: null, state: 'S', seq, t: 0 }) as unknown as LoggedEvent;

describe('the event log', () => {
  it('counts every event but keeps only the latest (between capacity and twice it)', () => {
    const log = new EventLog(4);
    for (let i = 0; i < 11; i++) log.push(ev(i));
    expect(log.length).toBe(11);
    expect(log.droppedCount).toBe(4);
    // Positions are absolute: what is gone is simply not returned.
    expect(log.slice(0).map((e) => e.seq)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(log.slice(9).map((e) => e.seq)).toEqual([9, 10]);
    expect(log.slice(5, 7).map((e) => e.seq)).toEqual([5, 6]);
    expect(log.slice(-2).map((e) => e.seq)).toEqual([9, 10]);
    expect(log.slice(11)).toEqual([]);
    log.clear();
    expect(log.length).toBe(0);
  });

  it('collect() hands over every event of a stretch however many the log keeps', () => {
    const log = new EventLog(2);
    const stop = log.collect();
    for (let i = 0; i < 10; i++) log.push(ev(i));
    expect(stop().map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    log.push(ev(10));
    expect(stop()).toHaveLength(10);
  });

  it('a host hands each command its events, and a mark taken before a command finds them', () => {
    const h = createHost({ seed: 1 });
    const mark = h.log.length;
    const r = h.run('mkdir /tmp/x');
    expect(r.events.some((e) => e.type === 'fs.created')).toBe(true);
    expect(h.log.slice(mark)).toEqual(r.events);
    expect(h.log.length).toBe(mark + r.events.length);
  });
});

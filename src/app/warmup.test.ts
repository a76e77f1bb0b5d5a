import { describe, expect, it } from 'vitest';
import { createHost, type Host } from '../sim/host/host.ts';
import type { LoggedEvent } from '../sim/events.ts';
import { WARM_LINES, typeLine, warmUp } from './warmup.ts';

/** A `later` that queues callbacks; run() plays them until none is left (or `max`). */
function queue(): { later: (cb: () => void) => void; run: (max?: number) => number } {
  const q: Array<() => void> = [];
  return {
    later: (cb) => q.push(cb),
    run: (max = Infinity) => {
      let n = 0;
      while (q.length > 0 && n < max) {
        (q.shift() as () => void)();
        n++;
      }
      return n;
    },
  };
}

describe('warmUp', () => {
  it('types every line into a terminal of its own host and hands each line its output and events', () => {
    const q = queue();
    const hosts: Host[] = [];
    const seen: Array<{ line: string; output: string; events: LoggedEvent[] }> = [];
    let started = 0;
    let ended = 0;
    warmUp((o) => hosts[hosts.push(createHost(o)) - 1] as Host, () => false, {
      started: () => started++,
      afterLine: (_h, line, output, events) => seen.push({ line, output, events: [...events] }),
      ended: () => ended++,
    }, q.later);
    q.run();
    expect(hosts).toHaveLength(1);
    expect([started, ended]).toEqual([1, 1]);
    expect(seen.map((s) => s.line)).toEqual(WARM_LINES);
    // The terminal echoes what was typed, as a learner's does.
    for (const s of seen) expect(s.output).toContain(s.line);
    const run = seen.find((s) => s.line.startsWith('docker run')) as (typeof seen)[number];
    expect(run.events.some((e) => e.type === 'container.created')).toBe(true);
    const rm = seen.find((s) => s.line.includes('docker rm')) as (typeof seen)[number];
    expect(rm.events.some((e) => e.type === 'container.removed')).toBe(true);
    // The last line removed the container the fourth made: the throwaway host keeps none.
    const h = hosts[0] as Host;
    expect(h.run('docker ps -a -q').stdout).toBe('');
  });

  it('stops at once when the learner has typed, and ends once when stopped', () => {
    const q = queue();
    let typed = false;
    let lines = 0;
    let ended = 0;
    const stop = warmUp((o) => createHost(o), () => typed, { afterLine: () => lines++, ended: () => ended++ }, q.later);
    q.run(3); // boot, then two lines
    expect(lines).toBe(2);
    typed = true;
    q.run();
    expect(lines).toBe(2);
    expect(ended).toBe(1);
    stop();
    expect(ended).toBe(1);

    const q2 = queue();
    let ended2 = 0;
    const stop2 = warmUp((o) => createHost(o), () => false, { ended: () => ended2++ }, q2.later);
    q2.run(2);
    stop2();
    stop2();
    q2.run();
    expect(ended2).toBe(1);
  });

  it('gives up quietly when a hook throws', () => {
    const q = queue();
    let ended = 0;
    warmUp((o) => createHost(o), () => false, { afterLine: () => {
      throw new Error('boom');
    }, ended: () => ended++ }, q.later);
    expect(() => q.run()).not.toThrow();
    expect(ended).toBe(1);
  });
});

describe('typeLine', () => {
  it('runs a paced job (an implicit pull) to its end, as the app moves it frame by frame', () => {
    const h = createHost({ seed: 3 });
    const t = h.openTerminal({ cols: 80, rows: 24 });
    let out = '';
    t.onData((s) => (out += s));
    typeLine(t, 'docker run --rm hello-world');
    expect(out).toContain('Hello from Docker!');
    expect(t.step(0)).toBe(false);
    typeLine(t, 'echo $?');
    expect(out).toMatch(/echo \$\?\r\n0\r\n/);
  });
});

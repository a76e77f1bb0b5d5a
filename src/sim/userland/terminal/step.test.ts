import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';

describe('a terminal that does not wait (input with wait: false, then step)', () => {
  it('leaves a sleeping foreground job where it is until stepped', () => {
    const host = createHost({ seed: 5 });
    const term = host.openTerminal();
    let out = '';
    term.onData((d) => (out += d));
    // Lines the commands printed (the typed line's echo is not one).
    const printed = (w: string) => out.split('\r\n').some((l) => l === w);
    const t0 = host.kernel.uptimeMs;
    term.input('echo start; sleep 2; echo middle; sleep 3; echo end\r', { wait: false });
    expect(printed('start')).toBe(true);
    expect(printed('middle')).toBe(false);
    expect(host.kernel.uptimeMs).toBe(t0);
    expect(term.step(0)).toBe(true);
    expect(term.step(1)).toBe(true);
    expect(printed('middle')).toBe(true);
    expect(printed('end')).toBe(false);
    expect(host.kernel.uptimeMs - t0).toBeGreaterThanOrEqual(2000);
    expect(term.step(1)).toBe(false);
    expect(printed('end')).toBe(true);
    expect(out.trimEnd().endsWith('#')).toBe(true);
    expect(term.step(1)).toBe(false);
  });

  it('reports each step\'s events to onEvents', () => {
    const host = createHost({ seed: 5 });
    const term = host.openTerminal();
    const batches: string[][] = [];
    term.onEvents((evs) => batches.push(evs.map((e) => e.type)));
    term.input('sleep 1; hostname x1\r', { wait: false });
    const before = batches.length;
    term.step(5);
    expect(batches.length).toBe(before + 1);
    expect(batches.at(-1)).toContain('ns.hostnameSet');
  });

  it('runs the job to its end by default, as before', () => {
    const host = createHost({ seed: 5 });
    const term = host.openTerminal();
    let out = '';
    term.onData((d) => (out += d));
    term.input('sleep 2; echo done\r');
    expect(out).toContain('done');
    expect(term.step(0)).toBe(false);
  });
});

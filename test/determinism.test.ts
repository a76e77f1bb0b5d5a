import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, formatJson } from '../src/node/script-runner.ts';
import { createHost } from '../src/sim/host/host.ts';

const dir = join(import.meta.dirname, 'scripts');

describe('determinism', () => {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.sh'))) {
    it(`${f}: the same seed and script give byte-identical output`, () => {
      const text = readFileSync(join(dir, f), 'utf8');
      const a = formatJson(runScript(f, text, { seed: 7 }));
      const b = formatJson(runScript(f, text, { seed: 7 }));
      expect(a.length).toBeGreaterThan(0);
      expect(a).toBe(b);
    });
  }

  it('two hosts never share state', () => {
    const a = createHost({ seed: 1 });
    const b = createHost({ seed: 1 });
    a.run('hostname other; mkdir /tmp/only-a');
    expect(b.run('hostname').stdout).toBe('docker-host\n');
    expect(b.run('ls /tmp').stdout).not.toContain('only-a');
  });

  it('snapshot and restore give back the same state, and the same future', () => {
    const h = createHost({ seed: 3 });
    h.run('mkdir /tmp/x; echo one > /tmp/x/f; sleep 100 &');
    const snap = h.snapshot();
    const json = JSON.stringify(snap);
    const first = ['cat /tmp/x/f', 'echo two >> /tmp/x/f', 'ps -ef', 'sleep 2', 'cat /tmp/x/f'].map((l) => h.run(l).stdout);
    h.restore(JSON.parse(json));
    expect(JSON.stringify(h.snapshot())).toBe(json);
    const second = ['cat /tmp/x/f', 'echo two >> /tmp/x/f', 'ps -ef', 'sleep 2', 'cat /tmp/x/f'].map((l) => h.run(l).stdout);
    expect(second).toEqual(first);
  });
});

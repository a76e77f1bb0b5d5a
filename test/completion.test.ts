import { describe, expect, it } from 'vitest';
import { createHost } from '../src/sim/host/host.ts';

function typeKeys(keys: string[]): string[] {
  const h = createHost({ seed: 1 });
  h.run('docker run -d --name web nginx');
  const t = h.openTerminal({ cols: 80, rows: 24 });
  const outs: string[] = [];
  let out = '';
  t.onData((d) => (out += d));
  for (const k of keys) {
    out = '';
    t.input(k);
    outs.push(out);
  }
  return outs;
}

describe('Tab completion of docker on the host terminal', () => {
  it('completes subcommands, lists several on a second Tab, completes flags and container names', () => {
    const [, sub, many, name, flag] = typeKeys(['', 'docker ru\t', '\x15docker st\t\t', '\x15docker stop w\t', '\x15docker run --memo\t']);
    expect(sub).toContain('docker run ');
    expect(many).toContain('start  stats  stop');
    expect(name).toContain('docker stop web ');
    expect(flag).toContain('docker run --memory');
  });
});

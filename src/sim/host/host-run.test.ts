import { describe, expect, it } from 'vitest';
import { createHost } from './host.ts';

describe('host.run of a line that would run forever', () => {
  it('presses ^C, waits for the program to wind down, and leaves the shell ready for the next line', () => {
    const h = createHost({ seed: 11 });
    h.run('docker pull nginx');
    h.run('docker run nginx');
    expect(h.rootShellStatus().busy).toBe(false);
    const r = h.run('docker run bogus');
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toContain('pull access denied for bogus');
  });
});

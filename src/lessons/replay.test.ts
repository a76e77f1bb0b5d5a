import { describe, expect, it } from 'vitest';
import { createHost } from '../sim/host/host.ts';
import { commandKeystrokes, runCommand } from './replay.ts';

describe('runCommand', () => {
  it('runs a plain command and lets at least a second of virtual time pass', () => {
    const h = createHost({ seed: 1 });
    const t0 = h.kernel.state.clock.uptimeMs;
    expect(runCommand(h, { run: 'hostname' })).toEqual({ line: 'hostname', stdout: 'docker-host\n', stderr: '', exitCode: 0 });
    expect(h.kernel.state.clock.uptimeMs - t0).toBe(1000);
  });

  it('types input lines into the program a command starts, on a terminal', () => {
    const h = createHost({ seed: 1 });
    const o = runCommand(h, { run: 'unshare --uts bash', input: ['hostname box', 'hostname', 'exit'] });
    expect(o.exitCode).toBe(0);
    expect(o.stdout).toContain('box\n');
    expect(o.stdout).not.toContain('unshare --uts bash');
    expect(runCommand(h, { run: 'hostname' }).stdout).toBe('docker-host\n');
  });

  it('keystrokes: Enter after each line, control keys for ^C and ^P^Q', () => {
    expect(commandKeystrokes({ run: 'docker run -it alpine sh', input: ['ls', '^P^Q', '^C'] })).toEqual(['docker run -it alpine sh\r', 'ls\r', '\x10\x11', '\x03']);
  });
});

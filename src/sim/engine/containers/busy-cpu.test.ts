import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';

function cpuPercent(out: string, name: string): number {
  const row = out.split('\n').find((l) => l.includes(` ${name} `));
  const m = row ? /\s(\d+\.\d+)%/.exec(row) : null;
  return m ? Number(m[1]) : NaN;
}

describe('a loop that never waits is on the CPU', () => {
  it("shows in docker stats (from the first reading), in the cgroup's cpu.stat and in ps, and cpu.max caps it", () => {
    const host = createHost({ seed: 4 });
    host.run('docker pull alpine');
    expect(host.run("docker run -d --name spin alpine sh -c 'while :; do :; done'").exitCode).toBe(0);
    expect(host.run("docker run -d --name half --cpus 0.5 alpine sh -c 'while :; do :; done'").exitCode).toBe(0);
    expect(host.run('docker run -d --name idle alpine sleep 1000').exitCode).toBe(0);
    // The machine has 2 cores: one for spin, half of one for half (cpu.max 50000 100000).
    host.run('sleep 5');
    // The first reading already shows the last second's CPU (precpu_stats is the collector's sample a second earlier).
    const stats = host.run('docker stats --no-stream').stdout;
    expect(cpuPercent(stats, 'spin')).toBeGreaterThan(98);
    expect(cpuPercent(stats, 'half')).toBeGreaterThan(48);
    expect(cpuPercent(stats, 'half')).toBeLessThan(52);
    expect(cpuPercent(stats, 'idle')).toBe(0);
    const usage = (name: string) => Number(/usage_usec (\d+)/.exec(host.run(`docker exec ${name} cat /sys/fs/cgroup/cpu.stat`).stdout)?.[1]);
    expect(usage('spin')).toBeGreaterThan(4_000_000);
    expect(usage('idle')).toBe(0);
    expect(host.run('docker exec half cat /sys/fs/cgroup/cpu.stat').stdout).toMatch(/nr_throttled [1-9]/);
    // ps -ef's C column (procps pr_c: CPU per second of life, at most 99), as docker top shows it.
    const top = host.run('docker top spin').stdout.split('\n')[1]?.trim().split(/\s+/);
    expect(top?.[3]).toBe('99');
    expect(host.run('docker top idle').stdout.split('\n')[1]?.trim().split(/\s+/)[3]).toBe('0');
    // The spinning shell is runnable (R), the sleeping one is not.
    const ps = host.run('ps -eo stat,args').stdout;
    expect(ps).toMatch(/^R\S*\s+sh -c while :; do :; done$/m);
    expect(ps).toMatch(/^S\S*\s+sleep 1000$/m);
    // ^C still ends a busy loop in the foreground, and the shell takes the next line.
    const term = host.openTerminal();
    let out = '';
    term.onData((d) => (out += d));
    term.input('while :; do :; done\r', { wait: false });
    // A job that runs until interrupted: the terminal does not skip time ahead for it.
    expect(term.step(20)).toBe(false);
    term.input('\x03', { wait: false });
    term.input('echo after\r');
    expect(out.split('\r\n')).toContain('after');
  });
});

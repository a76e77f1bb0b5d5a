import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';
import { sameData } from './spin.ts';

describe('a loop that spins', () => {
  it('stays on the CPU without being interpreted: time passes beside it at no cost, and its CPU time grows', () => {
    const h = createHost({ seed: 21 });
    h.run('sh -c "while :; do :; done" &');
    const pid = h.run('echo $!').stdout.trim();
    h.run('sleep 100');
    const p = h.kernel.proc(Number(pid));
    expect(p?.state).toBe('R');
    expect(p?.cpuDemand).toBe(1);
    expect(p?.wait.kind).toBe('none');
    const ps = h.run(`ps -o stat=,time= -p ${pid}`).stdout.trim();
    expect(ps).toMatch(/^R\s+00:01:4\d$/);
    expect(h.run(`kill ${pid}; wait`).exitCode).toBe(143);
    expect(h.kernel.proc(Number(pid))).toBeUndefined();
  });

  it('in a container: docker stats shows a core busy, and the host is not slowed', () => {
    const h = createHost({ seed: 22 });
    h.run('docker pull alpine');
    h.run('docker run -d --name spin alpine sh -c "while true; do :; done"');
    h.run('sleep 60');
    expect(h.run('docker stats --no-stream --format "{{.CPUPerc}}" spin').stdout).toBe('100.00%\n');
    expect(h.run('docker stop -t 1 spin').exitCode).toBe(0);
    expect(h.run('docker inspect -f "{{.State.ExitCode}}" spin').stdout).toBe('137\n');
  });

  it('still runs its trap when a caught signal comes, then goes on spinning', () => {
    const h = createHost({ seed: 23 });
    h.run(`sh -c 'trap "echo got >> /tmp/t" USR1; while :; do :; done' &`);
    const pid = h.run('echo $!').stdout.trim();
    h.run('sleep 1');
    h.run(`kill -USR1 ${pid}`);
    h.run('sleep 1');
    h.run(`kill -USR1 ${pid}`);
    h.run('sleep 1');
    expect(h.run('cat /tmp/t').stdout).toBe('got\ngot\n');
    expect(h.kernel.proc(Number(pid))?.cpuDemand).toBe(1);
    h.run(`kill -9 ${pid}`);
  });

  it('^C ends one typed at the prompt', () => {
    const h = createHost({ seed: 24 });
    expect(h.run('while :; do :; done').exitCode).toBe(130);
    expect(h.run('echo after').stdout).toBe('after\n');
  });

  it('is not taken for a loop that counts, or one that waits for a file', () => {
    const h = createHost({ seed: 25 });
    expect(h.run('i=0; while [ $i -lt 10000 ]; do i=$((i+1)); done; echo $i').stdout).toBe('10000\n');
    h.run(`sh -c 'while [ ! -f /tmp/go ]; do :; done; echo seen > /tmp/out' &`);
    h.run('sleep 2');
    expect(h.run('cat /tmp/out').exitCode).toBe(1);
    h.run('touch /tmp/go');
    h.run('sleep 1');
    expect(h.run('cat /tmp/out').stdout).toBe('seen\n');
  });

  it('nor for one whose variable changes only after many iterations', () => {
    const h = createHost({ seed: 26 });
    // Every pass the same but the count: the state never comes back.
    expect(h.run('n=0; while :; do n=$((n+1)); [ $n -eq 20000 ] && break; done; echo $n').stdout).toBe('20000\n');
  });
});

describe('sameData', () => {
  it('compares plain records and arrays by value, the same object at once', () => {
    const shared = { a: [1, 2] };
    expect(sameData({ x: shared, y: 'a' }, { x: shared, y: 'a' })).toBe(true);
    expect(sameData({ x: [1, { b: 2 }] }, { x: [1, { b: 2 }] })).toBe(true);
    expect(sameData({ x: [1, { b: 2 }] }, { x: [1, { b: 3 }] })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameData({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameData([1], { 0: 1 })).toBe(false);
    expect(sameData(null, {})).toBe(false);
    expect(sameData(new Map([[1, 1]]), new Map())).toBe(false);
  });
});

describe('host.run and a loop of the shell itself', () => {
  it('a loop that ignores ^C costs the shell, and the next line gets a new one', () => {
    const h = createHost({ seed: 27 });
    expect(h.run(`trap '' INT; while :; do :; done`).exitCode).toBe(137);
    expect(h.run('echo $$ ready').stdout).toMatch(/^\d+ ready\n$/);
  });
  it('a counting loop that never ends gets the grace period, then ^C', () => {
    const h = createHost({ seed: 28 });
    const before = h.kernel.uptimeMs;
    expect(h.run('i=0; while :; do i=$((i+1)); done').exitCode).toBe(130);
    expect(h.kernel.uptimeMs - before).toBeGreaterThanOrEqual(15_000);
    expect(Number(h.run('echo $i').stdout)).toBeGreaterThan(100_000);
  });
});

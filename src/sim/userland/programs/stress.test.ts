import { describe, expect, it } from 'vitest';
import { testHost } from '../testkit.ts';
import { installCgroup } from '../../kernel/cgroup/cpu.ts';
import { fsWrite } from '../fsapi.ts';
import { marker } from '../install.ts';

function host() {
  const t = testHost();
  installCgroup(t.k.hooks);
  // As `apt-get install stress stress-ng` leaves them.
  fsWrite(t.k, 1, '/usr/bin/stress', marker('stress'), { mode: 0o755 });
  fsWrite(t.k, 1, '/usr/bin/stress-ng', marker('stress-ng'), { mode: 0o755 });
  return t;
}

describe('stress and stress-ng', () => {
  it('stress --cpu 2 --timeout 10s prints its info lines and its workers use two cores', () => {
    const t = host();
    const t0 = t.k.uptimeMs;
    const r = t.run('stress --cpu 2 --timeout 10s');
    expect(r.stdout).toMatch(/^stress: info: \[(\d+)\] dispatching hogs: 2 cpu, 0 io, 0 vm, 0 hdd\nstress: info: \[\1\] successful run completed in 10s\n$/);
    expect(r.status === 'done' && r.exitCode).toBe(0);
    expect(t.k.uptimeMs - t0).toBe(10_000);
    const usage = Number(/usage_usec (\d+)/.exec(t.run('cat /sys/fs/cgroup/user.slice/cpu.stat').stdout)?.[1]);
    expect(usage).toBeGreaterThanOrEqual(19_000_000);
  });

  it('cpu.max throttles the workers: cpu.stat counts throttled periods', () => {
    const t = host();
    t.run('mkdir /sys/fs/cgroup/lim && echo "50000 100000" > /sys/fs/cgroup/lim/cpu.max');
    t.run("bash -c 'echo $$ > /sys/fs/cgroup/lim/cgroup.procs; stress --cpu 2 --timeout 2s' > /dev/null");
    const stat = t.run('cat /sys/fs/cgroup/lim/cpu.stat').stdout;
    expect(Number(/nr_throttled (\d+)/.exec(stat)?.[1])).toBeGreaterThan(10);
    const usage = Number(/usage_usec (\d+)/.exec(stat)?.[1]);
    expect(usage).toBeGreaterThan(900_000);
    expect(usage).toBeLessThan(1_100_000);
  });

  it('a vm worker over memory.max is OOM-killed: stress prints its FAIL lines and exits 1', () => {
    const t = host();
    t.run('mkdir /sys/fs/cgroup/m && echo 100M > /sys/fs/cgroup/m/memory.max');
    const r = t.run("bash -c 'echo $$ > /sys/fs/cgroup/m/cgroup.procs; stress --vm 1 --vm-bytes 256M --timeout 10s'");
    expect(r.stdout).toMatch(/^stress: info: \[\d+\] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd\n$/);
    expect(r.stderr).toMatch(/^stress: FAIL: \[(\d+)\] \(415\) <-- worker \d+ got signal 9\nstress: WARN: \[\1\] \(417\) now reaping child worker processes\nstress: FAIL: \[\1\] \(451\) failed run completed in 0s\n$/);
    expect(r.status === 'done' && r.exitCode).toBe(1);
  });

  it('stress-ng --cpu 2 --timeout 1s', () => {
    const t = host();
    const r = t.run('stress-ng --cpu 2 --timeout 1s');
    expect(r.stdout).toMatch(/^stress-ng: info: {2}\[(\d+)\] setting to a 1 second run per stressor\nstress-ng: info: {2}\[\1\] dispatching hogs: 2 cpu\nstress-ng: info: {2}\[\1\] successful run completed in 1\.00s\n$/);
  });
});

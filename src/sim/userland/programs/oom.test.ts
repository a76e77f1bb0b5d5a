import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';

describe('tail /dev/zero in a cgroup with memory.max 50M (host shell)', () => {
  it('grows over virtual time until the OOM killer ends it: Killed, status 137', () => {
    const h = createHost();
    expect(h.run('mkdir /sys/fs/cgroup/demo && echo 50M > /sys/fs/cgroup/demo/memory.max').exitCode).toBe(0);
    const t0 = h.kernel.uptimeMs;
    const r = h.run("bash -c 'echo $$ > /sys/fs/cgroup/demo/cgroup.procs; tail /dev/zero'");
    expect(r.exitCode).toBe(137);
    expect(r.stderr).toMatch(/Killed/);
    // 50 MiB at 100 MiB per virtual second: about half a second went by.
    expect(h.kernel.uptimeMs - t0).toBeGreaterThanOrEqual(400);
    expect(h.kernel.uptimeMs - t0).toBeLessThan(2000);
    const events = h.run('cat /sys/fs/cgroup/demo/memory.events').stdout;
    expect(events).toMatch(/^oom_kill 1$/m);
    expect(r.events.some((e) => e.type === 'cgroup.oomKilled')).toBe(true);
  });

  it('cat /dev/zero | tail is OOM-killed the same way; cat dies of SIGPIPE after', () => {
    const h = createHost();
    h.run('mkdir /sys/fs/cgroup/demo && echo 50M > /sys/fs/cgroup/demo/memory.max');
    const r = h.run("bash -c 'echo $$ > /sys/fs/cgroup/demo/cgroup.procs; cat /dev/zero | tail'");
    expect(r.exitCode).toBe(137);
    expect(h.run('cat /sys/fs/cgroup/demo/memory.events').stdout).toMatch(/^oom_kill 1$/m);
  });

  it('charges a realistic baseline: ps RSS, /proc/PID/status VmRSS and memory.current', () => {
    const h = createHost();
    h.run('sleep 100 & echo $! > /tmp/pid');
    const ps = h.run('ps -o rss=,vsz=,comm= -p $(cat /tmp/pid)').stdout;
    expect(ps).toBe(' 1024   5480 sleep\n');
    expect(h.run('grep VmRSS /proc/$(cat /tmp/pid)/status').stdout).toMatch(/^VmRSS:\s+1024 kB$/m);
    const bashRss = h.run('ps -o rss= -p $$').stdout.trim();
    expect(bashRss).toBe('4096');
    const cur = Number(h.run('cat /sys/fs/cgroup/system.slice/docker.service/memory.current').stdout);
    expect(cur).toBe(80 * 1024 * 1024);
  });
});

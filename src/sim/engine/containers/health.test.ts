import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';
import { goDuration, probeOf } from './health.ts';
import { mergeConfig } from './config.ts';

const S = 1_000_000_000;

describe('health check configuration', () => {
  it('turns Test into the probe command, with Docker defaults', () => {
    expect(probeOf({ Test: ['CMD-SHELL', 'curl -f localhost'] })).toEqual({ cmd: ['/bin/sh', '-c', 'curl -f localhost'], intervalMs: 30_000, timeoutMs: 30_000, startPeriodMs: 0, startIntervalMs: 5_000, retries: 3 });
    expect(probeOf({ Test: ['CMD', 'true'], Interval: 2 * S, Retries: 5 })).toMatchObject({ cmd: ['true'], intervalMs: 2000, retries: 5 });
    expect(probeOf({ Test: ['NONE'] })).toBeNull();
    expect(probeOf(undefined)).toBeNull();
  });

  it("prints durations as Go's time.Duration does", () => {
    expect(goDuration(30_000)).toBe('30s');
    expect(goDuration(60_000)).toBe('1m0s');
    expect(goDuration(1500)).toBe('1.5s');
    expect(goDuration(500)).toBe('500ms');
  });
});

describe('the health monitor on the virtual clock', () => {
  it('goes starting → unhealthy after the retries → healthy, with events and the last 5 log entries', () => {
    const h = createHost({ seed: 3 });
    expect(h.run("docker run -d --name web --health-cmd 'test -e /tmp/ok' --health-interval 5s --health-retries 2 alpine sleep 1000").exitCode).toBe(0);
    expect(h.run('docker ps --format "{{.Status}}"').stdout).toMatch(/^Up .* \(health: starting\)\n$/);
    h.advance(5_000);
    let s = h.run("docker inspect -f '{{.State.Health.Status}} {{.State.Health.FailingStreak}}' web").stdout;
    expect(s).toBe('starting 1\n');
    h.advance(5_000);
    expect(h.run("docker inspect -f '{{.State.Health.Status}}' web").stdout).toBe('unhealthy\n');
    expect(h.run('docker ps --filter health=unhealthy -q').stdout.trim()).not.toBe('');
    h.run('docker exec web touch /tmp/ok');
    h.advance(5_000);
    s = h.run("docker inspect -f '{{.State.Health.Status}} {{.State.Health.FailingStreak}}' web").stdout;
    expect(s).toBe('healthy 0\n');
    h.advance(30_000);
    const log = JSON.parse(h.run("docker inspect -f '{{json .State.Health.Log}}' web").stdout) as Array<{ ExitCode: number; Start: string; End: string; Output: string }>;
    expect(log).toHaveLength(5);
    expect(log.every((l) => l.ExitCode === 0)).toBe(true);
    const ev = h.run('docker events --since 1h --until 0s --filter event=health_status --format "{{.Action}}"').stdout;
    expect(ev).toBe('health_status: unhealthy\nhealth_status: healthy\n');
    // Probes are execs, but they do not pile up in the exec table.
    expect(Object.keys(h.engine.state.containers.execs)).toHaveLength(1);
  });

  it('kills a probe that runs out of time and logs -1', () => {
    const h = createHost({ seed: 4 });
    h.run("docker run -d --name slow --health-cmd 'sleep 60' --health-interval 2s --health-timeout 1s alpine sleep 1000");
    h.advance(3_500);
    const health = JSON.parse(h.run("docker inspect -f '{{json .State.Health}}' slow").stdout) as { FailingStreak: number; Log: Array<{ ExitCode: number; Output: string }> };
    expect(health.Log[0]).toMatchObject({ ExitCode: -1, Output: 'Health check exceeded timeout (1s)' });
    expect(health.FailingStreak).toBe(1);
  });

  it('takes the image HEALTHCHECK unless --no-healthcheck, and stops probing when the container stops', () => {
    const h = createHost({ seed: 5 });
    h.run("docker run -d --name off --no-healthcheck alpine sleep 1000");
    expect(h.run("docker inspect -f '{{json .Config.Healthcheck}}' off").stdout).toBe('{"Test":["NONE"]}\n');
    expect(h.run('docker inspect off').stdout).not.toContain('"Health"');
    h.run("docker run -d --name on --health-cmd 'exit 0' --health-interval 1s alpine sleep 1000");
    h.advance(1_500);
    expect(h.run("docker inspect -f '{{.State.Health.Status}}' on").stdout).toBe('healthy\n');
    h.run('docker stop -t 0 on');
    const n = h.engine.state.containers.byId[Object.keys(h.engine.state.containers.byId).find((id) => h.engine.state.containers.byId[id]?.Name === '/on') as string]?.State.Health?.Log.length;
    h.advance(10_000);
    const after = JSON.parse(h.run("docker inspect -f '{{json .State.Health.Log}}' on").stdout) as unknown[];
    expect(after).toHaveLength(n as number);
  });
});

describe("the image's HEALTHCHECK", () => {
  it('is merged into the container config: unset fields come from the image, NONE turns it off', () => {
    const img = { id: 'sha256:x', config: { Cmd: ['sh'], Healthcheck: { Test: ['CMD-SHELL', 'curl -f localhost'], Interval: 10 * S, Retries: 5 } } };
    expect(mergeConfig({ Image: 'x' }, img).Healthcheck).toEqual({ Test: ['CMD-SHELL', 'curl -f localhost'], Interval: 10 * S, Retries: 5 });
    expect(mergeConfig({ Image: 'x', Healthcheck: { Interval: 2 * S } }, img).Healthcheck).toEqual({ Test: ['CMD-SHELL', 'curl -f localhost'], Interval: 2 * S, Retries: 5 });
    expect(probeOf(mergeConfig({ Image: 'x', Healthcheck: { Test: ['NONE'] } }, img).Healthcheck)).toBeNull();
  });
});

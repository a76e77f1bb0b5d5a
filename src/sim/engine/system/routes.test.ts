import { describe, expect, it } from 'vitest';
import { engineHost } from '../containers/testkit.ts';
import { isErr } from '../../kernel/errno.ts';
import { lstat } from '../../kernel/fs/index.ts';
import { stopDaemon, DOCKER_SOCK } from '../daemon.ts';
import { rfc3339Nano, humanDuration } from './time.ts';

describe('system routes', () => {
  it('/_ping answers OK with the version headers; HEAD has no body', () => {
    const h = engineHost();
    const r = h.api('GET', '/_ping');
    expect(r.status).toBe(200);
    expect(r.body).toBe('OK');
    expect(r.headers).toMatchObject({ 'Api-Version': '1.50', OSType: 'linux', 'Docker-Experimental': 'false', 'Builder-Version': '2' });
    expect(h.api('HEAD', '/_ping').body).toBeUndefined();
    expect(h.api('GET', '/v1.50/_ping').status).toBe(200);
  });

  it('/version reports Docker 28.2.2 and its components', () => {
    const h = engineHost();
    const v = h.api('GET', '/version').body as Record<string, unknown>;
    expect(v).toMatchObject({ Version: '28.2.2', ApiVersion: '1.50', MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64', KernelVersion: h.k.state.machine.release });
    expect((v.Components as Array<{ Name: string; Version: string }>).map((c) => `${c.Name} ${c.Version}`)).toEqual(['Engine 28.2.2', 'containerd 1.7.27', 'runc 1.2.5', 'docker-init 0.19.0']);
  });

  it('/info counts containers by state and describes the host', () => {
    const h = engineHost();
    h.run({ Cmd: ['sleep', '100'] });
    const p = h.run({ Cmd: ['sleep', '100'] });
    h.api('POST', `/containers/${p}/pause`);
    h.run({ Cmd: ['true'] });
    const i = h.api('GET', '/info').body as Record<string, unknown>;
    expect(i).toMatchObject({
      Containers: 3,
      ContainersRunning: 1,
      ContainersPaused: 1,
      ContainersStopped: 1,
      Driver: 'overlay2',
      CgroupDriver: 'systemd',
      CgroupVersion: '2',
      OperatingSystem: 'Debian GNU/Linux 12 (bookworm)',
      OSType: 'linux',
      NCPU: h.k.state.machine.cpus,
      MemTotal: h.k.state.machine.memTotalBytes,
      Name: h.k.state.machine.hostname,
      DockerRootDir: '/var/lib/docker',
      KernelVersion: h.k.state.machine.release,
      ServerVersion: '28.2.2',
      LoggingDriver: 'json-file',
    });
    expect(i.ID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('/events answers the ring in Docker\'s JSON shape, filtered and windowed', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['true'] }, 'short');
    const all = (h.api('GET', '/events', { query: { filters: JSON.stringify({ type: ['container'] }) } }).body as { stream: Array<Record<string, unknown>> }).stream;
    expect(all.map((e) => e.Action)).toEqual(['create', 'start', 'die']);
    const die = all[2] as Record<string, unknown>;
    expect(die).toMatchObject({ status: 'die', id, from: 'busybox', Type: 'container', Action: 'die', Actor: { ID: id, Attributes: { exitCode: '0', image: 'busybox', name: 'short', execDuration: '0' } }, scope: 'local' });
    expect(die.timeNano).toBe((die.time as number) * 1e9);
    const none = (h.api('GET', '/events', { query: { since: String(h.k.nowMs / 1000 + 1) } }).body as { stream: unknown[] }).stream;
    expect(none).toEqual([]);
    expect(h.api('GET', '/events', { query: { filters: JSON.stringify({ colour: ['red'] }) } }).body).toEqual({ message: "invalid filter 'colour'" });
  });

  it('/system/df lists containers with sizes', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['true'] });
    const df = h.api('GET', '/system/df').body as { Containers: Array<Record<string, unknown>> };
    expect(df.Containers.map((c) => c.Id)).toEqual([id]);
    expect(df.Containers[0]).toHaveProperty('SizeRw');
  });

  it('the daemon registers /var/run/docker.sock (srw-rw---- root:docker) and unregisters it when stopped', () => {
    const h = engineHost();
    expect(h.k.ports.unix[DOCKER_SOCK]).toBeDefined();
    const st = lstat(h.k, 1, '/var/run/docker.sock');
    if (isErr(st)) throw new Error('no socket file');
    expect(st.type).toBe('socket');
    expect(st.mode & 0o777).toBe(0o660);
    expect(st.gid).toBe(992);
    const res = h.k.ports.unix[DOCKER_SOCK]?.request({ method: 'GET', path: '/v1.50/version', query: {}, headers: {} }, h.shellPid) as { status: number };
    expect(res.status).toBe(200);
    stopDaemon(h.engine);
    expect(h.k.ports.unix[DOCKER_SOCK]).toBeUndefined();
    expect(isErr(lstat(h.k, 1, '/var/run/docker.sock'))).toBe(true);
  });
});

describe('time formats', () => {
  it('RFC3339Nano trims zeros; HumanDuration as go-units', () => {
    expect(rfc3339Nano(Date.UTC(2026, 0, 15, 9, 0, 1, 500))).toBe('2026-01-15T09:00:01.5Z');
    expect(rfc3339Nano(Date.UTC(2026, 0, 15, 9, 0, 1))).toBe('2026-01-15T09:00:01Z');
    expect([500, 1000, 59_000, 60_000, 3_599_000, 3_600_000, 47 * 3_600_000, 3 * 86_400_000, 20 * 86_400_000].map(humanDuration)).toEqual([
      'Less than a second',
      '1 second',
      '59 seconds',
      'About a minute',
      '59 minutes',
      'About an hour',
      '47 hours',
      '3 days',
      '2 weeks',
    ]);
  });
});

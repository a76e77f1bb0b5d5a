import { describe, expect, it } from 'vitest';
import { engineHost, type EngineHost } from './testkit.ts';
import { chargeMemory } from '../../kernel/cgroup/memory.ts';
import { readCgroupFile } from '../../kernel/cgroup/files.ts';
import { cgroupExists } from '../../kernel/cgroup/ops.ts';
import { isErr } from '../../kernel/errno.ts';
import { mountTable } from '../../kernel/fs/index.ts';
import { advanceTime } from '../../kernel/time.ts';
import type { ContainerRecord } from './types.ts';

function rec(h: EngineHost, id: string): ContainerRecord {
  const c = h.engine.state.containers.byId[id];
  if (!c) throw new Error(`no container ${id}`);
  return c;
}

function actions(h: EngineHost, id: string): string[] {
  return h.engine.state.system.events.filter((e) => e.Actor.ID === id).map((e) => (e.Action === 'kill' ? `kill ${e.Actor.Attributes.signal}` : e.Action === 'die' ? `die ${e.Actor.Attributes.exitCode}` : e.Action));
}

function advance(h: EngineHost, ms: number): void {
  advanceTime(h.k, ms);
  h.ul.drain();
}

describe('docker stop', () => {
  it('a PID 1 without a SIGTERM handler: the call takes 10 s of virtual time and ends in SIGKILL (137)', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1000'] });
    const t0 = h.k.uptimeMs;
    expect(h.api('POST', `/containers/${id}/stop`).status).toBe(204);
    expect(h.k.uptimeMs - t0).toBe(10_000);
    expect(rec(h, id).State).toMatchObject({ Status: 'exited', Running: false, ExitCode: 137, Pid: 0 });
    expect(actions(h, id)).toEqual(['create', 'start', 'kill 15', 'kill 9', 'die 137', 'stop']);
  });

  it('busybox top catches SIGTERM: exit 143 at once', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['top'] });
    const t0 = h.k.uptimeMs;
    h.api('POST', `/containers/${id}/stop`);
    expect(h.k.uptimeMs - t0).toBe(0);
    expect(rec(h, id).State.ExitCode).toBe(143);
    expect(actions(h, id)).toEqual(['create', 'start', 'kill 15', 'die 143', 'stop']);
  });

  it('called from inside a program (the docker CLI), the stop signal handler still runs at once', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['top'] });
    const t0 = h.k.uptimeMs;
    let status = 0;
    h.ul.call(h.shellPid, () => {
      status = h.api('POST', `/containers/${id}/stop`).status;
      return null;
    });
    expect(status).toBe(204);
    expect(h.k.uptimeMs - t0).toBe(0);
    expect(rec(h, id).State.ExitCode).toBe(143);
  });

  it('-t 0 kills at once; -t 3 waits 3 s; a stopped container answers 304', () => {
    const h = engineHost();
    const a = h.run({ Cmd: ['sleep', '1000'] });
    const t0 = h.k.uptimeMs;
    h.api('POST', `/containers/${a}/stop`, { query: { t: '0' } });
    expect(h.k.uptimeMs).toBe(t0);
    expect(rec(h, a).State.ExitCode).toBe(137);
    const b = h.run({ Cmd: ['sleep', '1000'], StopTimeout: 3 });
    h.api('POST', `/containers/${b}/stop`);
    expect(h.k.uptimeMs - t0).toBe(3000);
    expect(h.api('POST', `/containers/${b}/stop`).status).toBe(304);
  });

  it('a container that exits during the grace period stops early', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '4'] });
    const t0 = h.k.uptimeMs;
    h.api('POST', `/containers/${id}/stop`);
    expect(h.k.uptimeMs - t0).toBe(4000);
    expect(rec(h, id).State.ExitCode).toBe(0);
  });
});

describe('docker kill, pause, wait', () => {
  it('kill sends SIGKILL by default; a non-running container is refused', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1000'] }, 'web');
    expect(h.api('POST', '/containers/web/kill').status).toBe(204);
    expect(rec(h, id).State.ExitCode).toBe(137);
    expect(h.api('POST', '/containers/web/kill').body).toEqual({ message: `cannot kill container: web: container ${id} is not running` });
    expect(h.api('POST', '/containers/web/kill', { query: { signal: 'FOO' } }).body).toEqual({ message: 'Invalid signal: FOO' });
  });

  it('kill -s HUP to a PID 1 without a handler changes nothing', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1000'] });
    h.api('POST', `/containers/${id}/kill`, { query: { signal: 'HUP' } });
    expect(rec(h, id).State.Running).toBe(true);
  });

  it('pause freezes the cgroup; kill of a paused container still kills', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1000'] });
    expect(h.api('POST', `/containers/${id}/pause`).status).toBe(204);
    const c = rec(h, id);
    expect(c.State).toMatchObject({ Status: 'paused', Running: true, Paused: true });
    expect(readCgroupFile(h.k, c.rt.cgroup, 'cgroup.freeze')).toBe('1\n');
    expect(h.k.proc(c.rt.task?.initPid ?? 0)?.frozen).toBe(true);
    expect(h.api('POST', `/containers/${id}/pause`).body).toEqual({ message: `container ${id} is already paused` });
    expect(h.api('POST', `/containers/${id}/exec`, { body: { Cmd: ['ls'] } }).body).toEqual({ message: `Container ${id} is paused, unpause the container before exec` });
    expect(h.api('POST', `/containers/${id}/unpause`).status).toBe(204);
    expect(h.k.proc(c.rt.task?.initPid ?? 0)?.frozen).toBe(false);
    expect(h.api('POST', `/containers/${id}/unpause`).body).toEqual({ message: `Container ${id} is not paused` });
    h.api('POST', `/containers/${id}/pause`);
    h.api('POST', `/containers/${id}/kill`);
    expect(rec(h, id).State).toMatchObject({ Status: 'exited', ExitCode: 137, Paused: false });
    expect(actions(h, id)).toEqual(['create', 'start', 'pause', 'unpause', 'pause', 'kill 9', 'die 137']);
  });

  it('wait answers at once when stopped, later through its pipe when running', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '2'] });
    const w = h.api('POST', `/containers/${id}/wait`);
    const pending = (w.body as { Pending: { pipe: number } }).Pending;
    expect(pending.pipe).toBeGreaterThan(0);
    advance(h, 2000);
    const got = h.ul.read(0, { 0: { k: 'pipe', id: pending.pipe } }, 0);
    expect(JSON.parse(got.data)).toEqual({ StatusCode: 0, Error: null });
    expect(h.api('POST', `/containers/${id}/wait`).body).toEqual({ StatusCode: 0, Error: null });
  });
});

describe('OOM and removal', () => {
  it('an OOM kill of PID 1 gives Exited (137) with OOMKilled true', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1000'], HostConfig: { Memory: 16 * 1024 * 1024 } });
    chargeMemory(h.k, rec(h, id).rt.task?.initPid ?? 0, 32 * 1024 * 1024);
    h.ul.drain();
    expect(rec(h, id).State).toMatchObject({ Status: 'exited', ExitCode: 137, OOMKilled: true });
    expect(actions(h, id)).toEqual(['create', 'start', 'oom', 'die 137']);
    // A new start clears the flag.
    h.api('POST', `/containers/${id}/start`);
    expect(rec(h, id).State.OOMKilled).toBe(false);
  });

  it('rm of a running container is refused; rm -f kills and cleans everything up', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1000'] }, 'web');
    const c = rec(h, id);
    const ns = c.rt.task?.ns;
    expect(h.api('DELETE', '/containers/web').body).toEqual({ message: `You cannot remove a running container ${id}. Stop the container before attempting removal or force remove` });
    h.api('POST', '/containers/web/pause');
    expect(h.api('DELETE', '/containers/web').body).toEqual({ message: `You cannot remove a paused container ${id}. Unpause and then stop the container before attempting removal or force remove` });
    expect(h.api('DELETE', '/containers/web', { query: { force: '1' } }).status).toBe(204);
    expect(h.engine.state.containers.byId[id]).toBeUndefined();
    expect(h.engine.state.containers.names['/web']).toBeUndefined();
    expect(Object.values(h.k.state.proc.byPid).filter((p) => p.containerId === id || p.argv.includes(id))).toEqual([]);
    expect(cgroupExists(h.k, c.rt.cgroup)).toBe(false);
    for (const inum of Object.values(ns ?? {})) if (inum !== h.k.state.ns.initial.user) expect(h.k.state.ns.byInum[inum]).toBeUndefined();
    const host = mountTable(h.k, 1);
    if (isErr(host)) throw new Error('mountinfo');
    expect(host.some((m) => m.point.includes(id))).toBe(false);
    expect(actions(h, id)).toEqual(['create', 'start', 'pause', 'kill 9', 'die 137', 'destroy']);
    expect(h.api('DELETE', '/containers/web').body).toEqual({ message: 'No such container: web' });
  });

  it('--rm removes the container when it exits', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1'], HostConfig: { AutoRemove: true } });
    advance(h, 1000);
    expect(h.engine.state.containers.byId[id]).toBeUndefined();
    expect(actions(h, id)).toEqual(['create', 'start', 'die 0', 'destroy']);
  });
});

describe('restart policies', () => {
  it('on-failure:2 restarts a failing container twice with 100 ms then 200 ms back-off', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['false'], HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 } } });
    expect(rec(h, id).State).toMatchObject({ Status: 'restarting', Restarting: true, ExitCode: 1 });
    expect(rec(h, id).RestartCount).toBe(1);
    advance(h, 99);
    expect(rec(h, id).State.Status).toBe('restarting');
    advance(h, 1);
    // Restarted at 100 ms; false exits at once: the second back-off is 200 ms.
    expect(rec(h, id).RestartCount).toBe(2);
    advance(h, 200);
    expect(rec(h, id).State).toMatchObject({ Status: 'exited', ExitCode: 1 });
    expect(rec(h, id).RestartCount).toBe(2);
    expect(actions(h, id)).toEqual(['create', 'start', 'die 1', 'start', 'die 1', 'start', 'die 1']);
  });

  it('always restarts a clean exit; docker stop cancels it; unless-stopped stays stopped', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1'], HostConfig: { RestartPolicy: { Name: 'always', MaximumRetryCount: 0 } } });
    advance(h, 1000);
    expect(rec(h, id).State.Status).toBe('restarting');
    advance(h, 100);
    expect(rec(h, id).State.Status).toBe('running');
    h.api('POST', `/containers/${id}/stop`);
    advance(h, 60_000);
    expect(rec(h, id).State.Status).toBe('exited');
    const u = h.run({ Cmd: ['sleep', '1000'], HostConfig: { RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 } } });
    h.api('POST', `/containers/${u}/kill`);
    advance(h, 1000);
    expect(rec(h, u).State.Status).toBe('exited');
  });

  it('refuses unknown policies with the daemon\'s message', () => {
    const h = engineHost();
    const r = h.api('POST', '/containers/create', { body: { Image: 'busybox', HostConfig: { RestartPolicy: { Name: 'sometimes' } } } });
    expect(r.body).toEqual({ message: "invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'" });
  });
});

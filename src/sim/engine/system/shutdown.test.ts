import { describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../host/host.ts';
import { restartsOnRestore } from './shutdown.ts';

function names(h: Host, fmt = '{{.Names}} {{.Status}}'): string[] {
  return h.run(`docker ps -a --format '${fmt}'`).stdout.trim().split('\n').sort();
}

function sleeps(h: Host): number {
  return Object.values(h.kernel.state.proc.byPid).filter((p) => p.state !== 'Z' && p.comm === 'sleep').length;
}

describe('dockerd shutting down (live-restore off) and restoring', () => {
  it('systemctl restart docker stops every running container, then starts those whose restart policy says so', () => {
    const h = createHost({ seed: 3 });
    h.run('docker run -d --name plain alpine sleep 1000');
    h.run('docker run -d --name always --restart always alpine sleep 1000');
    h.run('docker run -d --name unless --restart unless-stopped alpine sleep 1000');
    h.run('docker run -d --name unless-stopped-by-hand --restart unless-stopped --stop-timeout 1 alpine sleep 1000');
    h.run('docker stop unless-stopped-by-hand');
    h.run('docker run -d --name always-stopped-by-hand --restart always --stop-timeout 1 alpine sleep 1000');
    h.run('docker stop always-stopped-by-hand');
    h.run('docker run -d --name onfail --restart on-failure alpine sleep 1000');
    h.run('docker create --name never-started --restart always alpine sleep 1000');
    expect(sleeps(h)).toBe(4);
    const t0 = h.kernel.uptimeMs;
    expect(h.run('systemctl restart docker')).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    // sleep as PID 1 ignores SIGTERM: dockerd waits the stop timeout (10 s), then SIGKILL.
    expect(h.kernel.uptimeMs - t0).toBe(10_000);
    expect(names(h, '{{.Names}} {{.State}}')).toEqual([
      'always running',
      'always-stopped-by-hand running',
      'never-started created',
      'onfail running',
      'plain exited',
      'unless running',
      'unless-stopped-by-hand exited',
    ]);
    expect(h.run(`docker inspect -f '{{.State.ExitCode}} {{.RestartCount}}' plain always`).stdout).toBe('137 0\n0 0\n');
    expect(sleeps(h)).toBe(4);
  });

  it('logs kill (stop signal, then SIGKILL), die and stop for each container, and the restart as start', () => {
    const h = createHost({ seed: 3 });
    h.run('docker run -d --name web nginx');
    h.run('docker run -d --name box --restart always alpine sleep 1000');
    const from = h.log.length;
    h.run('systemctl restart docker');
    const lines = h.log
      .slice(from)
      .flatMap((e) => (e.type === 'system.eventRecorded' && e.event.Type === 'container' ? [`${e.event.Action} ${e.event.Actor.Attributes.name} ${e.event.Actor.Attributes.signal ?? ''}${e.event.Actor.Attributes.exitCode ?? ''}`.trim()] : []));
    expect(lines).toEqual(['kill web 3', 'die web 0', 'kill box 15', 'stop web', 'kill box 9', 'die box 137', 'stop box', 'start box']);
    // The new dockerd's event ring starts empty (events live in dockerd's memory).
    expect(h.engine.state.system.events.map((e) => `${e.Action} ${e.Actor.Attributes.name}`)).toEqual(['connect bridge', 'start box']);
    expect(names(h)).toEqual(['box Up Less than a second', 'web Exited (0) 10 seconds ago']);
  });

  it('closes the API at once; dockerd exits when the last container has stopped (--stop-timeout)', () => {
    const h = createHost({ seed: 3 });
    h.run('docker run -d --name box --stop-timeout 3 alpine sleep 1000');
    const pid = h.engine.state.system.daemon.pid as number;
    h.run(`kill ${pid}`);
    expect(h.run('docker ps')).toMatchObject({ exitCode: 1, stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n' });
    expect(h.kernel.proc(pid)?.state).not.toBe('Z');
    expect(sleeps(h)).toBe(1);
    h.advance(3000);
    expect(sleeps(h)).toBe(0);
    const p = h.kernel.proc(pid);
    expect(!p || p.state === 'Z').toBe(true);
    expect(h.engine.state.system.daemon.running).toBe(false);
    expect(h.run('systemctl start docker').exitCode).toBe(0);
    expect(names(h)).toEqual(['box Exited (137) Less than a second ago']);
  });

  it('restartsOnRestore follows restartmanager.ShouldRestart with a fresh manager', () => {
    const h = createHost({ seed: 3 });
    h.run('docker run --name ok --restart on-failure alpine true');
    h.run('docker run --name bad --restart on-failure:2 alpine false');
    h.run('docker run --name rm --rm --restart no alpine true');
    const c = (n: string) => h.engine.state.containers.byId[Object.keys(h.engine.state.containers.byId).find((id) => h.engine.state.containers.byId[id]?.Name === `/${n}`) as string];
    h.advance(60_000);
    expect(restartsOnRestore(c('ok') as never)).toBe(false);
    // on-failure:2 gave up after two restarts: a fresh manager starts from RestartCount.
    expect(c('bad')?.RestartCount).toBe(2);
    expect(restartsOnRestore(c('bad') as never)).toBe(false);
  });
});

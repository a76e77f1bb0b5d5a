import { describe, expect, it } from 'vitest';
import { check, ctxOf, engineWith, fakeContainer, freshHost } from './testkit.ts';

const host = freshHost();

describe('container', () => {
  it('is false without the container and says so', () => {
    expect(check({ container: { name: 'web' } }, ctxOf(host, { engine: engineWith() }))).toBe('there is no container named web');
  });

  it('matches state, image (with or without :latest) and published ports', () => {
    const web = fakeContainer('web', {
      Config: { Image: 'nginx' },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] } },
    });
    const ctx = ctxOf(host, { engine: engineWith(web) });
    expect(check({ container: { name: 'web', state: 'running', image: 'nginx:latest', publishes: 8080 } }, ctx)).toBe(true);
    expect(check({ container: { name: 'web', publishes: '8080:80/tcp' } }, ctx)).toBe(true);
    expect(check({ container: { name: 'web', publishes: '8080:81' } }, ctx)).toBe('container web does not publish port 8080:81');
    expect(check({ container: { name: 'web', publishes: 9090 } }, ctx)).toBe('container web does not publish port 9090');
    expect(check({ container: { name: 'web', state: 'exited' } }, ctx)).toBe('container web is running, not exited');
    expect(check({ container: { name: 'web', image: 'alpine' } }, ctx)).toMatch(/runs nginx, not alpine/);
  });

  it('finds a container by ID prefix too', () => {
    const c = fakeContainer('abc');
    expect(check({ container: { name: c.Id.slice(0, 12), state: 'running' } }, ctxOf(host, { engine: engineWith(c) }))).toBe(true);
  });

  it('reads OOMKilled, exit code, memory, CPUs, shares and capabilities', () => {
    const y = fakeContainer('y', {
      State: { Status: 'exited', Running: false, OOMKilled: true, ExitCode: 137 },
      HostConfig: { Memory: 64 * 1024 * 1024, NanoCpus: 500_000_000, CpuShares: 512, CapAdd: ['NET_ADMIN'], CapDrop: ['chown'] },
    });
    const ctx = ctxOf(host, { engine: engineWith(y) });
    expect(check({ container: { name: 'y', oomKilled: true, exitCode: 137 } }, ctx)).toBe(true);
    expect(check({ container: { name: 'y', memory: '64M', cpus: 0.5, cpuShares: 512 } }, ctx)).toBe(true);
    expect(check({ container: { name: 'y', capAdd: 'CAP_NET_ADMIN', capDrop: ['CHOWN'] } }, ctx)).toBe(true);
    expect(check({ container: { name: 'y', capAdd: 'SYS_ADMIN' } }, ctx)).toMatch(/--cap-add SYS_ADMIN/);
    expect(check({ container: { name: 'y', memory: '32M' } }, ctx)).toMatch(/not 32M/);
  });

  it('a running container has not "exited with" any code', () => {
    const c = fakeContainer('r');
    expect(check({ container: { name: 'r', exitCode: 0 } }, ctxOf(host, { engine: engineWith(c) }))).toMatch(/has not exited/);
  });

  it('exists: false holds only once the container is gone', () => {
    const ctx = ctxOf(host, { engine: engineWith(fakeContainer('old')) });
    expect(check({ container: { name: 'old', exists: false } }, ctx)).toBe('container old still exists');
    expect(check({ container: { name: 'new', exists: false } }, ctx)).toBe(true);
  });

  it('mounts, networks and environment', () => {
    const c = fakeContainer('site', {
      Mounts: [{ Type: 'bind', Source: '/srv/site', Destination: '/usr/share/nginx/html', Mode: '', RW: true, Propagation: 'rprivate' }],
      HostConfig: { NetworkMode: 'shop' },
      Config: { Env: ['PATH=/bin', 'MODE=prod'] },
    });
    const ctx = ctxOf(host, { engine: engineWith(c) });
    expect(check({ container: { name: 'site', mount: { target: '/usr/share/nginx/html', source: '/srv/site', type: 'bind' } } }, ctx)).toBe(true);
    expect(check({ container: { name: 'site', mount: { target: '/data' } } }, ctx)).toMatch(/no mount/);
    expect(check({ container: { name: 'site', network: 'shop', env: ['MODE=prod', 'PATH'] } }, ctx)).toBe(true);
    expect(check({ container: { name: 'site', network: 'bridge' } }, ctx)).toMatch(/not on network bridge/);
  });

  it('rejects exists: false combined with other fields when parsed', () => {
    expect(() => check({ container: { name: 'x', exists: false, state: 'running' } }, ctxOf(host))).toThrow(/cannot be combined/);
  });
});

describe('containers', () => {
  it('counts containers matching state and image', () => {
    const ctx = ctxOf(host, {
      engine: engineWith(fakeContainer('a'), fakeContainer('b', { Config: { Image: 'nginx' } }), fakeContainer('c', { State: { Status: 'exited', Running: false } })),
    });
    expect(check({ containers: { count: 2, state: 'running' } }, ctx)).toBe(true);
    expect(check({ containers: { count: { min: 1 }, image: 'nginx' } }, ctx)).toBe(true);
    expect(check({ containers: { count: 0, state: 'exited' } }, ctx)).toBe('there are 1 such containers, want exactly 0');
  });
});

import { describe, expect, it } from 'vitest';
import type { ImageRecord } from '../../sim/engine/images/types.ts';
import type { NetworkRecord } from '../../sim/engine/network/types.ts';
import { check, ctxOf, engineWith, freshHost, sh } from './testkit.ts';

function image(id: string, diffIds: string[], cmd: string[] = ['sh']): ImageRecord {
  return { id, repoTags: [], repoDigests: [], parent: '', comment: '', created: '', author: '', dockerVersion: '', config: { Cmd: cmd }, architecture: 'amd64', os: 'linux', diffIds, topChainId: '', history: [], size: 0, lastTagTime: '' };
}

describe('image', () => {
  const e = engineWith();
  e.images.images['sha256:a'] = image('sha256:a', ['d1']);
  e.images.images['sha256:b'] = image('sha256:b', ['d1', 'd2'], ['cat', '/greeting']);
  e.images.tags['alpine:latest'] = 'sha256:a';
  e.images.tags['greeter:1.0'] = 'sha256:b';
  e.images.pushed['localhost:5000/tools/busybox:1'] = 'sha256:a';
  e.images.pushed['docker.io/learner/busybox:1'] = 'sha256:a';
  const ctx = ctxOf(freshHost(), { engine: e });

  it('finds tags with Docker Hub defaults filled in', () => {
    expect(check({ image: { ref: 'alpine' } }, ctx)).toBe(true);
    expect(check({ image: { ref: 'docker.io/library/alpine:latest' } }, ctx)).toBe(true);
    expect(check({ image: { ref: 'nginx' } }, ctx)).toBe('there is no image nginx:latest');
    expect(check({ image: { ref: 'nginx', exists: false } }, ctx)).toBe(true);
  });

  it('checks layers, the parent image and the default command', () => {
    expect(check({ image: { ref: 'greeter:1.0', parent: 'alpine', layers: 2, cmd: 'cat /greeting' } }, ctx)).toBe(true);
    expect(check({ image: { ref: 'alpine', parent: 'greeter:1.0' } }, ctx)).toBe('image alpine:latest is not built on greeter:1.0');
    expect(check({ image: { ref: 'alpine', layers: { min: 2 } } }, ctx)).toBe('image alpine:latest has 1 layer(s)');
  });

  it('checks what was pushed to a registry', () => {
    expect(check({ image: { pushed: 'localhost:5000/tools/busybox:1' } }, ctx)).toBe(true);
    expect(check({ image: { pushed: 'localhost:5000/tools/busybox:2' } }, ctx)).toMatch(/has not been pushed/);
    // Docker Hub references in their familiar form.
    expect(check({ image: { pushed: 'learner/busybox:1' } }, ctx)).toBe(true);
  });
});

describe('network', () => {
  it('checks a network by name, its driver and the containers on it', () => {
    const e = engineWith();
    const net = { Name: 'shop', Id: 'n1', Driver: 'bridge', Internal: false, IPAM: { Driver: 'default', Options: null, Config: [{ Subnet: '172.18.0.0/16' }] }, endpoints: { c1: { name: 'db' }, c2: { name: 'app' } } } as unknown as NetworkRecord;
    e.network.networks.n1 = net;
    const ctx = ctxOf(freshHost(), { engine: e });
    expect(check({ network: { name: 'shop', driver: 'bridge', containers: ['db', 'app'], subnet: '172.18.0.0/16' } }, ctx)).toBe(true);
    expect(check({ network: { name: 'shop', containers: ['web'] } }, ctx)).toBe('container web is not connected to shop');
    expect(check({ network: { name: 'blog', exists: false } }, ctx)).toBe(true);
  });
});

describe('volume', () => {
  it('looks where dockerd keeps volume data', () => {
    const h = freshHost();
    const goal = { volume: { name: 'keep', file: 'log.txt', contains: 'hello' } };
    expect(check(goal, ctxOf(h))).toBe('there is no volume keep');
    sh(h, 'mkdir -p /var/lib/docker/volumes/keep/_data');
    expect(check({ volume: { name: 'keep' } }, ctxOf(h))).toBe(true);
    expect(check(goal, ctxOf(h))).toBe('volume keep has no log.txt');
    sh(h, 'echo hello > /var/lib/docker/volumes/keep/_data/log.txt');
    expect(check(goal, ctxOf(h))).toBe(true);
  });
});

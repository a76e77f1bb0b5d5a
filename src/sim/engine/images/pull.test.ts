import { describe, expect, it } from 'vitest';
import { api, bootImages, pullLines, streamOf } from './testkit.ts';
import { lstat, readFile, readlink } from '../../kernel/fs/index.ts';
import { isErr } from '../../kernel/errno.ts';
import { OVERLAY2 } from './hostfs.ts';

describe('POST /images/create (docker pull)', () => {
  it('streams Docker\'s progress lines for a fresh pull', () => {
    const h = bootImages();
    const res = api(h, 'POST', '/images/create', { fromImage: 'alpine', tag: 'latest' });
    expect(res.status).toBe(200);
    const lines = pullLines(res);
    const id = lines[1]?.split(':')[0] ?? '';
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(lines).toEqual([
      'latest: Pulling from library/alpine',
      `${id}: Pulling fs layer`,
      `${id}: Verifying Checksum`,
      `${id}: Download complete`,
      `${id}: Pull complete`,
      expect.stringMatching(/^Digest: sha256:[0-9a-f]{64}$/),
      'Status: Downloaded newer image for alpine:latest',
    ]);
    const msgs = streamOf(res);
    expect(msgs.some((m) => m.status === 'Downloading' && typeof m.progress === 'string' && (m.progress as string).startsWith('['))).toBe(true);
    expect(Number(res.headers['X-Sim-Duration-Ms'])).toBeGreaterThan(300);
  });

  it('says "Image is up to date" the second time and downloads nothing', () => {
    const h = bootImages();
    api(h, 'POST', '/images/create', { fromImage: 'alpine', tag: 'latest' });
    const lines = pullLines(api(h, 'POST', '/images/create', { fromImage: 'alpine', tag: 'latest' }));
    expect(lines).toEqual(['latest: Pulling from library/alpine', expect.stringMatching(/^Digest: /), 'Status: Image is up to date for alpine:latest']);
  });

  it('reuses shared layers: "Already exists"', () => {
    const h = bootImages();
    api(h, 'POST', '/images/create', { fromImage: 'alpine', tag: '3.22' });
    const lines = pullLines(api(h, 'POST', '/images/create', { fromImage: 'nginx', tag: 'alpine' }));
    expect(lines.filter((l) => l.endsWith('Already exists'))).toHaveLength(1);
    expect(lines.filter((l) => l.endsWith('Pulling fs layer'))).toHaveLength(7);
    expect(lines.filter((l) => l.endsWith('Waiting'))).toHaveLength(4);
    // alpine:latest is the same image as alpine:3.22: no layer lines, a new tag.
    const again = pullLines(api(h, 'POST', '/images/create', { fromImage: 'alpine', tag: 'latest' }));
    expect(again).toEqual(['latest: Pulling from library/alpine', expect.stringMatching(/^Digest: /), 'Status: Downloaded newer image for alpine:latest']);
    // python:3.13 shares the buildpack-deps layers with python:3.14.
    api(h, 'POST', '/images/create', { fromImage: 'python', tag: '3.14' });
    const py = pullLines(api(h, 'POST', '/images/create', { fromImage: 'python', tag: '3.13' }));
    expect(py.filter((l) => l.endsWith('Already exists'))).toHaveLength(4);
  });

  it('answers Docker Hub\'s errors', () => {
    const h = bootImages();
    const nosuch = api(h, 'POST', '/images/create', { fromImage: 'nosuchimage', tag: 'latest' });
    expect(nosuch.status).toBe(404);
    expect(nosuch.body).toEqual({ message: "pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied" });
    const tag = api(h, 'POST', '/images/create', { fromImage: 'alpine', tag: 'nosuchtag' });
    expect(tag.body).toEqual({ message: 'manifest for alpine:nosuchtag not found: manifest unknown: manifest unknown' });
    expect(api(h, 'POST', '/images/create', { fromImage: 'Alpine', tag: 'latest' }).body).toEqual({ message: 'invalid reference format: repository name (library/Alpine) must be lowercase' });
    expect(api(h, 'POST', '/images/create', { fromImage: 'scratch', tag: 'latest' }).body).toEqual({ message: "'scratch' is a reserved name" });
    expect(api(h, 'POST', '/images/create', { fromImage: 'localhost:5000/app', tag: 'latest' }).body).toEqual({ message: 'Get "http://localhost:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused' });
  });

  it('lays layers out as overlay2 does', () => {
    const h = bootImages();
    api(h, 'POST', '/images/create', { fromImage: 'nginx', tag: 'latest' });
    const layers = Object.values(h.engine.state.images.layers);
    expect(layers).toHaveLength(7);
    const bottom = layers.find((l) => !l.parent);
    const top = layers.find((l) => !layers.some((x) => x.parent === l.chainId));
    if (!bottom || !top) throw new Error('no layers');
    expect(readFile(h.k, 1, `${OVERLAY2}/${bottom.cacheId}/link`)).toBe(bottom.shortId);
    expect(isErr(lstat(h.k, 1, `${OVERLAY2}/${bottom.cacheId}/lower`))).toBe(true);
    expect(top.shortId).toMatch(/^[A-Z2-7]{26}$/);
    expect((readFile(h.k, 1, `${OVERLAY2}/${top.cacheId}/lower`) as string).split(':')).toHaveLength(6);
    expect(readlink(h.k, 1, `${OVERLAY2}/l/${top.shortId}`)).toBe(`../${top.cacheId}/diff`);
    expect(readFile(h.k, 1, `${OVERLAY2}/${bottom.cacheId}/diff/etc/debian_version`)).toBe('13.1\n');
    expect(readFile(h.k, 1, `/var/lib/docker/image/overlay2/layerdb/sha256/${top.chainId.slice(7)}/cache-id`)).toBe(top.cacheId);
    expect(JSON.parse(readFile(h.k, 1, '/var/lib/docker/image/overlay2/repositories.json') as string).Repositories.nginx['nginx:latest']).toMatch(/^sha256:/);
  });

  it('is deterministic for a seed', () => {
    const ids = [1, 1].map(() => {
      const h = bootImages(7);
      api(h, 'POST', '/images/create', { fromImage: 'busybox', tag: 'latest' });
      return Object.values(h.engine.state.images.layers).map((l) => `${l.cacheId} ${l.shortId}`);
    });
    expect(ids[0]).toEqual(ids[1]);
  });
});

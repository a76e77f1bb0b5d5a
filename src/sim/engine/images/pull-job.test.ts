import { describe, expect, it } from 'vitest';
import { api, bootImages, pullLines, streamOf, type ImagesHost } from './testkit.ts';
import type { ApiResponse } from '../api/types.ts';
import { advanceTime } from '../../kernel/time.ts';
import { PULL_JOB_EXPIRY_MS } from './pull-job.ts';
import { createHost } from '../../host/host.ts';

const FOLLOW = { 'X-Sim-Accept-Continue': '1' };

function start(h: ImagesHost, fromImage: string, tag?: string): ApiResponse {
  return api(h, 'POST', '/images/create', tag ? { fromImage, tag } : { fromImage }, undefined, FOLLOW);
}

function times(res: ApiResponse): number[] {
  return (res.body as { timesMs: number[] }).timesMs;
}

/** Follow a pull as a client does: wait until each part is due (advancing the clock), GET it; returns every part. */
function follow(h: ImagesHost, first: ApiResponse, onPart: (res: ApiResponse) => void = () => {}, maxParts = 100): ApiResponse[] {
  const parts = [first];
  const t0 = h.k.uptimeMs;
  let res = first;
  for (let i = 0; res.headers['X-Sim-Continue'] && i < maxParts; i++) {
    const elapsed = h.k.uptimeMs - t0;
    const at = Math.max(elapsed, times(res).at(-1) ?? 0) + Number(res.headers['X-Sim-Poll-Ms']);
    advanceTime(h.k, at - elapsed);
    res = api(h, 'GET', res.headers['X-Sim-Continue'] as string);
    expect(res.status).toBe(200);
    parts.push(res);
    onPart(res);
  }
  return parts;
}

const layerCount = (h: ImagesHost): number => Object.keys(h.engine.state.images.layers).length;

describe('a pull in parts (X-Sim-Accept-Continue)', () => {
  it('answers what is due before the first layer completes, stores nothing yet, and continues', () => {
    const h = bootImages();
    const first = start(h, 'nginx', 'latest');
    expect(first.status).toBe(200);
    expect(first.headers['X-Sim-Continue']).toMatch(/^\/images\/pull-jobs\/\d+$/);
    expect(layerCount(h)).toBe(0);
    expect(h.engine.state.images.tags['nginx:latest']).toBeUndefined();
    expect(pullLines(first)).not.toContainEqual(expect.stringMatching(/Pull complete|Digest/));
    expect(Object.keys(h.engine.state.images.pulls ?? {})).toHaveLength(1);
  });

  it('unpacks each layer when its "Pull complete" is due; the parts make the same stream as a pull at once', () => {
    const h = bootImages();
    const parts = follow(h, start(h, 'nginx', 'latest'));
    // One part per layer after the first: each begins with that layer's "Pull complete".
    expect(parts.length).toBe(8);
    for (const p of parts.slice(1)) expect(streamOf(p)[0]?.status).toBe('Pull complete');
    const last = parts.at(-1) as ApiResponse;
    expect(last.headers['X-Sim-Continue']).toBeUndefined();
    expect(pullLines(last).slice(-2)).toEqual([expect.stringMatching(/^Digest: sha256:/), 'Status: Downloaded newer image for nginx:latest']);
    expect(h.engine.state.images.tags['nginx:latest']).toMatch(/^sha256:/);
    expect(h.engine.state.images.pulls).toEqual({});
    const whole = api(bootImages(), 'POST', '/images/create', { fromImage: 'nginx', tag: 'latest' });
    expect(parts.flatMap((p) => streamOf(p))).toEqual(streamOf(whole));
    expect(parts.flatMap(times)).toEqual(times(whole));
    expect(first(parts).headers['X-Sim-Duration-Ms']).toBe(whole.headers['X-Sim-Duration-Ms']);
  });

  it('has the layers in the store as their parts arrive', () => {
    const h = bootImages();
    const counts: Array<[number, number]> = [];
    let complete = 0;
    follow(h, start(h, 'redis', 'latest'), (res) => {
      complete += streamOf(res).filter((m) => m.status === 'Pull complete').length;
      counts.push([complete, layerCount(h)]);
    });
    for (const [c, n] of counts) expect(n).toBe(c);
  });

  it('an early GET unpacks nothing and says how long to wait', () => {
    const h = bootImages();
    const first = start(h, 'redis', 'latest');
    const res = api(h, 'GET', first.headers['X-Sim-Continue'] as string);
    expect(streamOf(res)).toEqual([]);
    expect(Number(res.headers['X-Sim-Poll-Ms'])).toBeGreaterThan(0);
    expect(res.headers['X-Sim-Continue']).toBe(first.headers['X-Sim-Continue']);
    expect(layerCount(h)).toBe(0);
  });

  it('a cached image is answered whole: no job', () => {
    const h = bootImages();
    follow(h, start(h, 'alpine', 'latest'));
    const again = start(h, 'alpine', 'latest');
    expect(again.headers['X-Sim-Continue']).toBeUndefined();
    expect(pullLines(again)).toEqual(['latest: Pulling from library/alpine', expect.stringMatching(/^Digest: /), 'Status: Image is up to date for alpine:latest']);
    expect(h.engine.state.images.pulls).toEqual({});
  });

  it('docker pull -a in parts makes the same stream as at once', () => {
    const h = bootImages();
    const parts = follow(h, start(h, 'busybox'));
    const whole = api(bootImages(), 'POST', '/images/create', { fromImage: 'busybox' });
    expect(parts.flatMap((p) => streamOf(p))).toEqual(streamOf(whole));
    expect(parts.flatMap(times)).toEqual(times(whole));
    expect(Object.keys(h.engine.state.images.tags).sort()).toEqual(Object.keys(bootImagesTags()).sort());
  });

  it('an abandoned pull keeps its unpacked layers ("Already exists" next time) and is dropped once long overdue', () => {
    const h = bootImages();
    const first = start(h, 'nginx', 'latest');
    const path = first.headers['X-Sim-Continue'] as string;
    // Follow three parts, then stop asking (^C).
    follow(h, first, () => {}, 3);
    const kept = layerCount(h);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(7);
    // A new pull of the image: the kept layers already exist; the stale job is not yet overdue long enough.
    const again = start(h, 'nginx', 'latest');
    expect(pullLines(again).filter((l) => l.endsWith('Already exists'))).toHaveLength(kept);
    expect(Object.keys(h.engine.state.images.pulls ?? {})).toHaveLength(2);
    follow(h, again);
    expect(h.engine.state.images.tags['nginx:latest']).toMatch(/^sha256:/);
    advanceTime(h.k, PULL_JOB_EXPIRY_MS + 10_000);
    start(h, 'alpine', 'latest');
    expect(api(h, 'GET', path).status).toBe(404);
    expect(Object.keys(h.engine.state.images.pulls ?? {})).toEqual([expect.any(String)]);
  });

  it('two pulls of one image at once leave one set of layers and one image', () => {
    const h = bootImages();
    const a = start(h, 'redis', 'latest');
    advanceTime(h.k, 200);
    const b = start(h, 'redis', 'latest');
    const pa = a.headers['X-Sim-Continue'] as string;
    const pb = b.headers['X-Sim-Continue'] as string;
    expect(pa).not.toBe(pb);
    // Ask for both, every 100 ms, until both end.
    let ra: ApiResponse | null = a;
    let rb: ApiResponse | null = b;
    for (let i = 0; i < 200 && (ra || rb); i++) {
      advanceTime(h.k, 100);
      if (ra?.headers['X-Sim-Continue']) ra = api(h, 'GET', pa);
      else ra = null;
      if (rb?.headers['X-Sim-Continue']) rb = api(h, 'GET', pb);
      else rb = null;
    }
    expect(layerCount(h)).toBe(6);
    expect(h.log.filter((e) => e.type === 'image.layerCreated')).toHaveLength(6);
    expect(h.log.filter((e) => e.type === 'image.created')).toHaveLength(1);
    expect(h.log.filter((e) => e.type === 'image.pulled')).toHaveLength(2);
    expect(h.engine.state.images.pulls).toEqual({});
  });

  it('survives a snapshot taken mid-pull', () => {
    const h = createHost({ seed: 3 });
    const first = h.engine.handle({ method: 'POST', path: '/images/create', query: { fromImage: 'redis', tag: 'latest' }, headers: FOLLOW }, 1);
    const path = first.headers['X-Sim-Continue'] as string;
    h.advance(1500);
    const mid = h.engine.handle({ method: 'GET', path, query: {}, headers: {} }, 1);
    const snap = JSON.parse(JSON.stringify(h.snapshot())) as ReturnType<typeof h.snapshot>;
    const h2 = createHost({ seed: 3 });
    h2.restore(snap);
    expect(Object.keys(h2.engine.state.images.layers)).toEqual(Object.keys(h.engine.state.images.layers));
    let res = mid;
    const rest: ApiResponse[] = [];
    for (let i = 0; i < 100 && res.headers['X-Sim-Continue']; i++) {
      h2.advance(100);
      res = h2.engine.handle({ method: 'GET', path, query: {}, headers: {} }, 1);
      rest.push(res);
    }
    expect(res.headers['X-Sim-Continue']).toBeUndefined();
    expect(h2.engine.state.images.tags['redis:latest']).toMatch(/^sha256:/);
    expect(Object.keys(h2.engine.state.images.layers)).toHaveLength(6);
    expect(h2.run('docker images --format "{{.Repository}}:{{.Tag}}"').stdout).toBe('redis:latest\n');
  });
});

function first(parts: ApiResponse[]): ApiResponse {
  return parts[0] as ApiResponse;
}

/** The tags a whole `docker pull -a busybox` leaves. */
function bootImagesTags(): Record<string, string> {
  const h = bootImages();
  api(h, 'POST', '/images/create', { fromImage: 'busybox' });
  return h.engine.state.images.tags;
}

import { describe, expect, it } from 'vitest';
import { api, bootImages } from './testkit.ts';
import { setSeams } from '../containers/seams.ts';
import { imageSeams } from './seams.ts';
import { exists } from './hostfs.ts';
import { OVERLAY2 } from './hostfs.ts';

function pull(h: ReturnType<typeof bootImages>, image: string, tag = 'latest'): string {
  const r = api(h, 'POST', '/images/create', { fromImage: image, tag });
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  return (api(h, 'GET', `/images/${image}:${tag}/json`).body as { Id: string }).Id;
}

describe('DELETE /images/{name} (docker rmi)', () => {
  it('untags while other tags remain, then deletes the image and its layers', () => {
    const h = bootImages();
    const id = pull(h, 'alpine');
    api(h, 'POST', '/images/alpine/tag', { repo: 'mine', tag: 'v1' });
    expect(api(h, 'DELETE', '/images/mine:v1').body).toEqual([{ Untagged: 'mine:v1' }]);
    const layer = Object.values(h.engine.state.images.layers)[0];
    if (!layer) throw new Error('no layer');
    const r = api(h, 'DELETE', '/images/alpine').body as Array<Record<string, string>>;
    expect(r[0]).toEqual({ Untagged: 'alpine:latest' });
    expect(r[1]?.Untagged).toMatch(/^alpine@sha256:/);
    expect(r[2]).toEqual({ Deleted: id });
    expect(r[3]).toEqual({ Deleted: layer.chainId });
    expect(exists(h.engine, `${OVERLAY2}/${layer.cacheId}`)).toBe(false);
    expect(exists(h.engine, `${OVERLAY2}/l/${layer.shortId}`)).toBe(false);
    expect(api(h, 'GET', '/images/json').body).toEqual([]);
    expect(api(h, 'DELETE', '/images/alpine')).toMatchObject({ status: 404, body: { message: 'No such image: alpine:latest' } });
  });

  it('keeps layers another image still uses', () => {
    const h = bootImages();
    pull(h, 'alpine', '3.22');
    pull(h, 'nginx', 'alpine');
    const before = Object.keys(h.engine.state.images.layers).length;
    const r = api(h, 'DELETE', '/images/nginx:alpine').body as Array<Record<string, string>>;
    expect(r.filter((x) => x.Deleted)).toHaveLength(1 + 7);
    expect(Object.keys(h.engine.state.images.layers)).toHaveLength(before - 7);
  });

  it('refuses when containers use the image, as Docker words it', () => {
    const h = bootImages();
    setSeams(h.engine, imageSeams);
    const id = pull(h, 'busybox');
    const c = api(h, 'POST', '/containers/create', { name: 'b1' }, { Image: 'busybox', Cmd: ['true'] }).body as { Id: string };
    expect(api(h, 'DELETE', '/images/busybox').body).toEqual({
      message: `conflict: unable to remove repository reference "busybox" (must force) - container ${c.Id.slice(0, 12)} is using its referenced image ${id.slice(7, 19)}`,
    });
    expect(api(h, 'DELETE', `/images/${id.slice(7, 19)}`).body).toEqual({
      message: `conflict: unable to delete ${id.slice(7, 19)} (must be forced) - image is being used by stopped container ${c.Id.slice(0, 12)}`,
    });
    // A running container: the image cannot be deleted even with force; -f on the name only untags.
    const rec = h.engine.state.containers.byId[c.Id];
    if (!rec) throw new Error('no container');
    rec.State = { ...rec.State, Running: true, Status: 'running' };
    expect(api(h, 'DELETE', `/images/${id.slice(7, 19)}`, { force: '1' }).body).toEqual({
      message: `conflict: unable to delete ${id.slice(7, 19)} (cannot be forced) - image is being used by running container ${c.Id.slice(0, 12)}`,
    });
    expect(api(h, 'DELETE', '/images/busybox', { force: '1' }).body).toEqual([{ Untagged: 'busybox:latest' }, { Untagged: expect.stringMatching(/^busybox@sha256:/) }]);
    expect(h.engine.state.images.images[id]).toBeDefined();
  });

  it('-f deletes an image used by a stopped container but keeps its layers', () => {
    const h = bootImages();
    setSeams(h.engine, imageSeams);
    const id = pull(h, 'busybox');
    api(h, 'POST', '/containers/create', { name: 'b1' }, { Image: 'busybox', Cmd: ['true'] });
    const r = api(h, 'DELETE', '/images/busybox', { force: '1' }).body as Array<Record<string, string>>;
    expect(r.filter((x) => x.Deleted)).toEqual([{ Deleted: id }]);
    expect(Object.keys(h.engine.state.images.layers)).toHaveLength(1);
  });

  it('prune removes dangling images; -a removes unused ones', () => {
    const h = bootImages();
    pull(h, 'alpine', '3.21');
    pull(h, 'busybox');
    expect(api(h, 'POST', '/images/prune').body).toEqual({ ImagesDeleted: null, SpaceReclaimed: 0 });
    const r = api(h, 'POST', '/images/prune', { filters: JSON.stringify({ dangling: ['false'] }) }).body as { ImagesDeleted: unknown[]; SpaceReclaimed: number };
    expect(r.SpaceReclaimed).toBe(7_834_000 + 4_430_000);
    expect(api(h, 'GET', '/images/json').body).toEqual([]);
  });
});

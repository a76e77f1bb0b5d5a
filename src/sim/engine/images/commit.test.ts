import { describe, expect, it } from 'vitest';
import { api, bootImages } from './testkit.ts';
import { setSeams } from '../containers/seams.ts';
import { imageSeams } from './seams.ts';
import { commitContainer } from './commit.ts';
import { rootfsDirs } from './container-fs.ts';
import { mount } from '../../kernel/fs/mount.ts';
import { readFile, writeFile } from '../../kernel/fs/index.ts';
import { diffDir, layerStack } from './layers.ts';

function withContainer() {
  const h = bootImages();
  setSeams(h.engine, imageSeams);
  api(h, 'POST', '/images/create', { fromImage: 'alpine', tag: 'latest' });
  const c = api(h, 'POST', '/containers/create', { name: 'box' }, { Image: 'alpine' }).body as { Id: string };
  const d = rootfsDirs(h.engine, c.Id);
  if (!d) throw new Error('no rootfs');
  mount(h.k, 1, 'overlay', d.merged, 'overlay', { data: `lowerdir=${d.lowerdirs.join(':')},upperdir=${d.upperdir},workdir=${d.workdir}` });
  return { h, id: c.Id, merged: d.merged };
}

describe('docker commit', () => {
  it('turns the container layer into an image layer over the container\'s image', () => {
    const { h, merged } = withContainer();
    writeFile(h.k, 1, `${merged}/root/notes.txt`, 'remember\n');
    writeFile(h.k, 1, `${merged}/etc/hosts`, '127.0.0.1 localhost\n');
    const r = commitContainer(h.engine, 'box', { repo: 'learner/notes', tag: 'v1', comment: 'added notes', author: 'Learner', changes: ['CMD ["cat", "/root/notes.txt"]', 'ENV MODE=demo'] });
    if ('error' in r) throw new Error(r.error);
    expect(r.Id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const img = h.engine.state.images.images[r.Id];
    const base = Object.values(h.engine.state.images.images).find((i) => i.repoTags.includes('alpine:latest'));
    if (!img || !base) throw new Error('missing image');
    expect(img.parent).toBe(base.id);
    expect(img.repoTags).toEqual(['learner/notes:v1']);
    expect(img.diffIds).toHaveLength(2);
    expect(img.config.Cmd).toEqual(['cat', '/root/notes.txt']);
    expect(img.config.Env).toContain('MODE=demo');
    expect(img.history[img.history.length - 1]).toMatchObject({ created_by: '/bin/sh', comment: 'added notes', author: 'Learner' });
    const top = layerStack(h.engine, img.topChainId)[0];
    expect(top && readFile(h.k, 1, `${diffDir(top.cacheId)}/root/notes.txt`)).toBe('remember\n');
    expect(top && readFile(h.k, 1, `${diffDir(top.cacheId)}/etc/hosts`)).toMatchObject({ errno: 'ENOENT' });
    const inspect = api(h, 'GET', '/images/learner/notes:v1/json').body as { Comment: string; Author: string; Parent: string; DockerVersion: string };
    expect(inspect).toMatchObject({ Comment: 'added notes', Author: 'Learner', Parent: base.id, DockerVersion: '28.2.2' });
    // docker history shows the parent's ID on its top entry.
    const hist = api(h, 'GET', '/images/learner/notes:v1/history').body as Array<{ Id: string }>;
    expect(hist.map((x) => x.Id)).toEqual([r.Id, base.id, '<missing>']);
    expect((api(h, 'DELETE', '/images/alpine').body as { message: string }).message).toMatch(/^conflict: unable to remove repository reference "alpine" \(must force\) - container/);
  });

  it('an unchanged container gives an empty layer entry and no new layer', () => {
    const { h } = withContainer();
    const r = commitContainer(h.engine, 'box', {});
    if ('error' in r) throw new Error(r.error);
    const img = h.engine.state.images.images[r.Id];
    expect(img?.diffIds).toHaveLength(1);
    expect(img?.history[img.history.length - 1]?.empty_layer).toBe(true);
    expect(img?.repoTags).toEqual([]);
  });

  it('errors', () => {
    const { h } = withContainer();
    expect(commitContainer(h.engine, 'nosuch', {})).toEqual({ error: 'No such container: nosuch', status: 404 });
    expect(commitContainer(h.engine, 'box', { changes: ['RUN echo'] })).toEqual({ error: 'run is not a valid change command', status: 400 });
  });
});

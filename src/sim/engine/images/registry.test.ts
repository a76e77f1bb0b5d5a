import { describe, expect, it } from 'vitest';
import { api, bootImages, pullLines, streamOf } from './testkit.ts';
import { setSeams } from '../containers/seams.ts';
import { imageSeams } from './seams.ts';
import { decodeTar } from './tar.ts';

function b64(s: string): string {
  return Buffer.from(s).toString('base64');
}

describe('login, push, search', () => {
  it('logs in with the simulated Hub accounts', () => {
    const h = bootImages();
    expect(api(h, 'POST', '/auth', {}, { username: 'learner', password: 'docker123', serveraddress: 'https://index.docker.io/v1/' })).toMatchObject({ status: 200, body: { Status: 'Login Succeeded', IdentityToken: '' } });
    expect(api(h, 'POST', '/auth', {}, { username: 'learner', password: 'wrong' })).toMatchObject({ status: 401, body: { message: 'Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password' } });
    expect(api(h, 'POST', '/auth', {}, { username: 'someone', password: 'longenough' }).status).toBe(200);
    expect(api(h, 'POST', '/auth', {}, { username: 'someone', password: 'short' }).status).toBe(401);
  });

  it('push is denied without login, works into one\'s namespace, then pulls back', () => {
    const h = bootImages();
    api(h, 'POST', '/images/create', { fromImage: 'alpine', tag: 'latest' });
    api(h, 'POST', '/images/alpine/tag', { repo: 'learner/myalpine', tag: 'v1' });
    const denied = streamOf(api(h, 'POST', '/images/learner/myalpine/push', { tag: 'v1' }));
    expect(denied[0]).toEqual({ status: 'The push refers to repository [docker.io/learner/myalpine]' });
    expect(denied[denied.length - 1]).toEqual({ errorDetail: { message: 'denied: requested access to the resource is denied' }, error: 'denied: requested access to the resource is denied' });
    const official = streamOf(api(h, 'POST', '/images/alpine/push', { tag: 'latest' }, undefined, { 'X-Registry-Auth': b64(JSON.stringify({ username: 'learner', password: 'docker123' })) }));
    expect(official[official.length - 1]?.error).toBe('denied: requested access to the resource is denied');
    const ok = streamOf(api(h, 'POST', '/images/learner/myalpine/push', { tag: 'v1' }, undefined, { 'X-Registry-Auth': b64(JSON.stringify({ username: 'learner', password: 'docker123', serveraddress: 'https://index.docker.io/v1/' })) }));
    expect(ok.map((m) => m.status).filter(Boolean)).toEqual(['The push refers to repository [docker.io/learner/myalpine]', 'Preparing', 'Mounted from library/alpine', expect.stringMatching(/^v1: digest: sha256:[0-9a-f]{64} size: \d+$/)]);
    expect(api(h, 'POST', '/images/learner/nosuch/push', { tag: 'v1' }).body).toEqual({ message: 'An image does not exist locally with the tag: learner/nosuch:v1' });
    // Another host would pull it from the Hub; here: remove locally and pull back.
    api(h, 'DELETE', '/images/learner/myalpine:v1');
    const back = pullLines(api(h, 'POST', '/images/create', { fromImage: 'learner/myalpine', tag: 'v1' }));
    expect(back[0]).toBe('v1: Pulling from learner/myalpine');
    expect(back[back.length - 1]).toBe('Status: Downloaded newer image for learner/myalpine:v1');
    const found = api(h, 'GET', '/images/search', { term: 'myalpine' }).body as Array<{ name: string }>;
    expect(found.map((r) => r.name)).toEqual(['learner/myalpine']);
  });

  it('pushes to a registry:2 container on localhost:5000', () => {
    const h = bootImages();
    setSeams(h.engine, imageSeams);
    api(h, 'POST', '/images/create', { fromImage: 'busybox', tag: 'latest' });
    api(h, 'POST', '/images/busybox/tag', { repo: 'localhost:5000/bb', tag: 'latest' });
    const down = streamOf(api(h, 'POST', '/images/localhost:5000/bb/push', { tag: 'latest' }));
    expect(down[down.length - 1]?.error).toBe('Get "http://localhost:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused');
    // A running registry container publishing 5000 (its record as the containers area keeps it).
    api(h, 'POST', '/images/create', { fromImage: 'registry', tag: '2' });
    const c = api(h, 'POST', '/containers/create', { name: 'registry' }, { Image: 'registry:2', HostConfig: { PortBindings: { '5000/tcp': [{ HostIp: '', HostPort: '5000' }] } } }).body as { Id: string };
    const rec = h.engine.state.containers.byId[c.Id];
    if (!rec) throw new Error('no container');
    rec.State = { ...rec.State, Running: true, Status: 'running' };
    const up = streamOf(api(h, 'POST', '/images/localhost:5000/bb/push', { tag: 'latest' }));
    expect(up.map((m) => m.status).filter(Boolean)).toEqual(['The push refers to repository [localhost:5000/bb]', 'Preparing', 'Pushing', 'Pushed', expect.stringMatching(/^latest: digest: /)]);
    expect(pullLines(api(h, 'POST', '/images/create', { fromImage: 'localhost:5000/bb', tag: 'latest' })).pop()).toBe('Status: Image is up to date for localhost:5000/bb:latest');
  });

  it('search lists official images with stars', () => {
    const h = bootImages();
    const r = api(h, 'GET', '/images/search', { term: 'nginx', limit: '5' }).body as Array<{ name: string; is_official: boolean; star_count: number; description: string }>;
    expect(r[0]).toEqual({ star_count: 21031, is_official: true, name: 'nginx', is_automated: false, description: 'Official build of Nginx.' });
    expect(api(h, 'GET', '/images/search', { term: 'x', limit: '0' }).body).toEqual({ message: 'limit 0 is outside the range of [1, 100]' });
  });
});

describe('save, load, import', () => {
  it('save writes an OCI layout archive that load restores', () => {
    const h = bootImages();
    api(h, 'POST', '/images/create', { fromImage: 'busybox', tag: 'latest' });
    const id = (api(h, 'GET', '/images/busybox/json').body as { Id: string }).Id;
    const saved = api(h, 'GET', '/images/get', { names: ['busybox'] });
    expect(saved.headers['Content-Type']).toBe('application/x-tar');
    const entries = decodeTar(saved.body) ?? [];
    expect(entries.map((e) => e.path)).toEqual(expect.arrayContaining(['index.json', 'manifest.json', 'oci-layout', 'repositories', `blobs/sha256/${id.slice(7)}`]));
    api(h, 'DELETE', '/images/busybox');
    expect(api(h, 'GET', '/images/json').body).toEqual([]);
    const loaded = streamOf(api(h, 'POST', '/images/load', { quiet: '1' }, saved.body));
    expect(loaded).toEqual([{ stream: 'Loaded image: busybox:latest\n' }]);
    expect((api(h, 'GET', '/images/busybox/json').body as { Id: string }).Id).toBe(id);
    expect(api(h, 'POST', '/images/load', {}, 'not a tar').body).toEqual({ message: 'unexpected EOF' });
  });

  it('import makes a one-layer image from a rootfs archive', () => {
    const h = bootImages();
    const tar = JSON.stringify({ files: [{ path: 'bin/hello', type: 'file', mode: 0o755, size: 1, data: 'x' }, { path: 'etc', type: 'dir', mode: 0o755, size: 4096 }] });
    const r = streamOf(api(h, 'POST', '/images/create', { fromSrc: '-', repo: 'mine', tag: 'v1', changes: ['CMD ["/bin/hello"]'] }, tar));
    expect(String(r[0]?.status)).toMatch(/^sha256:[0-9a-f]{64}$/);
    const hist = api(h, 'GET', '/images/mine:v1/history').body as Array<{ CreatedBy: string; Comment: string }>;
    expect(hist).toEqual([expect.objectContaining({ CreatedBy: '', Comment: 'Imported from -' })]);
    expect((api(h, 'GET', '/images/mine:v1/json').body as { Config: unknown }).Config).toEqual({ Cmd: ['/bin/hello'] });
  });
});

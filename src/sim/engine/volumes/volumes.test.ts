import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../api/types.ts';
import { exists, mkdirAll, mount, readFile, writeFile, lstat, symlink } from '../../kernel/fs/index.ts';
import { openDir } from '../../kernel/fs/vfs/dirfd.ts';
import { isErr } from '../../kernel/errno.ts';
import { bootEngine, fakeContainer, type EngineHost } from '../network/testkit.ts';
import { prepareMounts, mountVolumes, releaseVolumes } from './mounts.ts';
import { isVolError } from './store.ts';

function api(h: EngineHost, method: ApiRequest['method'], path: string, body?: unknown, query: Record<string, string> = {}) {
  return h.engine.handle({ method, path, query, headers: {}, body }, 1);
}

function must<T>(x: T | { error: string; status: number }): T {
  if (isVolError(x)) throw new Error(x.error);
  return x;
}

/** An "image" root with some content at /data, and a container (own mount ns) using it. */
function container(h: EngineHost) {
  const c = fakeContainer(h, { mnt: true });
  const rootfs = `/var/lib/docker/overlay2/${c.id.slice(0, 12)}/merged`;
  mkdirAll(h.k, 1, `${rootfs}/data`, 0o755);
  writeFile(h.k, 1, `${rootfs}/data/seed.txt`, 'from the image\n');
  mkdirAll(h.k, 1, `${rootfs}/usr/share/nginx/html`, 0o755);
  // runc's prepareRoot: make the new mount namespace a slave of the host's, so nothing mounted there propagates back.
  if (isErr(mount(h.k, c.pid, '', '/', '', { flags: ['rslave'] }))) throw new Error('rslave');
  return { ...c, rootfs };
}

describe('volume routes', () => {
  it('creates, inspects and lists volumes with Docker 28 JSON', () => {
    const h = bootEngine();
    const r = api(h, 'POST', '/volumes/create', { Name: 'data' });
    expect(r.status).toBe(201);
    expect(JSON.stringify(r.body)).toBe(
      '{"CreatedAt":"2026-01-15T09:00:00Z","Driver":"local","Labels":null,"Mountpoint":"/var/lib/docker/volumes/data/_data","Name":"data","Options":null,"Scope":"local"}',
    );
    expect(lstat(h.k, 1, '/var/lib/docker/volumes/data/_data')).toMatchObject({ type: 'dir', perm: 0o755 });
    expect(lstat(h.k, 1, '/var/lib/docker/volumes')).toMatchObject({ type: 'dir', perm: 0o701 });
    expect(api(h, 'POST', '/volumes/create', { Name: 'data', Labels: { x: 'y' } }).body).toEqual(r.body);
    const anon = api(h, 'POST', '/volumes/create', { Labels: { tier: 'db' } }).body as { Name: string; Labels: object };
    expect(anon.Name).toMatch(/^[0-9a-f]{64}$/);
    expect(anon.Labels).toEqual({ tier: 'db' });
    expect(api(h, 'GET', '/volumes/data').body).toEqual(r.body);
    expect(api(h, 'GET', '/volumes/nope')).toMatchObject({ status: 404, body: { message: 'get nope: no such volume' } });
    expect((api(h, 'GET', '/volumes').body as { Volumes: Array<{ Name: string }>; Warnings: null }).Volumes.map((v) => v.Name)).toEqual(['data', anon.Name]);
    expect((api(h, 'GET', '/volumes', undefined, { filters: '{"label":["tier=db"]}' }).body as { Volumes: unknown[] }).Volumes).toHaveLength(1);
    expect(api(h, 'POST', '/volumes/create', { Name: 'a/b' }).body).toEqual({
      message: 'create a/b: "a/b" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path',
    });
    expect(api(h, 'POST', '/volumes/create', { Name: 'x', Driver: 'nfs' }).body).toEqual({ message: 'create x: error looking up volume plugin nfs: plugin "nfs" not found' });
  });

  it('removes volumes, refusing while a container uses them', () => {
    const h = bootEngine();
    const c = container(h);
    must(prepareMounts(h.engine, c.id, { binds: ['data:/data'] }));
    expect(api(h, 'DELETE', '/volumes/data')).toMatchObject({ status: 409, body: { message: `remove data: volume is in use - [${c.id}]` } });
    expect(api(h, 'DELETE', '/volumes/data', undefined, { force: '1' }).status).toBe(409);
    releaseVolumes(h.engine, c.id);
    expect(api(h, 'DELETE', '/volumes/data').status).toBe(204);
    expect(exists(h.k, 1, '/var/lib/docker/volumes/data')).toBe(false);
    expect(api(h, 'DELETE', '/volumes/data').body).toEqual({ message: 'get data: no such volume' });
    expect(api(h, 'DELETE', '/volumes/data', undefined, { force: '1' }).status).toBe(204);
  });

  it('prunes unused anonymous volumes, and every unused one with all=true', () => {
    const h = bootEngine();
    const c = container(h);
    must(prepareMounts(h.engine, c.id, { binds: ['keep:/data'], volumes: { '/cache': {} } }));
    api(h, 'POST', '/volumes/create', { Name: 'named' });
    const anon = h.engine.state.volumes.order.find((n) => h.engine.state.volumes.volumes[n]?.anonymous) as string;
    writeFile(h.k, 1, `/var/lib/docker/volumes/${anon}/_data/blob`, 'x'.repeat(1000));
    expect(api(h, 'POST', '/volumes/prune').body).toEqual({ VolumesDeleted: null, SpaceReclaimed: 0 });
    releaseVolumes(h.engine, c.id);
    expect(api(h, 'POST', '/volumes/prune').body).toEqual({ VolumesDeleted: [anon], SpaceReclaimed: 1000 });
    expect(api(h, 'POST', '/volumes/prune', undefined, { filters: '{"all":["true"]}' }).body).toEqual({ VolumesDeleted: ['keep', 'named'], SpaceReclaimed: 0 });
  });
});

describe('container mounts', () => {
  it('resolves -v, --mount, --tmpfs and image volumes into Docker inspect Mounts', () => {
    const h = bootEngine();
    const c = container(h);
    mkdirAll(h.k, 1, '/srv/conf', 0o755);
    const r = must(
      prepareMounts(h.engine, c.id, {
        binds: ['data:/data', '/srv/www:/usr/share/nginx/html:ro'],
        mounts: [{ Type: 'bind', Source: '/srv/conf', Target: '/etc/app' }, { Type: 'tmpfs', Target: '/scratch' }],
        tmpfs: { '/run': 'size=64m' },
        volumes: { '/var/cache': {}, '/data': {} },
      }),
    );
    const anon = r.Mounts[4]?.Name as string;
    expect(anon).toMatch(/^[0-9a-f]{64}$/);
    expect(r.Mounts).toEqual([
      { Type: 'volume', Name: 'data', Source: '/var/lib/docker/volumes/data/_data', Destination: '/data', Driver: 'local', Mode: 'z', RW: true, Propagation: '' },
      { Type: 'bind', Source: '/srv/www', Destination: '/usr/share/nginx/html', Mode: 'ro', RW: false, Propagation: 'rprivate' },
      { Type: 'bind', Source: '/srv/conf', Destination: '/etc/app', Mode: '', RW: true, Propagation: 'rprivate' },
      { Type: 'tmpfs', Source: '', Destination: '/scratch', Mode: '', RW: true, Propagation: '' },
      { Type: 'volume', Name: anon, Source: `/var/lib/docker/volumes/${anon}/_data`, Destination: '/var/cache', Driver: 'local', Mode: '', RW: true, Propagation: '' },
    ]);
    expect(Object.keys(r.Mounts[1] ?? {})).toEqual(['Type', 'Source', 'Destination', 'Mode', 'RW', 'Propagation']);
    expect(h.engine.state.volumes.volumes[anon]?.Labels).toEqual({ 'com.docker.volume.anonymous': '' });
    expect(h.engine.state.volumes.refs).toEqual({ data: [c.id], [anon]: [c.id] });
  });

  it('refuses bad specs like Docker', () => {
    const h = bootEngine();
    const err = (req: Parameters<typeof prepareMounts>[2]) => prepareMounts(h.engine, 'c'.repeat(64), req);
    expect(err({ binds: ['data:rel'] })).toEqual({ error: `invalid volume specification: 'data:rel': invalid mount config for type "volume": invalid mount path: 'rel' mount path must be absolute`, status: 400 });
    expect(err({ binds: ['/a:/b:xyz'] })).toEqual({ error: 'invalid mode: xyz', status: 400 });
    expect(err({ binds: ['a:b:c:d'] })).toEqual({ error: "invalid volume specification: 'a:b:c:d'", status: 400 });
    expect(err({ binds: ['/a:/x', 'vol:/x'] })).toEqual({ error: 'Duplicate mount point: /x', status: 400 });
    expect(err({ mounts: [{ Type: 'bind', Source: '/nope', Target: '/x' }] })).toEqual({ error: 'invalid mount config for type "bind": bind source path does not exist: /nope', status: 400 });
  });

  it('bind-mounts volumes into the container, copies image content into an empty volume, and data outlives the container', () => {
    const h = bootEngine();
    const c = container(h);
    const r = must(prepareMounts(h.engine, c.id, { binds: ['data:/data', '/srv/www:/usr/share/nginx/html:ro'], tmpfs: { '/run': '' } }));
    expect(mountVolumes(h.engine, c.id, c.pid, r.mounts, { rootfs: c.rootfs })).toBeNull();
    // The image's file was copied into the new volume.
    expect(readFile(h.k, 1, '/var/lib/docker/volumes/data/_data/seed.txt')).toBe('from the image\n');
    // A write inside the container lands in the volume on the host.
    expect(isErr(writeFile(h.k, c.pid, `${c.rootfs}/data/new.txt`, 'written by the container\n'))).toBe(false);
    expect(readFile(h.k, 1, '/var/lib/docker/volumes/data/_data/new.txt')).toBe('written by the container\n');
    // The -v bind created its missing host directory; it is read-only inside.
    expect(lstat(h.k, 1, '/srv/www')).toMatchObject({ type: 'dir' });
    expect(writeFile(h.k, c.pid, `${c.rootfs}/usr/share/nginx/html/x`, 'x')).toEqual({ errno: 'EROFS' });
    // The host's mount namespace does not see the container's mounts.
    expect(exists(h.k, 1, `${c.rootfs}/data/new.txt`)).toBe(false);
    // The container goes away; the volume and its data stay, and a new container sees them.
    releaseVolumes(h.engine, c.id, { removeAnonymous: true });
    expect(h.engine.state.volumes.volumes.data).toBeDefined();
    const d = container(h);
    const r2 = must(prepareMounts(h.engine, d.id, { binds: ['data:/data'] }));
    expect(mountVolumes(h.engine, d.id, d.pid, r2.mounts, { rootfs: d.rootfs })).toBeNull();
    expect(readFile(h.k, d.pid, `${d.rootfs}/data/new.txt`)).toBe('written by the container\n');
  });

  it('resolves targets inside the rootfs when runc hands its rootfs dirfd: an image symlink cannot send a mount to the host', () => {
    const h = bootEngine();
    const c = container(h);
    // The image links /x to an absolute path and /y to one that climbs with "..": both stay in the rootfs.
    mkdirAll(h.k, 1, `${c.rootfs}/tmp/esc`, 0o755);
    mkdirAll(h.k, 1, '/tmp/esc', 0o755);
    symlink(h.k, 1, '/tmp/esc', `${c.rootfs}/x`);
    symlink(h.k, 1, '../../../tmp/esc2', `${c.rootfs}/y`);
    const r = must(prepareMounts(h.engine, c.id, { binds: ['/srv/data:/y'], tmpfs: { '/x': '' } }));
    const at = openDir(h.k, c.pid, c.rootfs, { inRoot: true });
    if (isErr(at)) throw new Error(at.errno);
    expect(mountVolumes(h.engine, c.id, c.pid, r.mounts, { rootfs: c.rootfs, at })).toBeNull();
    // As the container will see them (paths resolved in the rootfs).
    expect(isErr(writeFile(h.k, c.pid, 'x/f', 'on tmpfs', {}, at))).toBe(false);
    expect(isErr(writeFile(h.k, c.pid, 'y/g', 'in the bind', {}, at))).toBe(false);
    // The tmpfs is on the rootfs's /tmp/esc, the bind made /tmp/esc2 in the rootfs; the host's /tmp/esc is untouched.
    expect(readFile(h.k, c.pid, `${c.rootfs}/tmp/esc/f`)).toBe('on tmpfs');
    expect(readFile(h.k, 1, '/srv/data/g')).toBe('in the bind');
    expect(exists(h.k, c.pid, '/tmp/esc/f')).toBe(false);
    expect(exists(h.k, 1, '/tmp/esc2')).toBe(false);
    // Without the dirfd, the host path is followed out of the rootfs (what runc's securejoin prevents).
    const d = container(h);
    symlink(h.k, 1, '/tmp/esc', `${d.rootfs}/x`);
    const r2 = must(prepareMounts(h.engine, d.id, { tmpfs: { '/x': '' } }));
    expect(mountVolumes(h.engine, d.id, d.pid, r2.mounts, { rootfs: d.rootfs })).toBeNull();
    expect(isErr(writeFile(h.k, d.pid, '/tmp/esc/h', 'escaped'))).toBe(false);
    expect(exists(h.k, 1, '/tmp/esc/h')).toBe(false);
  });

  it('removes anonymous volumes with the container (rm -v) but keeps named ones', () => {
    const h = bootEngine();
    const c = container(h);
    const r = must(prepareMounts(h.engine, c.id, { binds: ['named:/data', '/cache'] }));
    const anon = r.Mounts[1]?.Name as string;
    releaseVolumes(h.engine, c.id, { removeAnonymous: true });
    expect(h.engine.state.volumes.volumes[anon]).toBeUndefined();
    expect(exists(h.k, 1, `/var/lib/docker/volumes/${anon}`)).toBe(false);
    expect(h.engine.state.volumes.volumes.named).toBeDefined();
  });
});

import { describe, expect, it } from 'vitest';
import { api, bootImages } from './testkit.ts';
import { containerChanges, layerSize, prepareRootfs, removeRootfs, rootfsDirs } from './container-fs.ts';
import { mount, umount } from '../../kernel/fs/mount.ts';
import { mkdirAll, readFile, readdir, readlink, unlink, writeFile } from '../../kernel/fs/index.ts';
import { isErr } from '../../kernel/errno.ts';
import { exists, OVERLAY2 } from './hostfs.ts';

const CID = 'c0ffee'.padEnd(64, '0');

function setup(image = 'alpine', tag = 'latest') {
  const h = bootImages();
  api(h, 'POST', '/images/create', { fromImage: image, tag });
  const id = (api(h, 'GET', `/images/${image}:${tag}/json`).body as { Id: string }).Id;
  const r = prepareRootfs(h.engine, id, CID);
  if ('error' in r) throw new Error(r.error);
  const m = mount(h.k, 1, 'overlay', r.merged, 'overlay', { data: `lowerdir=${r.lowerdirs.join(':')},upperdir=${r.upperdir},workdir=${r.workdir}` });
  if (isErr(m)) throw new Error(m.errno);
  return { h, r, id };
}

describe('container layers', () => {
  it('makes the -init layer and the read-write layer as overlay2 does', () => {
    const { h, r } = setup();
    const mountId = r.mountId;
    expect(readdir(h.k, 1, `${OVERLAY2}/${mountId}`)).toEqual(expect.arrayContaining(['diff', 'link', 'lower', 'work', 'merged'].map((name) => expect.objectContaining({ name }))));
    const init = `${OVERLAY2}/${mountId}-init/diff`;
    for (const p of ['etc/hosts', 'etc/hostname', 'etc/resolv.conf', '.dockerenv', 'dev/console', 'dev/pts', 'dev/shm']) expect(exists(h.engine, `${init}/${p}`)).toBe(true);
    expect(readFile(h.k, 1, `${OVERLAY2}/${mountId}/lower`)).toMatch(/^l\/[A-Z2-7]{26}:l\/[A-Z2-7]{26}$/);
    expect(r.lowerdirs[0]).toMatch(/\/l\/[A-Z2-7]{26}$/);
    expect(readlink(h.k, 1, r.lowerdirs[0] as string)).toBe(`../${mountId}-init/diff`);
    expect(r.graphDriver.LowerDir.split(':')[0]).toBe(init);
    expect(readFile(h.k, 1, `/var/lib/docker/image/overlay2/layerdb/mounts/${CID}/mount-id`)).toBe(mountId);
    // The merged view: the image's files plus the init layer's.
    expect(readFile(h.k, 1, `${r.merged}/etc/alpine-release`)).toBe('3.22.2\n');
    expect(readlink(h.k, 1, `${r.merged}/bin/ls`)).toBe('/bin/busybox');
  });

  it('docker diff reports A, C and D, not Docker\'s own files', () => {
    const { h, r } = setup();
    const m = r.merged;
    writeFile(h.k, 1, `${m}/etc/hosts`, '127.0.0.1 localhost\n');
    mkdirAll(h.k, 1, `${m}/app/data`);
    writeFile(h.k, 1, `${m}/app/data/x.txt`, 'hello\n');
    writeFile(h.k, 1, `${m}/etc/motd`, 'changed\n');
    unlink(h.k, 1, `${m}/etc/issue`);
    const ch = containerChanges(h.engine, CID);
    expect(ch).toEqual([
      { Kind: 1, Path: '/app' },
      { Kind: 0, Path: '/etc' },
      { Kind: 2, Path: '/etc/issue' },
      { Kind: 0, Path: '/etc/motd' },
    ]);
    const s = layerSize(h.engine, CID);
    expect(s.sizeRw).toBe('127.0.0.1 localhost\n'.length + 'hello\n'.length + 'changed\n'.length);
    expect(s.sizeRootFs).toBe(s.sizeRw + 8_311_000);
  });

  it('only Docker\'s files written: no changes', () => {
    const { h, r } = setup();
    writeFile(h.k, 1, `${r.merged}/etc/resolv.conf`, 'nameserver 1.1.1.1\n');
    expect(containerChanges(h.engine, CID)).toEqual([]);
  });

  it('removeRootfs deletes both directories and the links', () => {
    const { h, r } = setup('busybox');
    const links = r.lowerdirs.slice(0, 1);
    umount(h.k, 1, r.merged);
    api(h, 'DELETE', '/images/busybox', { force: '1' });
    expect(Object.keys(h.engine.state.images.layers)).toHaveLength(1);
    removeRootfs(h.engine, CID);
    expect(rootfsDirs(h.engine, CID)).toBeNull();
    expect(exists(h.engine, `${OVERLAY2}/${r.mountId}`)).toBe(false);
    expect(exists(h.engine, `${OVERLAY2}/${r.mountId}-init`)).toBe(false);
    expect(exists(h.engine, links[0] as string)).toBe(false);
    expect(h.engine.state.images.mounts[CID]).toBeUndefined();
    // The image was force-deleted while the container used it: its layer goes with the container.
    expect(Object.keys(h.engine.state.images.layers)).toHaveLength(0);
  });
});

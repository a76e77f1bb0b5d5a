import { describe, expect, it } from 'vitest';
import { boot, fork, must } from '../process/testkit.ts';
import type { LoggedEvent } from '../../events.ts';
import type { Kernel } from '../kernel.ts';
import { stat, lstat, readFile, readdir } from './vfs/ops-read.ts';
import { writeFile, mkdir, mkdirAll, truncate, link } from './vfs/ops-write.ts';
import { unlink, rmdir, rename } from './vfs/ops-remove.ts';
import { chmod } from './vfs/ops-attr.ts';
import { mount, umount } from './mount.ts';
import { populateTree, diffPaths } from './populate.ts';
import { diffUpper, overlayLayers } from './overlay.ts';
import { mountTable } from './mountinfo.ts';

const O2 = '/var/lib/docker/overlay2';

function layers(k: Kernel, pid: number): void {
  must(
    populateTree(k, pid, `${O2}/base/diff`, {
      'etc/os-release': 'NAME="Alpine Linux"\n',
      'etc/motd': 'base motd\n',
      'bin/sh': { file: null, size: 800000, mode: 0o755 },
      'usr/share/doc/readme': 'read me\n',
      'data/a': 'a\n',
      'data/b': 'b\n',
    }, { parents: true }),
  );
  must(
    populateTree(k, pid, `${O2}/app/diff`, {
      'etc/motd': 'app motd\n',
      'data/b': { whiteout: true },
      'opt/app.conf': 'port=80\n',
    }, { parents: true }),
  );
}

function container(k: Kernel, pid: number, id: string, upper = true): string {
  must(mkdirAll(k, pid, `${O2}/${id}/diff`));
  must(mkdirAll(k, pid, `${O2}/${id}/work`));
  must(mkdirAll(k, pid, `${O2}/${id}/merged`));
  const lower = `lowerdir=${O2}/app/diff:${O2}/base/diff`;
  const data = upper ? `${lower},upperdir=${O2}/${id}/diff,workdir=${O2}/${id}/work` : lower;
  must(mount(k, pid, 'overlay', `${O2}/${id}/merged`, 'overlay', { data }));
  return `${O2}/${id}/merged`;
}

function setup() {
  const b = boot();
  const pid = fork(b.k, 1, { comm: 'dockerd' }).pid as number;
  layers(b.k, pid);
  const m = container(b.k, pid, 'c1');
  const sb = mountTable(b.k, pid) as ReturnType<typeof mountTable> & Array<{ point: string; sb: number }>;
  const ovl = sb.find((e) => e.point === m)!.sb;
  return { ...b, pid, m, ovl };
}

function since(log: LoggedEvent[], n: number): LoggedEvent[] {
  return log.slice(n);
}

describe('overlayfs lookups', () => {
  it('merges layers: left-most lowerdir on top, whiteouts hide lower names', () => {
    const { k, pid, m } = setup();
    expect(readFile(k, pid, `${m}/etc/motd`)).toBe('app motd\n');
    expect(readFile(k, pid, `${m}/etc/os-release`)).toBe('NAME="Alpine Linux"\n');
    expect(must(readdir(k, pid, `${m}/data`)).map((e) => e.name)).toEqual(['a']);
    expect(stat(k, pid, `${m}/data/b`)).toEqual({ errno: 'ENOENT' });
    expect(must(readdir(k, pid, m)).map((e) => e.name).sort()).toEqual(['bin', 'data', 'etc', 'opt', 'usr']);
    expect(must(stat(k, pid, `${m}/bin/sh`)).size).toBe(800000);
  });

  it('merges a directory found in four lower layers, each layer in order', () => {
    const { k, pid } = setup();
    for (const [i, name] of ['l1', 'l2', 'l3', 'l4'].entries()) {
      must(populateTree(k, pid, `${O2}/${name}/diff`, { [`etc/from-${name}`]: `${i}\n`, 'etc/who': `${name}\n` }, { parents: true }));
    }
    must(mkdirAll(k, pid, `${O2}/c4/merged`));
    const lower = ['l1', 'l2', 'l3', 'l4'].map((l) => `${O2}/${l}/diff`).join(':');
    must(mount(k, pid, 'overlay', `${O2}/c4/merged`, 'overlay', { data: `lowerdir=${lower}` }));
    const m = `${O2}/c4/merged`;
    expect(must(readdir(k, pid, `${m}/etc`)).map((e) => e.name).sort()).toEqual(['from-l1', 'from-l2', 'from-l3', 'from-l4', 'who']);
    expect(readFile(k, pid, `${m}/etc/who`)).toBe('l1\n');
    expect(readFile(k, pid, `${m}/etc/from-l4`)).toBe('3\n');
  });

  it('reports its layers for views', () => {
    const { k, ovl } = setup();
    const v = overlayLayers(k, ovl)!;
    expect(v.lower.map((l) => l.path)).toEqual([`${O2}/app/diff`, `${O2}/base/diff`]);
    expect(v.upper?.path).toBe(`${O2}/c1/diff`);
    expect(v.readOnly).toBe(false);
  });
});

describe('copy-up', () => {
  it('copies a lower file (and its parent) up on the first write; the lower file is untouched', () => {
    const { k, log, pid, m, ovl } = setup();
    const n = log.length;
    must(writeFile(k, pid, `${m}/etc/os-release`, 'PRETTY_NAME="changed"\n', { append: true }));
    const ev = since(log, n);
    const ups = ev.filter((e) => e.type === 'fs.copiedUp');
    expect(ups.map((e) => e.type === 'fs.copiedUp' && [e.path, e.fromLayer, e.overlay])).toEqual([
      ['/etc', 0, ovl],
      ['/etc/os-release', 1, ovl],
    ]);
    const w = ev.find((e) => e.type === 'fs.fileWritten');
    expect(w && w.type === 'fs.fileWritten' && [w.overlay, w.how, w.at.path]).toEqual([ovl, 'append', `${m}/etc/os-release`]);
    expect(readFile(k, pid, `${m}/etc/os-release`)).toBe('NAME="Alpine Linux"\nPRETTY_NAME="changed"\n');
    expect(readFile(k, pid, `${O2}/base/diff/etc/os-release`)).toBe('NAME="Alpine Linux"\n');
    expect(readFile(k, pid, `${O2}/c1/diff/etc/os-release`)).toBe('NAME="Alpine Linux"\nPRETTY_NAME="changed"\n');
    // The second write goes straight to the upper copy.
    const n2 = log.length;
    must(writeFile(k, pid, `${m}/etc/os-release`, 'x\n'));
    expect(since(log, n2).some((e) => e.type === 'fs.copiedUp')).toBe(false);
  });

  it('copies up on chmod, truncate and link, keeping the merged directory merged', () => {
    const { k, log, pid, m } = setup();
    const n = log.length;
    must(chmod(k, pid, `${m}/etc/motd`, 0o600));
    expect(must(stat(k, pid, `${m}/etc/motd`)).perm).toBe(0o600);
    expect(must(stat(k, pid, `${O2}/app/diff/etc/motd`)).perm).toBe(0o644);
    must(truncate(k, pid, `${m}/data/a`, 0));
    expect(readFile(k, pid, `${m}/data/a`)).toBe('');
    expect(readFile(k, pid, `${O2}/base/diff/data/a`)).toBe('a\n');
    must(link(k, pid, `${m}/opt/app.conf`, `${m}/opt/app.conf.bak`));
    expect(must(stat(k, pid, `${m}/opt/app.conf`)).nlink).toBe(2);
    expect(since(log, n).filter((e) => e.type === 'fs.copiedUp').length).toBe(6);
    expect(must(readdir(k, pid, `${m}/etc`)).map((e) => e.name).sort()).toEqual(['motd', 'os-release']);
  });

  it('creates new files in the upper directory', () => {
    const { k, log, pid, m, ovl } = setup();
    const n = log.length;
    must(writeFile(k, pid, `${m}/etc/new.conf`, 'x=1\n'));
    const c = since(log, n).find((e) => e.type === 'fs.created');
    expect(c?.type === 'fs.created' && c.overlay).toBe(ovl);
    expect(readFile(k, pid, `${O2}/c1/diff/etc/new.conf`)).toBe('x=1\n');
  });
});

describe('whiteouts and opaque directories', () => {
  it('deleting a lower file leaves a 0/0 character device in upper', () => {
    const { k, log, pid, m } = setup();
    const n = log.length;
    must(unlink(k, pid, `${m}/etc/os-release`));
    const w = since(log, n).find((e) => e.type === 'fs.whiteoutCreated');
    expect(w?.type === 'fs.whiteoutCreated' && w.path).toBe('/etc/os-release');
    expect(stat(k, pid, `${m}/etc/os-release`)).toEqual({ errno: 'ENOENT' });
    const wo = must(lstat(k, pid, `${O2}/c1/diff/etc/os-release`));
    expect([wo.type, wo.rdevMajor, wo.rdevMinor]).toEqual(['chardev', 0, 0]);
    expect(must(readdir(k, pid, `${m}/etc`)).map((e) => e.name)).toEqual(['motd']);
    expect(readFile(k, pid, `${O2}/base/diff/etc/os-release`)).toBe('NAME="Alpine Linux"\n');
    // Re-creating the name replaces the whiteout.
    must(writeFile(k, pid, `${m}/etc/os-release`, 'new\n'));
    expect(readFile(k, pid, `${m}/etc/os-release`)).toBe('new\n');
  });

  it('deleting an upper-only file just removes it', () => {
    const { k, log, pid, m } = setup();
    must(writeFile(k, pid, `${m}/tmpfile`, 'x'));
    const n = log.length;
    must(unlink(k, pid, `${m}/tmpfile`));
    expect(since(log, n).map((e) => e.type)).toEqual(['fs.removed']);
    expect(stat(k, pid, `${O2}/c1/diff/tmpfile`)).toEqual({ errno: 'ENOENT' });
  });

  it('rmdir of a lower directory then mkdir gives an opaque directory', () => {
    const { k, log, pid, m } = setup();
    expect(rmdir(k, pid, `${m}/usr/share/doc`)).toEqual({ errno: 'ENOTEMPTY' });
    must(unlink(k, pid, `${m}/usr/share/doc/readme`));
    must(rmdir(k, pid, `${m}/usr/share/doc`));
    expect(stat(k, pid, `${m}/usr/share/doc`)).toEqual({ errno: 'ENOENT' });
    const n = log.length;
    must(mkdir(k, pid, `${m}/usr/share/doc`));
    const o = since(log, n).find((e) => e.type === 'fs.opaqueDirCreated');
    expect(o?.type === 'fs.opaqueDirCreated' && o.inode.xattrs).toEqual({ 'trusted.overlay.opaque': 'y' });
    expect(must(readdir(k, pid, `${m}/usr/share/doc`))).toEqual([]);
    expect(readFile(k, pid, `${O2}/base/diff/usr/share/doc/readme`)).toBe('read me\n');
  });

  it('renaming a lower directory is EXDEV; a lower file moves with a whiteout left behind', () => {
    const { k, log, pid, m } = setup();
    expect(rename(k, pid, `${m}/etc`, `${m}/etc2`)).toEqual({ errno: 'EXDEV' });
    const n = log.length;
    must(rename(k, pid, `${m}/etc/motd`, `${m}/opt/motd`));
    const types = since(log, n).map((e) => e.type);
    expect(types).toContain('fs.copiedUp');
    expect(types).toContain('fs.renamed');
    expect(types[types.length - 1]).toBe('fs.whiteoutCreated');
    expect(readFile(k, pid, `${m}/opt/motd`)).toBe('app motd\n');
    expect(stat(k, pid, `${m}/etc/motd`)).toEqual({ errno: 'ENOENT' });
    // Renaming an upper-only directory works.
    must(mkdir(k, pid, `${m}/newdir`));
    must(rename(k, pid, `${m}/newdir`, `${m}/newdir2`));
    expect(must(stat(k, pid, `${m}/newdir2`)).type).toBe('dir');
  });
});

describe('read-only overlays, docker diff, sharing', () => {
  it('is read-only without an upperdir', () => {
    const { k, pid } = setup();
    const m = container(k, pid, 'ro', false);
    expect(readFile(k, pid, `${m}/etc/motd`)).toBe('app motd\n');
    expect(writeFile(k, pid, `${m}/etc/motd`, 'x')).toEqual({ errno: 'EROFS' });
    expect(mkdir(k, pid, `${m}/x`)).toEqual({ errno: 'EROFS' });
    expect(unlink(k, pid, `${m}/etc/motd`)).toEqual({ errno: 'EROFS' });
    expect(mountTable(k, pid)).toEqual(expect.arrayContaining([expect.objectContaining({ point: m, superOptions: expect.stringMatching(/^ro,lowerdir=/) })]));
  });

  it('lists A/C/D changes like docker diff', () => {
    const { k, pid, m, ovl } = setup();
    must(writeFile(k, pid, `${m}/etc/motd`, 'changed\n'));
    must(unlink(k, pid, `${m}/data/a`));
    must(mkdirAll(k, pid, `${m}/root/.cache`));
    expect(diffUpper(k, ovl)).toEqual([
      { kind: 'C', path: '/data' },
      { kind: 'D', path: '/data/a' },
      { kind: 'C', path: '/etc' },
      { kind: 'C', path: '/etc/motd' },
      { kind: 'A', path: '/root' },
    ]);
    // A stopped container's overlay is unmounted: diff the directories themselves.
    const before = diffUpper(k, ovl);
    must(umount(k, pid, m));
    expect(diffUpper(k, ovl)).toEqual([]);
    expect(diffPaths(k, pid, `${O2}/c1/diff`, [`${O2}/app/diff`, `${O2}/base/diff`])).toEqual(before);
  });

  it('shares lower layers between containers: no inode is copied per container', () => {
    const { k, pid, m } = setup();
    const before = Object.keys(k.state.fs.inodes).length;
    const m2 = container(k, pid, 'c2');
    // Only c2's diff/work/merged directories are new.
    expect(Object.keys(k.state.fs.inodes).length - before).toBe(4);
    must(writeFile(k, pid, `${m}/etc/motd`, 'c1 only\n'));
    expect(readFile(k, pid, `${m2}/etc/motd`)).toBe('app motd\n');
  });
});

import { describe, expect, it } from 'vitest';
import { boot, must } from '../process/testkit.ts';
import type { Inode } from './types.ts';
import { OPAQUE_XATTR } from './types.ts';
import type { TreeEntry, TreeSpec } from './tree.ts';
import { buildTree } from './tree.ts';
import { compileTree, freezeTemplate, unpackTemplate } from './tree-template.ts';
import { components } from './vfs/path.ts';
import { populateTree } from './populate.ts';
import { lstat, readdir, readFile, readlink } from './vfs/ops-read.ts';

/** buildTree as it was before templates (one inode per entry, path by path): the reference numbering and records. */
function referenceBuildTree(spec: TreeSpec, o: { sb: number; firstIno: number; timeMs: number; rootMode?: number }): { root: number; inodes: Record<number, Inode>; nextIno: number } {
  const base = (t: number) => ({ sb: o.sb, atimeMs: t, mtimeMs: t, ctimeMs: t });
  const inodeFor = (e: TreeEntry, t: number): Inode => {
    if (typeof e === 'string') return { ...base(t), type: 'file', mode: 0o644, uid: 0, gid: 0, size: e.length, nlink: 1, data: e };
    if ('file' in e) return { ...base(e.mtimeMs ?? t), type: 'file', mode: e.mode ?? 0o644, uid: e.uid ?? 0, gid: e.gid ?? 0, size: e.size ?? (e.file ?? '').length, nlink: 1, data: e.file };
    if ('dir' in e) {
      const i: Inode = { ...base(e.mtimeMs ?? t), type: 'dir', mode: e.mode ?? 0o755, uid: e.uid ?? 0, gid: e.gid ?? 0, size: 4096, nlink: 2, entries: {} };
      if (e.opaque) i.xattrs = { [OPAQUE_XATTR]: 'y' };
      return i;
    }
    if ('symlink' in e) return { ...base(t), type: 'symlink', mode: 0o777, uid: e.uid ?? 0, gid: e.gid ?? 0, size: e.symlink.length, nlink: 1, target: e.symlink };
    if ('dev' in e) return { ...base(t), type: e.dev === 'char' ? 'chardev' : 'blockdev', mode: e.mode ?? 0o666, uid: e.uid ?? 0, gid: e.gid ?? 0, size: 0, nlink: 1, rdev: [e.major, e.minor] };
    if ('fifo' in e) return { ...base(t), type: 'fifo', mode: e.mode ?? 0o644, uid: e.uid ?? 0, gid: e.gid ?? 0, size: 0, nlink: 1 };
    return { ...base(t), type: 'chardev', mode: 0, uid: 0, gid: 0, size: 0, nlink: 1, rdev: [0, 0] };
  };
  let next = o.firstIno;
  const root = next++;
  const inodes: Record<number, Inode> = { [root]: { ...base(o.timeMs), type: 'dir', mode: o.rootMode ?? 0o755, uid: 0, gid: 0, size: 4096, nlink: 2, entries: {} } };
  const put = (e: Record<string, number>, n: string, v: number) => Object.defineProperty(e, n, { value: v, enumerable: true, writable: true, configurable: true });
  const dirOf = (parts: string[]): Inode => {
    let cur = inodes[root] as Inode;
    for (const c of parts) {
      const e = cur.entries as Record<string, number>;
      let ino = Object.prototype.hasOwnProperty.call(e, c) ? e[c] : undefined;
      if (ino === undefined) {
        ino = next++;
        inodes[ino] = inodeFor({ dir: true }, o.timeMs);
        put(e, c, ino);
        cur.nlink++;
      }
      const d = inodes[ino] as Inode;
      if (d.type !== 'dir') throw new Error('not a directory');
      cur = d;
    }
    return cur;
  };
  for (const key of Object.keys(spec).sort((a, b) => components(a).length - components(b).length)) {
    const parts = components(key);
    const name = parts.pop();
    const entry = spec[key];
    if (name === undefined || entry === undefined) continue;
    const parent = dirOf(parts);
    const e = parent.entries as Record<string, number>;
    const existing = Object.prototype.hasOwnProperty.call(e, name) ? e[name] : undefined;
    const ino = inodeFor(entry, o.timeMs);
    if (existing !== undefined) {
      const ex = inodes[existing] as Inode;
      if (ex.type === 'dir' && ino.type === 'dir') {
        ex.mode = ino.mode;
        ex.uid = ino.uid;
        ex.gid = ino.gid;
        if (ino.xattrs) ex.xattrs = ino.xattrs;
        continue;
      }
      throw new Error('duplicate');
    }
    const n = next++;
    inodes[n] = ino;
    put(e, name, n);
    if (ino.type === 'dir') parent.nlink++;
  }
  return { root, inodes, nextIno: next };
}

const SPEC: TreeSpec = {
  'usr/bin/ls': { file: '\x7fELF ls', size: 138_000, mode: 0o755 },
  'etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n',
  'usr/local': { dir: true, mode: 0o2775, uid: 0, gid: 50 },
  bin: { symlink: 'usr/bin' },
  'var/lib/x/y/z': { file: null, size: 42, mtimeMs: 1_600_000_000_000 },
  'etc/opaque': { dir: true, opaque: true },
  'dev/null': { dev: 'char', major: 1, minor: 3 },
  'dev/sda': { dev: 'block', major: 8, minor: 0, mode: 0o660, gid: 6 },
  'run/fifo': { fifo: true },
  'etc/gone': { whiteout: true },
  'etc/__proto__': 'odd name\n',
  '12': 'integer-like name\n',
  'a//b/./c': 'unnormalised\n',
  'tmp/': { dir: true, mode: 0o1777, mtimeMs: 5 },
  usr: { dir: true, mode: 0o700 },
  'etc/opaq2': { dir: true, mode: 0o700, mtimeMs: 1 },
  'etc/opaq2/': { dir: true, opaque: true, mode: 0o750, uid: 5 },
};

describe('tree templates', () => {
  it('number and fill inodes exactly as buildTree always has', () => {
    const o = { sb: 3, firstIno: 1000, timeMs: 1_700_000_000_000, rootMode: 0o710 };
    expect(buildTree(SPEC, o)).toStrictEqual(referenceBuildTree(SPEC, o));
    expect(buildTree({}, o)).toStrictEqual(referenceBuildTree({}, o));
  });

  it('seeded random specs agree with the reference', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const names = ['a', 'b', 'c', 'etc', '1', 'usr'];
    for (let round = 0; round < 200; round++) {
      const spec: TreeSpec = {};
      const n = 1 + rnd(25);
      for (let i = 0; i < n; i++) {
        const depth = 1 + rnd(4);
        const path = Array.from({ length: depth }, () => names[rnd(names.length)]).join('/');
        const kind = rnd(4);
        spec[path] = kind === 0 ? { dir: true, mode: 0o700 + rnd(8) } : kind === 1 ? `f${i}` : kind === 2 ? { symlink: 't' } : { file: null, size: rnd(9999) };
      }
      let want: unknown;
      try {
        want = referenceBuildTree(spec, { sb: 1, firstIno: 50, timeMs: 9 });
      } catch {
        expect(() => buildTree(spec, { sb: 1, firstIno: 50, timeMs: 9 })).toThrow();
        continue;
      }
      expect(buildTree(spec, { sb: 1, firstIno: 50, timeMs: 9 })).toStrictEqual(want);
    }
  });

  it('reject a spec that names a path twice or puts a file under a file', () => {
    expect(() => compileTree({ a: 'x', 'a/': 'y' })).toThrow(/duplicate entry/);
    expect(() => compileTree({ a: 'x', 'a/b': 'y' })).toThrow(/a is not a directory/);
  });

  it('a graft numbers its entries as if the spec had held them under that directory', () => {
    const outer: TreeSpec = { diff: { dir: true }, link: { file: 'ABC', mode: 0o644 }, lower: 'l/X', work: { dir: true, mode: 0o700 } };
    const nested: TreeSpec = { ...outer };
    for (const [k, v] of Object.entries(SPEC)) nested[`diff/${k}`] = v;
    const o = { sb: 1, firstIno: 77, timeMs: 123 };
    const into: Record<number, Inode> = {};
    const inner = freezeTemplate(compileTree(SPEC));
    const u = unpackTemplate(compileTree(outer, { mode: 0o710 }), o, into, { at: 1, tree: inner });
    const want = referenceBuildTree(nested, { ...o, rootMode: 0o710 });
    expect(into).toStrictEqual(want.inodes);
    expect(u.nextIno).toBe(want.nextIno);
    expect(u.count).toBe(Object.keys(want.inodes).length);
    expect(u.bytes).toBe(Object.values(want.inodes).reduce((n, i) => n + (i.type === 'file' ? i.size : 0), 0));
  });

  it('a frozen template is shared: each unpack makes its own inodes', () => {
    const t = freezeTemplate(compileTree(SPEC));
    const a: Record<number, Inode> = {};
    const b: Record<number, Inode> = {};
    unpackTemplate(t, { sb: 1, firstIno: 10, timeMs: 1 }, a);
    unpackTemplate(t, { sb: 1, firstIno: 10, timeMs: 1 }, b);
    (a[10] as Inode).mode = 0;
    ((a[10] as Inode).entries as Record<string, number>).extra = 1;
    expect((b[10] as Inode).mode).toBe(0o755);
    expect((b[10] as Inode).entries).not.toHaveProperty('extra');
    const dev = Object.values(a).find((i) => i.type === 'blockdev') as Inode;
    (dev.rdev as [number, number])[0] = 99;
    expect((Object.values(b).find((i) => i.type === 'blockdev') as Inode).rdev).toEqual([8, 0]);
    expect(Object.isFrozen(t.node[1])).toBe(true);
  });

  it('populateTree unpacks a graft in one fs.treeCreated event, visible through the VFS', () => {
    const { k, log } = boot();
    const inner = freezeTemplate(compileTree(SPEC));
    const before = log.length;
    const sb1 = k.state.fs.sbs[1];
    const used = sb1?.usedBytes ?? 0;
    const count = sb1?.inodeCount ?? 0;
    must(populateTree(k, 1, '/var/lib/docker/overlay2/abc', { diff: { dir: true }, link: 'SHORT' }, { parents: true, mode: 0o710, graft: { name: 'diff', tree: inner } }));
    const tree = log.slice(before).filter((e) => e.type === 'fs.treeCreated');
    expect(tree).toHaveLength(1);
    expect(must(readFile(k, 1, '/var/lib/docker/overlay2/abc/diff/etc/passwd'))).toBe('root:x:0:0:root:/root:/bin/sh\n');
    expect(must(readlink(k, 1, '/var/lib/docker/overlay2/abc/diff/bin'))).toBe('usr/bin');
    expect(must(lstat(k, 1, '/var/lib/docker/overlay2/abc/diff/usr/bin/ls')).size).toBe(138_000);
    expect(must(lstat(k, 1, '/var/lib/docker/overlay2/abc')).mode & 0o7777).toBe(0o710);
    expect(must(lstat(k, 1, '/var/lib/docker/overlay2/abc/diff/tmp')).mode & 0o7777).toBe(0o1777);
    expect(must(readdir(k, 1, '/var/lib/docker/overlay2/abc')).map((e) => e.name).filter((n) => n !== '.' && n !== '..')).toEqual(['diff', 'link']);
    const added = (k.state.fs.sbs[1]?.inodeCount ?? 0) - count;
    expect(added).toBe(3 + inner.node.length - 1);
    expect((k.state.fs.sbs[1]?.usedBytes ?? 0) - used).toBe(5 + 138_000 + 42 + 'root:x:0:0:root:/root:/bin/sh\n'.length + 'odd name\n'.length + 'integer-like name\n'.length + 'unnormalised\n'.length);
  });
});

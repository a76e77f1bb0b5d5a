import { describe, expect, it } from 'vitest';
import type { Inode } from '../../kernel/fs/types.ts';
import type { TreeSpec } from '../../kernel/fs/tree.ts';
import { buildTree } from '../../kernel/fs/tree.ts';
import { compileTree, unpackTemplate } from '../../kernel/fs/tree-template.ts';
import { populateTree, readFile, writeFile } from '../../kernel/fs/index.ts';
import { isErr } from '../../kernel/errno.ts';
import { allLayerKeys, findTag } from './catalogue/index.ts';
import { catLayers, type CatImage } from './catalogue/types.ts';
import { layerTemplate, layerTree } from './rootfs/index.ts';
import { api, bootImages } from './testkit.ts';
import { diffDir, layerStack } from './layers.ts';
import { exportTree } from './tree-export.ts';

describe('catalogue layer templates', () => {
  it('are compiled once, frozen, and unpack as the layer spec under overlay2/<id>/diff would', () => {
    const keys = allLayerKeys();
    expect(keys.length).toBeGreaterThan(50);
    for (const key of keys) {
      const t = layerTemplate(key);
      expect(t, key).not.toBeNull();
      if (!t) continue;
      expect(layerTemplate(key)).toBe(t);
      expect(Object.isFrozen(t) && Object.isFrozen(t.node) && t.node.every((p) => Object.isFrozen(p))).toBe(true);
      // The same numbering and records as the old one-spec form: diff/ entries after the wrapper's.
      const spec = layerTree(key) as TreeSpec;
      const outer: TreeSpec = { diff: { dir: true }, link: { file: 'SHORTID', mode: 0o644 }, lower: { file: 'l/A:l/B', mode: 0o644 }, work: { dir: true, mode: 0o700 } };
      const nested: TreeSpec = { ...outer };
      for (const [p, e] of Object.entries(spec)) nested[`diff/${p}`] = e;
      const into: Record<number, Inode> = {};
      unpackTemplate(compileTree(outer, { mode: 0o710 }), { sb: 1, firstIno: 500, timeMs: 42 }, into, { at: 1, tree: t });
      expect(into, key).toStrictEqual(buildTree(nested, { sb: 1, firstIno: 500, timeMs: 42, rootMode: 0o710 }).inodes);
    }
  });

  it('a pull unpacks each layer in one fs.treeCreated event; hosts never share inodes', () => {
    const a = bootImages(1);
    const b = bootImages(1);
    const mark = a.log.length;
    expect(api(a, 'POST', '/images/create', { fromImage: 'nginx', tag: 'latest' }).status).toBe(200);
    expect(api(b, 'POST', '/images/create', { fromImage: 'nginx', tag: 'latest' }).status).toBe(200);
    const layers = Object.values(a.engine.state.images.layers);
    const trees = a.log.slice(mark).filter((e) => e.type === 'fs.treeCreated');
    // overlay2/<cache-id>/ and layerdb/sha256/<chain-id>/ per layer, plus imagedb's metadata.
    expect(trees).toHaveLength(layers.length * 2 + 1);
    const base = layerStack(a.engine, a.engine.state.images.images[Object.keys(a.engine.state.images.images)[0] as string]?.topChainId ?? '').at(-1);
    expect(base).toBeDefined();
    const passwd = `${diffDir(base?.cacheId ?? '')}/etc/passwd`;
    const before = readFile(b.k, 1, passwd.replace(base?.cacheId ?? '', b.engine.state.images.layers[base?.chainId ?? '']?.cacheId ?? ''));
    expect(isErr(before)).toBe(false);
    expect(isErr(writeFile(a.k, 1, passwd, 'changed\n'))).toBe(false);
    expect(readFile(a.k, 1, passwd)).toBe('changed\n');
    const after = readFile(b.k, 1, passwd.replace(base?.cacheId ?? '', b.engine.state.images.layers[base?.chainId ?? '']?.cacheId ?? ''));
    expect(after).toBe(before);
    expect(after).not.toBe('changed\n');
  });

  it('the unpacked diff/ holds exactly the catalogue layer\'s files (as unpacking its spec path by path would)', () => {
    const h = bootImages(3);
    expect(api(h, 'POST', '/images/create', { fromImage: 'redis', tag: 'latest' }).status).toBe(200);
    const img = findTag('redis', 'latest') as CatImage;
    const top = Object.values(h.engine.state.images.images)[0]?.topChainId ?? '';
    const stack = layerStack(h.engine, top).reverse();
    const keys = catLayers(img).map((l) => l.key);
    expect(stack).toHaveLength(keys.length);
    stack.forEach((l, i) => {
      const spec = layerTree(keys[i] as string) as TreeSpec;
      expect(isErr(populateTree(h.k, 1, `/tmp/ref${i}`, spec))).toBe(false);
      expect(exportTree(h.engine, diffDir(l.cacheId))).toStrictEqual(exportTree(h.engine, `/tmp/ref${i}`));
    });
  });
});

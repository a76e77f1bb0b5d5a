/**
 * Build step for offline use (Node, used by vite.config.ts): emits
 * service-worker.ts as dist/sw.js, then, once every file of the build is on
 * disk, prepends its precache manifest: the build's files (relative URLs)
 * and a version hashed from their contents. A new build therefore has a new
 * sw.js byte for byte, which is how the browser notices an update.
 *
 * Precached: everything in the build except source maps and the worker
 * itself, so the simulator, xterm, every view, the lesson panel and the
 * course work offline. An editor (Monaco) would stay out of the precache and
 * be cached when first used (EXCLUDE).
 */

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

export const SW_FILE = 'sw.js';
const EXCLUDE = /\.map$|monaco|editor\.(?:main|worker|api)/i;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** The manifest for the build in `outDir`: files relative to it ("./assets/x.js") and a content hash. */
export function precacheManifest(outDir: string): { version: string; files: string[] } {
  const files = walk(outDir)
    .map((p) => relative(outDir, p).split(sep).join('/'))
    .filter((f) => f !== SW_FILE && !EXCLUDE.test(f))
    .sort();
  const h = createHash('sha256');
  for (const f of files) h.update(f).update('\0').update(readFileSync(join(outDir, f))).update('\0');
  return { version: h.digest('hex').slice(0, 16), files: files.map((f) => `./${f}`) };
}

export function serviceWorkerPlugin(): Plugin {
  let outDir = 'dist';
  return {
    name: 'container-sim:service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    buildStart() {
      this.emitFile({ type: 'chunk', id: resolve(import.meta.dirname, 'service-worker.ts'), fileName: SW_FILE });
    },
    closeBundle() {
      const file = join(outDir, SW_FILE);
      const code = readFileSync(file, 'utf8');
      const manifest = precacheManifest(outDir);
      writeFileSync(file, `self.__CS_PRECACHE__ = ${JSON.stringify(manifest)};\n${code}`);
    },
  };
}

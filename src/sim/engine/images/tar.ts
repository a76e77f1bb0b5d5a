/**
 * Tar archives as this simulation models them: a JSON document listing the
 * archive's entries. `docker save` writes one to a host file, `docker load`
 * and `docker import` read one, `docker export` produces one from a container.
 *
 * Models: the `docker save` layout of Docker 25+ (OCI image layout plus
 * Docker's manifest.json and repositories: blobs/sha256/<digest>, index.json,
 * manifest.json, oci-layout, repositories), with each layer blob itself an
 * archive (here: the layer's tree), and container export (the merged root
 * filesystem as one archive).
 * SIMPLIFICATIONS: an archive is `{"files": [...]}` (the containers area's
 * export and cp use the same shape, containers/archive.ts ArchiveEntry), as a
 * response body object or, in a host file, its JSON text: not tar bytes, so
 * `tar -t` cannot read it and its size is that of the JSON. Reading also
 * accepts a bare list and `{"entries": [...]}`, and the CLI's field names
 * (`content`, `linkname`: docker/cli/util/archive.ts).
 */

import type { TreeSpec } from '../../kernel/fs/tree.ts';

export interface TarEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  mode?: number;
  /** File content (null for binary blobs); the CLI's archives call it `content`. */
  data?: string | null;
  content?: string;
  size?: number;
  /** Symlink target; the CLI's archives call it `linkname`. */
  target?: string;
  linkname?: string;
  /** A layer blob: the layer's files. */
  layer?: TreeSpec;
}

/** An archive as a response body. */
export function archiveBody(entries: TarEntry[]): { files: TarEntry[] } {
  return { files: entries };
}

/** An archive as file content. */
export function encodeTar(entries: TarEntry[]): string {
  return JSON.stringify(archiveBody(entries));
}

/** Parse an archive from a request body (string or already parsed); null if it is not one. */
export function decodeTar(body: unknown): TarEntry[] | null {
  let v: unknown = body;
  if (typeof body === 'string') {
    try {
      v = JSON.parse(body);
    } catch {
      return null;
    }
  }
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const entries = Array.isArray(v) ? v : Array.isArray(o.files) ? o.files : Array.isArray(o.entries) ? o.entries : null;
  if (!Array.isArray(entries)) return null;
  const ok = (e: unknown): e is TarEntry => !!e && typeof e === 'object' && typeof (e as TarEntry).path === 'string' && typeof (e as TarEntry).type === 'string';
  return entries.every(ok) ? entries : null;
}

/** A tree spec as archive entries (rootfs archives for import/export). */
export function treeToEntries(spec: TreeSpec): TarEntry[] {
  const out: TarEntry[] = [];
  for (const path of Object.keys(spec).sort()) {
    const e = spec[path];
    if (e === undefined) continue;
    if (typeof e === 'string') out.push({ path, type: 'file', mode: 0o644, data: e });
    else if ('file' in e) out.push({ path, type: 'file', mode: e.mode ?? 0o644, data: e.file, ...(e.size !== undefined ? { size: e.size } : {}) });
    else if ('dir' in e) out.push({ path, type: 'dir', mode: e.mode ?? 0o755 });
    else if ('symlink' in e) out.push({ path, type: 'symlink', target: e.symlink });
  }
  return out;
}

/** Archive entries as a tree spec (files, directories and symlinks). */
export function entriesToTree(entries: TarEntry[]): TreeSpec {
  const spec: TreeSpec = {};
  for (const e of entries) {
    const p = e.path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    if (!p) continue;
    if (e.type === 'dir') spec[p] = { dir: true, mode: e.mode ?? 0o755 };
    else if (e.type === 'symlink') spec[p] = { symlink: e.target ?? e.linkname ?? '' };
    else if (e.type === 'other') continue;
    else {
      const data = e.data !== undefined ? e.data : (e.content ?? null);
      spec[p] = { file: data, ...(e.size !== undefined ? { size: e.size } : {}), mode: e.mode ?? 0o644 };
    }
  }
  return spec;
}

/** Apply layers bottom first (whiteouts and opaque directories included): the merged filesystem. */
export function flattenTrees(layers: TreeSpec[]): TreeSpec {
  const out: TreeSpec = {};
  for (const layer of layers) {
    for (const path of Object.keys(layer).sort()) {
      const e = layer[path];
      if (e === undefined) continue;
      if (typeof e === 'object' && 'whiteout' in e) {
        for (const k of Object.keys(out)) if (k === path || k.startsWith(`${path}/`)) delete out[k];
        continue;
      }
      if (typeof e === 'object' && 'dir' in e && e.opaque) {
        for (const k of Object.keys(out)) if (k.startsWith(`${path}/`)) delete out[k];
        out[path] = { dir: true, ...(e.mode !== undefined ? { mode: e.mode } : {}) };
        continue;
      }
      if (typeof e !== 'object' || !('dir' in e)) for (const k of Object.keys(out)) if (k.startsWith(`${path}/`)) delete out[k];
      out[path] = e;
    }
  }
  return out;
}

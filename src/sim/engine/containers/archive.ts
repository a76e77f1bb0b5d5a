/**
 * The container's filesystem seen from the daemon (moby daemon/archive.go,
 * daemon/changes.go, daemon/export.go, daemon/commit.go):
 * - changes: the A/C/D list of the container's upper directory against the
 *   image (docker diff; Kind 0 = C, 1 = A, 2 = D), without the files Docker
 *   bind-mounts (/etc/hostname, /etc/hosts, /etc/resolv.conf);
 * - archive: HEAD stats a path (X-Docker-Container-Path-Stat), GET returns
 *   it as an archive, PUT extracts one into a directory (docker cp);
 * - export: the whole root filesystem as an archive;
 * - commit: a new image from the container (the image store does the work).
 * Paths are read through /proc/<init>/root of a running container, or from
 * the overlay mounted for the call when it is stopped.
 * SIMPLIFICATIONS: archives are JSON lists of entries {path, type, mode,
 * content, linkname} rather than tar bytes; no ownership mapping
 * (copyUIDGID). PUT to a path that does not exist but whose parent does
 * extracts a single-entry archive under that name (what the docker CLI asks
 * for with the parent directory and a renamed archive).
 */

import type { Engine } from '../engine.ts';
import type { ApiResponse } from '../api/types.ts';
import { apiError, apiJson } from '../api/types.ts';
import type { ContainerRecord } from './types.ts';
import { isErr } from '../../kernel/errno.ts';
import { lstat, readFile, readdir, readlink } from '../../kernel/fs/vfs/ops-read.ts';
import { mkdirAll, symlink, writeFile } from '../../kernel/fs/vfs/ops-write.ts';
import { diffPaths } from '../../kernel/fs/populate.ts';
import { freezeCgroup } from '../../kernel/cgroup/ops.ts';
import { withContainer, eventAttrs, findContainer, isRecord } from './lookup.ts';
import { daemonActor } from './actor.ts';
import { seamsOf } from './seams.ts';
import { recordEvent } from '../system/events-log.ts';
import { mountRootfs } from './start.ts';
import { unmountRootfs } from './exit.ts';
import { rfc3339Nano } from '../system/time.ts';

/** One tar entry, as the simulated CLI and daemon exchange them. */
export interface ArchiveEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  mode: number;
  content?: string;
  linkname?: string;
}

/** The entries of a PUT body: a list, {entries: [...]}, {files: [...]} or its JSON text. */
function entriesOf(body: unknown): ArchiveEntry[] {
  let b = body;
  if (typeof b === 'string') {
    try {
      b = JSON.parse(b);
    } catch {
      return [];
    }
  }
  if (Array.isArray(b)) return b as ArchiveEntry[];
  const o = b as { entries?: unknown; files?: unknown } | null;
  if (o && Array.isArray(o.entries)) return o.entries as ArchiveEntry[];
  if (o && Array.isArray(o.files)) return o.files as ArchiveEntry[];
  return [];
}

const HIDDEN = new Set(['/etc/hostname', '/etc/hosts', '/etc/resolv.conf']);

/** Run `fn` with the host path of the container's root (mounting a stopped container's overlay meanwhile). */
function withRoot<T>(engine: Engine, c: ContainerRecord, fn: (root: string) => T): T | { error: string } {
  const t = c.rt.task;
  if (t && c.State.Running) return fn(`/proc/${t.initPid}/root`);
  const wasMounted = c.rt.rootfsMounted;
  if (!wasMounted) {
    const e = mountRootfs(engine, c);
    if (e) return { error: e };
  }
  try {
    return fn((c.rt.rootfs as { merged: string }).merged);
  } finally {
    if (!wasMounted) unmountRootfs(engine, c.Id);
  }
}

function b64(s: string): string {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const bytes: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += A.charAt((n >> 18) & 63) + A.charAt((n >> 12) & 63) + (i + 1 < bytes.length ? A.charAt((n >> 6) & 63) : '=') + (i + 2 < bytes.length ? A.charAt(n & 63) : '=');
  }
  return out;
}

function collect(engine: Engine, hostPath: string, rel: string, out: ArchiveEntry[]): void {
  const pid = daemonActor(engine);
  const st = lstat(engine.k, pid, hostPath);
  if (isErr(st)) return;
  const base = { path: rel, mode: st.mode & 0o7777 };
  if (st.type === 'dir') {
    out.push(Object.assign({}, base, { type: 'dir' as const }));
    const list = readdir(engine.k, pid, hostPath);
    if (isErr(list)) return;
    for (const e of list) if (e.name !== '.' && e.name !== '..') collect(engine, `${hostPath}/${e.name}`, `${rel}/${e.name}`, out);
  } else if (st.type === 'symlink') {
    const t = readlink(engine.k, pid, hostPath);
    out.push(Object.assign({}, base, { type: 'symlink' as const, linkname: isErr(t) ? '' : t }));
  } else if (st.type === 'file') {
    const d = readFile(engine.k, pid, hostPath);
    out.push(Object.assign({}, base, { type: 'file' as const, content: isErr(d) ? '' : d }));
  } else out.push(Object.assign({}, base, { type: 'other' as const }));
}

function q1(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

/** GET /containers/{id}/changes */
export function changesRoute(engine: Engine, idOrName: string): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    const seam = seamsOf(engine).containerChanges(engine, c.Id);
    let list: Array<{ Kind: number; Path: string }>;
    if (!('error' in seam) && seam.length > 0) list = seam;
    else {
      const r = c.rt.rootfs;
      if (!r) return apiJson(200, null);
      const d = diffPaths(engine.k, daemonActor(engine), r.upperdir, r.lowerdirs);
      if (isErr(d)) return apiError(500, `failed to compute changes: ${d.errno}`);
      list = d.map((x) => ({ Kind: x.kind === 'C' ? 0 : x.kind === 'A' ? 1 : 2, Path: x.path }));
    }
    list = list.filter((x) => !HIDDEN.has(x.Path));
    if (!list.some((x) => x.Path.startsWith('/etc/'))) list = list.filter((x) => !(x.Path === '/etc' && x.Kind === 0));
    return apiJson(200, list.length ? list : null);
  });
}

function notFound(path: string, idOrName: string): ApiResponse {
  return apiError(404, `Could not find the file ${path} in container ${idOrName}`);
}

/** HEAD/GET/PUT /containers/{id}/archive?path= */
export function archiveRoute(engine: Engine, method: string, idOrName: string, query: Record<string, string | string[]>, body: unknown): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    const path = q1(query.path) ?? '';
    if (!path) return apiError(400, 'path is required');
    const abs = path.startsWith('/') ? path.replace(/\/+$/, '') || '/' : `/${path}`;
    const r = withRoot(engine, c, (root): ApiResponse => {
      const pid = daemonActor(engine);
      const host = abs === '/' ? root : `${root}${abs}`;
      if (method === 'PUT') {
        if (c.HostConfig.ReadonlyRootfs) return apiError(403, 'container rootfs is marked read-only');
        let files = entriesOf(body);
        let dir = host;
        const st = lstat(engine.k, pid, host);
        if (isErr(st)) {
          // A new name for a single entry: extract into the parent under that name.
          const cut = host.lastIndexOf('/');
          const parent = host.slice(0, cut) || '/';
          const tops = new Set(files.map((f) => f.path.replace(/^\/+/, '').split('/')[0]));
          const pst = lstat(engine.k, pid, parent);
          if (isErr(pst) || pst.type !== 'dir' || tops.size !== 1) return notFound(path, idOrName);
          const [top] = [...tops];
          const name = host.slice(cut + 1);
          files = files.map((f) => (Object.assign({}, f, { path: name + f.path.replace(/^\/+/, '').slice((top ?? '').length) })));
          dir = parent;
        } else if (st.type !== 'dir') {
          // Copying one file onto an existing file replaces it.
          if (files.length === 1 && files[0]?.type === 'file') {
            writeFile(engine.k, pid, host, files[0].content ?? '', { mode: files[0].mode || 0o644 });
            return { status: 200, headers: {} };
          }
          return apiError(400, 'extraction point is not a directory');
        }
        for (const f of files) {
          const dest = `${dir}/${f.path.replace(/^\/+/, '')}`;
          if (f.type === 'dir') mkdirAll(engine.k, pid, dest, f.mode || 0o755);
          else if (f.type === 'symlink') symlink(engine.k, pid, f.linkname ?? '', dest);
          else if (f.type === 'file') writeFile(engine.k, pid, dest, f.content ?? '', { mode: f.mode || 0o644 });
        }
        return { status: 200, headers: {} };
      }
      const st = lstat(engine.k, pid, host);
      if (isErr(st)) return notFound(path, idOrName);
      const link = st.type === 'symlink' ? readlink(engine.k, pid, host) : '';
      const stat = { name: abs.split('/').pop() || '/', size: st.size, mode: (st.mode & 0o777) + (st.type === 'dir' ? 2147483648 : st.type === 'symlink' ? 134217728 : 0), mtime: rfc3339Nano(st.mtimeMs), linkTarget: isErr(link) ? '' : link };
      const headers = { 'X-Docker-Container-Path-Stat': b64(JSON.stringify(stat)), 'Content-Type': 'application/x-tar' };
      if (method === 'HEAD') return { status: 200, headers };
      const files: ArchiveEntry[] = [];
      collect(engine, host, stat.name, files);
      return { status: 200, headers, body: files };
    });
    return 'error' in r ? apiError(500, r.error) : r;
  });
}

/** GET /containers/{id}/export */
export function exportRoute(engine: Engine, idOrName: string): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    const r = withRoot(engine, c, (root) => {
      const files: ArchiveEntry[] = [];
      const pid = daemonActor(engine);
      const list = readdir(engine.k, pid, root);
      if (!isErr(list)) for (const e of list) if (e.name !== '.' && e.name !== '..') collect(engine, `${root}/${e.name}`, e.name, files);
      return files;
    });
    if ('error' in r) return apiError(500, r.error);
    recordEvent(engine, 'container', 'export', c.Id, eventAttrs(c));
    return { status: 200, headers: { 'Content-Type': 'application/x-tar' }, body: r };
  });
}

/** POST /commit?container=&repo=&tag=&comment=&author=&changes=&pause= */
export function commitRoute(engine: Engine, query: Record<string, string | string[]>, body: unknown): ApiResponse {
  const ref = q1(query.container) ?? '';
  const found = findContainer(engine, ref);
  if (!isRecord(found)) return apiError(found.status, found.message);
  const c = found;
  const pause = q1(query.pause) !== '0' && q1(query.pause) !== 'false';
  const freeze = pause && c.rt.lifecycle.value === 'running';
  if (freeze) freezeCgroup(engine.k, c.rt.cgroup, true);
  const changes = query.changes === undefined ? [] : Array.isArray(query.changes) ? query.changes : [query.changes];
  const r = seamsOf(engine).commitContainer(engine, c.Id, {
    repo: q1(query.repo) ?? '',
    tag: q1(query.tag) ?? '',
    comment: q1(query.comment) ?? '',
    author: q1(query.author) ?? '',
    changes,
    config: body ?? null,
  });
  if (freeze) freezeCgroup(engine.k, c.rt.cgroup, false);
  if ('error' in r) return apiError(r.status ?? 500, r.error);
  recordEvent(engine, 'container', 'commit', c.Id, eventAttrs(c, { comment: q1(query.comment) ?? '', imageID: r.Id, imageRef: q1(query.repo) ? `${q1(query.repo)}:${q1(query.tag) || 'latest'}` : '' }));
  return apiJson(201, { Id: r.Id });
}

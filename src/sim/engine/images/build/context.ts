/**
 * The build context: the files `docker build <dir>` sends to the daemon, with
 * .dockerignore applied, and how COPY/ADD select from them.
 *
 * Models: the client tarring the context directory (docker/cli
 * build/context.go) honouring .dockerignore (moby/patternmatcher: glob
 * patterns, "!" exceptions, "**"), and BuildKit's source matching for COPY
 * (globs; a directory source copies its contents).
 * SIMPLIFICATIONS: the context arrives either as an archive body (tar.ts) or
 * as `contextDir` (a host path the daemon reads as the calling process, a
 * shortcut of the simulation); no remote (git/URL) contexts.
 */

import type { Engine } from '../../engine.ts';
import type { TreeEntry, TreeSpec } from '../../../kernel/fs/tree.ts';
import { isErr } from '../../../kernel/errno.ts';
import { lstat, readdir, readFile, readlink } from '../../../kernel/fs/vfs/ops-read.ts';
import { decodeTar, entriesToTree } from '../tar.ts';

/** Read host directory `dir` as process `pid` sees it; an error text on failure. */
export function readContextDir(engine: Engine, pid: number, dir: string): TreeSpec | string {
  const k = engine.k;
  const st = lstat(k, pid, dir);
  if (isErr(st)) return `unable to prepare context: path "${dir}" not found`;
  if (st.type !== 'dir') return `unable to prepare context: context must be a directory: ${dir}`;
  const out: TreeSpec = {};
  const walk = (abs: string, rel: string): string | null => {
    const entries = readdir(k, pid, abs);
    if (isErr(entries)) return `error checking context: can't stat '${abs}'`;
    for (const e of entries) {
      if (e.name === '.' || e.name === '..') continue;
      const a = `${abs === '/' ? '' : abs}/${e.name}`;
      const r = rel ? `${rel}/${e.name}` : e.name;
      const s = lstat(k, pid, a);
      if (isErr(s)) continue;
      if (s.type === 'dir') {
        out[r] = { dir: true, mode: s.perm };
        const err = walk(a, r);
        if (err) return err;
      } else if (s.type === 'symlink') {
        const t = readlink(k, pid, a);
        out[r] = { symlink: isErr(t) ? '' : t };
      } else if (s.type === 'file') {
        const data = readFile(k, pid, a);
        if (isErr(data)) return `error checking context: can't stat '${a}'`;
        out[r] = { file: data, size: s.size, mode: s.perm };
      }
    }
    return null;
  };
  const err = walk(dir.replace(/\/+$/, '') || '/', '');
  return err ?? out;
}

/** The context from an archive body. */
export function contextFromBody(body: unknown): TreeSpec | null {
  const entries = decodeTar(body);
  return entries ? entriesToTree(entries) : null;
}

function globRe(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
        if (pattern[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}(/.*)?$`);
}

/** Apply .dockerignore patterns (later patterns win; "!" re-includes). */
export function applyDockerignore(ctx: TreeSpec, ignore: string): TreeSpec {
  const rules = ignore
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => ({ neg: l.startsWith('!'), re: globRe(l.replace(/^!/, '').replace(/^\/+/, '').replace(/\/+$/, '')) }));
  if (!rules.length) return ctx;
  const out: TreeSpec = {};
  for (const [p, e] of Object.entries(ctx)) {
    let excluded = false;
    for (const r of rules) if (r.re.test(p)) excluded = !r.neg;
    if (p === 'Dockerfile' || p === '.dockerignore') excluded = false;
    if (!excluded) out[p] = e;
  }
  return out;
}

/** Bytes of the context's files (what "transferring context: NB" reports). */
export function contextBytes(ctx: TreeSpec): number {
  let n = 0;
  for (const e of Object.values(ctx)) {
    if (typeof e === 'string') n += e.length;
    else if ('file' in e) n += e.size ?? (e.file ?? '').length;
  }
  return n;
}

/**
 * The context paths a COPY source names: a file, a directory (its contents),
 * or a glob; [] when nothing matches.
 */
export function selectSources(ctx: TreeSpec, src: string): Array<{ rel: string; entry: TreeEntry; isDirContent: boolean; base: string }> {
  const clean = src.replace(/^\.?\/+/, '').replace(/\/+$/, '').replace(/^\.$/, '');
  const out: Array<{ rel: string; entry: TreeEntry; isDirContent: boolean; base: string }> = [];
  if (clean === '') {
    for (const [p, e] of Object.entries(ctx)) out.push({ rel: p, entry: e, isDirContent: true, base: '' });
    return out;
  }
  const hasGlob = /[*?[]/.test(clean);
  const re = hasGlob ? new RegExp(`^${clean.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`) : null;
  const tops = Object.keys(ctx).filter((p) => (re ? re.test(p) : p === clean));
  for (const t of tops) {
    const e = ctx[t] as TreeEntry;
    if (typeof e === 'object' && 'dir' in e) {
      for (const [p, c] of Object.entries(ctx)) if (p.startsWith(`${t}/`)) out.push({ rel: p.slice(t.length + 1), entry: c, isDirContent: true, base: t });
    } else out.push({ rel: t.slice(t.lastIndexOf('/') + 1), entry: e, isDirContent: false, base: t });
  }
  return out;
}

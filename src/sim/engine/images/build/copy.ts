/**
 * COPY and ADD: the layer a copy step makes from the build context, another
 * stage or an image.
 *
 * Models: BuildKit's FileOp copy (dockerfile2llb dispatchCopy): several
 * sources or a destination ending in "/" mean a directory; a directory source
 * copies its contents; globs; relative destinations under WORKDIR;
 * --chown (numeric or names from the image's /etc/passwd and /etc/group) and
 * --chmod; ADD unpacks local archives; a missing source fails with
 * `"/x": not found`.
 * SIMPLIFICATIONS: ADD of URLs is refused as unreachable; no --link,
 * --parents or --exclude.
 */

import type { TreeEntry, TreeSpec } from '../../../kernel/fs/tree.ts';
import { decodeTar, entriesToTree } from '../tar.ts';
import { normalizePath, type ParsedInstruction } from '../changes.ts';
import { selectSources } from './context.ts';

export type Owner = (spec: string) => { uid: number; gid: number } | string;

function words(ins: ParsedInstruction): string[] {
  return ins.json ?? ins.args.split(/\s+/).filter(Boolean);
}

function withOwner(e: TreeEntry, own: { uid: number; gid: number } | null, mode: number | null): TreeEntry {
  if (typeof e === 'string') e = { file: e, mode: 0o644 };
  const out = { ...e } as TreeEntry & { uid?: number; gid?: number; mode?: number };
  if (own && !('whiteout' in out)) {
    out.uid = own.uid;
    out.gid = own.gid;
  }
  if (mode !== null && ('file' in out || 'dir' in out)) out.mode = mode;
  return out;
}

/** The layer tree of a COPY/ADD from `src` (context or stage filesystem), or an error text. */
export function copyLayer(ins: ParsedInstruction, src: TreeSpec, workdir: string, owner: Owner, expand: (s: string) => string): TreeSpec | string {
  const w = words(ins).map(expand);
  if (w.length < 2) return `${ins.keyword} requires at least two arguments, but only one was provided. Destination could not be determined`;
  const dest = w[w.length - 1] as string;
  const sources = w.slice(0, -1);
  const destAbs = dest.startsWith('/') ? dest : `${workdir.replace(/\/$/, '')}/${dest}`;
  const chown = ins.flags.chown ?? null;
  let own: { uid: number; gid: number } | null = null;
  if (chown) {
    const o = owner(expand(chown));
    if (typeof o === 'string') return o;
    own = o;
  }
  const chmod = ins.flags.chmod ? parseInt(ins.flags.chmod, 8) : null;
  const out: TreeSpec = {};
  const many = sources.length > 1;
  for (const s of sources) {
    if (/^https?:\/\//.test(s)) {
      if (ins.keyword === 'COPY') return `source can't be a URL for COPY`;
      const host = s.replace(/^https?:\/\//, '').split('/')[0];
      return `failed to load cache key: Get "${s}": dial tcp: lookup ${host} on 10.0.2.3:53: no such host`;
    }
    const sel = selectSources(src, s);
    if (!sel.length) return `"/${s.replace(/^\.?\/+/, '')}": not found`;
    const dirCopy = many || dest.endsWith('/') || sel.some((x) => x.isDirContent) || sel.length > 1 || /[*?]/.test(s);
    for (const x of sel) {
      const e = x.entry;
      const isFile = typeof e === 'string' || 'file' in e;
      if (ins.keyword === 'ADD' && isFile && !x.isDirContent) {
        const data = typeof e === 'string' ? e : e.file;
        const tar = data ? decodeTar(data) : null;
        if (tar && tar.length) {
          for (const [p, c] of Object.entries(entriesToTree(tar))) out[rel(`${destAbs}/${p}`)] = withOwner(c, own, chmod);
          continue;
        }
      }
      const target = x.isDirContent ? `${destAbs}/${x.rel}` : dirCopy ? `${destAbs}/${x.rel}` : destAbs;
      out[rel(target)] = withOwner(e, own, chmod);
    }
  }
  return out;
}

function rel(abs: string): string {
  return normalizePath(abs).slice(1);
}

/** --chown owner resolution against passwd/group texts. */
export function ownerResolver(passwd: string | null, group: string | null): Owner {
  const find = (text: string | null, name: string, field: number): number | null => {
    for (const l of (text ?? '').split('\n')) {
      const f = l.split(':');
      if (f[0] === name) return Number(f[field]);
    }
    return null;
  };
  return (spec) => {
    const [u = '', g] = spec.split(':');
    const uid = /^\d+$/.test(u) ? Number(u) : find(passwd, u, 2);
    if (uid === null) return `unable to convert uid/gid chown string to host mapping: can't find uid for user ${u}: no such user: ${u}`;
    let gid: number | null;
    if (g === undefined) gid = /^\d+$/.test(u) ? uid : find(passwd, u, 3);
    else gid = /^\d+$/.test(g) ? Number(g) : find(group, g, 2);
    if (gid === null) return `unable to convert uid/gid chown string to host mapping: can't find gid for group ${g}: no such group: ${g}`;
    return { uid, gid };
  };
}

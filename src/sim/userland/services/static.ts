/**
 * Serving files from a document root, as static web servers do: map a URL
 * path under the root (no escaping it with ..), find a file, a directory or
 * nothing, and guess a Content-Type from the extension (mime.types).
 *
 * Models: the lookup nginx's `root`, python's SimpleHTTPRequestHandler and
 * busybox httpd's -h do, with the server process's permissions.
 * SIMPLIFICATIONS: no query strings or percent-decoding beyond %20.
 */

import type { Ctx } from '../types.ts';
import { fsRead, fsStat, type StatInfo } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';

export type Found = { kind: 'file'; path: string; data: string; st: StatInfo } | { kind: 'dir'; path: string; st: StatInfo } | { kind: 'none'; forbidden: boolean };

/** Normalise a URL path ("/a/../b/" → "/b/"), keeping a trailing slash. */
export function cleanPath(urlPath: string): string {
  const raw = (urlPath.split('?')[0] ?? '/').replace(/%20/g, ' ');
  const parts: string[] = [];
  for (const c of raw.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') parts.pop();
    else parts.push(c);
  }
  return '/' + parts.join('/') + (raw.endsWith('/') && parts.length ? '/' : '');
}

export function lookup(ctx: Ctx, root: string, urlPath: string): Found {
  const rel = cleanPath(urlPath);
  const path = (root.replace(/\/$/, '') + rel).replace(/\/$/, '') || '/';
  const st = fsStat(ctx.k, ctx.pid, path);
  if (isErr(st)) return { kind: 'none', forbidden: st.errno === 'EACCES' };
  if (st.type === 'dir') return { kind: 'dir', path, st };
  const data = fsRead(ctx.k, ctx.pid, path);
  if (isErr(data)) return { kind: 'none', forbidden: data.errno === 'EACCES' };
  return { kind: 'file', path, data, st };
}

const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html', htm: 'text/html', css: 'text/css', js: 'application/javascript', json: 'application/json', txt: 'text/plain',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml', ico: 'image/x-icon', xml: 'text/xml',
};

export function contentType(path: string, fallback = 'application/octet-stream'): string {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  return TYPES[ext] ?? fallback;
}

/** nginx's ETag: "<mtime in hex>-<size in hex>". */
export function etag(st: StatInfo): string {
  return `"${Math.floor(st.mtimeMs / 1000).toString(16)}-${st.size.toString(16)}"`;
}

/**
 * Tar bodies between real clients and the engine (POSIX ustar, tar(5); Go's
 * archive/tar as the docker CLI writes it, with PAX 'x' and GNU 'L'/'K'
 * records for long names). The engine models an archive as a JSON list of
 * entries {path, type, mode, content, linkname} (src/sim/engine/containers/
 * archive.ts, images/tar.ts); real clients send and expect tar bytes:
 * - requests with Content-Type application/x-tar (docker build's context,
 *   docker cp's PUT /containers/{id}/archive) are decoded into `{files}`;
 * - answers the engine gives as `{files}` with Content-Type application/x-tar
 *   (docker cp's GET /containers/{id}/archive, docker export) are encoded.
 * SIMPLIFICATIONS: file contents are text (UTF-8); hard links, devices and
 * FIFOs become 'other' entries; ownership and times are not carried
 * (entries are written as root, with the time of the answer as mtime); docker save/load archives, whose
 * layers the engine nests as trees, stay JSON.
 */

import type { ApiRequest, ApiResponse } from '../../sim/engine/api/types.ts';

export interface Entry {
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  mode: number;
  content?: string;
  linkname?: string;
}

function str(b: Buffer, off: number, len: number): string {
  const s = b.subarray(off, off + len);
  const nul = s.indexOf(0);
  return s.subarray(0, nul >= 0 ? nul : s.length).toString('utf8');
}

function octal(b: Buffer, off: number, len: number): number {
  const s = str(b, off, len).trim();
  return s ? parseInt(s, 8) || 0 : 0;
}

/** PAX extended header records: "LEN key=value\n". */
function paxRecords(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp < 0) break;
    const len = Number(data.subarray(i, sp).toString('latin1'));
    if (!len) break;
    const rec = data.subarray(sp + 1, i + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

/** Decode tar bytes; a string is an error (Go archive/tar's wording). */
export function decodeTarBytes(buf: Buffer): Entry[] | string {
  const out: Entry[] = [];
  let i = 0;
  let longName: string | null = null;
  let longLink: string | null = null;
  let pax: Record<string, string> = {};
  while (i + 512 <= buf.length) {
    const h = buf.subarray(i, i + 512);
    if (h.every((x) => x === 0)) break;
    const sum = octal(h, 148, 8);
    let calc = 0;
    for (let j = 0; j < 512; j++) calc += j >= 148 && j < 156 ? 32 : (h[j] as number);
    if (sum !== calc) return 'archive/tar: invalid tar header';
    const size = octal(h, 124, 12);
    const flag = String.fromCharCode(h[156] as number);
    const data = buf.subarray(i + 512, i + 512 + size);
    i += 512 + Math.ceil(size / 512) * 512;
    if (flag === 'L') longName = str(data, 0, data.length);
    else if (flag === 'K') longLink = str(data, 0, data.length);
    else if (flag === 'x') pax = paxRecords(data);
    else if (flag === 'g') continue;
    else {
      const prefix = str(h, 345, 155);
      const name = pax.path ?? longName ?? (prefix ? `${prefix}/${str(h, 0, 100)}` : str(h, 0, 100));
      const link = pax.linkpath ?? longLink ?? str(h, 157, 100);
      const path = name.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
      const mode = octal(h, 100, 8) & 0o7777;
      if (flag === '0' || flag === '\0' || flag === '7') out.push({ path, type: 'file', mode, content: data.toString('utf8') });
      else if (flag === '5') out.push({ path, type: 'dir', mode });
      else if (flag === '2') out.push({ path, type: 'symlink', mode, linkname: link });
      else out.push({ path, type: 'other', mode });
      longName = longLink = null;
      pax = {};
    }
  }
  return out;
}

function header(name: string, mode: number, size: number, flag: string, link = '', mtime = 0): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write(`${(mode & 0o7777).toString(8).padStart(7, '0')}\0`, 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write(`${Math.max(0, Math.floor(mtime)).toString(8).padStart(11, '0')}\0`, 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(flag, 156, 'latin1');
  h.write(link, 157, 100, 'utf8');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  h.write('root', 265, 'latin1');
  h.write('root', 297, 'latin1');
  let sum = 0;
  for (const x of h) sum += x;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

function pad(b: Buffer): Buffer {
  const rem = b.length % 512;
  return rem ? Buffer.concat([b, Buffer.alloc(512 - rem)]) : b;
}

/** Encode entries as tar bytes (GNU long-name records for names over 100 bytes); mtime in Unix seconds. */
export function encodeTarBytes(entries: Entry[], mtime = 0): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const name = e.type === 'dir' ? `${e.path.replace(/\/+$/, '')}/` : e.path;
    const link = e.linkname ?? '';
    if (Buffer.byteLength(name) > 100) {
      const n = Buffer.from(`${name}\0`, 'utf8');
      parts.push(header('././@LongLink', 0o644, n.length, 'L'), pad(n));
    }
    if (Buffer.byteLength(link) > 100) {
      const n = Buffer.from(`${link}\0`, 'utf8');
      parts.push(header('././@LongLink', 0o644, n.length, 'K'), pad(n));
    }
    const body = e.type === 'file' ? Buffer.from(e.content ?? '', 'utf8') : Buffer.alloc(0);
    const flag = e.type === 'file' ? '0' : e.type === 'dir' ? '5' : e.type === 'symlink' ? '2' : '0';
    parts.push(header(name, e.mode || (e.type === 'dir' ? 0o755 : 0o644), body.length, flag, link, mtime), pad(body));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** Is this body a tar archive? By its Content-Type, or by the ustar magic (docker cp sends no Content-Type). */
export function isTarBody(raw: Buffer, ctype: string): boolean {
  if (raw.length === 0) return false;
  if (ctype.includes('tar')) return true;
  return raw.length >= 512 && raw.subarray(257, 262).toString('latin1') === 'ustar';
}

/** A request whose body is a tar archive, turned into the engine's model of it. */
export function fromTarRequest(req: ApiRequest, raw: Buffer, ctype: string): ApiRequest | { status: number; message: string } {
  if (!isTarBody(raw, ctype)) return req;
  const entries = decodeTarBytes(raw);
  if (typeof entries === 'string') return { status: 400, message: entries };
  return { ...req, body: { files: entries.filter((e) => e.path !== '.') } };
}

type Loose = { path?: unknown; type?: unknown; mode?: unknown; content?: unknown; data?: unknown; linkname?: unknown; target?: unknown };

/** An answer the engine gives as a modelled archive, turned into tar bytes. */
export function toTarResponse(_req: ApiRequest, r: ApiResponse, nowMs = 0): ApiResponse {
  const ctype = Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  if (!ctype.includes('tar') || r.status !== 200) return r;
  const b = r.body as { files?: unknown } | unknown[] | null | undefined;
  const list = Array.isArray(b) ? b : b && typeof b === 'object' && Array.isArray((b as { files?: unknown }).files) ? ((b as { files: unknown[] }).files) : null;
  if (!list) return r;
  const entries: Entry[] = (list as Loose[]).map((e) => ({
    path: String(e.path ?? ''),
    type: e.type === 'dir' || e.type === 'symlink' || e.type === 'other' ? e.type : 'file',
    mode: typeof e.mode === 'number' ? e.mode : 0,
    content: typeof e.content === 'string' ? e.content : typeof e.data === 'string' ? e.data : '',
    linkname: typeof e.linkname === 'string' ? e.linkname : typeof e.target === 'string' ? e.target : '',
  }));
  return { ...r, body: new Uint8Array(encodeTarBytes(entries, nowMs / 1000)) };
}

/**
 * The HTTP side of `container-sim serve`: turning real requests into the
 * engine's ApiRequests and its ApiResponses into bytes, the way dockerd's
 * HTTP server does (moby api/server: middleware that adds Api-Version,
 * Docker-Experimental, Ostype and Server to every answer; the version check
 * on /vX.Y/ prefixes; httputils.WriteJSON; errors as {"message": ...}).
 * SIMPLIFICATIONS: JSON syntax errors are worded like Go's encoding/json for
 * the common cases only.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiRequest, ApiResponse, HttpMethod } from '../../sim/engine/api/types.ts';
import { API_VERSION, ENGINE_VERSION, MIN_API_VERSION } from '../../sim/engine/system/info.ts';
import { isTarBody } from './tar.ts';

export const MAX_BODY_BYTES = 64 * 1024 * 1024;
export const METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'];

/** Go's http.CanonicalHeaderKey: "content-type" → "Content-Type", "OSType" → "Ostype". */
export function canonicalHeader(k: string): string {
  return k
    .toLowerCase()
    .split('-')
    .map((w) => (w ? (w[0] as string).toUpperCase() + w.slice(1) : w))
    .join('-');
}

/** The headers dockerd's middleware puts on every answer, then the route's own (case-insensitively merged). */
export function daemonHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = {
    'Api-Version': API_VERSION,
    'Docker-Experimental': 'false',
    Ostype: 'linux',
    Server: `Docker/${ENGINE_VERSION} (linux)`,
  };
  for (const [k, v] of Object.entries(extra)) h[canonicalHeader(k)] = v;
  return h;
}

export function parseQuery(search: URLSearchParams): Record<string, string | string[]> {
  const q: Record<string, string | string[]> = {};
  for (const [k, v] of search) {
    const cur = q[k];
    if (cur === undefined) q[k] = v;
    else q[k] = Array.isArray(cur) ? [...cur, v] : [cur, v];
  }
  return q;
}

function cmpVersion(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number) as [number, number];
  const [b1, b2] = b.split('.').map(Number) as [number, number];
  return a1 !== b1 ? a1 - b1 : a2 - b2;
}

/**
 * The API version a path asks for (moby api/server/middleware/version.go):
 * null when the path has no prefix (the daemon's own version then), or the
 * error dockerd answers for versions it does not speak.
 */
export function checkVersion(path: string): { version: string } | { status: number; message: string } {
  const m = /^\/v([0-9]+\.[0-9]+)(?=\/)/.exec(path);
  if (!m) return { version: API_VERSION };
  const v = m[1] as string;
  if (cmpVersion(v, MIN_API_VERSION) < 0) return { status: 400, message: `client version ${v} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version` };
  if (cmpVersion(v, API_VERSION) > 0) return { status: 400, message: `client version ${v} is too new. Maximum supported API version is ${API_VERSION}` };
  return { version: v };
}

/** Go's encoding/json wording for the common syntax errors, as dockerd returns them. */
export function jsonError(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch {
    const t = text.trimStart();
    const first = t[0];
    if (first === undefined) return 'unexpected end of JSON input';
    if (!/[[{"\-0-9tfn]/.test(first)) return `invalid character '${first}' looking for beginning of value`;
    if (first === '{') {
      const next = t.slice(1).trimStart()[0];
      if (next !== undefined && next !== '"' && next !== '}') return `invalid character '${next}' looking for beginning of object key string`;
    }
    return 'unexpected end of JSON input';
  }
}

/** Build the engine's request from a real one; a string is a {"message"} error (status 400). */
export function toApiRequest(req: IncomingMessage, body: Buffer): ApiRequest | { status: number; message: string } {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://docker');
  const v = checkVersion(url.pathname);
  if ('status' in v) return v;
  let parsed: unknown;
  const ctype = String(req.headers['content-type'] ?? '');
  const text = isTarBody(body, ctype) ? '' : body.toString('utf8');
  if (text.length > 0 && (ctype.includes('json') || /^\s*[[{]/.test(text))) {
    const err = jsonError(text);
    if (err) return { status: 400, message: err };
    parsed = JSON.parse(text);
  } else if (text.length > 0) parsed = text;
  const headers: Record<string, string> = {};
  for (const [k, val] of Object.entries(req.headers)) if (typeof val === 'string') headers[k.toLowerCase()] = val;
  headers['x-api-version'] = v.version;
  return { method: method as HttpMethod, path: url.pathname, query: parseQuery(url.searchParams), headers, body: parsed };
}

/** An NDJSON stream answer (pull, push, build, load progress): {"stream": [...]} bodies. */
export function isJsonStream(body: unknown): body is { stream: unknown[] } {
  return !!body && typeof body === 'object' && 'stream' in body && Array.isArray((body as { stream: unknown }).stream);
}

/** Write a whole answer. */
export function writeResponse(res: ServerResponse, method: string, r: ApiResponse): void {
  const body = r.body;
  if (isJsonStream(body)) {
    res.writeHead(r.status, daemonHeaders({ 'Content-Type': 'application/json', ...r.headers }));
    if (method !== 'HEAD') for (const m of body.stream) res.write(`${JSON.stringify(m)}\n`);
    res.end();
    return;
  }
  if (body === undefined || body === null || r.status === 204 || r.status === 304) {
    res.writeHead(r.status, daemonHeaders(r.headers));
    res.end();
    return;
  }
  if (body instanceof Uint8Array) {
    res.writeHead(r.status, daemonHeaders({ 'Content-Type': 'application/octet-stream', ...r.headers }));
    res.end(method === 'HEAD' ? undefined : body);
    return;
  }
  const text = typeof body === 'string' ? body : `${JSON.stringify(body)}\n`;
  res.writeHead(r.status, daemonHeaders({ 'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', ...r.headers }));
  res.end(method === 'HEAD' ? undefined : text);
}

export function errorResponse(res: ServerResponse, status: number, message: string): void {
  writeResponse(res, 'GET', { status, headers: { 'Content-Type': 'application/json' }, body: { message } });
}

/** The same answer as raw bytes, for a connection taken over from the HTTP server (hijack requests). */
export function rawResponse(status: number, headers: Record<string, string>, body = ''): string {
  const reason: Record<number, string> = { 101: 'UPGRADED', 200: 'OK', 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict', 500: 'Internal Server Error' };
  const h = daemonHeaders(body ? { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } : headers);
  const lines = Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return `HTTP/1.1 ${status} ${reason[status] ?? 'Status'}\r\n${lines}\r\n${body}`;
}

/**
 * HTTP/1.x texts shared by the simulated clients and servers: reason
 * phrases, the IMF-fixdate of Date and Last-Modified headers, a response's
 * raw bytes, and parsing a raw request (what `nc` sends to a web server).
 *
 * Models: RFC 9110/9112 message syntax (status line, CRLF-separated header
 * fields, an empty line, the body).
 * SIMPLIFICATIONS: no chunked encoding, no keep-alive pipelining, bodies are text.
 */

import type { HttpRequest, HttpResponse } from '../types.ts';

export const REASONS: Readonly<Record<number, string>> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 400: 'Bad Request',
  401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Not Allowed', 500: 'Internal Server Error', 501: 'Not Implemented',
  502: 'Bad Gateway', 503: 'Service Unavailable',
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** "Thu, 15 Jan 2026 09:00:05 GMT" (IMF-fixdate). */
export function httpDate(epochMs: number): string {
  const d = new Date(epochMs);
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`;
}

/** "15/Jan/2026:09:00:05 +0000" (nginx's $time_local in UTC). */
export function clfDate(epochMs: number): string {
  const d = new Date(epochMs);
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

export function statusLine(res: HttpResponse, version = '1.1'): string {
  return `HTTP/${res.version ?? version} ${res.status} ${res.reason ?? REASONS[res.status] ?? ''}`.trimEnd();
}

/** Status line and header fields, each ending in CRLF, then the empty line. */
export function headerText(res: HttpResponse): string {
  return [statusLine(res), ...Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n') + '\r\n\r\n';
}

/** The whole response as it travels on the wire. */
export function rawResponse(res: HttpResponse, head: boolean): string {
  return headerText(res) + (head ? '' : res.body);
}

/** Parse a raw request ("GET / HTTP/1.1\r\nHost: x\r\n\r\n"); null until the header block is complete or if malformed. */
export function parseRawRequest(raw: string, from: { ip: string; port: number }, port: number): HttpRequest | null {
  const end = raw.search(/\r?\n\r?\n/);
  if (end < 0) return null;
  const lines = raw.slice(0, end).split(/\r?\n/);
  const m = /^([A-Z]+) (\S+)(?: HTTP\/\d\.\d)?$/.exec(lines[0] ?? '');
  if (!m) return null;
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const c = l.indexOf(':');
    if (c > 0) headers[l.slice(0, c).trim()] = l.slice(c + 1).trim();
  }
  const host = (headers.Host ?? headers.host ?? '').split(':')[0] ?? '';
  return { method: m[1] as string, path: m[2] as string, host, port, headers, body: raw.slice(end).replace(/^\r?\n\r?\n/, ''), from };
}

/** The User-Agent a request carries ("-" if none), as access logs print it. */
export function userAgent(req: HttpRequest): string {
  return req.headers['User-Agent'] ?? req.headers['user-agent'] ?? '-';
}

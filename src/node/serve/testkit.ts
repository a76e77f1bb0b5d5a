/**
 * Raw-socket helpers for the serve tests: send bytes, parse an HTTP/1.1
 * answer (chunked or not), without any HTTP client library in between.
 */

import { connect } from 'node:net';

/** Send raw bytes, read until the server closes (or `until` matches), return the text. */
export function raw(sock: string, data: string | Buffer, opts: { until?: (s: Buffer) => boolean; halfClose?: boolean } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = connect(sock);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      s.destroy();
      resolve(Buffer.concat(chunks));
    }, 5000);
    s.on('data', (c: Buffer) => {
      chunks.push(c);
      if (opts.until?.(Buffer.concat(chunks))) {
        clearTimeout(timer);
        s.destroy();
        resolve(Buffer.concat(chunks));
      }
    });
    s.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    s.on('error', reject);
    s.write(data);
    if (opts.halfClose) s.end();
  });
}

export function request(sock: string, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const h = { Host: 'docker', Connection: 'close', ...(body !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } : {}), ...headers };
  const text = `${method} ${path} HTTP/1.1\r\n${Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body ?? ''}`;
  return raw(sock, text).then(parse);
}

export function parse(b: Buffer): { status: number; headers: Record<string, string>; body: Buffer } {
  const end = b.indexOf('\r\n\r\n');
  const head = b.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number((head[0] ?? '').split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const l of head.slice(1)) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
  let body = b.subarray(end + 4);
  if (headers['transfer-encoding'] === 'chunked') {
    const parts: Buffer[] = [];
    let i = 0;
    for (;;) {
      const nl = body.indexOf('\r\n', i);
      const n = parseInt(body.subarray(i, nl).toString('latin1'), 16);
      if (!n) break;
      parts.push(body.subarray(nl + 2, nl + 2 + n));
      i = nl + 2 + n + 2;
    }
    body = Buffer.concat(parts);
  }
  return { status, headers, body };
}

export const json = (b: Buffer): unknown => JSON.parse(b.toString('utf8'));


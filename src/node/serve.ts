/**
 * `container-sim serve`: the simulated dockerd's Engine API on a real socket, so
 * real Docker clients (the docker CLI, dockerode) drive the simulated host.
 *
 * Models: dockerd's HTTP server on a unix socket (or a loopback TCP port):
 * version-prefixed paths, JSON bodies and {"message"} errors, newline-delimited
 * JSON streams, hijacked connections for attach and exec.
 * Here, unlike in the core, the virtual clock follows real time (the real CLI
 * prints "Up 5 seconds" from its own clock), so this adapter advances it.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, unlinkSync, writeFileSync, chmodSync } from 'node:fs';
import type { Socket } from 'node:net';
import { createHost, type Host, type HostSnapshot } from '../sim/host/host.ts';
import type { ApiRequest, ApiResponse, HttpMethod } from '../sim/engine/api/types.ts';

export const MAX_BODY_BYTES = 64 * 1024 * 1024;
const METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'];

export interface ServeOptions {
  socket?: string;
  tcp?: string;
  state?: string;
  seed?: number;
  /** Log each request to this function (the command prints them with --verbose). */
  log?: (line: string) => void;
}

export interface RunningServer {
  host: Host;
  server: Server;
  /** Where it listens: a socket path or "127.0.0.1:PORT". */
  address: string;
  close(): Promise<void>;
}

/** Parse "127.0.0.1:2375" / "localhost:0"; only loopback addresses are accepted. */
export function parseTcp(spec: string): { host: string; port: number } | string {
  const m = /^(\[?[^\]]*\]?):(\d+)$/.exec(spec);
  if (!m) return `invalid --tcp address ${JSON.stringify(spec)}: want HOST:PORT`;
  const host = (m[1] as string).replace(/^\[|\]$/g, '');
  const port = Number(m[2]);
  if (port > 65535) return `invalid --tcp port ${port}`;
  if (!/^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(host)) return `refusing to listen on ${host}: serve listens only on loopback addresses (127.0.0.0/8, ::1)`;
  return { host: host === 'localhost' ? '127.0.0.1' : host, port };
}

function parseQuery(search: URLSearchParams): Record<string, string | string[]> {
  const q: Record<string, string | string[]> = {};
  for (const [k, v] of search) {
    const cur = q[k];
    if (cur === undefined) q[k] = v;
    else q[k] = Array.isArray(cur) ? [...cur, v] : [cur, v];
  }
  return q;
}

/** Go's encoding/json wording for the common syntax errors, as dockerd returns them. */
function jsonError(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch {
    const first = text.trimStart()[0];
    if (first === undefined) return 'unexpected end of JSON input';
    if (!/[[{"\-0-9tfn]/.test(first)) return `invalid character '${first}' looking for beginning of value`;
    return 'unexpected end of JSON input';
  }
}

function writeResponse(res: ServerResponse, method: string, r: ApiResponse): void {
  const headers: Record<string, string> = {
    'Api-Version': '1.50',
    'Docker-Experimental': 'false',
    Ostype: 'linux',
    Server: 'Docker/28.2.2 (linux)',
    ...r.headers,
  };
  const body = r.body;
  if (body && typeof body === 'object' && 'stream' in body && Array.isArray((body as { stream: unknown[] }).stream)) {
    res.writeHead(r.status, { 'Content-Type': 'application/json', ...headers });
    if (method !== 'HEAD') for (const m of (body as { stream: unknown[] }).stream) res.write(`${JSON.stringify(m)}\n`);
    res.end();
    return;
  }
  if (body === undefined || body === null || r.status === 204 || r.status === 304) {
    res.writeHead(r.status, headers);
    res.end();
    return;
  }
  const text = typeof body === 'string' ? body : `${JSON.stringify(body)}\n`;
  res.writeHead(r.status, { 'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', ...headers });
  res.end(method === 'HEAD' ? undefined : text);
}

function errorResponse(res: ServerResponse, status: number, message: string): void {
  writeResponse(res, 'GET', { status, headers: { 'Content-Type': 'application/json' }, body: { message } });
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  if (!opts.socket && !opts.tcp) throw new Error('serve needs --socket PATH or --tcp HOST:PORT');
  const startReal = Date.now();
  const host = createHost({ seed: opts.seed ?? 1, bootEpochMs: startReal });
  if (opts.state && existsSync(opts.state)) host.restore(JSON.parse(readFileSync(opts.state, 'utf8')) as HostSnapshot);
  const baseUptime = host.kernel.uptimeMs;
  const catchUp = (): void => {
    const want = baseUptime + (Date.now() - startReal);
    if (want > host.kernel.uptimeMs) host.advance(want - host.kernel.uptimeMs);
  };
  const ticker = setInterval(catchUp, 250);
  ticker.unref();

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    catchUp();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://docker');
    opts.log?.(`${method} ${url.pathname}${url.search}`);
    if (!METHODS.includes(method)) return errorResponse(res, 405, 'method not allowed');
    let parsed: unknown;
    const ctype = String(req.headers['content-type'] ?? '');
    if (body.length > 0 && (ctype.includes('json') || /^\s*[[{]/.test(body))) {
      const err = jsonError(body);
      if (err) return errorResponse(res, 400, err);
      parsed = JSON.parse(body);
    } else if (body.length > 0) parsed = body;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    const apiReq: ApiRequest = { method: method as HttpMethod, path: url.pathname, query: parseQuery(url.searchParams), headers, body: parsed };
    let r: ApiResponse;
    try {
      r = host.engine.handle(apiReq, 1);
    } catch (e) {
      // A bug in the engine must not take the server down: answer as dockerd does for internal errors.
      opts.log?.(`internal error: ${(e as Error).stack ?? String(e)}`);
      return errorResponse(res, 500, `internal error: ${(e as Error).message}`);
    }
    writeResponse(res, method, r);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        if (!tooBig) errorResponse(res, 413, `request body too large (limit ${MAX_BODY_BYTES} bytes)`);
        tooBig = true;
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!tooBig) handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', () => {});
  });
  // Malformed HTTP: answer 400 and close, never crash.
  server.on('clientError', (_err, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request');
    else socket.destroy();
  });

  let address: string;
  if (opts.socket) {
    if (existsSync(opts.socket)) unlinkSync(opts.socket);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.socket, () => resolve());
    });
    chmodSync(opts.socket, 0o660);
    address = opts.socket;
  } else {
    const t = parseTcp(opts.tcp as string);
    if (typeof t === 'string') throw new Error(t);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(t.port, t.host, () => resolve());
    });
    const a = server.address();
    address = a && typeof a === 'object' ? `${a.address}:${a.port}` : opts.tcp as string;
  }

  return {
    host,
    server,
    address,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(ticker);
        if (opts.state) writeFileSync(opts.state, JSON.stringify(host.snapshot()));
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

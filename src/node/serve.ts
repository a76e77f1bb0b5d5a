/**
 * `container-sim serve`: the simulated dockerd's Engine API on a real socket, so
 * real Docker clients (the docker CLI, dockerode) drive the simulated host.
 *
 * Models: dockerd's HTTP server on a unix socket (or a loopback TCP port):
 * version-prefixed paths, JSON bodies and {"message"} errors, newline-delimited
 * JSON streams, wait answers whose body comes when the container stops,
 * multiplexed log streams, hijacked connections for attach and exec
 * (serve/hijack.ts), tar bodies for build and cp (serve/tar.ts).
 * Here, unlike in the core, the virtual clock follows real time (the real CLI
 * prints "Up 5 seconds" from its own clock), so this adapter advances it.
 * SIMPLIFICATIONS: one host per server; requests are answered one at a time
 * (the engine is synchronous); streams are polled every ~15 ms.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, unlinkSync, writeFileSync, chmodSync } from 'node:fs';
import type { Socket } from 'node:net';
import { createHost, type Host, type HostSnapshot } from '../sim/host/host.ts';
import type { ApiRequest, ApiResponse } from '../sim/engine/api/types.ts';
import { MAX_BODY_BYTES, METHODS, daemonHeaders, errorResponse, isJsonStream, toApiRequest, writeResponse } from './serve/http.ts';
import { eventsPump, isEventsFollow } from './serve/events.ts';
import { isStatsStream, statsPump } from './serve/stats.ts';
import { PumpSet, followPump, simIo, waitPump, type Sink, type SimIo, type Pump } from './serve/pumps.ts';
import { Session, handleUpgrade, isTtyStream, mediaType, streamsOf, type HijackCtx } from './serve/hijack.ts';
import { frame } from './serve/frames.ts';
import { fromTarRequest, toTarResponse } from './serve/tar.ts';
import { needsPacing, writePaced } from './serve/paced.ts';

export { MAX_BODY_BYTES } from './serve/http.ts';

export interface ServeOptions {
  socket?: string;
  tcp?: string;
  state?: string;
  seed?: number;
  /** Largest request body accepted (default 64 MiB); larger ones get 413. */
  maxBodyBytes?: number;
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

function resSink(res: ServerResponse): Sink {
  return {
    write: (b) => {
      if (!res.writableEnded && !res.destroyed) res.write(b);
    },
    end: () => {
      if (!res.writableEnded) res.end();
    },
  };
}

const LOGS_PATH = /^(\/v[0-9]+\.[0-9]+)?\/containers\/[^/]+\/logs$/;
const MUX_PATH = /^(\/v[0-9]+\.[0-9]+)?\/(containers\/[^/]+\/(attach|logs)|exec\/[^/]+\/start)$/;

/** GET /containers/{id}/logs: frames (or raw bytes for a -t container), then the followed rest. */
function logsAnswer(host: Host, io: SimIo, req: ApiRequest, r: ApiResponse, res: ServerResponse): Pump | null {
  const b = r.body as { stream: Array<{ stream: string; data: string }>; follow?: { stdout: number | null; stderr: number | null; mux?: boolean } };
  const id = decodeURIComponent(req.path.split('/').slice(-2)[0] ?? '');
  const c = host.engine.state.containers.byId[id] ?? Object.values(host.engine.state.containers.byId).find((x) => x.Name === `/${id}` || x.Id.startsWith(id));
  const tty = c?.Config.Tty ?? false;
  res.writeHead(200, daemonHeaders({ 'Content-Type': mediaType(tty, req.headers['x-api-version']) }));
  const sink = resSink(res);
  if (req.method !== 'HEAD') for (const f of b.stream) sink.write(tty ? Buffer.from(f.data, 'utf8') : frame(f.stream === 'stderr' ? 2 : 1, f.data));
  if (!b.follow) {
    res.end();
    return null;
  }
  return followPump(io, b.follow.stdout, b.follow.stderr, tty, sink, b.follow.mux === true);
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  if (!opts.socket && !opts.tcp) throw new Error('serve needs --socket PATH or --tcp HOST:PORT');
  const startReal = Date.now();
  const host = createHost({ seed: opts.seed ?? 1, bootEpochMs: startReal });
  if (opts.state && existsSync(opts.state)) {
    host.restore(JSON.parse(readFileSync(opts.state, 'utf8')) as HostSnapshot);
    // Time went on while the server was down: containers have been up that much longer.
    const gap = startReal - host.kernel.nowMs;
    if (gap > 0) host.advance(gap);
  }
  const baseUptime = host.kernel.uptimeMs;
  const catchUp = (): void => {
    const want = baseUptime + (Date.now() - startReal);
    if (want > host.kernel.uptimeMs) host.advance(want - host.kernel.uptimeMs);
  };
  const io = simIo(host);
  const pumps = new PumpSet();
  const ticker = setInterval(() => {
    try {
      catchUp();
      if (pumps.size > 0) pumps.pollAll();
    } catch (e) {
      opts.log?.(`internal error: ${(e as Error).stack ?? String(e)}`);
    }
  }, 15);
  ticker.unref();

  const callEngine = (req: ApiRequest): ApiResponse => {
    catchUp();
    // Streams for a real client carry stdout and stderr in one connection, in write order: ask the
    // engine for both on one pipe (its mux=1 extension; without it, two pipes are copied).
    const apiReq = MUX_PATH.test(req.path) ? { ...req, query: { ...req.query, mux: '1' } } : req;
    try {
      return host.engine.handle(apiReq, 1);
    } catch (e) {
      // A bug in the engine must not take the server down: answer as dockerd does for internal errors.
      opts.log?.(`internal error: ${(e as Error).stack ?? String(e)}`);
      return { status: 500, headers: {}, body: { message: `internal error: ${(e as Error).message}` } };
    }
  };
  const hctx: HijackCtx = { engine: host.engine, io, pumps, handle: callEngine, maxBody: opts.maxBodyBytes ?? MAX_BODY_BYTES, ...(opts.log ? { log: opts.log } : {}) };

  const follow = (res: ServerResponse, p: Pump | null): void => {
    if (!p) return;
    res.on('close', () => pumps.remove(p));
    pumps.add(p);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const method = (req.method ?? 'GET').toUpperCase();
    opts.log?.(`${method} ${req.url ?? '/'}`);
    if (!METHODS.includes(method)) return errorResponse(res, 405, 'method not allowed');
    const built = toApiRequest(req, body);
    if ('status' in built) return errorResponse(res, built.status, built.message);
    const apiReq = fromTarRequest(built, body, String(req.headers['content-type'] ?? ''));
    if ('status' in apiReq) return errorResponse(res, apiReq.status, apiReq.message);
    const r = callEngine(apiReq);
    const s = streamsOf(r);
    if (s) {
      // attach or exec start without the Upgrade header: a plain 200 carrying the output.
      const tty = isTtyStream(host.engine, r, s);
      res.writeHead(200, daemonHeaders({ 'Content-Type': mediaType(tty, apiReq.headers['x-api-version']) }));
      res.flushHeaders();
      follow(res, new Session(hctx, r, s, tty, resSink(res), false));
    } else if (r.status === 200 && apiReq.method === 'GET' && LOGS_PATH.test(apiReq.path) && r.body && typeof r.body === 'object' && 'stream' in r.body) {
      follow(res, logsAnswer(host, io, apiReq, r, res));
    } else if (r.status === 200 && isStatsStream(apiReq) && r.body && typeof r.body === 'object' && !isJsonStream(r.body)) {
      // docker stats: a sample now, then one a second.
      res.writeHead(200, daemonHeaders({ 'Content-Type': 'application/json' }));
      res.write(`${JSON.stringify(r.body)}\n`);
      follow(res, statsPump(callEngine, apiReq, resSink(res), () => Date.now()));
    } else if (r.status === 200 && isEventsFollow(apiReq) && isJsonStream(r.body)) {
      // docker events: the buffered events from --since (none without it), then new ones as they come.
      res.writeHead(200, daemonHeaders({ 'Content-Type': 'application/json' }));
      res.flushHeaders();
      if (apiReq.query.since !== undefined) for (const m of r.body.stream) res.write(`${JSON.stringify(m)}\n`);
      follow(res, eventsPump(host.engine, apiReq, resSink(res)));
    } else if (r.body && typeof r.body === 'object' && typeof (r.body as { Pending?: { pipe?: unknown } }).Pending?.pipe === 'number') {
      // POST /containers/{id}/wait: the headers now (the client then starts the container), the status later.
      res.writeHead(200, daemonHeaders({ 'Content-Type': 'application/json' }));
      res.flushHeaders();
      follow(res, waitPump(io, (r.body as { Pending: { pipe: number } }).Pending.pipe, resSink(res)));
    } else if (method !== 'HEAD' && needsPacing(r)) {
      // pull/push/build progress: each message when it is due, and a build's later parts.
      writePaced(res, r, callEngine);
    } else writeResponse(res, method, toTarResponse(apiReq, r, host.kernel.nowMs));
    pumps.pollAll();
  };

  const maxBody = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    const refuse = (): void => {
      if (!tooBig) {
        res.setHeader('Connection', 'close');
        errorResponse(res, 413, `request body too large (limit ${maxBody} bytes)`);
      }
      tooBig = true;
    };
    if (Number(req.headers['content-length'] ?? 0) > maxBody) refuse();
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) refuse();
      if (tooBig) return;
      chunks.push(c);
    });
    req.on('end', () => {
      if (tooBig) return;
      try {
        handle(req, res, Buffer.concat(chunks));
      } catch (e) {
        opts.log?.(`internal error: ${(e as Error).stack ?? String(e)}`);
        if (!res.headersSent) errorResponse(res, 500, `internal error: ${(e as Error).message}`);
        else res.destroy();
      }
    });
    req.on('error', () => {});
  });
  const hijacked = new Set<Socket>();
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    hijacked.add(socket);
    socket.on('close', () => hijacked.delete(socket));
    try {
      handleUpgrade(hctx, req, socket, head);
    } catch (e) {
      opts.log?.(`internal error: ${(e as Error).stack ?? String(e)}`);
      socket.destroy();
    }
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
    address = a && typeof a === 'object' ? `${a.address}:${a.port}` : (opts.tcp as string);
  }

  return {
    host,
    server,
    address,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(ticker);
        pumps.abortAll();
        if (opts.state) writeFileSync(opts.state, JSON.stringify(host.snapshot()));
        server.close(() => resolve());
        server.closeAllConnections?.();
        for (const s of hijacked) s.destroy();
      }),
  };
}

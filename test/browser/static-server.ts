/**
 * A small static file server for the built app (browser tests and the
 * browser bench): serves `dir` on 127.0.0.1 at a random port, optionally
 * under a sub-path (`/course/container-sim/`), as a course site would host
 * it. No special headers (no cross-origin isolation), like any plain host.
 */

import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

export interface StaticServer {
  server: Server;
  /** The app's URL (ends with the prefix and a slash). */
  url: string;
  /** How many requests it has answered (to tell that a page came from the service worker). */
  requests(): number;
  close(): Promise<void>;
}

export function serveStatic(dir: string, prefix = '/'): Promise<StaticServer> {
  let count = 0;
  const server = createServer((req, res) => {
    count++;
    void (async () => {
      const full = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (!full.startsWith(prefix)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      let file = normalize(join(dir, full.slice(prefix.length)));
      if (file !== dir && !file.startsWith(dir + sep) && file !== dir + sep) {
        res.writeHead(403).end();
        return;
      }
      try {
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
    })();
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      ok({
        server,
        url: `http://127.0.0.1:${port}${prefix}`,
        requests: () => count,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    }),
  );
}

/**
 * python3 (3.11, Debian 12) as far as `python3 -m http.server [PORT]
 * [--bind ADDR] [--directory DIR]` and `python3 --version` go: the "Serving
 * HTTP on ..." line, one log line per request on stderr, directory listings
 * as SimpleHTTPRequestHandler writes them (sorted case-insensitively, "/"
 * after directories, "@" after symlinks), files with a guessed type, index.html
 * served for a directory, the 404 error page, and "Keyboard interrupt
 * received, exiting." on ^C.
 *
 * Models: http.server's responses (HTTP/1.0, Server: SimpleHTTP/0.6
 * Python/3.11.2) read from the filesystem as the server process sees it.
 * SIMPLIFICATIONS: no other module or script runs (python itself is not
 * simulated); stdout is unbuffered (as with -u).
 */

import type { Ctx, HttpRequest, HttpResponse, ProgramDef } from '../types.ts';
import { absPath, fsLstat, fsReaddirTyped, fsGetcwd } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';
import { httpDate } from './http.ts';
import { cleanPath, contentType, lookup } from './static.ts';
import { listenTcp, nowMs } from './svc.ts';

const PY_VERSION = '3.11.2';
const SERVER = `SimpleHTTP/0.6 Python/${PY_VERSION}`;

interface PyState {
  dir: string;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function logTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${two(d.getUTCDate())}/${mon}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

export function listing(ctx: Ctx, dir: string, urlPath: string): string {
  const ents = fsReaddirTyped(ctx.k, ctx.pid, dir);
  const names = isErr(ents) ? [] : [...ents].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
  const title = `Directory listing for ${esc(urlPath)}`;
  const items = names.map((e) => {
    const st = fsLstat(ctx.k, ctx.pid, `${dir.replace(/\/$/, '')}/${e.name}`);
    const isDir = !isErr(st) && st.type === 'dir';
    const isLink = !isErr(st) && st.type === 'symlink';
    const display = e.name + (isDir ? '/' : isLink ? '@' : '');
    const link = encodeURI(e.name + (isDir ? '/' : ''));
    return `<li><a href="${link}">${esc(display)}</a></li>\n`;
  });
  return `<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${title}</title>\n</head>\n<body>\n<h1>${title}</h1>\n<hr>\n<ul>\n${items.join('')}</ul>\n<hr>\n</body>\n</html>\n`;
}

function errorResponse(ctx: Ctx, status: number, message: string, explain: string): HttpResponse {
  const body = `<!DOCTYPE HTML>\n<html lang="en">\n    <head>\n        <meta charset="utf-8">\n        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        <p>Error code: ${status}</p>\n        <p>Message: ${message}.</p>\n        <p>Error code explanation: ${status} - ${explain}.</p>\n    </body>\n</html>\n`;
  return { status, reason: message, version: '1.0', headers: { Server: SERVER, Date: httpDate(nowMs(ctx)), Connection: 'close', 'Content-Type': 'text/html;charset=utf-8', 'Content-Length': String(body.length) }, body };
}

function respond(ctx: Ctx<PyState>, req: HttpRequest): HttpResponse {
  const c = ctx as Ctx;
  const base = { Server: SERVER, Date: httpDate(nowMs(c)) };
  if (req.method !== 'GET' && req.method !== 'HEAD') return errorResponse(c, 501, `Unsupported method ('${req.method}')`, 'Server does not support this operation');
  const urlPath = cleanPath(req.path);
  let f = lookup(c, ctx.state.dir, urlPath);
  if (f.kind === 'dir') {
    if (!urlPath.endsWith('/') && urlPath !== '/') {
      return { status: 301, version: '1.0', headers: { ...base, Location: `${urlPath}/`, 'Content-Length': '0' }, body: '' };
    }
    const index = lookup(c, ctx.state.dir, `${urlPath}index.html`);
    if (index.kind !== 'file') {
      const body = listing(c, f.path, urlPath);
      return { status: 200, version: '1.0', headers: { ...base, 'Content-type': 'text/html; charset=utf-8', 'Content-Length': String(body.length) }, body: req.method === 'HEAD' ? '' : body };
    }
    f = index;
  }
  if (f.kind !== 'file') return errorResponse(c, 404, 'File not found', 'Nothing matches the given URI');
  return {
    status: 200,
    version: '1.0',
    headers: { ...base, 'Content-type': contentType(f.path), 'Content-Length': String(f.data.length), 'Last-Modified': httpDate(f.st.mtimeMs) },
    body: req.method === 'HEAD' ? '' : f.data,
  };
}

export const python3Program: ProgramDef<PyState | null> = {
  id: 'python3',
  catches: [2],
  main(ctx) {
    const args = ctx.argv.slice(1);
    if (args[0] === '--version' || args[0] === '-V') {
      ctx.stdout.write(`Python ${PY_VERSION}\n`);
      return { exit: 0 };
    }
    const mi = args.indexOf('-m');
    if (mi < 0 || args[mi + 1] !== 'http.server') {
      ctx.stderr.write(`${ctx.argv[0] ?? 'python3'}: only \`-m http.server\` is simulated\n`);
      return { exit: 2 };
    }
    let port = 8000;
    let bind = '0.0.0.0';
    let dir = fsGetcwd(ctx.k, ctx.pid);
    const rest = args.slice(mi + 2);
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i] as string;
      if (a === '--bind' || a === '-b') bind = rest[++i] ?? bind;
      else if (a === '--directory' || a === '-d') dir = absPath(ctx.k, ctx.pid, rest[++i] ?? '.');
      else if (/^\d+$/.test(a)) port = Number(a);
    }
    const l = listenTcp(ctx as Ctx, bind, port);
    if ('errno' in l) {
      const msg = l.errno === 'EADDRINUSE' ? '[Errno 98] Address already in use' : l.errno === 'EACCES' ? '[Errno 13] Permission denied' : '[Errno 99] Cannot assign requested address';
      ctx.stderr.write(`Traceback (most recent call last):\n  File "<frozen runpy>", line 198, in _run_module_as_main\n  File "<frozen runpy>", line 88, in _run_code\n  File "/usr/lib/python3.11/http/server.py", line 1313, in <module>\n    test(\n  File "/usr/lib/python3.11/socketserver.py", line 456, in server_bind\n    self.socket.bind(self.server_address)\nOSError: ${msg}\n`);
      return { exit: 1 };
    }
    ctx.state = { dir };
    ctx.stdout.write(`Serving HTTP on ${bind} port ${port} (http://${bind}:${port}/) ...\n`);
    return { block: 'forever' };
  },
  onSignal(ctx, sig) {
    if (sig !== 2) return null;
    ctx.stdout.write('\nKeyboard interrupt received, exiting.\n');
    return { exit: 0 };
  },
  onConnection(ctx, req) {
    if (!ctx.state) return errorResponse(ctx as Ctx, 500, 'Internal Server Error', 'Server got itself in trouble');
    const res = respond(ctx as Ctx<PyState>, req);
    ctx.stderr.write(`${req.from.ip} - - [${logTime(nowMs(ctx as Ctx))}] ${res.status >= 400 ? `code ${res.status}, message ${res.reason ?? ''}\n${req.from.ip} - - [${logTime(nowMs(ctx as Ctx))}] ` : ''}"${req.method} ${req.path} HTTP/1.1" ${res.status} ${res.status >= 400 ? '-' : '-'}\n`);
    return res;
  },
};

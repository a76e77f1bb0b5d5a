/**
 * busybox httpd (1.36): `httpd -f -p PORT -h DIR` serves files from DIR
 * (default: the current directory), index.html for a directory; without -f
 * it daemonises and the command returns at once. It prints nothing.
 *
 * Models: busybox httpd's response headers (Content-type, Date, Connection:
 * close, Accept-Ranges, Last-Modified, ETag, Content-Length) and its 404 page.
 * SIMPLIFICATIONS: no CGI, no httpd.conf, no basic auth.
 */

import type { Ctx, HttpResponse, ProgramDef } from '../types.ts';
import { absPath, fsGetcwd } from '../fsapi.ts';
import { httpDate } from './http.ts';
import { contentType, etag, lookup } from './static.ts';
import { listenTcp, nowMs } from './svc.ts';
import { ulOf } from '../programs/dial.ts';
import { kSetPgid } from '../kapi.ts';

interface HttpdState {
  home: string;
}

function notFound(ctx: Ctx, status: number, reason: string, text: string): HttpResponse {
  const body = `<HTML><HEAD><TITLE>${status} ${reason}</TITLE></HEAD>\n<BODY><H1>${status} ${reason}</H1>\n${text}\n</BODY></HTML>\n`;
  return { status, reason, headers: { 'Content-type': 'text/html', Date: httpDate(nowMs(ctx)), Connection: 'close' }, body };
}

export const busyboxHttpdProgram: ProgramDef<HttpdState | null> = {
  id: 'httpd',
  main(ctx) {
    const args = ctx.argv.slice(1);
    let port = 80;
    let bind = '0.0.0.0';
    let home = fsGetcwd(ctx.k, ctx.pid);
    let foreground = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '-f') foreground = true;
      else if (a === '-p') {
        const v = args[++i] ?? '80';
        const m = /^(?:([0-9.]+):)?(\d+)$/.exec(v);
        if (m) {
          bind = m[1] ?? bind;
          port = Number(m[2]);
        }
      } else if (a === '-h') home = absPath(ctx.k, ctx.pid, args[++i] ?? '.');
      else if (a === '-v' || a === '-vv') continue;
    }
    const serveFrom = (c: Ctx<HttpdState | null>) => {
      const l = listenTcp(c as Ctx, bind, port);
      if ('errno' in l) {
        c.stderr.write(`httpd: bind: ${l.errno === 'EADDRINUSE' ? 'Address in use' : 'Permission denied'}\n`);
        return { exit: 1 } as const;
      }
      c.state = { home };
      return { block: 'forever' } as const;
    };
    if (foreground) return serveFrom(ctx);
    const ul = ulOf(ctx as Ctx);
    const child = ul.fork(ctx.pid, 'httpd', null, { 0: { k: 'null' }, 1: { k: 'null' }, 2: { k: 'null' } });
    if (typeof child === 'number') {
      kSetPgid(ctx.k, child, child, child, null);
      ul.call(child, (_d, c) => serveFrom(c as Ctx<HttpdState | null>));
    }
    return { exit: 0 };
  },
  onConnection(ctx, req) {
    if (!ctx.state) return notFound(ctx as Ctx, 500, 'Internal Server Error', 'Internal Server Error');
    let f = lookup(ctx as Ctx, ctx.state.home, req.path);
    if (f.kind === 'dir') f = lookup(ctx as Ctx, ctx.state.home, `${req.path.replace(/\/$/, '')}/index.html`);
    if (f.kind !== 'file') return f.kind === 'none' && f.forbidden ? notFound(ctx as Ctx, 403, 'Forbidden', 'Access to this resource is forbidden') : notFound(ctx as Ctx, 404, 'Not Found', 'The requested URL was not found');
    return {
      status: 200,
      headers: {
        'Content-type': contentType(f.path),
        Date: httpDate(nowMs(ctx as Ctx)),
        Connection: 'close',
        'Accept-Ranges': 'bytes',
        'Last-Modified': httpDate(f.st.mtimeMs),
        ETag: etag(f.st),
        'Content-Length': String(f.data.length),
      },
      body: req.method === 'HEAD' ? '' : f.data,
    };
  },
};

/**
 * HTTP client: wget (GNU 1.21 and busybox), enough to talk
 * to a server program in the simulation (its onConnection handler answers)
 * or to a host on the simulated internet.
 *
 * Models: name resolution through the caller's /etc/hosts and
 * /etc/resolv.conf, connect(2) through the kernel's network model (so a
 * missing route, a closed port or a DROP rule shows up as curl's exit codes
 * 6, 7 and 28), and the response's status line, headers and body.
 * SIMPLIFICATIONS: HTTPS is treated like HTTP (no TLS); internet hosts answer
 * a short canned page; no redirects are followed unless -L (then one level).
 */

import type { Ctx, HttpRequest, HttpResponse, ProgramDef } from '../types.ts';
import { progName } from './args.ts';
import { connect } from '../../kernel/net/index.ts';
import { isErr } from '../../kernel/errno.ts';
import { resolve } from './net.ts';
import { absPath, fsWrite } from '../fsapi.ts';
import type { Userland } from '../userland.ts';
import { strftime } from './sysinfo.ts';

const EXAMPLE = `<!doctype html>
<html>
<head>
    <title>Example Domain</title>
</head>
<body>
<div>
    <h1>Example Domain</h1>
    <p>This domain is for use in illustrative examples in documents. You may use this
    domain in literature without prior coordination or asking for permission.</p>
    <p><a href="https://www.iana.org/domains/example">More information...</a></p>
</div>
</body>
</html>
`;

const REASONS: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

interface Url {
  scheme: string;
  host: string;
  port: number;
  path: string;
}

export function parseUrl(s: string): Url | null {
  const m = /^(?:([a-z]+):\/\/)?([^/:?#]+)(?::([0-9]+))?([^#]*)/i.exec(s);
  if (!m) return null;
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return null;
  return { scheme, host: m[2] as string, port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80, path: m[4] || '/' };
}

type Fetch = { ok: true; res: HttpResponse; ip: string } | { ok: false; code: number; msg: string };

/** Connect and ask: what curl and wget share. */
export function fetch(ctx: Ctx, url: Url, method: string, body: string, headers: Record<string, string>): Fetch {
  const r = resolve(ctx, url.host);
  if ('error' in r) return { ok: false, code: 6, msg: `Could not resolve host: ${url.host}` };
  const c = connect(ctx.k, ctx.pid, r.addr, url.port);
  if (isErr(c)) {
    if (c.errno === 'ETIMEDOUT') return { ok: false, code: 28, msg: `Failed to connect to ${url.host} port ${url.port} after 130000 ms: Couldn't connect to server` };
    return { ok: false, code: 7, msg: `Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server` };
  }
  const l = c.listener;
  if (l.pid !== null) {
    const req: HttpRequest = { method, path: url.path, host: url.host, port: url.port, headers: { Host: url.port === 80 ? url.host : `${url.host}:${url.port}`, 'User-Agent': 'curl/7.88.1', Accept: '*/*', ...headers }, body, from: { ip: c.srcIp, port: c.srcPort } };
    const res = (ctx.ul as unknown as Userland).serve(l.pid, req);
    if (!res) return { ok: false, code: 52, msg: 'Empty reply from server' };
    return { ok: true, res, ip: r.addr };
  }
  if (l.host !== undefined) {
    const page = l.host === 'example.com' ? EXAMPLE : `<!doctype html>\n<html><head><title>${l.host}</title></head><body><h1>${l.host}</h1></body></html>\n`;
    return { ok: true, ip: r.addr, res: { status: 200, headers: { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': String(page.length) }, body: page } };
  }
  return { ok: false, code: 52, msg: 'Empty reply from server' };
}

function statusLine(res: HttpResponse): string {
  return `HTTP/1.1 ${res.status} ${res.reason ?? REASONS[res.status] ?? ''}`.trimEnd();
}

export const wgetProgram: ProgramDef<null> = {
  id: 'wget',
  main(ctx) {
    const name = progName(ctx, 'wget');
    const bb = ctx.flavour === 'busybox';
    const args = ctx.argv.slice(1);
    let quiet = false;
    let out: string | null = null;
    let urlText: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '-q' || a === '--quiet') quiet = true;
      else if (a === '-O') out = args[++i] ?? null;
      else if (a === '-qO' || a === '-qO-') {
        quiet = true;
        out = a === '-qO-' ? '-' : (args[++i] ?? null);
      } else if (a.startsWith('-O')) out = a.slice(2);
      else if (a === '-T' || a === '--timeout') i++;
      else if (!a.startsWith('-')) urlText = a;
    }
    if (!urlText) {
      ctx.stderr.write(bb ? `BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [-O FILE] URL...\n` : `${name}: missing URL\nUsage: ${name} [OPTION]... [URL]...\n\nTry \`${name} --help' for more options.\n`);
      return { exit: 1 };
    }
    const url = parseUrl(urlText);
    if (!url) {
      ctx.stderr.write(`${urlText}: Unsupported scheme.\n`);
      return { exit: 1 };
    }
    const stamp = strftime('%Y-%m-%d %H:%M:%S', ctx.k.nowMs);
    const file = out ?? (url.path.split('/').pop() || 'index.html');
    const r = fetch(ctx, url, 'GET', '', { 'User-Agent': bb ? 'Wget' : 'Wget/1.21.3' });
    if (!quiet) {
      if (bb) ctx.stderr.write(`Connecting to ${url.host}${r.ok ? ` (${r.ip}:${url.port})` : ''}\n`);
      else ctx.stderr.write(`--${stamp}--  ${urlText}\nResolving ${url.host} (${url.host})... ${r.ok ? r.ip : 'failed: Name or service not known.'}\n`);
    }
    if (!r.ok) {
      if (bb) ctx.stderr.write(r.code === 6 ? `${name}: bad address '${url.host}'\n` : `${name}: can't connect to remote host: Connection refused\n`);
      else if (r.code === 6) ctx.stderr.write(`${name}: unable to resolve host address ‘${url.host}’\n`);
      else if (!quiet) ctx.stderr.write(`Connecting to ${url.host} (${url.host})|${url.host}|:${url.port}... failed: Connection refused.\n`);
      return { exit: r.code === 6 ? (bb ? 1 : 4) : bb ? 1 : 4 };
    }
    if (r.res.status >= 400) {
      ctx.stderr.write(bb ? `${name}: server returned error: ${statusLine(r.res).slice(9)}\n` : `${stamp} ERROR ${r.res.status}: ${r.res.reason ?? REASONS[r.res.status] ?? ''}.\n\n`);
      return { exit: bb ? 1 : 8 };
    }
    if (!quiet && !bb) ctx.stderr.write(`Connecting to ${url.host} (${url.host})|${r.ip}|:${url.port}... connected.\nHTTP request sent, awaiting response... ${r.res.status} ${r.res.reason ?? REASONS[r.res.status] ?? ''}\nLength: ${r.res.body.length} [${r.res.headers['Content-Type'] ?? 'text/html'}]\nSaving to: ‘${file === '-' ? 'STDOUT' : file}’\n\n`);
    if (file === '-') ctx.stdout.write(r.res.body);
    else {
      const w = fsWrite(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, file), r.res.body);
      if (isErr(w)) {
        ctx.stderr.write(`${file}: Permission denied\n`);
        return { exit: 3 };
      }
    }
    if (!quiet) ctx.stderr.write(bb ? `saving to '${file}'\n${file.padEnd(20)} 100% |********************************| ${r.res.body.length}  0:00:00 ETA\n'${file}' saved\n` : `${stamp} (1.00 MB/s) - ‘${file}’ saved [${r.res.body.length}/${r.res.body.length}]\n\n`);
    return { exit: 0 };
  },
};

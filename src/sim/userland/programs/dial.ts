/**
 * A client's way to a server: resolve the name (getaddrinfo(3) through the
 * caller's /etc/hosts and /etc/resolv.conf), then connect(2) through the
 * kernel's network model from the caller's network namespace (routes,
 * iptables, DNAT for published ports).
 *
 * Models what curl, wget, nc and redis-cli see: an address and a connected
 * listener, or the errno of a failed connect (ECONNREFUSED, ENETUNREACH,
 * EHOSTUNREACH, ETIMEDOUT).
 * SIMPLIFICATIONS: IPv4 only (localhost is 127.0.0.1, never ::1).
 */

import type { Ctx, ConnInfo, HttpRequest, HttpResponse } from '../types.ts';
import type { Userland } from '../userland.ts';
import { connect, type ConnectOk } from '../../kernel/net/index.ts';
import { isErr, type Errno } from '../../kernel/errno.ts';
import { resolve } from './net.ts';

export type Dial = { ok: true; ip: string; c: ConnectOk } | { ok: false; stage: 'resolve'; error: string } | { ok: false; stage: 'connect'; ip: string; errno: Errno };

export function dial(ctx: Ctx, host: string, port: number, opts: { keep?: boolean } = {}): Dial {
  const r = /^[0-9.]+$/.test(host) ? { addr: host } : resolve(ctx, host);
  if ('error' in r) return { ok: false, stage: 'resolve', error: r.error };
  const c = connect(ctx.k, ctx.pid, r.addr, port, 'tcp', { keep: !!opts.keep });
  if (isErr(c)) return { ok: false, stage: 'connect', ip: r.addr, errno: c.errno };
  return { ok: true, ip: r.addr, c };
}

export function ulOf(ctx: Ctx): Userland {
  return ctx.ul as unknown as Userland;
}

/** Both ends of a connection as the listener sees them (after DNAT and SNAT). */
export function connInfo(c: ConnectOk): ConnInfo {
  return { from: { ip: c.srcIp, port: c.srcPort }, local: { ip: c.dst, port: c.dport ?? c.listener.port ?? 0 } };
}

/** The canned page an internet host answers with. */
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

/** Send an HTTP request over a connection: the listening program answers, or an internet host's canned page. Null: no HTTP answer. */
export function httpOver(ctx: Ctx, c: ConnectOk, req: Omit<HttpRequest, 'from'>): HttpResponse | null {
  const l = c.listener;
  if (l.pid !== null) return ulOf(ctx).serve(l.pid, { ...req, from: { ip: c.srcIp, port: c.srcPort } });
  if (l.host !== undefined) {
    const page = l.host === 'example.com' ? EXAMPLE : `<!doctype html>\n<html><head><title>${l.host}</title></head><body><h1>${l.host}</h1></body></html>\n`;
    return { status: 200, headers: { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': String(page.length) }, body: page };
  }
  return null;
}

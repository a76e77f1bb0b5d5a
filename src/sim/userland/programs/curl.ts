/**
 * curl(1) 7.88.1 as Debian 12 ships it: GET/HEAD/POST over HTTP to a
 * server program in the simulation (through the kernel's connect) or to a
 * host of the simulated internet.
 *
 * Models: getopt-style clustered short flags (-sSL, -sI, -sv, -fsSL), -o,
 * -X, -d, -H, -w '%{http_code}', -m; the verbose trace (`*   Trying
 * IP:PORT...`, `* Connected to ...`, `> ` request and `< ` response lines,
 * `{ [N bytes data]` when stdout is not a terminal, the closing line); the
 * progress meter curl prints on stderr when stdout is not a terminal; exit
 * codes 6 (resolve), 7 (connect refused or unreachable), 22 (-f and an
 * error status), 28 (timeout, after waiting that long in virtual time).
 * SIMPLIFICATIONS: no TLS (https is spoken as http), no IPv6 attempt for
 * localhost, -L follows nothing (servers here do not redirect), the transfer
 * takes 1 ms of nominal time for the speed columns.
 */

import type { Ctx, HttpResponse, Outcome, ProgramDef } from '../types.ts';
import { absPath, fsWrite } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { dial, httpOver } from './dial.ts';
import { headerText, statusLine } from '../services/http.ts';
import { parseUrl } from './httpc.ts';

const FLAGS = 'sSiIfLvk4#qnO';
const WITH_VALUE = 'oXdHwmAuTe';
const LONG: Record<string, string> = {
  silent: 's', 'show-error': 'S', include: 'i', head: 'I', fail: 'f', location: 'L', verbose: 'v', insecure: 'k', output: 'o', request: 'X',
  data: 'd', 'data-raw': 'd', header: 'H', 'write-out': 'w', 'max-time': 'm', 'connect-timeout': 'm', 'user-agent': 'A', ipv4: '4',
  'remote-name': 'O', 'progress-bar': '#',
};

interface Opts {
  f: Record<string, true>;
  v: Record<string, string>;
  headers: string[];
  url: string | null;
}

function parse(args: string[]): Opts | { error: string } {
  const o: Opts = { f: {}, v: {}, headers: [], url: null };
  const set = (c: string, val?: string) => {
    if (val === undefined) o.f[c] = true;
    else if (c === 'H') o.headers.push(val);
    else o.v[c] = val;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq >= 0 ? eq : undefined);
      const c = LONG[name];
      if (!c) return { error: `option ${a}: is unknown` };
      if (WITH_VALUE.includes(c)) {
        const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) return { error: `option ${a}: requires parameter` };
        set(c, v);
      } else set(c);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] as string;
        if (WITH_VALUE.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return { error: `option -${c}: requires parameter` };
          set(c, v);
          break;
        }
        if (!FLAGS.includes(c)) return { error: `option ${a}: is unknown` };
        set(c);
      }
      continue;
    }
    o.url = a;
  }
  return o;
}

/** curl's max5data(): a byte count or speed in at most 5 characters. */
export function max5(n: number): string {
  const K = 1024;
  const M = K * K;
  if (n < 100000) return String(Math.floor(n)).padStart(5);
  if (n < 10000 * K) return `${String(Math.floor(n / K)).padStart(4)}k`;
  if (n < 100 * M) return `${String(Math.floor(n / M)).padStart(2)}.${Math.floor((n % M) / (M / 10))}M`;
  return `${String(Math.floor(n / M)).padStart(4)}M`;
}

function meterLine(total: number, got: number, speed: number): string {
  const pct = (a: number, b: number) => String(b > 0 ? Math.floor((a * 100) / b) : 0).padStart(3);
  return `\r${pct(got, total)} ${max5(total)}  ${pct(got, total)} ${max5(got)}  ${pct(0, 0)} ${max5(0)}  ${max5(speed)}  ${max5(0)} --:--:-- --:--:-- --:--:-- ${max5(speed)}`;
}

const METER_HEAD = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';

interface CurlState {
  /** Text to print when the timeout expires, and the exit status. */
  pending: { err: string; code: number } | null;
}

function hostHeader(host: string, port: number, scheme: string): string {
  return port === (scheme === 'https' ? 443 : 80) ? host : `${host}:${port}`;
}

export const curlProgram: ProgramDef<CurlState> = {
  id: 'curl',
  main(ctx) {
    const o = parse(ctx.argv.slice(1));
    if ('error' in o) {
      ctx.stderr.write(`curl: ${o.error}\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
      return { exit: 2 };
    }
    if (!o.url) {
      ctx.stderr.write(`curl: try 'curl --help' or 'curl --manual' for more information\n`);
      return { exit: 2 };
    }
    const url = parseUrl(o.url);
    if (!url) {
      ctx.stderr.write(`curl: (1) Protocol "${o.url.split(':')[0]}" not supported\n`);
      return { exit: 1 };
    }
    const silent = !!o.f.s;
    const showErr = !silent || !!o.f.S;
    const verbose = !!o.f.v;
    const meter = !silent && !ctx.stdout.isatty && !o.f['#'];
    const head = !!o.f.I;
    const method = o.v.X ?? (head ? 'HEAD' : o.v.d !== undefined ? 'POST' : 'GET');
    const extra: Record<string, string> = {};
    for (const h of o.headers) {
      const c = h.indexOf(':');
      if (c > 0) extra[h.slice(0, c).trim()] = h.slice(c + 1).trim();
    }
    const reqHeaders: Record<string, string> = { Host: hostHeader(url.host, url.port, url.scheme), 'User-Agent': o.v.A ?? 'curl/7.88.1', Accept: '*/*', ...extra };
    if (o.v.d !== undefined) {
      reqHeaders['Content-Length'] = String(o.v.d.length);
      reqHeaders['Content-Type'] ??= 'application/x-www-form-urlencoded';
    }
    let err = '';
    const v = (s: string) => {
      if (verbose) err += s;
    };
    if (meter) err += METER_HEAD + meterLine(0, 0, 0);
    const d = dial(ctx as Ctx, url.host, url.port);
    const fail = (code: number, msg: string): Outcome => {
      if (meter) err += meterLine(0, 0, 0) + '\n';
      v('* Closing connection 0\n');
      if (showErr) err += `curl: (${code}) ${msg}\n`;
      ctx.stderr.write(err);
      return { exit: code };
    };
    if (!d.ok && d.stage === 'resolve') {
      v(`* Could not resolve host: ${url.host}\n`);
      return fail(6, `Could not resolve host: ${url.host}`);
    }
    v(`*   Trying ${d.ok ? d.ip : d.ip}:${url.port}...\n`);
    if (!d.ok) {
      if (d.stage !== 'connect') return fail(7, '');
      if (d.errno === 'ETIMEDOUT') {
        const ms = o.v.m !== undefined ? Math.round(Number(o.v.m) * 1000) : 130_000;
        const msg = o.v.m !== undefined ? `Connection timed out after ${ms + 1} milliseconds` : `Failed to connect to ${url.host} port ${url.port} after ${ms + 1} ms: Couldn't connect to server`;
        v(o.v.m !== undefined ? `* ${msg}\n` : `* connect to ${d.ip} port ${url.port} failed: Connection timed out\n* Failed to connect to ${url.host} port ${url.port} after ${ms + 1} ms: Couldn't connect to server\n`);
        if (meter) err += meterLine(0, 0, 0) + '\n';
        v('* Closing connection 0\n');
        ctx.stderr.write(err);
        ctx.state = { pending: { err: showErr ? `curl: (28) ${msg}\n` : '', code: 28 } };
        return { block: 'timer', untilMs: ctx.k.uptimeMs + ms + 1 };
      }
      v(`* connect to ${d.ip} port ${url.port} failed: ${strerror(d.errno)}\n* Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server\n`);
      return fail(7, `Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server`);
    }
    v(`* Connected to ${url.host} (${d.ip}) port ${url.port} (#0)\n`);
    v(`> ${method} ${url.path} HTTP/1.1\r\n${Object.entries(reqHeaders).map(([k, val]) => `> ${k}: ${val}\r\n`).join('')}> \r\n`);
    if (o.v.d !== undefined) v(`} [${o.v.d.length} bytes data]\n`);
    const res: HttpResponse | null = httpOver(ctx as Ctx, d.c, { method, path: url.path, host: url.host, port: url.port, headers: reqHeaders, body: o.v.d ?? '' });
    if (!res) {
      v('* Empty reply from server\n');
      return fail(52, 'Empty reply from server');
    }
    const http10 = res.version === '1.0';
    if (http10) v('* HTTP 1.0, assume close after body\n');
    const hdr = headerText(res);
    v(hdr.split('\r\n').slice(0, -1).map((l) => `< ${l}\r\n`).join(''));
    if (o.f.f && res.status >= 400) {
      v(`* The requested URL returned error: ${res.status}\n`);
      return fail(22, `The requested URL returned error: ${res.status}`);
    }
    const body = method === 'HEAD' ? '' : res.body;
    let out = '';
    if (o.f.i || head) out += hdr;
    out += body;
    const wout = o.v.w ? o.v.w.replace(/%\{http_code\}/g, String(res.status)).replace(/%\{response_code\}/g, String(res.status)).replace(/\\n/g, '\n') : '';
    const toFile = o.v.o !== undefined && o.v.o !== '-';
    if (verbose && body && (!ctx.stdout.isatty || toFile)) v(`{ [${body.length} bytes data]\n`);
    if (meter) err += meterLine(body.length, body.length, body.length * 1000) + '\n';
    const closing = http10 || /close/i.test(res.headers.Connection ?? '') ? '* Closing connection 0\n' : `* Connection #0 to host ${url.host} left intact\n`;
    if (toFile) {
      const w = fsWrite(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, o.v.o as string), out);
      if (isErr(w)) {
        ctx.stderr.write(err);
        if (showErr) ctx.stderr.write(`curl: (23) Failure writing output to destination\n`);
        return { exit: 23 };
      }
      v(closing);
      ctx.stderr.write(err);
      ctx.stdout.write(wout);
      return { exit: 0 };
    }
    if (ctx.stdout.isatty) {
      ctx.stderr.write(err);
      ctx.stdout.write(out + wout);
      if (verbose) ctx.stderr.write(closing);
    } else {
      v(closing);
      ctx.stderr.write(err);
      ctx.stdout.write(out + wout);
    }
    return { exit: 0 };
  },
  resume(ctx) {
    const p = ctx.state?.pending;
    if (!p) return { exit: 0 };
    ctx.stderr.write(p.err);
    return { exit: p.code };
  },
};

export { statusLine };

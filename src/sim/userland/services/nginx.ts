/**
 * nginx 1.27 as the official image runs it (`nginx -g 'daemon off;'`): a
 * master process that binds the port and one worker per CPU
 * (worker_processes auto) that runs as user nginx, the default welcome page,
 * the access log on stdout and notices on stderr, SIGQUIT = graceful stop,
 * SIGTERM/SIGINT = fast stop; `nginx -v`, `nginx -t`, `nginx -s quit|stop`.
 *
 * Models: what `docker logs`, `ps` and `curl -v` show of nginx: the
 * "[notice] 1#1: ..." start-up lines, "nginx: master process ..." and
 * "nginx: worker process" titles, the response headers (Server, Date,
 * Content-Type, Content-Length, Last-Modified, Connection, ETag,
 * Accept-Ranges), the 404 page (CRLF lines), and the access log in the
 * image's `main` format. The port and document root come from the first
 * `listen` and `root` in /etc/nginx/conf.d/*.conf (default 80 and
 * /usr/share/nginx/html). Logs go to /var/log/nginx/{access,error}.log when
 * those are regular files, else to stdout/stderr (the image links them to
 * /dev/stdout and /dev/stderr).
 * SIMPLIFICATIONS: the master answers requests itself (the kernel model's
 * socket has one owner); no IPv6 listener; no reload (SIGHUP only logs).
 */

import type { Ctx, HttpRequest, HttpResponse, Outcome, ProgramDef, WakeReason } from '../types.ts';
import { absPath, fsLstat, fsRead, fsReaddir, fsWrite } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';
import { kChargeMemory, kSetPgid } from '../kapi.ts';
import { ulOf } from '../programs/dial.ts';
import { clfDate, httpDate, userAgent } from './http.ts';
import { contentType, etag, lookup } from './static.ts';
import { dropTo, forkWorker, listenTcp, nowMs, nsPid, setTitle, slashTime } from './svc.ts';

export const NGINX_VERSION = '1.27.3';
const CAUGHT = [1, 2, 3, 15];

interface NginxState {
  role: 'master' | 'worker';
  root: string;
  workers: number[];
  stopping: 'graceful' | 'fast' | null;
}

function notice(ctx: Ctx, text: string, level = 'notice'): void {
  const pid = nsPid(ctx);
  const line = `${slashTime(nowMs(ctx))} [${level}] ${pid}#${pid}: ${text}\n`;
  logTo(ctx, '/var/log/nginx/error.log', 2, line);
}

/** Append to a log file if it is a regular file, else write to the fd the image links it to. */
function logTo(ctx: Ctx, path: string, fd: 1 | 2, line: string): void {
  const st = fsLstat(ctx.k, ctx.pid, path);
  if (!isErr(st) && st.type === 'file') fsWrite(ctx.k, ctx.pid, path, line, { append: true });
  else ctx.writeFd(fd, line);
}

/** The first `listen` port and `root` of the server configuration. */
function config(ctx: Ctx): { port: number; root: string } {
  let text = '';
  const dir = fsReaddir(ctx.k, ctx.pid, '/etc/nginx/conf.d');
  if (!isErr(dir)) {
    for (const f of dir.sort()) {
      if (!f.endsWith('.conf')) continue;
      const t = fsRead(ctx.k, ctx.pid, `/etc/nginx/conf.d/${f}`);
      if (!isErr(t)) text += t + '\n';
    }
  }
  const port = Number(/^\s*listen\s+(?:[0-9.]+:)?(\d+)/m.exec(text)?.[1] ?? 80);
  const root = /^\s*root\s+([^;\s]+);/m.exec(text)?.[1] ?? '/usr/share/nginx/html';
  return { port, root };
}

function errorPage(status: number, reason: string): string {
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx/${NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n`;
}

function respond(ctx: Ctx<NginxState>, req: HttpRequest): HttpResponse {
  const base = { Server: `nginx/${NGINX_VERSION}`, Date: httpDate(nowMs(ctx as Ctx)) };
  const fail = (status: number, reason: string): HttpResponse => {
    const body = errorPage(status, reason);
    return { status, reason, headers: { ...base, 'Content-Type': 'text/html', 'Content-Length': String(body.length), Connection: 'keep-alive' }, body };
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405, 'Not Allowed');
  let f = lookup(ctx as Ctx, ctx.state.root, req.path);
  if (f.kind === 'dir') {
    if (!req.path.split('?')[0]?.endsWith('/')) {
      const body = errorPage(301, 'Moved Permanently');
      return { status: 301, headers: { ...base, 'Content-Type': 'text/html', 'Content-Length': String(body.length), Location: `http://${req.host}${req.port === 80 ? '' : `:${req.port}`}${req.path}/`, Connection: 'keep-alive' }, body };
    }
    f = lookup(ctx as Ctx, ctx.state.root, `${req.path}index.html`);
    if (f.kind !== 'file') return fail(403, 'Forbidden');
  }
  if (f.kind !== 'file') return f.forbidden ? fail(403, 'Forbidden') : fail(404, 'Not Found');
  return {
    status: 200,
    headers: {
      ...base,
      'Content-Type': contentType(f.path),
      'Content-Length': String(f.data.length),
      'Last-Modified': httpDate(f.st.mtimeMs),
      Connection: 'keep-alive',
      ETag: etag(f.st),
      'Accept-Ranges': 'bytes',
    },
    body: req.method === 'HEAD' ? '' : f.data,
  };
}

function startMaster(ctx: Ctx<NginxState>, argv: string[]): Outcome {
  const { port, root } = config(ctx as Ctx);
  const l = listenTcp(ctx as Ctx, '0.0.0.0', port);
  if ('errno' in l) {
    const code = l.errno === 'EADDRINUSE' ? '98: Address already in use' : l.errno === 'EACCES' ? '13: Permission denied' : '99: Cannot assign requested address';
    notice(ctx as Ctx, `bind() to 0.0.0.0:${port} failed (${code})`, 'emerg');
    ctx.stderr.write(`nginx: [emerg] bind() to 0.0.0.0:${port} failed (${code})\n`);
    return { exit: 1 };
  }
  ctx.state = { role: 'master', root, workers: [], stopping: null };
  fsWrite(ctx.k, ctx.pid, '/var/run/nginx.pid', `${nsPid(ctx as Ctx)}\n`);
  notice(ctx as Ctx, 'using the "epoll" event method');
  notice(ctx as Ctx, `nginx/${NGINX_VERSION}`);
  notice(ctx as Ctx, 'built by gcc 12.2.0 (Debian 12.2.0-14+deb12u1) ');
  notice(ctx as Ctx, `OS: Linux ${ctx.k.state.machine.release}`);
  notice(ctx as Ctx, 'getrlimit(RLIMIT_NOFILE): 1048576:1048576');
  setTitle(ctx as Ctx, ctx.pid, [`nginx: master process ${argv.join(' ')}`], ctx.state, CAUGHT);
  notice(ctx as Ctx, 'start worker processes');
  const n = Math.max(1, ctx.k.state.machine.cpus);
  for (let i = 0; i < n; i++) {
    const w = forkWorker(ctx as Ctx, ['nginx: worker process'], { role: 'worker', root, workers: [], stopping: null } satisfies NginxState, CAUGHT);
    if (w === null) break;
    ctx.state.workers.push(w);
    notice(ctx as Ctx, `start worker process ${nsPid(ctx as Ctx, w)}`);
  }
  return { block: 'forever' };
}

function masterSignal(ctx: Ctx<NginxState>, sig: number): Outcome | null {
  const st = ctx.state;
  if (sig === 1) {
    notice(ctx as Ctx, 'signal 1 (SIGHUP) received, reconfiguring');
    return null;
  }
  const graceful = sig === 3;
  notice(ctx as Ctx, graceful ? 'signal 3 (SIGQUIT) received, shutting down' : `signal ${sig} (${sig === 2 ? 'SIGINT' : 'SIGTERM'}) received, exiting`);
  st.stopping = graceful ? 'graceful' : 'fast';
  const alive = st.workers.filter((w) => ctx.k.proc(w) && ctx.k.proc(w)?.state !== 'Z');
  if (!alive.length) return finish(ctx);
  for (const w of alive) ulOf(ctx as Ctx).kill(ctx.pid, w, graceful ? 3 : 15);
  return { block: 'child', pid: -1 };
}

function finish(ctx: Ctx<NginxState>): Outcome {
  notice(ctx as Ctx, 'exit');
  return { exit: 0 };
}

function masterChild(ctx: Ctx<NginxState>, why: WakeReason): Outcome {
  const st = ctx.state;
  if (why.kind === 'child') {
    notice(ctx as Ctx, `signal 17 (SIGCHLD) received from ${nsPid(ctx as Ctx, why.pid)}`);
    notice(ctx as Ctx, `worker process ${nsPid(ctx as Ctx, why.pid)} exited with code ${why.status}`);
    st.workers = st.workers.filter((w) => w !== why.pid);
  }
  if (st.stopping && !st.workers.some((w) => ctx.k.proc(w) && ctx.k.proc(w)?.state !== 'Z')) return finish(ctx);
  return st.stopping ? { block: 'child', pid: -1 } : { block: 'forever' };
}

/** `nginx -s quit|stop|reopen|reload`: signal the master named in the pid file. */
function signalMaster(ctx: Ctx, what: string): Outcome {
  const sig = { quit: 3, stop: 15, reload: 1, reopen: 10 }[what];
  if (!sig) {
    ctx.stderr.write(`nginx: invalid option: "-s ${what}"\n`);
    return { exit: 1 };
  }
  const me = nsPid(ctx);
  ctx.stderr.write(`${slashTime(nowMs(ctx))} [notice] ${me}#${me}: signal process started\n`);
  const text = fsRead(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, '/var/run/nginx.pid'));
  const pid = isErr(text) ? NaN : Number(text.trim());
  if (!Number.isInteger(pid)) {
    ctx.stderr.write(`${slashTime(nowMs(ctx))} [error] ${me}#${me}: open() "/run/nginx.pid" failed (2: No such file or directory)\n`);
    return { exit: 1 };
  }
  const r = ulOf(ctx).kill(ctx.pid, hostPidSeenBy(ctx, pid), sig);
  if (r && 'errno' in r) {
    ctx.stderr.write(`${slashTime(nowMs(ctx))} [alert] ${me}#${me}: kill(${pid}, ${sig}) failed (3: No such process)\n`);
    return { exit: 1 };
  }
  return { exit: 0 };
}

function hostPidSeenBy(ctx: Ctx, nspid: number): number {
  const me = ctx.k.proc(ctx.pid);
  if (!me) return nspid;
  for (const p of Object.values(ctx.k.state.proc.byPid)) {
    if (p.pidNs === me.pidNs && p.nspids[p.nspids.length - 1] === nspid) return p.pid;
  }
  return -1;
}

export const nginxProgram: ProgramDef<NginxState | null> = {
  id: 'nginx',
  catches: CAUGHT,
  main(ctx) {
    const st = ctx.state;
    if (st?.role === 'worker') {
      dropTo(ctx as Ctx, ctx.pid, ['nginx', 'www-data']);
      kChargeMemory(ctx.k, ctx.pid, 2944 * 1024);
      return { block: 'forever' };
    }
    const args = ctx.argv.slice(1);
    if (args.includes('-v') || args.includes('-V')) {
      ctx.stderr.write(`nginx version: nginx/${NGINX_VERSION}\n`);
      return { exit: 0 };
    }
    if (args.includes('-t')) {
      ctx.stderr.write('nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n');
      return { exit: 0 };
    }
    const si = args.indexOf('-s');
    if (si >= 0) return signalMaster(ctx as Ctx, args[si + 1] ?? '');
    const gi = args.indexOf('-g');
    const foreground = gi >= 0 && /daemon\s+off/.test(args[gi + 1] ?? '');
    if (!foreground) {
      // Daemonise: the master continues in a child in its own session; the command returns at once.
      const ul = ulOf(ctx as Ctx);
      const child = ul.fork(ctx.pid, 'nginx', { role: 'master', root: '', workers: [], stopping: null }, { 0: { k: 'null' }, 1: { k: 'null' }, 2: { k: 'null' } });
      if (typeof child === 'number') {
        kSetPgid(ctx.k, child, child, child, null);
        kChargeMemory(ctx.k, child, 6144 * 1024);
        ul.call(child, (_d, c) => startMaster(c as Ctx<NginxState>, ['nginx']));
      }
      return { exit: 0 };
    }
    ctx.state = { role: 'master', root: '', workers: [], stopping: null };
    return startMaster(ctx as Ctx<NginxState>, ['nginx', ...args]);
  },
  onSignal(ctx, sig) {
    const st = ctx.state;
    if (!st) return { exit: 128 + sig };
    if (st.role === 'worker') {
      if (sig === 3) notice(ctx as Ctx, 'gracefully shutting down');
      notice(ctx as Ctx, 'exiting');
      notice(ctx as Ctx, 'exit');
      return { exit: 0 };
    }
    return masterSignal(ctx as Ctx<NginxState>, sig);
  },
  resume(ctx, why) {
    if (!ctx.state || ctx.state.role === 'worker') return { block: 'forever' };
    return masterChild(ctx as Ctx<NginxState>, why);
  },
  onConnection(ctx, req) {
    const st = ctx.state;
    if (!st) return { status: 502, headers: {}, body: '' };
    const res = respond(ctx as Ctx<NginxState>, req);
    const line = `${req.from.ip} - - [${clfDate(nowMs(ctx as Ctx))}] "${req.method} ${req.path} HTTP/1.1" ${res.status} ${req.method === 'HEAD' ? 0 : res.body.length} "${req.headers.Referer ?? '-'}" "${userAgent(req)}" "-"\n`;
    logTo(ctx as Ctx, '/var/log/nginx/access.log', 1, line);
    return res;
  },
};


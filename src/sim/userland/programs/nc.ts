/**
 * nc: OpenBSD netcat (Debian's netcat-openbsd 1.219, the gnu flavour here)
 * and busybox nc. `nc -l [-p] PORT` listens and copies the connection to
 * stdout and stdin to the connection; `nc HOST PORT` connects and does the
 * same the other way; `-z` only tests the port; `-v` reports.
 *
 * Models: listen(2)/connect(2) through the kernel's network model (the
 * listening socket shows in ss; a refused or unreachable port gives the
 * tools' error texts and exit 1), a connected stream between two nc
 * processes made of two pipes (see conn.ts), and talking to the simulated
 * servers: request/response services (redis) get each chunk of input and
 * answer it; web servers get the HTTP request typed on stdin and the raw
 * response comes back.
 * SIMPLIFICATIONS: TCP only (no -u); on stdin EOF the client shuts down its
 * sending side (as with -N), so `echo hi | nc host port` ends; one
 * connection per `nc -l` (no -k).
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { strerror } from '../../kernel/errno.ts';
import { connInfo, dial, ulOf } from './dial.ts';
import { listenTcp } from '../services/svc.ts';
import { parseRawRequest, rawResponse } from '../services/http.ts';
import { closeFd, shutdownWrite } from '../conn.ts';

interface NcState {
  mode: 'listen' | 'stream' | 'data' | 'http';
  sock: number;
  stdinDone: boolean;
  /** The server pid (data/http modes) and what was typed so far (http). */
  server: number | null;
  buf: string;
  from: { ip: string; port: number };
  local: { ip: string; port: number };
  verbose: boolean;
}

const SERVICES: Record<number, string> = { 21: 'ftp', 22: 'ssh', 25: 'smtp', 53: 'domain', 80: 'http', 443: 'https', 3306: 'mysql', 5432: 'postgresql', 6379: 'redis' };

function streamStep(ctx: Ctx<NcState>): Outcome {
  const st = ctx.state;
  const ul = ulOf(ctx as Ctx);
  const fds = ul.fdsOf(ctx.pid);
  const net = ul.read(ctx.pid, fds, st.sock);
  if (net.data) ctx.stdout.write(net.data);
  if (!st.stdinDone) {
    const r = ctx.readFd(0);
    if (r.data) ul.write(ctx.pid, fds, st.sock, r.data);
    if (r.eof) {
      st.stdinDone = true;
      shutdownWrite(ul, ctx.pid, st.sock);
    }
  }
  if (net.eof) {
    closeFd(ul, ctx.pid, st.sock);
    return { exit: 0 };
  }
  return { block: 'input', fds: st.stdinDone ? [st.sock] : [0, st.sock] };
}

function dataStep(ctx: Ctx<NcState>): Outcome {
  const st = ctx.state;
  const ul = ulOf(ctx as Ctx);
  const r = ctx.readFd(0);
  if (st.mode === 'data' && r.data && st.server !== null) {
    const reply = ul.exchange(st.server, { from: st.from, local: st.local }, r.data);
    if (reply === null) return { exit: 0 };
    ctx.stdout.write(reply);
  }
  if (st.mode === 'http') {
    st.buf += r.data;
    const req = parseRawRequest(st.buf, st.from, st.local.port);
    if (req || r.eof) {
      if (!req) return { exit: 0 };
      const res = st.server !== null ? ul.serve(st.server, req) : null;
      if (res) ctx.stdout.write(rawResponse(res, req.method === 'HEAD'));
      return { exit: 0 };
    }
  }
  if (r.eof) return { exit: 0 };
  return { block: 'input' };
}

export const ncProgram: ProgramDef<NcState | null> = {
  id: 'nc',
  main(ctx) {
    const bb = ctx.flavour === 'busybox';
    const args = ctx.argv.slice(1);
    let listen = false;
    let port: number | null = null;
    let zero = false;
    let verbose = false;
    const ops: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (/^-[lzvnNkd46]+$/.test(a)) {
        if (a.includes('l')) listen = true;
        if (a.includes('z')) zero = true;
        if (a.includes('v')) verbose = true;
      } else if (a === '-p') port = Number(args[++i]);
      else if (a === '-w' || a === '-q' || a === '-i' || a === '-s') i++;
      else ops.push(a);
    }
    const c = ctx as Ctx;
    if (listen) {
      const p = port ?? Number(ops[ops.length - 1]);
      if (!Number.isInteger(p) || p < 0) {
        ctx.stderr.write(bb ? 'BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n' : 'nc: missing port number\n');
        return { exit: 1 };
      }
      const l = listenTcp(c, '0.0.0.0', p);
      if ('errno' in l) {
        ctx.stderr.write(bb ? `nc: bind: ${l.errno === 'EADDRINUSE' ? 'Address in use' : strerror(l.errno)}\n` : `nc: ${strerror(l.errno)}\n`);
        return { exit: 1 };
      }
      if (verbose) ctx.stderr.write(bb ? `listening on [::]:${p} ...\n` : `Listening on 0.0.0.0 ${p}\n`);
      ctx.state = { mode: 'listen', sock: -1, stdinDone: false, server: null, buf: '', from: { ip: '', port: 0 }, local: { ip: '0.0.0.0', port: p }, verbose };
      return { block: 'forever' };
    }
    const host = ops[0];
    const p = Number(ops[1] ?? port);
    if (!host || !Number.isInteger(p)) {
      ctx.stderr.write(bb ? 'BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n' : 'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]\n');
      return { exit: 1 };
    }
    const d = dial(c, host, p, { keep: !zero });
    if (!d.ok) {
      if (d.stage === 'resolve') ctx.stderr.write(bb ? `nc: bad address '${host}'\n` : `nc: getaddrinfo for host "${host}" port ${p}: ${d.error}\n`);
      else ctx.stderr.write(bb ? `nc: can't connect to remote host (${d.ip}): ${strerror(d.errno)}\n` : `nc: connect to ${host} port ${p} (tcp) failed: ${strerror(d.errno)}\n`);
      return { exit: 1 };
    }
    if (verbose && !bb) ctx.stderr.write(`Connection to ${host} ${p} port [tcp/${SERVICES[p] ?? '*'}] succeeded!\n`);
    if (zero) return { exit: 0 };
    const info = connInfo(d.c);
    const server = d.c.listener.pid;
    const ul = ulOf(c);
    const base: NcState = { mode: 'data', sock: -1, stdinDone: false, server, buf: '', from: info.from, local: info.local, verbose };
    if (server !== null && ul.answers(server, 'onAccept')) {
      const fd = ul.accept(ctx.pid, server, info, { client: d.c.inode, server: d.c.inode !== undefined ? d.c.inode + 1 : undefined });
      if (fd === null) return { exit: 1 };
      ctx.state = { ...base, mode: 'stream', sock: fd };
      return streamStep(ctx as Ctx<NcState>);
    }
    if (server !== null && ul.answers(server, 'onData')) {
      ctx.state = base;
      return dataStep(ctx as Ctx<NcState>);
    }
    ctx.state = { ...base, mode: 'http' };
    return dataStep(ctx as Ctx<NcState>);
  },
  onAccept(ctx, fd, conn) {
    const st = ctx.state;
    if (!st || st.mode !== 'listen') return null;
    if (st.verbose) ctx.stderr.write(ctx.flavour === 'busybox' ? `connect to [${conn.local.ip}]:${conn.local.port} from [${conn.from.ip}]:${conn.from.port} ([${conn.from.ip}]:${conn.from.port})\n` : `Connection received on ${conn.from.ip} ${conn.from.port}\n`);
    ctx.state = { ...st, mode: 'stream', sock: fd, from: conn.from };
    return streamStep(ctx as Ctx<NcState>);
  },
  onInput(ctx) {
    const st = ctx.state;
    if (!st) return { exit: 0 };
    if (st.mode === 'stream') return streamStep(ctx as Ctx<NcState>);
    if (st.mode === 'listen') return { block: 'forever' };
    return dataStep(ctx as Ctx<NcState>);
  },
};

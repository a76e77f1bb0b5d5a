/**
 * ss(8) from iproute2 6.1: the sockets of the caller's network namespace,
 * read from the kernel's socket table. `-t` TCP, `-u` UDP, `-l` listening
 * only, `-a` all, `-n` numeric ports, `-p` the owning processes.
 *
 * Models: the column layout ss prints on an 80-column output (State, Recv-Q,
 * Send-Q, Local Address:Port right/left aligned, Peer Address:Port,
 * Process), the Netid column when both TCP and UDP are shown, the listen
 * backlog as Send-Q of a LISTEN socket (nginx and redis 511, python 5),
 * `users:(("comm",pid=N,fd=N))` for -p.
 * SIMPLIFICATIONS: no IPv6 rows, no -e/-m/-i details, no filters; a
 * socket's fd number is 3 (the first one a program opens).
 */

import type { Ctx, ProgramDef } from '../types.ts';
import { sockets } from '../../kernel/net/index.ts';
import { pidInNs } from '../../kernel/process/pids.ts';

const BACKLOG: Record<string, number> = { nginx: 511, 'redis-server': 511, python3: 5, nc: 1, httpd: 9 };
const NAMES: Record<number, string> = { 22: 'ssh', 53: 'domain', 80: 'http', 443: 'https', 6379: 'redis', 8080: 'http-alt', 3306: 'mysql', 5432: 'postgresql' };

export const ssProgram: ProgramDef<null> = {
  id: 'ss',
  main(ctx) {
    let tcp = false;
    let udp = false;
    let listening = false;
    let all = false;
    let numeric = false;
    let procs = false;
    for (const a of ctx.argv.slice(1)) {
      if (!/^-[tulanpH4]+$/.test(a)) {
        if (a.startsWith('-')) {
          ctx.stderr.write(`ss: invalid option -- '${a.slice(1, 2)}'\n`);
          return { exit: 1 };
        }
        continue;
      }
      tcp ||= a.includes('t');
      udp ||= a.includes('u');
      listening ||= a.includes('l');
      all ||= a.includes('a');
      numeric ||= a.includes('n');
      procs ||= a.includes('p');
    }
    if (!tcp && !udp) tcp = udp = true;
    const c = ctx as Ctx;
    const me = c.k.proc(c.pid);
    const ns = me?.ns.net ?? c.k.state.ns.initial.net;
    const rows = sockets(c.k, ns).filter((so) => {
      if (so.proto === 'tcp' ? !tcp : !udp) return false;
      const isListen = so.state === 'LISTEN' || so.state === 'UNCONN';
      return all || (listening ? isListen : !isListen);
    });
    const netid = tcp && udp;
    const port = (p: number | null) => (p === null ? '*' : numeric ? String(p) : (NAMES[p] ?? String(p)));
    let out = (netid ? 'Netid ' : '') + 'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n';
    for (const so of rows) {
      const owner = so.pid !== null ? c.k.proc(so.pid) : undefined;
      const sendQ = so.state === 'LISTEN' ? (owner ? (BACKLOG[owner.program.name] ?? 4096) : 4096) : 0;
      const local = `${so.localAddr.padStart(13)}:${port(so.localPort).padEnd(5)}`;
      const peer = `${(so.peerAddr ?? (so.proto === 'tcp' || so.state === 'UNCONN' ? '0.0.0.0' : '*')).padStart(12)}:${port(so.peerPort)}`;
      let line = (netid ? so.proto.padEnd(6) : '') + `${so.state.padEnd(6)} ${'0'.padEnd(6)} ${String(sendQ).padEnd(6)} ${local}${peer.padEnd(17)}`;
      const seen = owner && me ? pidInNs(c.k, owner.pid, me.pidNs) : null;
      if (procs && owner && seen !== null) line = line.trimEnd() + `    users:(("${owner.comm}",pid=${seen},fd=3))`;
      else line += '       ';
      out += line + '\n';
    }
    ctx.stdout.write(out);
    return { exit: 0 };
  },
};

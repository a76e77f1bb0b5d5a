/**
 * Network tools: ip(8) from iproute2 6.1 (addr, route, and their add / del
 * forms) and ping(8) from iputils 20221126 (and busybox ping).
 * `ip link` lives in ip-link.ts, `ip netns` in netns.ts, iptables in iptables.ts.
 *
 * Models: every command acts on the caller's network namespace through the
 * kernel's net module and prints with its renderers; ping sends one echo
 * request per second of virtual time and prints iputils' summary, also when
 * stopped with ^C.
 * SIMPLIFICATIONS: no `ip neigh`, `-br`/`-j` output; ping has no -i/-W.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { progName } from './args.ts';
import { isErr } from '../../kernel/errno.ts';
import { ipAddrShow, ipRouteShow, ipRouteGet, addrAdd, addrDel, routeAdd, routeDel, ping, icmpSocket, resolveName } from '../../kernel/net/index.ts';
import { fsRead } from '../fsapi.ts';
import { own } from '../own.ts';
import { ipNetns, nsidNamer } from './netns.ts';
import { ipLink, netnsOf, rtnl } from './ip-link.ts';

export { netnsOf };

const ABBREV: Record<string, string> = { netns: 'netns', net: 'netns', a: 'address', addr: 'address', address: 'address', l: 'link', link: 'link', r: 'route', ro: 'route', route: 'route' };

function ipAddr(ctx: Ctx, args: string[]): { exit: number } {
  const ns = netnsOf(ctx);
  const verb = args[0] ?? 'show';
  if (verb === 'show' || verb === 'list' || verb === 'sh' || verb === 'ls') {
    const dev = args[1] === 'dev' ? args[2] : args[1];
    const out = ipAddrShow(ctx.k.state, ns, dev, { nsidName: nsidNamer(ctx, ns) });
    if (out === null) {
      ctx.stderr.write(`Device "${dev}" does not exist.\n`);
      return { exit: 1 };
    }
    ctx.stdout.write(out);
    return { exit: 0 };
  }
  if (verb === 'add' || verb === 'del' || verb === 'delete') {
    const cidr = args[1] ?? '';
    const di = args.indexOf('dev');
    const dev = di >= 0 ? args[di + 1] : undefined;
    if (!dev) {
      ctx.stderr.write('Not enough information: "dev" argument is required.\n');
      return { exit: 1 };
    }
    const r = verb === 'add' ? addrAdd(ctx.k, ctx.pid, dev, cidr) : addrDel(ctx.k, ctx.pid, dev, cidr);
    if (isErr(r)) {
      if (r.errno === 'ENODEV') {
        ctx.stderr.write(`Cannot find device "${dev}"\n`);
        return { exit: 1 };
      }
      return rtnl(ctx, r);
    }
    return { exit: 0 };
  }
  ctx.stderr.write(`Command "${verb}" is unknown, try "ip address help".\n`);
  return { exit: 255 };
}

function ipRoute(ctx: Ctx, args: string[]): { exit: number } {
  const ns = netnsOf(ctx);
  const verb = args[0] ?? 'show';
  if (verb === 'show' || verb === 'list' || verb === 'sh' || verb === 'ls') {
    ctx.stdout.write(ipRouteShow(ctx.k.state, ns));
    return { exit: 0 };
  }
  if (verb === 'get') {
    const dst = args[1] === 'to' ? args[2] : args[1];
    const out = ipRouteGet(ctx.k.state, ns, dst ?? '', ctx.k.proc(ctx.pid)?.cred.euid ?? 0);
    if (out === null) {
      ctx.stderr.write('RTNETLINK answers: Network is unreachable\n');
      return { exit: 2 };
    }
    ctx.stdout.write(out);
    return { exit: 0 };
  }
  if (verb === 'add' || verb === 'del' || verb === 'delete' || verb === 'replace') {
    const spec: Parameters<typeof routeAdd>[2] = { dst: '' };
    for (let i = 1; i < args.length; i++) {
      const a = args[i] as string;
      if (a === 'via') spec.via = args[++i];
      else if (a === 'dev') spec.dev = args[++i];
      else if (a === 'src') spec.src = args[++i];
      else if (a === 'metric') spec.metric = Number(args[++i]);
      else if (a === 'scope') spec.scope = args[++i] as 'link';
      else if (a === 'proto') spec.proto = args[++i] as never;
      else if (a === 'to') spec.dst = args[++i] ?? '';
      else spec.dst = a;
    }
    const r = verb === 'del' || verb === 'delete' ? routeDel(ctx.k, ctx.pid, spec) : routeAdd(ctx.k, ctx.pid, spec);
    return isErr(r) ? rtnl(ctx, r) : { exit: 0 };
  }
  ctx.stderr.write(`Command "${verb}" is unknown, try "ip route help".\n`);
  return { exit: 255 };
}

export const ipProgram: ProgramDef<null> = {
  id: 'ip',
  main(ctx): Outcome {
    const args = ctx.argv.slice(1);
    let details = false;
    while (['-4', '-d', '-details', '-s', '-c', '-br'].includes(args[0] as string)) if (args.shift()?.startsWith('-d')) details = true;
    if (args[0] === '-n' || args[0] === '-netns') {
      // ip -n NAME ...: iproute2 switches to the named netns first, as `ip netns exec NAME ip ...` does.
      const name = args[1];
      if (name === undefined) {
        ctx.stderr.write('Command line is not complete. Try option "help"\n');
        return { exit: 255 };
      }
      const self = ctx.ul.which(ctx.pid, 'ip');
      if ('error' in self) return { exit: 255 };
      return { exec: { path: self.path, argv: ['ip', 'netns', 'exec', name, 'ip', ...args.slice(2)], env: ctx.env } };
    }
    const obj = args[0];
    if (!obj) {
      ctx.stderr.write('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { address | link | route | netns | neigh | rule | ... }\n');
      return { exit: 255 };
    }
    const full = own(ABBREV, obj);
    if (full === 'link') return ipLink(ctx, args.slice(1), details);
    if (full === 'address') return ipAddr(ctx, args.slice(1));
    if (full === 'route') return ipRoute(ctx, args.slice(1));
    if (full === 'netns') return ipNetns(ctx, args.slice(1));
    ctx.stderr.write(`Object "${obj}" is unknown, try "ip help".\n`);
    return { exit: 255 };
  },
};

// ---- ping ----

interface PingState {
  target: string;
  addr: string;
  count: number | null;
  sent: number;
  rtts: number[];
  busybox: boolean;
}

function readResolv(ctx: Ctx): { servers: string[]; hosts: string } {
  const rc = fsRead(ctx.k, ctx.pid, '/etc/resolv.conf');
  const hosts = fsRead(ctx.k, ctx.pid, '/etc/hosts');
  const servers = isErr(rc) ? [] : rc.split('\n').flatMap((l) => (/^\s*nameserver\s+(\S+)/.exec(l)?.[1] ? [/^\s*nameserver\s+(\S+)/.exec(l)?.[1] as string] : []));
  return { servers, hosts: isErr(hosts) ? '' : hosts };
}

export function resolve(ctx: Ctx, name: string): { addr: string } | { error: string } {
  const { servers, hosts } = readResolv(ctx);
  const r = resolveName(ctx.k, netnsOf(ctx), name, servers, hosts);
  if ('addr' in r) return r;
  return { error: r.error === 'NXDOMAIN' ? 'Name or service not known' : 'Temporary failure in name resolution' };
}

function pingSummary(ctx: Ctx<PingState>): Outcome {
  const st = ctx.state;
  const recv = st.rtts.length;
  const loss = st.sent ? Math.round(((st.sent - recv) / st.sent) * 100) : 0;
  const min = Math.min(...st.rtts);
  const max = Math.max(...st.rtts);
  const avg = recv ? st.rtts.reduce((a, b) => a + b, 0) / recv : 0;
  const mdev = recv ? Math.sqrt(st.rtts.reduce((a, b) => a + (b - avg) ** 2, 0) / recv) : 0;
  if (st.busybox) {
    ctx.stdout.write(`\n--- ${st.target} ping statistics ---\n${st.sent} packets transmitted, ${recv} packets received, ${loss}% packet loss\n`);
    if (recv) ctx.stdout.write(`round-trip min/avg/max = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)} ms\n`);
  } else {
    ctx.stdout.write(`\n--- ${st.target} ping statistics ---\n${st.sent} packets transmitted, ${recv} received, ${loss}% packet loss, time ${st.sent > 1 ? (st.sent - 1) * 1000 + st.sent : 0}ms\n`);
    if (recv) ctx.stdout.write(`rtt min/avg/max/mdev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${mdev.toFixed(3)} ms\n`);
  }
  return { exit: recv ? 0 : 1 };
}

function pingOnce(ctx: Ctx<PingState>): Outcome {
  const st = ctx.state;
  const seq = st.sent + 1;
  st.sent++;
  const r = ping(ctx.k, ctx.pid, st.addr);
  if (!isErr(r)) {
    st.rtts.push(r.rttMs);
    const who = st.target === st.addr ? st.addr : `${st.target} (${st.addr})`;
    const time = st.busybox ? r.rttMs.toFixed(3) : r.rttMs >= 100 ? r.rttMs.toFixed(0) : r.rttMs >= 10 ? r.rttMs.toFixed(1) : r.rttMs.toFixed(2);
    ctx.stdout.write(st.busybox ? `64 bytes from ${st.addr}: seq=${seq - 1} ttl=${r.ttl} time=${time} ms\n` : `64 bytes from ${who}: icmp_seq=${seq} ttl=${r.ttl} time=${time} ms\n`);
  } else if (r.errno === 'ENETUNREACH' && st.sent === 1) {
    ctx.stderr.write(`${st.busybox ? 'ping: sendto' : 'ping: connect'}: Network is unreachable\n`);
    return { exit: st.busybox ? 1 : 2 };
  }
  if (st.count !== null && st.sent >= st.count) return pingSummary(ctx);
  return { block: 'timer', untilMs: ctx.k.uptimeMs + 1000, periodic: st.count === null };
}

export const pingProgram: ProgramDef<PingState> = {
  id: 'ping',
  catches: [2],
  main(ctx) {
    const name = progName(ctx as Ctx, 'ping');
    const bb = ctx.flavour === 'busybox';
    const args = ctx.argv.slice(1);
    let count: number | null = null;
    let countArg = '';
    let target: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (a.startsWith('-c')) {
        const v = a === '-c' ? args[++i] : a.slice(2);
        if (v === undefined) {
          // getopt's message (iputils then prints its usage).
          ctx.stderr.write(`${name}: option requires an argument -- 'c'\n`);
          return { exit: bb ? 1 : 2 };
        }
        countArg = v;
        count = /^[+-]?[0-9]+$/.test(v.trim()) ? Number(v) : NaN;
      }
      else if (a === '-W' || a === '-i' || a === '-s' || a === '-t' || a === '-w') i++;
      else if (a === '-4' || a === '-q' || a === '-n') continue;
      else target = a;
    }
    if (!target) {
      ctx.stderr.write(bb ? `BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n` : `${name}: usage error: Destination address required\n`);
      return { exit: bb ? 1 : 2 };
    }
    if (count !== null && (!Number.isInteger(count) || count < 1)) {
      ctx.stderr.write(Number.isNaN(count) ? `${name}: invalid argument: '${countArg}'\n` : `${name}: invalid argument: '${countArg}': out of range: 1 <= value <= 9223372036854775807\n`);
      return { exit: 1 };
    }
    if (icmpSocket(ctx.k, ctx.pid) !== true) {
      ctx.stderr.write(bb ? `${name}: permission denied (are you root?)\n` : `${name}: socktype: SOCK_RAW\n${name}: socket: Operation not permitted\n${name}: => missing cap_net_raw+p capability or setuid?\n`);
      return { exit: bb ? 1 : 2 };
    }
    const res = resolve(ctx as Ctx, target);
    if ('error' in res) {
      ctx.stderr.write(bb ? `${name}: bad address '${target}'\n` : `${name}: ${target}: ${res.error}\n`);
      return { exit: bb ? 1 : 2 };
    }
    ctx.state = { target, addr: res.addr, count, sent: 0, rtts: [], busybox: bb };
    ctx.stdout.write(bb ? `PING ${target} (${res.addr}): 56 data bytes\n` : `PING ${target} (${res.addr}) 56(84) bytes of data.\n`);
    return pingOnce(ctx);
  },
  resume: (ctx) => pingOnce(ctx),
  onSignal(ctx, sig) {
    if (sig === 2) return pingSummary(ctx);
    return null;
  },
};

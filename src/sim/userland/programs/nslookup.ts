/**
 * nslookup: BIND 9.18 (Debian's bind9-dnsutils, the gnu flavour) and busybox.
 * Asks the first nameserver of /etc/resolv.conf (not /etc/hosts) through the
 * kernel's DNS model from the caller's network namespace.
 *
 * Models the output: "Server:\t\tIP" / "Address:\tIP#53" (busybox: IP:53),
 * "Non-authoritative answer:" for answers a resolver got from elsewhere
 * (Docker's embedded DNS answers container names itself), Name/Address
 * lines, "** server can't find NAME: NXDOMAIN" (exit 1), and ";;
 * connection timed out; no servers could be reached" when no server answers.
 * SIMPLIFICATIONS: A records only (no AAAA block), no -type=, no interactive mode.
 */

import type { ProgramDef } from '../types.ts';
import { fsRead } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';
import { resolveName } from '../../kernel/net/index.ts';

export const nslookupProgram: ProgramDef<null> = {
  id: 'nslookup',
  main(ctx) {
    const bb = ctx.flavour === 'busybox';
    const ops = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    const name = ops[0];
    if (!name) {
      ctx.stderr.write(bb ? 'BusyBox v1.36.1 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n' : 'nslookup: interactive mode is not simulated\n');
      return { exit: 1 };
    }
    const rc = fsRead(ctx.k, ctx.pid, '/etc/resolv.conf');
    const servers = ops[1] ? [ops[1]] : isErr(rc) ? [] : rc.split('\n').flatMap((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.slice(1, 2) ?? []);
    const server = servers[0] ?? '127.0.0.1';
    const netns = ctx.k.proc(ctx.pid)?.ns.net ?? ctx.k.state.ns.initial.net;
    const r = resolveName(ctx.k, netns, name, [server], '');
    if ('error' in r && r.error === 'TIMEOUT') {
      ctx.stdout.write(';; connection timed out; no servers could be reached\n\n');
      return { exit: 1 };
    }
    let out = `Server:\t\t${server}\nAddress:\t${server}${bb ? ':53' : '#53'}\n\n`;
    if ('error' in r) {
      out += `** server can't find ${name}: ${r.error}\n\n`;
      ctx.stdout.write(out);
      return { exit: 1 };
    }
    const local = ctx.k.state.net.dnsServers[netns]?.[server];
    const authoritative = !!local && Object.keys(local.records).includes(name.toLowerCase().replace(/\.$/, ''));
    if (!authoritative) out += 'Non-authoritative answer:\n';
    out += `Name:\t${name}\nAddress: ${r.addr}\n\n`;
    ctx.stdout.write(out);
    return { exit: 0 };
  },
};

/**
 * hostname (Debian's hostname 3.23, and busybox): print or set the UTS
 * namespace's host name (sethostname(2): "you must be root to change the host
 * name" without CAP_SYS_ADMIN over it), -s, -f, -d, and -i / -I: the
 * addresses the name resolves to through /etc/hosts, or every global address
 * of the caller's network namespace.
 * SIMPLIFICATIONS: -i does not fall back to DNS.
 */

import type { ProgramDef } from '../types.ts';
import { progName } from './args.ts';
import { fsRead } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { sethostname, hostnameOf } from '../../kernel/ns/uts.ts';

export const hostnameProgram: ProgramDef<null> = {
  id: 'hostname',
  main(ctx) {
    const name = progName(ctx, 'hostname');
    const args = ctx.argv.slice(1);
    const cur = hostnameOf(ctx.k, ctx.pid) ?? ctx.k.state.machine.hostname;
    if (args[0] === '-s' || args[0] === '--short') {
      ctx.stdout.write(`${cur.split('.')[0]}\n`);
      return { exit: 0 };
    }
    if (args[0] === '-i' || args[0] === '--ip-address') {
      // getaddrinfo(hostname): /etc/hosts first, then DNS.
      const hosts = fsRead(ctx.k, ctx.pid, '/etc/hosts');
      const addrs = isErr(hosts) ? [] : hosts.split('\n').filter((l) => !/^\s*#/.test(l) && l.split(/\s+/).slice(1).includes(cur)).map((l) => l.split(/\s+/)[0] as string).filter((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a));
      if (!addrs.length) {
        ctx.stderr.write(ctx.flavour === 'busybox' ? `${name}: ${cur}: Name or service not known\n` : `${name}: Name or service not known\n`);
        return { exit: 1 };
      }
      ctx.stdout.write(`${ctx.flavour === 'busybox' ? addrs[0] : addrs.join(' ')}\n`);
      return { exit: 0 };
    }
    if (args[0] === '-I' || args[0] === '--all-ip-addresses') {
      const me = ctx.k.proc(ctx.pid);
      const ns = me ? ctx.k.state.net.byNs[me.ns.net] : undefined;
      const addrs = ns ? Object.values(ns.links).flatMap((l) => (l.up && l.kind !== 'loopback' ? l.addrs.filter((a) => a.scope === 'global').map((a) => a.local) : [])) : [];
      ctx.stdout.write(addrs.map((a) => `${a} `).join('') + '\n');
      return { exit: 0 };
    }
    if (args[0] === '-f' || args[0] === '--fqdn' || args[0] === '-d') {
      ctx.stdout.write(args[0] === '-d' ? '\n' : `${cur}\n`);
      return { exit: 0 };
    }
    if (!args.length) {
      ctx.stdout.write(`${cur}\n`);
      return { exit: 0 };
    }
    const want = args[args.length - 1] as string;
    const e = sethostname(ctx.k, ctx.pid, want);
    if (isErr(e)) {
      if (ctx.flavour === 'busybox') ctx.stderr.write(`${name}: sethostname: ${strerror(e.errno)}\n`);
      else if (e.errno === 'EPERM') ctx.stderr.write(`${name}: you must be root to change the host name\n`);
      else ctx.stderr.write(`${name}: ${strerror(e.errno)}\n`);
      return { exit: 1 };
    }
    return { exit: 0 };
  },
};

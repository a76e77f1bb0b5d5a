/**
 * bridge (iproute2 6.1): `bridge link [show] [dev DEV]` lists the ports of the
 * network namespace's bridges, as the kernel's bridge driver reports them:
 * docker0's veth ends, a user network's br-<id> ports, libvirt's vnet taps.
 *
 * Models bridge/link.c's line: the interface (with @ifN for a veth whose peer
 * is elsewhere), its flags and MTU, the master, the STP port state
 * (forwarding when the port is up, disabled when down), priority 32 and the
 * path cost of a 10 Gb/s port (2).
 * SIMPLIFICATIONS: no STP, so a port is never listening/learning/blocking;
 * `bridge fdb` and `bridge vlan` are not modelled.
 */

import type { Ctx, ProgramDef } from '../types.ts';
import { ipLinkShow } from '../../kernel/net/index.ts';
import { netnsOf } from './net.ts';

export const bridgeProgram: ProgramDef<null> = {
  id: 'bridge',
  main(ctx) {
    const c = ctx as Ctx;
    const [obj, verb, ...rest] = ctx.argv.slice(1);
    if (obj === undefined) {
      ctx.stderr.write('Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { link | fdb | mdb | vlan | monitor }\n       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |\n                    -o[neline] | -t[imestamp] | -n[etns] name |\n                    -c[ompressvlan] -color -p[retty] -j[son] }\n');
      return { exit: 255 };
    }
    if (!'link'.startsWith(obj)) {
      ctx.stderr.write(`Object "${obj}" is unknown, try "bridge help".\n`);
      return { exit: 255 };
    }
    if (verb !== undefined && !['show', 'list', 'lst', 'sh'].includes(verb)) {
      ctx.stderr.write(`Command "${verb}" is unknown, try "bridge link help".\n`);
      return { exit: 255 };
    }
    const dev = rest[0] === 'dev' ? rest[1] : undefined;
    const ns = netnsOf(c);
    const links = Object.values(ctx.k.state.net.byNs[ns]?.links ?? {});
    if (dev !== undefined && !links.some((l) => l.name === dev)) {
      ctx.stderr.write(`Cannot find device "${dev}"\n`);
      return { exit: 1 };
    }
    for (const l of links.filter((x) => x.master !== null && (dev === undefined || x.name === dev)).sort((a, b) => a.ifindex - b.ifindex)) {
      const first = (ipLinkShow(ctx.k.state, ns, l.name) ?? '').split('\n')[0] ?? '';
      const head = /^(\d+: \S+: <[^>]*> mtu \d+)/.exec(first)?.[1];
      const master = links.find((m) => m.ifindex === l.master)?.name ?? '';
      const state = / state (UP|UNKNOWN) /.test(first) ? 'forwarding' : 'disabled';
      if (head) ctx.stdout.write(`${head} master ${master} state ${state} priority 32 cost 2 \n`);
    }
    return { exit: 0 };
  },
};

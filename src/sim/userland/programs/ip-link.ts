/**
 * `ip link` from iproute2 6.1: show (dev, master, type filters, -d), add, set
 * and delete (ip/iplink.c iplink_parse(), iplink_modify(); ip/link_veth.c).
 *
 * Models: the options before `type` describe the device (bare name or
 * `name`, mtu, address, txqueuelen, netns, link), those after `type veth
 * peer` the peer; `netns` takes a name under /run/netns, a path to an nsfs
 * file (/proc/PID/ns/net, /run/netns/NAME) or a PID (netns_get_fd(), then
 * IFLA_NET_NS_PID, which the kernel looks up: ESRCH); iproute2's own argument
 * errors (invarg: exit 255) come before the kernel's (RTNETLINK answers /
 * extack "Error: ...": exit 2); a peer netns that has a name under /run/netns
 * is shown as "link-netns NAME".
 * SIMPLIFICATIONS:
 * - Kinds veth, bridge and dummy; any other (vlan, macvlan, vxlan...) is
 *   answered as a kernel without its module answers: "Error: Unknown device type.".
 * - Options of a kind (bridge stp_state ..., veth peer txqueuelen) are ignored;
 *   no `index`, `group`, `alias`, `arp`, `promisc`, `type` for `set`.
 * - /proc/PID/ns/net is resolved in the caller's PID namespace.
 */

import type { Ctx } from '../types.ts';
import { isErr, strerror, sysErr, type SysError } from '../../kernel/errno.ts';
import { ipLinkShow, linkAdd, linkSet, linkDel, findLink } from '../../kernel/net/index.ts';
import { mtuLimits, type AddKind, type LinkAddOpts, type LinkSetOpts } from '../../kernel/net/link.ts';
import type { Link } from '../../kernel/net/types.ts';
import { hostPidOf } from '../../kernel/process/pids.ts';
import { fsStat } from '../fsapi.ts';
import { namedNetns, nsidNamer } from './netns.ts';

type Exit = { exit: number };

export function netnsOf(ctx: Ctx): number {
  return ctx.k.proc(ctx.pid)?.ns.net ?? ctx.k.state.ns.initial.net;
}

export function rtnl(ctx: Ctx, e: SysError): Exit {
  // BusyBox's ip prefixes its applet name (bb_error_msg); iproute2 does not.
  ctx.stderr.write(`${ctx.flavour === 'busybox' ? 'ip: ' : ''}RTNETLINK answers: ${strerror(e.errno)}\n`);
  return { exit: ctx.flavour === 'busybox' ? 1 : 2 };
}

function fail(ctx: Ctx, text: string, exit: number): Exit {
  ctx.stderr.write(text);
  return { exit };
}

/** The caller's device of this name. */
function linkHere(ctx: Ctx, name: string): Link | undefined {
  const ns = ctx.k.state.net.byNs[netnsOf(ctx)];
  return ns ? findLink(ns, name) : undefined;
}

/** invarg(): `Error: argument "X" is wrong: MSG` and exit(-1). */
function invarg(ctx: Ctx, msg: string, arg: string): Exit {
  return fail(ctx, `Error: argument "${arg}" is wrong: ${msg}\n`, 255);
}

/** A netns argument: a netns inode, or a PID the kernel will not find (ESRCH), or an error already printed. */
type NetnsArg = { inum: number } | { esrch: true } | Exit;

/** The process a PID in the caller's PID namespace names, or null. */
function procByPid(ctx: Ctx, pid: number): number | null {
  const me = ctx.k.proc(ctx.pid);
  const hp = me ? hostPidOf(ctx.k, me.pidNs, pid) : pid;
  if (hp === null) return null;
  const p = ctx.k.proc(hp);
  return p && p.state !== 'Z' ? p.ns.net : null;
}

/** netns_get_fd(NAME or PATH), else get_integer() as a PID, else invarg (lib/namespace.c, ip/iplink.c). */
function netnsArg(ctx: Ctx, v: string): NetnsArg {
  if (!v.includes('/')) {
    const named = namedNetns(ctx, v);
    if (named !== null) return { inum: named };
  } else {
    const proc = /^\/proc\/(self|thread-self|[0-9]+)\/(?:task\/[0-9]+\/)?ns\/net$/.exec(v);
    const run = /^(?:\/var)?\/run\/netns\/([^/]+)$/.exec(v);
    if (proc) {
      const which = proc[1] as string;
      const inum = which === 'self' || which === 'thread-self' ? netnsOf(ctx) : procByPid(ctx, Number(which));
      if (inum !== null) return { inum };
    } else if (run) {
      const named = namedNetns(ctx, run[1] as string);
      if (named !== null) return { inum: named };
    } else if (!isErr(fsStat(ctx.k, ctx.pid, v))) {
      // Opens, but is no network namespace: get_net_ns_by_fd() fails with EINVAL.
      return rtnl(ctx, sysErr('EINVAL'));
    }
  }
  if (/^-?(0x[0-9a-f]+|[0-9]+)$/i.test(v)) {
    const inum = procByPid(ctx, Number(v));
    return inum === null ? { esrch: true } : { inum };
  }
  return invarg(ctx, 'Invalid "netns" value\n', v);
}

/** check_ifname(): 1..15 characters, no '/' or whitespace. check_altifname() allows up to 127. */
function badIfname(name: string, max: number): boolean {
  return name.length === 0 || name.length > max || /[/\s]/.test(name);
}

interface DevArgs {
  name?: string;
  mtu?: number;
  mac?: string;
  txqueuelen?: number;
  netns?: number;
  esrch?: boolean;
  link?: string;
  type?: string;
}

/** iplink_parse(): the generic options up to `type`; returns the index after them, or an error already printed. */
function parseDev(ctx: Ctx, args: string[], i: number, o: DevArgs): number | Exit {
  for (; i < args.length; i++) {
    const a = args[i] as string;
    const next = (): string | Exit => (i + 1 < args.length ? (args[++i] as string) : fail(ctx, 'Command line is not complete. Try option "help"\n', 255));
    if (a === 'type') {
      const v = next();
      if (typeof v !== 'string') return v;
      o.type = v;
      return i + 1;
    }
    if (a === 'name' || a === 'dev' || a === 'mtu' || a === 'address' || a === 'txqueuelen' || a === 'txqlen' || a === 'qlen' || a === 'netns' || a === 'link') {
      const v = next();
      if (typeof v !== 'string') return v;
      if (a === 'name' || a === 'dev') {
        if (badIfname(v, a === 'name' ? 15 : 127)) return invarg(ctx, `"${a}" not a valid ifname`, v);
        if (o.name !== undefined && a === 'dev') return fail(ctx, `Error: either "dev" is duplicate, or "${v}" is a garbage.\n`, 255);
        o.name = v;
      } else if (a === 'mtu' || a === 'txqueuelen' || a === 'txqlen' || a === 'qlen') {
        if (!/^[0-9]+$/.test(v)) return invarg(ctx, `Invalid "${a === 'mtu' ? 'mtu' : 'txqueuelen'}" value\n`, v);
        if (a === 'mtu') o.mtu = Number(v);
        else o.txqueuelen = Number(v);
      } else if (a === 'address') {
        if (!/^[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}$/i.test(v)) return fail(ctx, `"${v}" is invalid lladdr.\n`, 1);
        o.mac = v
          .toLowerCase()
          .split(':')
          .map((x) => x.padStart(2, '0'))
          .join(':');
      } else if (a === 'netns') {
        const r = netnsArg(ctx, v);
        if ('exit' in r) return r;
        if ('esrch' in r) o.esrch = true;
        else o.netns = r.inum;
      } else o.link = v;
      continue;
    }
    if (badIfname(a, 127)) return invarg(ctx, '"dev" not a valid ifname', a);
    if (o.name !== undefined) return fail(ctx, `Error: either "dev" is duplicate, or "${a}" is a garbage.\n`, 255);
    o.name = a;
  }
  return i;
}

const KINDS: readonly string[] = ['veth', 'bridge', 'dummy'];

function linkAddCmd(ctx: Ctx, args: string[]): Exit {
  const dev: DevArgs = {};
  const r = parseDev(ctx, args, 1, dev);
  if (typeof r !== 'number') return r;
  let i = r;
  const peer: DevArgs = {};
  if (dev.type === 'veth' && i < args.length) {
    if (args[i] !== 'peer') {
      ctx.stdout.write("Usage: ip link <options> type veth [peer <options>]\nTo get <options> type 'ip link add help'\n");
      return { exit: 1 };
    }
    const pr = parseDev(ctx, args, i + 1, peer);
    if (typeof pr !== 'number') return pr;
    if (peer.type !== undefined) return fail(ctx, `Error: duplicate "type": "${peer.type}" is the second value.\n`, 255);
    i = pr;
  }
  if (dev.type === undefined) return fail(ctx, 'Not enough information: "type" argument is required\n', 1);
  if (dev.link !== undefined && !linkHere(ctx, dev.link)) return fail(ctx, `Cannot find device "${dev.link}"\n`, 1);
  if (!KINDS.includes(dev.type) || dev.link !== undefined) return fail(ctx, 'Error: Unknown device type.\n', 2);
  if (dev.name !== undefined && dev.name.length > 15) return fail(ctx, 'Error: Attribute failed policy validation.\n', 2);
  if (dev.esrch || peer.esrch) return rtnl(ctx, sysErr('ESRCH'));
  const kind = dev.type as AddKind;
  if (dev.mtu !== undefined && dev.mtu < mtuLimits({ kind })[0]) return fail(ctx, 'Error: mtu less than device minimum.\n', 2);
  const o: LinkAddOpts = { kind, name: dev.name, mtu: dev.mtu, mac: dev.mac, txqueuelen: dev.txqueuelen, netns: dev.netns };
  if (kind === 'veth') o.peer = { name: peer.name, netns: peer.netns, mtu: peer.mtu, mac: peer.mac };
  const res = linkAdd(ctx.k, ctx.pid, o);
  return isErr(res) ? rtnl(ctx, res) : { exit: 0 };
}

function linkSetCmd(ctx: Ctx, args: string[]): Exit {
  let i = 1;
  if (args[i] === 'dev') i++;
  const dev = args[i++];
  if (!dev) return fail(ctx, 'Not enough information: "dev" argument is required.\n', 255);
  const o: LinkSetOpts = {};
  let esrch = false;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === 'up') o.up = true;
    else if (a === 'down') o.up = false;
    else if (a === 'master') o.master = args[++i] ?? null;
    else if (a === 'nomaster') o.master = null;
    else if (a === 'name') o.name = args[++i];
    else if (a === 'mtu' || a === 'address') {
      // The same checks as for `ip link add`.
      const d: DevArgs = {};
      const r = parseDev(ctx, [a, args[++i] ?? ''], 0, d);
      if (typeof r !== 'number') return r;
      if (d.mtu !== undefined) o.mtu = d.mtu;
      if (d.mac !== undefined) o.address = d.mac;
    } else if (a === 'netns') {
      const r = netnsArg(ctx, args[++i] ?? '');
      if ('exit' in r) return r;
      if ('esrch' in r) esrch = true;
      else o.netns = r.inum;
    } else return fail(ctx, `Error: either "dev" is duplicate, or "${a}" is a garbage.\n`, 255);
  }
  const l = linkHere(ctx, dev);
  if (!l) return fail(ctx, `Cannot find device "${dev}"\n`, 1);
  if (esrch) return rtnl(ctx, sysErr('ESRCH'));
  const r = linkSet(ctx.k, ctx.pid, dev, o);
  if (isErr(r)) {
    if (r.errno === 'ENODEV') return fail(ctx, `Cannot find device "${dev}"\n`, 1);
    // dev_validate_mtu()'s extack.
    const [min, max] = mtuLimits(l);
    if (r.errno === 'EINVAL' && o.mtu !== undefined && o.mtu < min) return fail(ctx, 'Error: mtu less than device minimum.\n', 2);
    if (r.errno === 'EINVAL' && o.mtu !== undefined && max && o.mtu > max) return fail(ctx, 'Error: mtu greater than device maximum.\n', 2);
    // NETIF_F_NETNS_LOCAL: __dev_change_net_namespace()'s extack.
    if (r.errno === 'EINVAL' && o.netns !== undefined && o.netns !== netnsOf(ctx) && (l.kind === 'loopback' || l.kind === 'bridge'))
      return fail(ctx, 'Error: The interface netns is immutable.\n', 2);
    return rtnl(ctx, r);
  }
  return { exit: 0 };
}

/** ip link show master BRIDGE | type KIND: the links enslaved to a bridge, or of one kind. */
function ipLinkFiltered(ctx: Ctx, ns: number, by: 'master' | 'type', value: string | undefined, details: boolean): Exit {
  const links = Object.values(ctx.k.state.net.byNs[ns]?.links ?? {});
  if (value === undefined) return fail(ctx, 'Command line is not complete. Try option "help"\n', 255);
  let pick = links;
  if (by === 'master') {
    const m = links.find((l) => l.name === value);
    if (!m) return fail(ctx, `Device "${value}" does not exist.\n`, 1);
    pick = links.filter((l) => l.master === m.ifindex);
  } else pick = links.filter((l) => l.kind === value);
  const nsidName = nsidNamer(ctx, ns);
  for (const l of pick.sort((a, b) => a.ifindex - b.ifindex)) ctx.stdout.write(ipLinkShow(ctx.k.state, ns, l.name, { details, nsidName }) ?? '');
  return { exit: 0 };
}

export function ipLink(ctx: Ctx, args: string[], details = false): Exit {
  const ns = netnsOf(ctx);
  const verb = args[0] ?? 'show';
  if (verb === 'show' || verb === 'list' || verb === 'sh' || verb === 'ls') {
    if (args[1] === 'master' || args[1] === 'type') return ipLinkFiltered(ctx, ns, args[1], args[2], details);
    const dev = args[1] === 'dev' ? args[2] : args[1];
    const out = ipLinkShow(ctx.k.state, ns, dev, { details, nsidName: nsidNamer(ctx, ns) });
    if (out === null) return fail(ctx, `Device "${dev}" does not exist.\n`, 1);
    ctx.stdout.write(out);
    return { exit: 0 };
  }
  if (verb === 'add') return linkAddCmd(ctx, args);
  if (verb === 'set') return linkSetCmd(ctx, args);
  if (verb === 'del' || verb === 'delete') {
    const dev = args[1] === 'dev' ? args[2] : args[1];
    const r = linkDel(ctx.k, ctx.pid, dev ?? '');
    if (isErr(r)) return r.errno === 'ENODEV' ? fail(ctx, `Cannot find device "${dev}"\n`, 1) : rtnl(ctx, r);
    return { exit: 0 };
  }
  return fail(ctx, `Command "${verb}" is unknown, try "ip link help".\n`, 255);
}

/**
 * Outgoing traffic: connect(2) for TCP (and a UDP datagram that expects an
 * answer), and ICMP echo for ping(8).
 *
 * Models: the result a program sees (a connection, or ECONNREFUSED when the
 * host answers with RST or port unreachable, ENETUNREACH with no route,
 * EHOSTUNREACH when nobody owns the next hop, ETIMEDOUT when a rule or a
 * missing masquerade swallows the packet), an ephemeral source port, and who
 * may ping: CAP_NET_RAW over the netns (raw socket) or a group inside
 * net.ipv4.ping_group_range (ICMP datagram socket, icmp(7)). Each attempt
 * emits net.packetTraced with the hops so views can animate it.
 * SIMPLIFICATIONS:
 * - No handshake timing: the caller decides how long a timeout takes.
 * - Reply TTL: 64 from a Linux netns, the table's value from an internet host, minus one per router on the way.
 */

import type { Kernel } from '../kernel.ts';
import { isErr, sysErr, type SysError } from '../errno.ts';
import { nextFloat } from '../../host/rng.ts';
import type { Hop } from './events.ts';
import type { Socket } from './types.ts';
import { parseIp } from './ip4.ts';
import { sysctlRange } from './netns.ts';
import { trace, type Endpoint, type FlowProto, type Trace } from './datapath.ts';
import { ephemeralPort } from './socket.ts';
import { netnsOwner, nsCapable, procNet } from './perm.ts';
import { refuse } from '../caps/denied.ts';

export interface Listener {
  /** Host PID of the listening process; null for the internet or a kernel answer. */
  pid: number | null;
  /** netns inode of the listener; null for the internet. */
  netns: number | null;
  addr: string;
  port: number | null;
  inode: number | null;
  /** Set when an internet host answered. */
  host?: string;
}

export interface ConnectOk {
  ok: true;
  listener: Listener;
  path: Hop[];
  srcIp: string;
  srcPort: number;
  /** Where the connection really went (after DNAT). */
  dst: string;
  dport: number | null;
  /** With keep: the client's socket inode. */
  inode?: number;
}

function listenerOf(ep: Endpoint, tr: Trace): Listener {
  switch (ep.kind) {
    case 'socket':
      return { pid: ep.socket.pid, netns: ep.socket.netns, addr: ep.socket.localAddr, port: ep.socket.localPort, inode: ep.socket.inode };
    case 'dns':
      return { pid: null, netns: ep.server.netns, addr: ep.server.ip, port: 53, inode: null };
    case 'stack':
      return { pid: null, netns: ep.netns, addr: ep.addr, port: null, inode: null };
    case 'internet':
      return { pid: null, netns: null, addr: ep.host.ip, port: tr.dport, inode: null, host: ep.host.names[0] ?? ep.host.ip };
  }
}

/** Bytes of the first packet: a SYN with options, an echo request of ping's default 56 data bytes. */
const FIRST_PACKET_BYTES: Record<FlowProto, number> = { tcp: 60, udp: 64, icmp: 84 };

/** Trace a flow from a netns and record it; the building block of connect, ping and DNS queries. */
export function traceFlow(k: Kernel, netns: number, pid: number | null, proto: FlowProto, dst: string, dport: number | null, sport: number | null): Trace {
  const tr = trace(k.state.net, netns, { proto, src: null, dst, sport, dport });
  k.emit({
    type: 'net.packetTraced',
    kind: proto,
    netns,
    pid,
    src: tr.src,
    dst,
    dport,
    hops: tr.hops,
    result: tr.result,
    hits: tr.hits,
    bytes: FIRST_PACKET_BYTES[proto],
  });
  return tr;
}

/**
 * connect(2) from `pid` to dstIp:port. With `keep`, the connection stays open
 * (both ends appear in ss as ESTAB) until closed or the process exits.
 */
export function connect(k: Kernel, pid: number, dstIp: string, port: number, proto: 'tcp' | 'udp' = 'tcp', opts: { keep?: boolean } = {}): ConnectOk | SysError {
  const pn = procNet(k, pid);
  if (isErr(pn)) return pn;
  const { p, ns } = pn;
  if (parseIp(dstIp) === null || !Number.isInteger(port) || port < 0 || port > 65535) return sysErr('EINVAL');
  const srcPort = ephemeralPort(k, ns, proto);
  const tr = traceFlow(k, ns.inum, p.pid, proto, dstIp, port, srcPort);
  if (tr.result !== 'ok' || !tr.endpoint) return sysErr(tr.result === 'ok' ? 'ECONNREFUSED' : tr.result);
  const out: ConnectOk = { ok: true, listener: listenerOf(tr.endpoint, tr), path: tr.hops, srcIp: tr.src, srcPort, dst: tr.dst, dport: tr.dport };
  if (opts.keep && proto === 'tcp') {
    const inode = k.state.net.nextSocketInode;
    const client: Socket = { inode, netns: ns.inum, proto, state: 'ESTAB', localAddr: tr.src, localPort: srcPort, peerAddr: dstIp, peerPort: port, pid: p.pid };
    const ep = tr.endpoint;
    const server: Socket | null =
      ep.kind === 'socket'
        ? { inode: inode + 1, netns: ep.socket.netns, proto, state: 'ESTAB', localAddr: tr.dst, localPort: tr.dport ?? port, peerAddr: tr.seenSrc, peerPort: srcPort, pid: ep.socket.pid }
        : null;
    k.emit({ type: 'net.connectionEstablished', client, server });
    out.inode = inode;
  }
  return out;
}

export interface PingOk {
  ok: true;
  ttl: number;
  rttMs: number;
  hops: Hop[];
  /** The address that answered (after DNAT). */
  from: string;
}

/** May `pid` open an ICMP socket: CAP_NET_RAW over the netns, or a gid inside ping_group_range. */
export function canPing(k: Kernel, pid: number): boolean {
  const pn = procNet(k, pid);
  if (isErr(pn)) return false;
  const { p, ns } = pn;
  if (nsCapable(k, p, netnsOwner(k, ns.inum), 'CAP_NET_RAW')) return true;
  const [lo, hi] = sysctlRange(ns, 'net.ipv4.ping_group_range');
  return [p.cred.egid, ...p.cred.groups].some((g) => g >= lo && g <= hi);
}

/** socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) as ping opens it: EPERM without CAP_NET_RAW (or a ping group). */
export function icmpSocket(k: Kernel, pid: number): true | SysError {
  const pn = procNet(k, pid);
  if (isErr(pn)) return pn;
  return canPing(k, pid) ? true : refuse(k, pn.p, 'CAP_NET_RAW', 'socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)');
}

/** One ICMP echo request from `pid` to `dst`, and its reply. */
export function ping(k: Kernel, pid: number, dst: string): PingOk | SysError {
  const pn = procNet(k, pid);
  if (isErr(pn)) return pn;
  if (!canPing(k, pid)) return sysErr('EPERM');
  if (parseIp(dst) === null) return sysErr('EINVAL');
  const tr = traceFlow(k, pn.ns.inum, pn.p.pid, 'icmp', dst, null, null);
  if (tr.result !== 'ok' || !tr.endpoint) return sysErr(tr.result === 'ok' ? 'ETIMEDOUT' : tr.result);
  const ep = tr.endpoint;
  const baseTtl = ep.kind === 'internet' ? ep.host.ttl : 64;
  const baseRtt = ep.kind === 'internet' ? ep.host.rttMs : 0.035;
  const jitter = 0.9 + 0.2 * nextFloat(k.state.rng);
  const rttMs = Math.round((baseRtt + 0.012 * (tr.crossings + tr.routers)) * jitter * 1000) / 1000;
  return { ok: true, ttl: Math.max(1, baseTtl - tr.routers), rttMs, hops: tr.hops, from: tr.dst };
}

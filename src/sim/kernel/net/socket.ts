/**
 * Listening sockets: socket(2) + bind(2) + listen(2), close(2), and the socket table ss(8) reads.
 *
 * Models: binding to 0.0.0.0 or to a local address (EADDRNOTAVAIL otherwise),
 * port conflicts between bound sockets of one netns and protocol (EADDRINUSE
 * when either is the wildcard or both name the same address), privileged
 * ports below net.ipv4.ip_unprivileged_port_start needing CAP_NET_BIND_SERVICE
 * over the netns (EACCES), port 0 picking an ephemeral port, sockets closed
 * when their process exits.
 * SIMPLIFICATIONS:
 * - No SO_REUSEADDR/SO_REUSEPORT, no IPv6 sockets, no file descriptors: a socket belongs to a pid.
 */

import type { Kernel } from '../kernel.ts';
import { isErr, sysErr, type SysError } from '../errno.ts';
import { nextInt } from '../../host/rng.ts';
import type { NetNs, NetState, Socket } from './types.ts';
import { isLocalAddr, sysctlNum, sysctlRange } from './netns.ts';
import { parseIp } from './ip4.ts';
import { nsCapable, netnsOwner, procNet } from './perm.ts';
import { refuse } from '../caps/denied.ts';

function bound(s: NetState, netns: number, proto: 'tcp' | 'udp'): Socket[] {
  return Object.values(s.sockets).filter((so) => so.netns === netns && so.proto === proto && so.state !== 'ESTAB');
}

/** An ephemeral port from net.ipv4.ip_local_port_range not bound in this netns. */
export function ephemeralPort(k: Kernel, ns: NetNs, proto: 'tcp' | 'udp'): number {
  const [lo, hi] = sysctlRange(ns, 'net.ipv4.ip_local_port_range');
  const used = new Set(Object.values(k.state.net.sockets).filter((so) => so.netns === ns.inum && so.proto === proto).map((so) => so.localPort));
  for (let tries = 0; tries < 64; tries++) {
    const port = lo + nextInt(k.state.rng, hi - lo + 1);
    if (!used.has(port)) return port;
  }
  for (let port = lo; port <= hi; port++) if (!used.has(port)) return port;
  return lo;
}

/** socket + bind(addr, port) + listen (tcp) or a bound udp socket. */
export function listen(k: Kernel, pid: number, proto: 'tcp' | 'udp', addr: string, port: number): { inode: number; port: number } | SysError {
  const pn = procNet(k, pid);
  if (isErr(pn)) return pn;
  const { p, ns } = pn;
  if (parseIp(addr) === null || !Number.isInteger(port) || port < 0 || port > 65535) return sysErr('EINVAL');
  if (addr !== '0.0.0.0' && !isLocalAddr(ns, addr)) return sysErr('EADDRNOTAVAIL');
  const localPort = port === 0 ? ephemeralPort(k, ns, proto) : port;
  if (localPort < sysctlNum(ns, 'net.ipv4.ip_unprivileged_port_start') && !nsCapable(k, p, netnsOwner(k, ns.inum), 'CAP_NET_BIND_SERVICE')) {
    return refuse(k, p, 'CAP_NET_BIND_SERVICE', 'bind', 'EACCES');
  }
  const clash = bound(k.state.net, ns.inum, proto).some(
    (so) => so.localPort === localPort && (so.localAddr === addr || so.localAddr === '0.0.0.0' || addr === '0.0.0.0'),
  );
  if (clash) return sysErr('EADDRINUSE');
  const inode = k.state.net.nextSocketInode;
  const socket: Socket = {
    inode,
    netns: ns.inum,
    proto,
    state: proto === 'tcp' ? 'LISTEN' : 'UNCONN',
    localAddr: addr,
    localPort,
    peerAddr: null,
    peerPort: null,
    pid: p.pid,
  };
  k.emit({ type: 'net.socketListening', socket });
  return { inode, port: localPort };
}

/** close(2) of one socket owned by `pid`: EBADF if it has no such socket. */
export function closeSocket(k: Kernel, pid: number, inode: number): null | SysError {
  const so = k.state.net.sockets[inode];
  if (!so || so.pid !== pid) return sysErr('EBADF');
  k.emit({ type: 'net.socketClosed', inode, netns: so.netns, pid });
  return null;
}

/** Close every socket of a process (on exit). O(its own sockets). */
export function closeSocketsOf(k: Kernel, pid: number): void {
  const list = k.state.net.socketsByPid[pid];
  if (!list) return;
  for (const inode of [...list]) {
    const so = k.state.net.sockets[inode];
    if (so) k.emit({ type: 'net.socketClosed', inode, netns: so.netns, pid });
  }
}

/** The sockets of one netns, as ss lists them: listening/unconnected first, then by port and inode. */
export function sockets(k: Kernel, netns: number): Socket[] {
  const rank = { LISTEN: 0, UNCONN: 0, ESTAB: 1 } as const;
  return Object.values(k.state.net.sockets)
    .filter((so) => so.netns === netns)
    .sort((a, b) => rank[a.state] - rank[b.state] || (a.proto < b.proto ? -1 : a.proto > b.proto ? 1 : 0) || a.localPort - b.localPort || a.inode - b.inode)
    .map((so) => ({ ...so }));
}

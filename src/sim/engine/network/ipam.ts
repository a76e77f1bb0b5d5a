/**
 * libnetwork's default IPAM driver: picking a subnet for a new network from the
 * daemon's predefined pools, validating user-given IPAM config, and handing
 * out addresses inside a network (moby daemon/libnetwork/ipamutils/utils.go,
 * ipams/defaultipam, daemon/network.go validateIpamConfig).
 *
 * Models: the local pools 172.17/16, 172.18/16, 172.19/16, 172.20/14,
 * 172.24/14, 172.28/14 (cut into /16s) and 192.168/16 (cut into /20s), the
 * first one not overlapping an existing network or a route of the host; the
 * gateway at the first address; container addresses lowest-free from .2
 * (skipping the network and broadcast addresses and the gateway), or from
 * --ip-range; --ip honoured only on networks with a user-configured subnet;
 * Docker 28's error texts.
 * SIMPLIFICATIONS:
 * - One IPv4 pool per network; no aux addresses, no IPv6, no serial allocation.
 */

import { broadcastOf, fmtIp, networkOf, parseIp, parsePrefix, inPrefix } from '../../kernel/net/ip4.ts';
import type { IpamConfig, NetworkRecord, NetworkState } from './types.ts';

const POOLS: ReadonlyArray<{ base: string; len: number; size: number }> = [
  { base: '172.17.0.0', len: 16, size: 16 },
  { base: '172.18.0.0', len: 16, size: 16 },
  { base: '172.19.0.0', len: 16, size: 16 },
  { base: '172.20.0.0', len: 14, size: 16 },
  { base: '172.24.0.0', len: 14, size: 16 },
  { base: '172.28.0.0', len: 14, size: 16 },
  { base: '192.168.0.0', len: 16, size: 20 },
];

export interface Cidr {
  net: number;
  len: number;
}

function cidrOf(s: string): Cidr | null {
  const p = parsePrefix(s);
  if (!p || !s.includes('/')) return null;
  const n = parseIp(p.addr);
  return n === null ? null : { net: n, len: p.len };
}

function overlaps(a: Cidr, b: Cidr): boolean {
  const len = Math.min(a.len, b.len);
  return networkOf(a.net, len) === networkOf(b.net, len);
}

/** Subnets in use: every network's, plus prefixes the host routes (so a new bridge never hides them). */
export function usedSubnets(st: NetworkState, hostPrefixes: string[]): Cidr[] {
  const out: Cidr[] = [];
  for (const n of Object.values(st.networks)) for (const c of n.IPAM.Config ?? []) {
    const x = cidrOf(c.Subnet);
    if (x) out.push(x);
  }
  for (const p of hostPrefixes) {
    const x = cidrOf(p);
    if (x) out.push(x);
  }
  return out;
}

export function subnetOverlaps(used: Cidr[], subnet: string): boolean {
  const c = cidrOf(subnet);
  return !!c && used.some((u) => overlaps(u, c));
}

/** The first predefined subnet not overlapping `used`, or null when the pools are exhausted. */
export function pickSubnet(used: Cidr[]): string | null {
  for (const pool of POOLS) {
    const base = parseIp(pool.base) as number;
    const count = 2 ** (pool.size - pool.len);
    for (let i = 0; i < count; i++) {
      const c: Cidr = { net: (base + i * 2 ** (32 - pool.size)) >>> 0, len: pool.size };
      if (!used.some((u) => overlaps(u, c))) return `${fmtIp(c.net)}/${c.len}`;
    }
  }
  return null;
}

export const NO_POOL = 'could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network';
export const POOL_OVERLAPS = 'invalid pool request: Pool overlaps with other one on this address space';

/** validateIpamConfig(): every problem of the user's IPAM config, or null. */
export function validateIpam(configs: IpamConfig[]): string | null {
  const errs: string[] = [];
  for (const c of configs) {
    const s = cidrOf(c.Subnet ?? '');
    if (!s) {
      errs.push(`invalid subnet ${c.Subnet}: invalid CIDR block notation`);
      continue;
    }
    const masked = `${fmtIp(networkOf(s.net, s.len))}/${s.len}`;
    if (masked !== c.Subnet) errs.push(`invalid subnet ${c.Subnet}: it should be ${masked}`);
    if (c.IPRange) {
      const r = cidrOf(c.IPRange);
      if (!r) errs.push(`invalid ip-range ${c.IPRange}: invalid CIDR block notation`);
      else {
        const rm = `${fmtIp(networkOf(r.net, r.len))}/${r.len}`;
        if (rm !== c.IPRange) errs.push(`invalid ip-range ${c.IPRange}: it should be ${rm}`);
        if (r.len < s.len) errs.push(`invalid ip-range ${c.IPRange}: CIDR block is bigger than its parent subnet ${masked}`);
        else if (!inPrefix(r.net, s.net, s.len)) errs.push(`invalid ip-range ${c.IPRange}: parent subnet ${masked} doesn't contain ip-range`);
      }
    }
    if (c.Gateway) {
      const g = parseIp(c.Gateway);
      if (g === null) errs.push(`invalid gateway ${c.Gateway}: invalid address`);
      else if (!inPrefix(g, s.net, s.len)) errs.push(`invalid gateway ${c.Gateway}: parent subnet ${masked} doesn't contain this address`);
    }
  }
  return errs.length ? `invalid network config:\n${errs.join('\n')}` : null;
}

/** The first host address of a subnet: the default gateway. */
export function firstHost(subnet: string): string {
  const s = cidrOf(subnet);
  if (!s) throw new Error(`bad subnet ${subnet}`);
  return fmtIp(networkOf(s.net, s.len) + 1);
}

export function prefixLenOf(subnet: string): number {
  return cidrOf(subnet)?.len ?? 0;
}

export type IpResult = { ip: string } | { error: string; status: number };

/** Hand out an address on `n`: the requested one, or the lowest free one in the ip-range or subnet. */
export function allocateIp(n: NetworkRecord, requested: string | null): IpResult {
  const cfg = n.IPAM.Config?.[0];
  const s = cfg ? cidrOf(cfg.Subnet) : null;
  if (!cfg || !s) return { error: 'no IPv4 address pool on this network', status: 500 };
  const lo = networkOf(s.net, s.len);
  const hi = broadcastOf(s.net, s.len);
  if (requested !== null) {
    if (!n.userSubnet) {
      const msg = n.predefined ? 'user specified IP address is supported on user defined networks only' : 'user specified IP address is supported only when connecting to networks with user configured subnets';
      return { error: msg, status: 400 };
    }
    const r = parseIp(requested);
    if (r === null || !inPrefix(r, s.net, s.len) || r === lo || r === hi) return { error: `no configured subnet or ip-range contain the IP address ${requested}`, status: 400 };
    if (n.allocated[requested] !== undefined) return { error: 'Address already in use', status: 403 };
    return { ip: requested };
  }
  const range = cfg.IPRange ? cidrOf(cfg.IPRange) : null;
  const start = range ? Math.max(networkOf(range.net, range.len), lo + 1) : lo + 1;
  const from = Math.max(start, n.ipHint);
  const to = range ? Math.min(broadcastOf(range.net, range.len), hi - 1) : hi - 1;
  for (let a = from; a <= to; a++) {
    const ip = fmtIp(a);
    if (n.allocated[ip] === undefined) return { ip };
  }
  return { error: `no available IPv4 addresses on this network's address pools: ${n.Name} (${n.Id})`, status: 503 };
}

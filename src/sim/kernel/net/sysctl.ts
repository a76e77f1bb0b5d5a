/**
 * Per-netns sysctls under /proc/sys/net (sysctl(8), Documentation/networking/ip-sysctl.rst).
 *
 * Models: net.ipv4.ip_forward (same switch as net.ipv4.conf.all.forwarding),
 * ip_unprivileged_port_start, ping_group_range (two numbers, "1 0" = nobody;
 * a reversed range resets to "1 0"), ip_local_port_range, icmp_echo_ignore_all,
 * conf.all.route_localnet. Writing needs root in the user namespace owning the
 * netns or CAP_NET_ADMIN over it (net_ctl_permissions()).
 * SIMPLIFICATIONS:
 * - Values are validated as integers in range; no per-interface conf/<dev>/ entries.
 */

import type { Kernel } from '../kernel.ts';
import { isErr, sysErr, type SysError } from '../errno.ts';
import type { NetState } from './types.ts';
import { NETNS_SYSCTL_DEFAULTS } from './types.ts';
import { canWriteNetSysctl, procNet } from './perm.ts';

const ALIASES: Record<string, string> = { 'net.ipv4.conf.all.forwarding': 'net.ipv4.ip_forward' };

/** "net/ipv4/ip_forward" or an alias → the canonical dotted name, or null if not a net sysctl we model. */
export function canonicalSysctl(name: string): string | null {
  const dotted = name.includes('/') ? name.replace(/^\/?proc\/sys\//, '').replace(/\//g, '.') : name;
  const n = ALIASES[dotted] ?? dotted;
  return n in NETNS_SYSCTL_DEFAULTS ? n : null;
}

function ints(v: string): number[] | null {
  const parts = v.trim().split(/\s+/);
  if (parts.some((x) => !/^-?\d+$/.test(x))) return null;
  return parts.map(Number);
}

/** Normalise a written value as the kernel stores it, or null if invalid (EINVAL). */
function normalise(name: string, value: string): string | null {
  const n = ints(value);
  if (!n) return null;
  switch (name) {
    case 'net.ipv4.ping_group_range': {
      const [lo, hi] = n;
      if (n.length !== 2 || lo === undefined || hi === undefined || lo < 0 || hi < 0 || lo > 4294967294 || hi > 4294967294) return null;
      return hi < lo ? '1\t0' : `${lo}\t${hi}`;
    }
    case 'net.ipv4.ip_local_port_range': {
      const [lo, hi] = n;
      if (n.length !== 2 || lo === undefined || hi === undefined || lo < 1 || hi > 65535 || lo > hi) return null;
      return `${lo}\t${hi}`;
    }
    case 'net.ipv4.ip_unprivileged_port_start': {
      const [v] = n;
      if (n.length !== 1 || v === undefined || v < 0 || v > 65535) return null;
      return String(v);
    }
    default: {
      const [v] = n;
      if (n.length !== 1 || v === undefined) return null;
      return String(v);
    }
  }
}

/** The value as /proc/sys shows it (without the trailing newline), or null if unknown. */
export function sysctlGet(s: NetState, netns: number, name: string): string | null {
  const n = canonicalSysctl(name);
  const ns = s.byNs[netns];
  if (!n || !ns) return null;
  return ns.sysctl[n] ?? NETNS_SYSCTL_DEFAULTS[n] ?? null;
}

/** Every modelled net sysctl of a netns, sorted by name (for `sysctl -a`). */
export function sysctlAll(s: NetState, netns: number): Array<[string, string]> {
  const ns = s.byNs[netns];
  if (!ns) return [];
  return Object.keys(NETNS_SYSCTL_DEFAULTS)
    .sort()
    .map((n) => [n, ns.sysctl[n] ?? NETNS_SYSCTL_DEFAULTS[n] ?? '']);
}

/** sysctl -w NAME=VALUE in the caller's netns: ENOENT, EINVAL or EACCES. */
export function sysctlSet(k: Kernel, pid: number, name: string, value: string): string | SysError {
  const pn = procNet(k, pid);
  if (isErr(pn)) return pn;
  const { p, ns } = pn;
  const n = canonicalSysctl(name);
  if (!n) return sysErr('ENOENT');
  if (!canWriteNetSysctl(k, p, ns.inum)) return sysErr('EACCES');
  const v = normalise(n, value);
  if (v === null) return sysErr('EINVAL');
  k.emit({ type: 'net.sysctlSet', netns: ns.inum, name: n, value: v });
  return v;
}

/**
 * sysfs: the kernel's device model as a filesystem (sysfs(5)).
 *
 * Models: the top-level directories of /sys, /sys/fs/cgroup (where cgroup2 is
 * mounted), and /sys/class/net/<interface>/ for the network namespace that
 * mounted the sysfs (address, ifindex, mtu, operstate, tx_queue_len, type), as
 * `ip` and container tools read them.
 * SIMPLIFICATIONS: no devices, buses or attributes beyond these; class/net
 * entries are directories, not symlinks into /sys/devices; read-only.
 */

import type { Kernel } from '../kernel.ts';
import type { Process } from '../process/types.ts';
import { sysErr, type SysError } from '../errno.ts';
import type { InodeType, Superblock } from './types.ts';
import type { SynthEntry, SynthFs } from './vfs/synth.ts';
import { components } from './vfs/path.ts';
import { linksInOrder, operstate } from '../net/netns.ts';

const TOP = ['block', 'bus', 'class', 'dev', 'devices', 'firmware', 'fs', 'hypervisor', 'kernel', 'module', 'power'];
const DIRS: Readonly<Record<string, readonly string[]>> = {
  '/': TOP,
  '/class': ['net'],
  '/fs': ['cgroup'],
  '/kernel': ['mm', 'security'],
};
const NET_FILES = ['address', 'ifindex', 'mtu', 'operstate', 'tx_queue_len', 'type'];

function netNs(k: Kernel, sb: Superblock) {
  return sb.netNs === undefined ? undefined : k.state.net.byNs[sb.netNs];
}

function iface(k: Kernel, sb: Superblock, name: string | undefined) {
  const ns = netNs(k, sb);
  const l = ns && name !== undefined ? Object.values(ns.links).find((x) => x.name === name) : undefined;
  return ns && l ? { ns, l } : null;
}

const dir: SynthEntry = { type: 'dir', mode: 0o755, uid: 0, gid: 0 };

function lookup(k: Kernel, sb: Superblock, rel: string, _r: Process): SynthEntry | null {
  const c = components(rel);
  if (c.length === 0) return Object.assign({}, dir, { mode: 0o555 });
  if (c[0] === 'class' && c[1] === 'net' && c.length >= 3) {
    if (!iface(k, sb, c[2])) return null;
    if (c.length === 3) return dir;
    return c.length === 4 && NET_FILES.includes(c[3] as string) ? { type: 'file', mode: 0o444, uid: 0, gid: 0, size: 4096 } : null;
  }
  const parent = `/${c.slice(0, -1).join('/')}`;
  return DIRS[parent]?.includes(c[c.length - 1] as string) ? dir : null;
}

function readdir(k: Kernel, sb: Superblock, rel: string, _r: Process): Array<{ name: string; type: InodeType }> {
  const c = components(rel);
  if (c[0] === 'class' && c[1] === 'net') {
    const ns = netNs(k, sb);
    if (c.length === 2) return ns ? linksInOrder(ns).map((l) => ({ name: l.name, type: 'dir' as InodeType })) : [];
    if (c.length === 3 && iface(k, sb, c[2])) return NET_FILES.map((name) => ({ name, type: 'file' as InodeType }));
    return [];
  }
  return (DIRS[rel] ?? []).map((name) => ({ name, type: 'dir' as InodeType }));
}

function read(k: Kernel, sb: Superblock, rel: string, _r: Process): string | SysError {
  const c = components(rel);
  const x = c[0] === 'class' && c[1] === 'net' ? iface(k, sb, c[2]) : null;
  if (!x) return sysErr('EISDIR');
  switch (c[3]) {
    case 'address':
      return `${x.l.mac}\n`;
    case 'ifindex':
      return `${x.l.ifindex}\n`;
    case 'mtu':
      return `${x.l.mtu}\n`;
    case 'operstate':
      return `${operstate(k.state.net, x.ns, x.l).toLowerCase()}\n`;
    case 'tx_queue_len':
      return `${x.l.txqueuelen}\n`;
    case 'type':
      return x.l.kind === 'loopback' ? '772\n' : '1\n';
    default:
      return sysErr('EISDIR');
  }
}

export const sysFs: SynthFs = {
  lookup,
  readdir,
  read,
  readlink: () => sysErr('EINVAL'),
};

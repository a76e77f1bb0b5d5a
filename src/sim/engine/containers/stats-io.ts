/**
 * The I/O parts of a stats sample (moby daemon/stats_unix.go, stats
 * collector): `networks` has one entry per interface of the container's
 * network namespace except lo (libnetwork sandbox statistics: rx/tx bytes,
 * packets, errors, drops), absent for host and none mode; `blkio_stats`
 * carries io_service_bytes_recursive read/write totals for the root disk
 * (8:0 here), as cgroup v2's io.stat gives them.
 * SIMPLIFICATIONS:
 * - Interface counters come from the kernel model's link statistics when it
 *   keeps them (`Link.stats`); until it does they read 0.
 * - Block writes are the bytes now in the container's writable layer (its
 *   overlay upper dir): what a container wrote to its filesystem reached the
 *   disk; reads are 0 (the image's files come from the page cache). A fresh
 *   container shows 0B / 0B, as a real one does.
 */

import type { Engine } from '../engine.ts';
import type { ContainerRecord } from './types.ts';
import { seamsOf } from './seams.ts';
import type { Link } from '../../kernel/net/types.ts';

/** Link counters as the kernel model may keep them (optional until it does). */
interface LinkStats {
  rxBytes?: number;
  rxPackets?: number;
  rxErrors?: number;
  rxDropped?: number;
  txBytes?: number;
  txPackets?: number;
  txErrors?: number;
  txDropped?: number;
}

export interface NetStats {
  rx_bytes: number;
  rx_packets: number;
  rx_errors: number;
  rx_dropped: number;
  tx_bytes: number;
  tx_packets: number;
  tx_errors: number;
  tx_dropped: number;
}

/** Per-interface counters of the container's network namespace (undefined for host/none/shared). */
export function networkStats(engine: Engine, c: ContainerRecord): Record<string, NetStats> | undefined {
  const mode = c.HostConfig.NetworkMode;
  if (mode === 'host' || mode === 'none' || mode.startsWith('container:')) return undefined;
  const netns = c.rt.task?.ns.net;
  const ns = netns === undefined ? undefined : engine.k.state.net.byNs[netns];
  if (!ns) return undefined;
  const out: Record<string, NetStats> = {};
  const links = Object.values(ns.links as Record<number, Link & { stats?: LinkStats }>).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const l of links) {
    if (l.name === 'lo') continue;
    const s = l.stats ?? {};
    out[l.name] = {
      rx_bytes: s.rxBytes ?? 0,
      rx_packets: s.rxPackets ?? 0,
      rx_errors: s.rxErrors ?? 0,
      rx_dropped: s.rxDropped ?? 0,
      tx_bytes: s.txBytes ?? 0,
      tx_packets: s.txPackets ?? 0,
      tx_errors: s.txErrors ?? 0,
      tx_dropped: s.txDropped ?? 0,
    };
  }
  return Object.keys(out).length ? out : undefined;
}

/** io_service_bytes_recursive for the container's cgroup (read, write on the root disk). */
export function blockStats(engine: Engine, c: ContainerRecord): Array<{ major: number; minor: number; op: string; value: number }> {
  const written = seamsOf(engine).containerSize(engine, c.Id).SizeRw;
  if (written === 0) return [];
  return [
    { major: 8, minor: 0, op: 'read', value: 0 },
    { major: 8, minor: 0, op: 'write', value: written },
  ];
}

/**
 * Cross-module invariants of a kernel's state, checked by property tests (and
 * usable while debugging). Each returns a list of violations; empty means sound.
 *
 * - every live process is in exactly one cgroup's procs, the one its record names;
 * - every process's eight namespaces exist, and each namespace's process count
 *   equals the number of live processes in it;
 * - no namespace outlives its last user (processes and holds);
 * - every cgroup's memory.current equals the sum of its subtree's members' rss;
 * - every veth's peer exists and points back; no network state for a dead netns;
 * - every mount table belongs to a live mount namespace;
 * - the id tables are live id tables (arrays: id-table.ts), not objects.
 */

import type { KernelState } from './state.ts';
import { NS_TYPES } from './ns/types.ts';
import { fsViolation } from './fs/testkit.ts';
import { isIdTable } from './id-table.ts';
import { nsTable } from './ns/by-inum.ts';
import { lazyTable } from './fs/lazy-copy.ts';
import { mntnsTable } from './fs/mntns-table.ts';

export function kernelInvariantViolations(s: KernelState): string[] {
  const out: string[] = [];
  const tables = { 'proc.byPid': s.proc.byPid, 'fs.inodes': s.fs.inodes, 'fs.sbs': s.fs.sbs, 'fs.mounts': s.fs.mounts, 'fs.at': s.fs.at };
  for (const [name, t] of Object.entries(tables)) if (!isIdTable(t)) out.push(`${name} is not an id table (made with {} instead of idTable()?)`);
  const procs = Object.values(s.proc.byPid);
  const live = procs.filter((p) => p.state !== 'Z');

  // cgroups: membership
  const memberOf = new Map<number, string[]>();
  for (const c of Object.values(s.cgroup.byPath)) {
    for (const key of Object.keys(c.procs)) {
      const pid = Number(key);
      memberOf.set(pid, [...(memberOf.get(pid) ?? []), c.path]);
    }
  }
  for (const p of live) {
    const m = memberOf.get(p.pid) ?? [];
    if (m.length !== 1 || m[0] !== p.cgroup) out.push(`pid ${p.pid} is in cgroups [${m.join(', ')}], its record says ${p.cgroup}`);
  }
  for (const [pid] of memberOf) {
    const p = s.proc.byPid[pid];
    if (!p || p.state === 'Z') out.push(`cgroup.procs lists pid ${pid}, which is not a live process`);
  }

  // cgroups: memory.current is the subtree sum
  const rssIn = new Map<string, number>();
  for (const p of live) {
    let path: string | null = p.cgroup;
    while (path !== null) {
      rssIn.set(path, (rssIn.get(path) ?? 0) + p.rssBytes);
      path = s.cgroup.byPath[path]?.parent ?? null;
    }
  }
  for (const c of Object.values(s.cgroup.byPath)) {
    const want = rssIn.get(c.path) ?? 0;
    if (c.path !== '/' && c.memoryCurrent !== want) out.push(`${c.path}: memory.current ${c.memoryCurrent} != sum of members' rss ${want}`);
  }

  // namespaces: references exist and counts match
  const count = new Map<number, number>();
  for (const p of live) {
    for (const t of NS_TYPES) {
      if (t === 'pid') continue;
      const inum = p.ns[t];
      if (!s.ns.byInum[inum]) out.push(`pid ${p.pid}: its ${t} namespace ${inum} does not exist`);
      count.set(inum, (count.get(inum) ?? 0) + 1);
    }
    if (!s.ns.byInum[p.pidNs]) out.push(`pid ${p.pid}: its pid namespace ${p.pidNs} does not exist`);
  }
  for (const ns of Object.values(s.ns.byInum)) {
    if (ns.type === 'pid') continue;
    const want = count.get(ns.inum) ?? 0;
    if (ns.procCount !== want) out.push(`${ns.type}:[${ns.inum}] counts ${ns.procCount} processes, ${want} live processes use it`);
    if (ns.procCount === 0 && ns.holds === 0) out.push(`${ns.type}:[${ns.inum}] has no users but still exists`);
  }

  // the Maps kept beside tables (table-index.ts) hold what their tables hold
  out.push(...nsTable.check(s.ns.byInum, 'ns.byInum'), ...mntnsTable.check(s.fs.mntns, 'fs.mntns'), ...lazyTable.check(s.fs.lazy, 'fs.lazy'));

  // network: veth peers and per-netns state
  for (const [inum, netns] of Object.entries(s.net.byNs)) {
    if (!s.ns.byInum[Number(inum)]) out.push(`net state kept for dead netns ${inum}`);
    for (const l of Object.values(netns.links)) {
      if (l.kind !== 'veth') continue;
      const peer = l.peer ? s.net.byNs[l.peer.netns]?.links[l.peer.ifindex] : undefined;
      if (!peer) out.push(`veth ${l.name} in netns ${inum} has no live peer`);
      else if (!peer.peer || peer.peer.netns !== Number(inum) || peer.peer.ifindex !== l.ifindex) out.push(`veth ${l.name} in netns ${inum}: peer does not point back`);
    }
  }
  // filesystems: link counts, superblock accounting, mount indexes
  const fsv = fsViolation(s.fs);
  if (fsv) out.push(`fs: ${fsv}`);
  return out;
}

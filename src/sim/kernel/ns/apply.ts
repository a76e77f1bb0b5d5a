/**
 * applyNsEvent: the only writer of KernelState.ns.
 *
 * Reference counting follows the kernel: a process holds each namespace of its
 * nsproxy from spawn until exit; it holds its PID (and so its PID namespaces)
 * until it is reaped; a pid_for_children or time_for_children namespace other
 * than its own is a hold. Every namespace holds its owning user namespace, and a
 * PID or user namespace its parent, from ns.created to ns.destroyed (these are
 * counted in `holds`). ns.destroyed removes the record; whoever emits it has
 * checked the counts are zero (see release.ts). This slice is applied before the
 * process slice, so it sees each process as it was before the event.
 */

import type { KernelState } from '../state.ts';
import type { SimEvent } from '../../events.ts';
import type { Namespace, NsSet, PidNamespace } from './types.ts';
import type { NsInum } from '../ids.ts';
import type { Process } from '../process/types.ts';
import { keepHashedIfBig } from '../process/sparse.ts';
import { nsAt, nsTable } from './by-inum.ts';

/** A copy of a namespace record deep enough that the stored one shares nothing with the event. */
export function copyNs(ns: Namespace): Namespace {
  switch (ns.type) {
    case 'pid':
      return Object.assign({}, ns, { pids: { ...ns.pids } });
    case 'user':
      return Object.assign({}, ns, { uidMap: ns.uidMap ? ns.uidMap.map((r) => ({ ...r })) : null, gidMap: ns.gidMap ? ns.gidMap.map((r) => ({ ...r })) : null });
    case 'ipc':
      return Object.assign({}, ns, { shm: ns.shm.map((x) => ({ ...x })) });
    default:
      return { ...ns };
  }
}

/** The namespaces a namespace holds a reference on: its owning user ns and its parent. */
function upstream(ns: Namespace): NsInum[] {
  const out: NsInum[] = [];
  if (ns.owner !== null) out.push(ns.owner);
  if ((ns.type === 'pid' || ns.type === 'user') && ns.parent !== null && ns.parent !== ns.owner) out.push(ns.parent);
  return out;
}

/** The extra holds a process puts on namespaces it will give its children. */
function childHolds(p: Pick<Process, 'pidNs' | 'pidNsForChildren' | 'timeNsForChildren' | 'ns'>): NsInum[] {
  const out: NsInum[] = [];
  if (p.pidNsForChildren !== p.pidNs) out.push(p.pidNsForChildren);
  if (p.timeNsForChildren !== p.ns.time) out.push(p.timeNsForChildren);
  return out;
}

/** Add `delta` to the process count of each namespace of a set but the PID one (every type written out: no keyed reads). */
function countNsSet(by: KernelState['ns']['byInum'], set: NsSet, delta: number): void {
  bump(by, set.cgroup, delta);
  bump(by, set.ipc, delta);
  bump(by, set.mnt, delta);
  bump(by, set.net, delta);
  bump(by, set.time, delta);
  bump(by, set.user, delta);
  bump(by, set.uts, delta);
}

function bump(by: KernelState['ns']['byInum'], inum: NsInum, delta: number): void {
  const ns = nsTable.get(by, inum);
  if (ns) ns.procCount += delta;
}

/** A process left namespace `from` for `to` (setns, unshare). */
function moveCount(by: KernelState['ns']['byInum'], from: NsInum, to: NsInum): void {
  bump(by, from, -1);
  bump(by, to, 1);
}

function pidChain(s: KernelState, inner: NsInum): PidNamespace[] {
  const chain: PidNamespace[] = [];
  let cur: NsInum | null = inner;
  while (cur !== null) {
    const ns = nsAt(s, cur) as PidNamespace | undefined;
    if (!ns) break;
    chain.unshift(ns);
    cur = ns.parent;
  }
  return chain;
}

export function applyNsEvent(s: KernelState, e: SimEvent): void {
  const by = s.ns.byInum;
  switch (e.type) {
    case 'ns.created': {
      const ns = copyNs(e.ns);
      nsTable.put(by, ns.inum, ns);
      if (ns.inum >= s.ns.nextInum) s.ns.nextInum = ns.inum + 1;
      for (const u of upstream(ns)) {
        const up = nsTable.get(by, u);
        if (up) up.holds++;
      }
      return;
    }
    case 'ns.destroyed': {
      const ns = nsTable.get(by, e.inum);
      if (!ns) return;
      for (const u of upstream(ns)) {
        const up = nsTable.get(by, u);
        if (up) up.holds--;
      }
      nsTable.remove(by, e.inum);
      return;
    }
    case 'ns.held': {
      const ns = nsTable.get(by, e.inum);
      if (ns) ns.holds += e.delta;
      return;
    }
    case 'ns.idMapWritten': {
      const ns = nsTable.get(by, e.inum);
      if (ns?.type === 'user') {
        const m = e.map.map((r) => ({ ...r }));
        if (e.which === 'uid') ns.uidMap = m;
        else ns.gidMap = m;
      }
      return;
    }
    case 'ns.hostnameSet': {
      const ns = nsTable.get(by, e.inum);
      if (ns?.type === 'uts') ns.hostname = e.hostname;
      return;
    }
    case 'ns.domainnameSet': {
      const ns = nsTable.get(by, e.inum);
      if (ns?.type === 'uts') ns.domainname = e.domainname;
      return;
    }
    case 'ns.pidInitDied': {
      const ns = nsTable.get(by, e.inum);
      if (ns?.type === 'pid') ns.dead = true;
      return;
    }
    case 'process.spawned': {
      const p = e.proc;
      countNsSet(by, p.ns, 1);
      const chain = pidChain(s, p.pidNs);
      for (let i = 0; i < chain.length; i++) {
        const ns = chain[i] as PidNamespace;
        const n = p.nspids[i];
        if (n === undefined) continue;
        ns.pids[n] = p.pid;
        ns.procCount++;
        keepHashedIfBig(ns.pids, ns.procCount);
        if (n >= ns.nextPid) ns.nextPid = n + 1;
        if (n === 1 && i === chain.length - 1) ns.init = p.pid;
      }
      for (const h of childHolds(p)) {
        const ns = nsTable.get(by, h);
        if (ns) ns.holds++;
      }
      return;
    }
    case 'process.nsChanged': {
      // Runs before applyProcessEvent, so p.ns is still the old set.
      const p = s.proc.byPid[e.pid];
      if (!p) return;
      const a = p.ns;
      const b = e.ns;
      if (a.cgroup !== b.cgroup) moveCount(by, a.cgroup, b.cgroup);
      if (a.ipc !== b.ipc) moveCount(by, a.ipc, b.ipc);
      if (a.mnt !== b.mnt) moveCount(by, a.mnt, b.mnt);
      if (a.net !== b.net) moveCount(by, a.net, b.net);
      if (a.time !== b.time) moveCount(by, a.time, b.time);
      if (a.user !== b.user) moveCount(by, a.user, b.user);
      if (a.uts !== b.uts) moveCount(by, a.uts, b.uts);
      for (const h of childHolds(p)) {
        const ns = nsTable.get(by, h);
        if (ns) ns.holds--;
      }
      for (const h of childHolds({ pidNs: p.pidNs, pidNsForChildren: e.pidNsForChildren, timeNsForChildren: e.timeNsForChildren, ns: e.ns })) {
        const ns = nsTable.get(by, h);
        if (ns) ns.holds++;
      }
      return;
    }
    case 'process.exited': {
      const p = s.proc.byPid[e.pid];
      if (!p) return;
      countNsSet(by, p.ns, -1);
      for (const h of childHolds(p)) {
        const ns = nsTable.get(by, h);
        if (ns) ns.holds--;
      }
      return;
    }
    case 'process.reaped': {
      const p = s.proc.byPid[e.pid];
      if (!p) return;
      const chain = pidChain(s, p.pidNs);
      for (let i = 0; i < chain.length; i++) {
        const ns = chain[i] as PidNamespace;
        const n = p.nspids[i];
        if (n !== undefined && ns.pids[n] === p.pid) delete ns.pids[n];
        ns.procCount--;
      }
      return;
    }
    default:
      return;
  }
}

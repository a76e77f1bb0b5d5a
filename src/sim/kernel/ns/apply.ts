/**
 * applyNsEvent: the only writer of KernelState.ns.
 *
 * Reference counting follows the kernel: a process holds each namespace of its
 * nsproxy from spawn until exit; it holds its PID (and so its PID namespaces)
 * until it is reaped. ns.destroyed removes the record; whoever emits it has
 * checked the counts are zero. This slice is applied before the process slice,
 * so it sees each process as it was before the event.
 */

import type { KernelState } from '../state.ts';
import type { SimEvent } from '../../events.ts';
import { NS_TYPES, type Namespace, type PidNamespace } from './types.ts';
import type { NsInum } from '../ids.ts';

function pidChain(s: KernelState, inner: NsInum): PidNamespace[] {
  const chain: PidNamespace[] = [];
  let cur: NsInum | null = inner;
  while (cur !== null) {
    const ns = s.ns.byInum[cur] as PidNamespace | undefined;
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
      const ns = structuredClone(e.ns) as Namespace;
      by[ns.inum] = ns;
      if (ns.inum >= s.ns.nextInum) s.ns.nextInum = ns.inum + 1;
      return;
    }
    case 'ns.destroyed':
      delete by[e.inum];
      return;
    case 'ns.held': {
      const ns = by[e.inum];
      if (ns) ns.holds += e.delta;
      return;
    }
    case 'ns.idMapWritten': {
      const ns = by[e.inum];
      if (ns?.type === 'user') {
        const m = e.map.map((r) => ({ ...r }));
        if (e.which === 'uid') ns.uidMap = m;
        else ns.gidMap = m;
      }
      return;
    }
    case 'ns.hostnameSet': {
      const ns = by[e.inum];
      if (ns?.type === 'uts') ns.hostname = e.hostname;
      return;
    }
    case 'ns.domainnameSet': {
      const ns = by[e.inum];
      if (ns?.type === 'uts') ns.domainname = e.domainname;
      return;
    }
    case 'ns.pidInitDied': {
      const ns = by[e.inum];
      if (ns?.type === 'pid') ns.dead = true;
      return;
    }
    case 'process.spawned': {
      const p = e.proc;
      for (const t of NS_TYPES) {
        if (t === 'pid') continue;
        const ns = by[p.ns[t]];
        if (ns) ns.procCount++;
      }
      const chain = pidChain(s, p.pidNs);
      chain.forEach((ns, i) => {
        const n = p.nspids[i];
        if (n === undefined) return;
        ns.pids[n] = p.pid;
        ns.procCount++;
        if (n >= ns.nextPid) ns.nextPid = n + 1;
        if (n === 1 && i === chain.length - 1) ns.init = p.pid;
      });
      return;
    }
    case 'process.nsChanged': {
      // Runs before applyProcessEvent, so p.ns is still the old set.
      const p = s.proc.byPid[e.pid];
      if (!p) return;
      for (const t of NS_TYPES) {
        if (t === 'pid' || p.ns[t] === e.ns[t]) continue;
        const old = by[p.ns[t]];
        if (old) old.procCount--;
        const nu = by[e.ns[t]];
        if (nu) nu.procCount++;
      }
      if (p.pidNsForChildren !== e.pidNsForChildren) {
        const old = by[p.pidNsForChildren];
        if (old && p.pidNsForChildren !== p.pidNs) old.holds--;
        const nu = by[e.pidNsForChildren];
        if (nu && e.pidNsForChildren !== p.pidNs) nu.holds++;
      }
      return;
    }
    case 'process.exited': {
      const p = s.proc.byPid[e.pid];
      if (!p) return;
      for (const t of NS_TYPES) {
        if (t === 'pid') continue;
        const ns = by[p.ns[t]];
        if (ns) ns.procCount--;
      }
      if (p.pidNsForChildren !== p.pidNs) {
        const ns = by[p.pidNsForChildren];
        if (ns) ns.holds--;
      }
      return;
    }
    case 'process.reaped': {
      const p = s.proc.byPid[e.pid];
      if (!p) return;
      const chain = pidChain(s, p.pidNs);
      chain.forEach((ns, i) => {
        const n = p.nspids[i];
        if (n !== undefined && ns.pids[n] === p.pid) delete ns.pids[n];
        ns.procCount--;
      });
      return;
    }
    default:
      return;
  }
}

/**
 * Read-only views of namespaces for the userland: /proc/PID/ns/* links and lsns(8).
 *
 * Models: `readlink /proc/PID/ns/net` → `net:[4026531840]`; lsns lists each
 * namespace that a process visible to the caller is in, with the number of such
 * processes, the lowest PID among them (as the caller sees it) and that
 * process's user and command line.
 * SIMPLIFICATIONS:
 * - Namespaces held only by a bind mount or a pid_for_children link are not
 *   listed (lsns finds those through mountinfo; it does not by default either).
 * - Zombies have no namespace links and are skipped, as lsns skips them.
 */

import type { Kernel } from '../kernel.ts';
import type { NsInum } from '../ids.ts';
import { NS_TYPES, type NsByType, type NsType } from './types.ts';
import { mapUidToNs } from './idmap.ts';
import { pidInNs, visibleProcesses } from '../process/pids.ts';
import { nsAt } from './by-inum.ts';

/** The namespace of a type a process is in (for pid: its own PID namespace). */
export function nsOfPid<T extends NsType>(k: Kernel, pid: number, type: T): NsByType[T] | undefined {
  const p = k.state.proc.byPid[pid];
  if (!p) return undefined;
  const ns = nsAt(k.state, type === 'pid' ? p.pidNs : p.ns[type]);
  return ns?.type === type ? (ns as NsByType[T]) : undefined;
}

/** The namespace with this inode, if it has this type. */
export function nsByInum<T extends NsType>(k: Kernel, inum: NsInum | number, type: T): NsByType[T] | undefined {
  const ns = nsAt(k.state, inum);
  return ns?.type === type ? (ns as NsByType[T]) : undefined;
}

/** The target of /proc/PID/ns/<type>: "pid:[4026531836]". */
export function nsLinkText(type: NsType, inum: NsInum | number): string {
  return `${type}:[${inum}]`;
}

/**
 * Every /proc/PID/ns entry of a process, as `ls -l /proc/PID/ns` lists them,
 * including pid_for_children and time_for_children. Empty for a zombie.
 */
export function nsLinks(k: Kernel, pid: number): Array<{ name: string; target: string }> {
  const p = k.state.proc.byPid[pid];
  if (!p || p.state === 'Z') return [];
  const out: Array<{ name: string; target: string }> = [];
  for (const t of NS_TYPES) {
    const inum = t === 'pid' ? p.pidNs : p.ns[t];
    out.push({ name: t, target: nsLinkText(t, inum) });
    if (t === 'pid') out.push({ name: 'pid_for_children', target: nsLinkText('pid', p.pidNsForChildren) });
    if (t === 'time') out.push({ name: 'time_for_children', target: nsLinkText('time', p.timeNsForChildren) });
  }
  return out;
}

export interface LsnsRow {
  inum: NsInum;
  type: NsType;
  nprocs: number;
  /** Lowest PID in the namespace, as the viewer sees it. */
  pid: number;
  /** Host PID of that process. */
  hostPid: number;
  /** Its effective UID as the viewer's user namespace sees it (lsns prints the user name). */
  uid: number;
  /** Its command line (argv); lsns joins it with spaces. */
  argv: string[];
  comm: string;
}

/** lsns(8) run by `viewerPid`: one row per namespace, sorted by inode number. */
export function lsnsRows(k: Kernel, viewerPid: number): LsnsRow[] {
  const viewer = k.state.proc.byPid[viewerPid];
  if (!viewer) return [];
  const rows = new Map<number, LsnsRow>();
  for (const p of visibleProcesses(k, viewer.pidNs)) {
    if (p.state === 'Z') continue;
    const seenPid = pidInNs(k, p.pid, viewer.pidNs) ?? p.pid;
    for (const t of NS_TYPES) {
      const inum = t === 'pid' ? p.pidNs : p.ns[t];
      const row = rows.get(inum);
      if (row) {
        row.nprocs++;
        continue; // visibleProcesses is in PID order: the first one seen is the lowest
      }
      rows.set(inum, {
        inum,
        type: t,
        nprocs: 1,
        pid: seenPid,
        hostPid: p.pid,
        uid: mapUidToNs(k, viewer.ns.user, p.cred.euid),
        argv: [...p.argv],
        comm: p.comm,
      });
    }
  }
  return [...rows.values()].sort((a, b) => a.inum - b.inum);
}

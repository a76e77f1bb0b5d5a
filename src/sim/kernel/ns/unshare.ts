/**
 * unshare(2): move the calling process into new namespaces.
 *
 * Models: CLONE_NEW* flags as for clone (see create.ts for the rules and
 * errors); the caller joins the new mount, UTS, IPC, network, cgroup and user
 * namespaces at once, but a new PID or time namespace is only where its
 * children will go (pid_for_children, time_for_children): the caller keeps its
 * own PID. A second unshare(CLONE_NEWPID) before the first child is EINVAL.
 * After unshare(CLONE_NEWUSER) the caller has every capability in the new
 * namespace (and its uid shows as 65534 until uid_map is written).
 * Namespaces the caller was the last user of are freed.
 * SIMPLIFICATIONS:
 * - Flags other than CLONE_NEW* are ignored.
 */

import type { Kernel } from '../kernel.ts';
import { sysErr, type SysError } from '../errno.ts';
import { fullCapSets } from '../caps/caps.ts';
import { NS_TYPES, type NsSet } from './types.ts';
import { CLONE_NEW_MASK, emitPlan, planNamespaces } from './create.ts';
import { releaseNsIfUnused } from './release.ts';

export function unshare(k: Kernel, pid: number, flags: number): true | SysError {
  const p = k.state.proc.byPid[pid];
  if (!p || p.state === 'Z') return sysErr('ESRCH');
  if ((flags & CLONE_NEW_MASK) === 0) return true;
  const plan = planNamespaces(k, p, flags, p.cgroup);
  if ('errno' in plan) return plan;
  const i = plan.inums;
  const old = { ns: { ...p.ns }, pidNsForChildren: p.pidNsForChildren, timeNsForChildren: p.timeNsForChildren };
  const ns: NsSet = Object.assign({}, p.ns, { user: i.user ?? p.ns.user, mnt: i.mnt ?? p.ns.mnt, uts: i.uts ?? p.ns.uts, ipc: i.ipc ?? p.ns.ipc, cgroup: i.cgroup ?? p.ns.cgroup, net: i.net ?? p.ns.net });
  emitPlan(k, plan);
  k.emit({
    type: 'process.nsChanged',
    pid,
    ns,
    pidNsForChildren: i.pid ?? p.pidNsForChildren,
    timeNsForChildren: i.time ?? p.timeNsForChildren,
  });
  if (i.user !== undefined) k.emit({ type: 'process.capsChanged', pid, caps: fullCapSets() });
  for (const t of NS_TYPES) if (old.ns[t] !== ns[t]) releaseNsIfUnused(k, old.ns[t]);
  if (i.time !== undefined && old.timeNsForChildren !== p.ns.time) releaseNsIfUnused(k, old.timeNsForChildren);
  return true;
}

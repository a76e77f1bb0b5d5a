/**
 * setns(2): join an existing namespace (what `nsenter`, `docker exec` and
 * `ip netns exec` do through /proc/PID/ns/* or a bind-mounted ns file).
 *
 * Models the permission rules of setns(2): joining a namespace needs
 * CAP_SYS_ADMIN both in the caller's own user namespace and in the user
 * namespace that owns the target; a mount namespace needs CAP_SYS_CHROOT as
 * well, and resets root and cwd to the namespace's root; a user namespace needs
 * CAP_SYS_ADMIN in it (so only descendants can be joined; the caller's own is
 * EINVAL) and grants every capability there; a PID namespace must be the
 * caller's or a descendant (EINVAL) and only changes where children go
 * (pid_for_children); a time namespace changes the caller and its children.
 * Namespaces the caller was the last user of are freed.
 * SIMPLIFICATIONS:
 * - No file descriptors: the target is named by inode (setnsInum) or by a process (setns).
 * - No multi-threaded or CLONE_FS sharing checks.
 */

import type { Kernel } from '../kernel.ts';
import type { NsInum } from '../ids.ts';
import { sysErr, type SysError } from '../errno.ts';
import { nsCapable, governingUserNs } from '../caps/capable.ts';
import { fullCapSets } from '../caps/caps.ts';
import { pidInNs, pidNsIsWithin } from '../process/pids.ts';
import { NS_TYPES, type NsSet, type NsType } from './types.ts';
import { releaseNsIfUnused } from './release.ts';
import { refuse } from '../caps/denied.ts';
import { nsAt } from './by-inum.ts';

/** Join the namespace with inode `inum` (optionally checking it is of type `nsType`). */
export function setnsInum(k: Kernel, pid: number, inum: NsInum, nsType?: NsType): true | SysError {
  const p = k.state.proc.byPid[pid];
  if (!p || p.state === 'Z') return sysErr('ESRCH');
  const target = nsAt(k.state, inum);
  if (!target) return sysErr('EBADF');
  if (nsType !== undefined && target.type !== nsType) return sysErr('EINVAL');
  const t = target.type;

  if (t === 'user') {
    if (p.ns.user === inum) return sysErr('EINVAL');
    if (!nsCapable(k, p, 'CAP_SYS_ADMIN', inum)) return refuse(k, p, 'CAP_SYS_ADMIN', 'setns');
  } else {
    if (!nsCapable(k, p, 'CAP_SYS_ADMIN', governingUserNs(target)) || !nsCapable(k, p, 'CAP_SYS_ADMIN', p.ns.user)) {
      return refuse(k, p, 'CAP_SYS_ADMIN', 'setns');
    }
    if (t === 'mnt' && !nsCapable(k, p, 'CAP_SYS_CHROOT', p.ns.user)) return refuse(k, p, 'CAP_SYS_CHROOT', 'setns');
    if (t === 'pid' && !pidNsIsWithin(k, inum, p.pidNs)) return sysErr('EINVAL');
  }

  const ns: NsSet = { ...p.ns };
  let pidNsForChildren = p.pidNsForChildren;
  let timeNsForChildren = p.timeNsForChildren;
  if (t === 'pid') pidNsForChildren = inum;
  else if (t === 'time') {
    ns.time = inum;
    timeNsForChildren = inum;
  } else ns[t] = inum;
  if (pidNsForChildren === p.pidNsForChildren && timeNsForChildren === p.timeNsForChildren && NS_TYPES.every((x) => ns[x] === p.ns[x])) {
    return true;
  }
  const old = { ns: { ...p.ns }, pidNsForChildren: p.pidNsForChildren, timeNsForChildren: p.timeNsForChildren };
  k.emit({ type: 'process.nsChanged', pid, ns, pidNsForChildren, timeNsForChildren });
  if (t === 'user') k.emit({ type: 'process.capsChanged', pid, caps: fullCapSets() });
  if (t === 'mnt') k.emit({ type: 'process.rootChanged', pid, root: '/', cwd: '/' });
  for (const x of NS_TYPES) if (old.ns[x] !== ns[x]) releaseNsIfUnused(k, old.ns[x]);
  if (old.pidNsForChildren !== pidNsForChildren) releaseNsIfUnused(k, old.pidNsForChildren);
  if (old.timeNsForChildren !== timeNsForChildren) releaseNsIfUnused(k, old.timeNsForChildren);
  return true;
}

/**
 * setns(open("/proc/TARGET/ns/TYPE"), 0): join `targetPid`'s namespace of that
 * type (for pid: its own PID namespace). The target must be visible to the caller.
 */
export function setns(k: Kernel, pid: number, targetPid: number, nsType: NsType): true | SysError {
  const p = k.state.proc.byPid[pid];
  const t = k.state.proc.byPid[targetPid];
  if (!p || p.state === 'Z' || !t || t.state === 'Z') return sysErr('ESRCH');
  if (pidInNs(k, targetPid, p.pidNs) === null) return sysErr('ESRCH');
  return setnsInum(k, pid, nsType === 'pid' ? t.pidNs : t.ns[nsType], nsType);
}

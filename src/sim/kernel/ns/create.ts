/**
 * Creating namespaces for clone(2) and unshare(2) (namespaces(7), clone(2) ERRORS).
 *
 * Models the kernel's create_new_namespaces(): the CLONE_NEW* flags name the
 * types to create; a new user namespace is created first and owns the others,
 * which then need no privilege (its creator has every capability in it);
 * without CLONE_NEWUSER, creating any namespace needs CAP_SYS_ADMIN in the
 * caller's user namespace. A new UTS namespace copies the hostname and domain
 * name, a new mount namespace copies the mount table (the fs module does that
 * on `ns.created` with `from`), a new cgroup namespace is rooted at the
 * process's cgroup, a new PID or user namespace nests one level deeper (at most 32).
 * SIMPLIFICATIONS:
 * - New time namespaces start with zero offsets (the kernel copies the creator's).
 * - No per-user namespace limits (/proc/sys/user/max_*_namespaces).
 * - Inode numbers are handed out in order from KernelState.ns.nextInum.
 */

import type { Kernel } from '../kernel.ts';
import { nsInum, type NsInum } from '../ids.ts';
import { sysErr, type SysError } from '../errno.ts';
import { CLONE_FLAGS, NS_TYPES, type Namespace, type NsType } from './types.ts';
import type { Process } from '../process/types.ts';
import { nsCapable } from '../caps/capable.ts';
import { idToNs } from './idmap.ts';
import { refuse } from '../caps/denied.ts';
import { nsTable } from './by-inum.ts';

/** The deepest nesting level of PID and user namespaces (MAX_PID_NS_LEVEL). */
export const MAX_NS_LEVEL = 32;

/** All CLONE_NEW* bits. */
export const CLONE_NEW_MASK = NS_TYPES.reduce((m, t) => m | CLONE_FLAGS[t], 0);

/** The order create_new_namespaces() creates them in, after the user namespace. */
const CREATE_ORDER: readonly NsType[] = ['mnt', 'uts', 'ipc', 'pid', 'cgroup', 'net', 'time'];

/** The namespace types named by CLONE_NEW* bits in `flags`. */
export function nsTypesInFlags(flags: number): NsType[] {
  return NS_TYPES.filter((t) => (flags & CLONE_FLAGS[t]) !== 0);
}

export interface NsPlan {
  /** `ns.created` payloads to emit in order (the user namespace first). */
  created: Array<{ ns: Namespace; from?: NsInum }>;
  /** Inode of each namespace created, by type. */
  inums: Partial<Record<NsType, NsInum>>;
}

/**
 * Check and build the namespaces a process asks for with CLONE_NEW* `flags`.
 * Emits nothing: the caller emits `ns.created` for each entry once all its own
 * checks have passed. The PID and time namespaces are children of the caller's
 * pid_for_children and time_for_children namespaces.
 */
export function planNamespaces(k: Kernel, actor: Process, flags: number, cgroupRoot: string): NsPlan | SysError {
  const plan: NsPlan = { created: [], inums: {} };
  if ((flags & CLONE_NEW_MASK) === 0) return plan;
  const by = k.state.ns.byInum;
  const now = k.state.clock.uptimeMs;
  let next = k.state.ns.nextInum;
  const creator = actor.pid as number;
  let owner = actor.ns.user;

  if (flags & CLONE_FLAGS.user) {
    const parent = nsTable.get(by, actor.ns.user);
    if (parent?.type !== 'user') throw new Error(`process ${actor.pid} has no user namespace`);
    // clone(2): EPERM in a chroot, or when the caller's IDs have no mapping in its namespace.
    if (actor.root !== '/') return sysErr('EPERM');
    if (idToNs(k, parent.inum, actor.cred.euid, 'uid') === null) return sysErr('EPERM');
    if (idToNs(k, parent.inum, actor.cred.egid, 'gid') === null) return sysErr('EPERM');
    if (parent.level + 1 > MAX_NS_LEVEL) return sysErr('ENOSPC');
    const inum = nsInum(next++);
    plan.created.push({
      ns: { procCount: 0, holds: 0, createdMs: now, creator, inum, type: 'user', owner: parent.inum, parent: parent.inum, level: parent.level + 1, ownerUid: actor.cred.euid, uidMap: null, gidMap: null },
    });
    plan.inums.user = inum;
    owner = inum;
  } else if (!nsCapable(k, actor, 'CAP_SYS_ADMIN', actor.ns.user)) {
    return refuse(k, actor, 'CAP_SYS_ADMIN', 'unshare');
  }

  for (const t of CREATE_ORDER) {
    if ((flags & CLONE_FLAGS[t]) === 0) continue;
    const inum = nsInum(next++);
    // Object literals in one field order (procCount, holds, createdMs, creator, inum, owner, type, ...), as the records were always built.
    let entry: { ns: Namespace; from?: NsInum };
    switch (t) {
      case 'mnt':
        entry = { ns: { procCount: 0, holds: 0, createdMs: now, creator, inum, owner, type: 'mnt' }, from: actor.ns.mnt };
        break;
      case 'uts': {
        const old = nsTable.get(by, actor.ns.uts);
        const hostname = old?.type === 'uts' ? old.hostname : k.state.machine.hostname;
        const domainname = old?.type === 'uts' ? old.domainname : '(none)';
        entry = { ns: { procCount: 0, holds: 0, createdMs: now, creator, inum, owner, type: 'uts', hostname, domainname }, from: actor.ns.uts };
        break;
      }
      case 'ipc':
        entry = { ns: { procCount: 0, holds: 0, createdMs: now, creator, inum, owner, type: 'ipc', shm: [], nextShmid: 0 } };
        break;
      case 'pid': {
        // copy_pid_ns(): EINVAL if an earlier unshare(CLONE_NEWPID) is still waiting for its first child.
        if (actor.pidNsForChildren !== actor.pidNs) return sysErr('EINVAL');
        const parent = nsTable.get(by, actor.pidNs);
        if (parent?.type !== 'pid') throw new Error(`process ${actor.pid} has no pid namespace`);
        if (parent.level + 1 > MAX_NS_LEVEL) return sysErr('ENOSPC');
        entry = { ns: { procCount: 0, holds: 0, createdMs: now, creator, inum, owner, type: 'pid', parent: parent.inum, level: parent.level + 1, nextPid: 1, init: null, dead: false, pids: {} } };
        break;
      }
      case 'cgroup':
        entry = { ns: { procCount: 0, holds: 0, createdMs: now, creator, inum, owner, type: 'cgroup', root: cgroupRoot } };
        break;
      case 'net':
        entry = { ns: { procCount: 0, holds: 0, createdMs: now, creator, inum, owner, type: 'net' } };
        break;
      case 'time':
        entry = { ns: { procCount: 0, holds: 0, createdMs: now, creator, inum, owner, type: 'time', monotonicOffsetMs: 0, boottimeOffsetMs: 0 } };
        break;
      default:
        continue;
    }
    plan.created.push(entry);
    plan.inums[t] = inum;
  }
  return plan;
}

/** Emit `ns.created` for every namespace of a plan, in order. */
export function emitPlan(k: Kernel, plan: NsPlan): void {
  for (const c of plan.created) {
    k.emit(c.from === undefined ? { type: 'ns.created', ns: c.ns } : { type: 'ns.created', ns: c.ns, from: c.from });
  }
}

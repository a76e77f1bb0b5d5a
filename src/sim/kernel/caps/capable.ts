/**
 * capable(): does a process hold a capability over a user namespace?
 * (user_namespaces(7) "Capabilities", kernel/security/commoncap.c cap_capable()).
 *
 * Models the kernel's walk exactly:
 * 1. in its own user namespace a process has the capabilities in its effective set;
 * 2. a capability held in a user namespace is held in every descendant of it;
 * 3. a process in the parent of a user namespace whose effective UID is the
 *    namespace's owner has every capability in it;
 * 4. otherwise no capability (in particular none in an ancestor or a sibling).
 * Every other namespace is governed by the user namespace that owns it.
 * SIMPLIFICATIONS:
 * - No LSM hooks (AppArmor, SELinux) and no securebits.
 * - Credentials hold kernel (initial-user-namespace) IDs, and a user namespace's
 *   ownerUid is the creator's kernel euid, as in the kernel.
 */

import type { Kernel } from '../kernel.ts';
import type { NsInum } from '../ids.ts';
import type { Namespace, UserNamespace } from '../ns/types.ts';
import type { Process } from '../process/types.ts';
import { hasCap, type CapName } from './caps.ts';
import { nsAt } from '../ns/by-inum.ts';

function userNs(k: Kernel, inum: NsInum | null): UserNamespace | undefined {
  if (inum === null) return undefined;
  const ns = nsAt(k.state, inum);
  return ns?.type === 'user' ? ns : undefined;
}

/** The user namespace whose capabilities govern a namespace: a user ns itself, any other its owner. */
export function governingUserNs(ns: Namespace): NsInum {
  if (ns.type === 'user' || ns.owner === null) return ns.inum;
  return ns.owner;
}

/** cap_capable() for a process record: `cap` over `targetUserNs`. */
export function nsCapable(k: Kernel, p: Process, cap: CapName, targetUserNs: NsInum): boolean {
  const own = userNs(k, p.ns.user);
  if (!own) return false;
  let ns = userNs(k, targetUserNs);
  while (ns) {
    if (ns.inum === own.inum) return hasCap(p.caps.effective, cap);
    if (ns.level <= own.level) return false;
    if (ns.parent === own.inum && ns.ownerUid === p.cred.euid) return true;
    ns = userNs(k, ns.parent);
  }
  return false;
}

/**
 * Does live process `pid` have `cap` in `targetUserNs` (default: its own user namespace)?
 * A zombie or unknown PID has no capabilities.
 */
export function capable(k: Kernel, pid: number, cap: CapName, targetUserNs?: NsInum): boolean {
  const p = k.state.proc.byPid[pid];
  if (!p || p.state === 'Z') return false;
  return nsCapable(k, p, cap, targetUserNs ?? p.ns.user);
}

/** Does `pid` have `cap` over the namespace with inode `nsInum` (in the user ns that owns it)? */
export function capableOver(k: Kernel, pid: number, cap: CapName, nsInum: NsInum): boolean {
  const ns = nsAt(k.state, nsInum);
  if (!ns) return false;
  return capable(k, pid, cap, governingUserNs(ns));
}

/**
 * Who may change a network namespace.
 *
 * Models: ns_capable(net->user_ns, CAP_...) as cap_capable() in
 * security/commoncap.c walks it (capabilities(7), user_namespaces(7)): a task
 * has a capability over a namespace owned by user namespace U if its effective
 * set has it and it lives in U or an ancestor of U, or if it is the owner of U
 * (or of an ancestor of U below its own namespace), which grants everything.
 * Also the ownership rule of net sysctl files (net_ctl_permissions()).
 * SIMPLIFICATIONS:
 * - None beyond those of caps/capable.ts (which this delegates to).
 */

import type { Kernel } from '../kernel.ts';
import type { Process } from '../process/types.ts';
import type { CapName } from '../caps/caps.ts';
import type { NsInum } from '../ids.ts';
import { nsCapable as capCapable } from '../caps/capable.ts';
import { mapUidFromNs } from '../ns/idmap.ts';
import { sysErr, type SysError } from '../errno.ts';
import type { NetNs } from './types.ts';
import { refuse } from '../caps/denied.ts';
import { nsAt } from '../ns/by-inum.ts';

/** Does `p` have `cap` in user namespace `target`? (cap_capable(), see caps/capable.ts) */
export function nsCapable(k: Kernel, p: Process, target: number, cap: CapName): boolean {
  return capCapable(k, p, cap, target as NsInum);
}

/** The user namespace owning a netns (the initial user ns if unknown). */
export function netnsOwner(k: Kernel, netns: number): number {
  return nsAt(k.state, netns)?.owner ?? k.state.ns.initial.user;
}

/** The live process and its netns record, or ESRCH / EINVAL. */
export function procNet(k: Kernel, pid: number): { p: Process; ns: NetNs } | SysError {
  const p = k.proc(pid);
  if (!p || p.state === 'Z') return sysErr('ESRCH');
  const ns = k.state.net.byNs[p.ns.net];
  if (!ns) return sysErr('EINVAL');
  return { p, ns };
}

/** CAP_<cap> over the netns, or EPERM. */
export function checkNetCap(k: Kernel, p: Process, netns: number, cap: CapName = 'CAP_NET_ADMIN'): SysError | null {
  return nsCapable(k, p, netnsOwner(k, netns), cap) ? null : refuse(k, p, cap, cap === 'CAP_NET_ADMIN' ? 'sendmsg(NETLINK_ROUTE)' : 'socket');
}

/**
 * For the userland: may `pid` administer its network namespace (ip link set,
 * iptables -L, ...)? Returns EPERM, ESRCH or null.
 */
export function netAdminCheck(k: Kernel, pid: number): SysError | null {
  const pn = procNet(k, pid);
  if ('errno' in pn) return pn;
  return checkNetCap(k, pn.p, pn.ns.inum);
}

/** net_ctl_permissions(): root of the owning user ns, or CAP_NET_ADMIN over it, may write net sysctls. */
export function canWriteNetSysctl(k: Kernel, p: Process, netns: number): boolean {
  const owner = netnsOwner(k, netns);
  if (nsCapable(k, p, owner, 'CAP_NET_ADMIN')) return true;
  return mapUidFromNs(k, owner as NsInum, 0) === p.cred.euid;
}

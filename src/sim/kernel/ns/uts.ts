/**
 * sethostname(2) and setdomainname(2) (uts_namespaces(7)).
 *
 * Models: the names belong to the caller's UTS namespace; changing them needs
 * CAP_SYS_ADMIN in the user namespace that owns it (so `hostname foo` fails
 * with EPERM in a default container); at most 64 bytes (EINVAL).
 * SIMPLIFICATIONS:
 * - Length is counted in UTF-16 units, not bytes (names are ASCII in practice).
 */

import type { Kernel } from '../kernel.ts';
import { sysErr, type SysError } from '../errno.ts';
import { nsCapable, governingUserNs } from '../caps/capable.ts';
import { refuse } from '../caps/denied.ts';
import { nsAt } from './by-inum.ts';

/** __NEW_UTS_LEN. */
export const UTS_NAME_MAX = 64;

function check(k: Kernel, pid: number, name: string) {
  const p = k.state.proc.byPid[pid];
  if (!p || p.state === 'Z') return sysErr('ESRCH');
  const ns = nsAt(k.state, p.ns.uts);
  if (ns?.type !== 'uts') return sysErr('ESRCH');
  if (name.length > UTS_NAME_MAX) return sysErr('EINVAL');
  if (!nsCapable(k, p, 'CAP_SYS_ADMIN', governingUserNs(ns))) return refuse(k, p, 'CAP_SYS_ADMIN', 'sethostname');
  return ns;
}

export function sethostname(k: Kernel, pid: number, name: string): true | SysError {
  const ns = check(k, pid, name);
  if ('errno' in ns) return ns;
  k.emit({ type: 'ns.hostnameSet', inum: ns.inum, hostname: name });
  return true;
}

export function setdomainname(k: Kernel, pid: number, name: string): true | SysError {
  const ns = check(k, pid, name);
  if ('errno' in ns) return ns;
  k.emit({ type: 'ns.domainnameSet', inum: ns.inum, domainname: name });
  return true;
}

/** gethostname(2) for a process: its UTS namespace's hostname. */
export function hostnameOf(k: Kernel, pid: number): string | null {
  const p = k.state.proc.byPid[pid];
  const ns = p ? nsAt(k.state, p.ns.uts) : undefined;
  return ns?.type === 'uts' ? ns.hostname : null;
}

/**
 * Changing credentials: setuid(2), seteuid(2), setgid(2), setgroups(2), and
 * their effect on capabilities (capabilities(7) "Effect of user ID changes on capabilities").
 *
 * Models: IDs are given as the process's user namespace sees them and must be
 * mapped there (EINVAL otherwise: in a user namespace whose uid_map is not
 * written yet, every change fails). With CAP_SETUID in its user namespace a
 * process may set any ID; without it only switch the effective ID to its real
 * or saved one (EPERM otherwise). When real, effective and saved UID all leave
 * root (UID 0 of the process's user namespace), permitted and effective sets
 * are cleared, unless PR_SET_KEEPCAPS, which keeps the permitted set; the
 * ambient set is cleared either way. Effective UID leaving root clears the
 * effective set; returning to root restores it from the permitted set.
 * SIMPLIFICATIONS:
 * - fsuid follows euid; no setfsuid, setresuid or setreuid; no CAP_FS_MASK changes.
 * - /proc/PID/setgroups is not modelled.
 */

import type { Kernel } from '../kernel.ts';
import { sysErr, type SysError } from '../errno.ts';
import { nsCapable } from '../caps/capable.ts';
import type { CapSets } from '../caps/caps.ts';
import { mapGidFromNs, mapUidFromNs } from '../ns/idmap.ts';
import type { Credentials, Process } from './types.ts';
import { refuse } from '../caps/denied.ts';

/** NGROUPS_MAX. */
export const NGROUPS_MAX = 65536;

function live(k: Kernel, pid: number): Process | undefined {
  const p = k.state.proc.byPid[pid];
  return p && p.state !== 'Z' ? p : undefined;
}

/** cap_emulate_setxuid(): the capability sets after a UID change. */
export function capsAfterUidChange(old: Credentials, nu: Credentials, caps: CapSets, keepCaps: boolean, rootKuid: number | null): CapSets {
  const out = { ...caps };
  const isRoot = (id: number) => rootKuid !== null && id === rootKuid;
  const wasRoot = isRoot(old.uid) || isRoot(old.euid) || isRoot(old.suid);
  const noneRoot = !isRoot(nu.uid) && !isRoot(nu.euid) && !isRoot(nu.suid);
  if (wasRoot && noneRoot) {
    if (!keepCaps) {
      out.permitted = 0;
      out.effective = 0;
    }
    out.ambient = 0;
  }
  if (isRoot(old.euid) && !isRoot(nu.euid)) out.effective = 0;
  if (!isRoot(old.euid) && isRoot(nu.euid)) out.effective = out.permitted;
  return out;
}

function commitUid(k: Kernel, p: Process, cred: Credentials): true {
  const caps = capsAfterUidChange(p.cred, cred, p.caps, p.keepCaps ?? false, mapUidFromNs(k, p.ns.user, 0));
  k.emit({ type: 'process.credsChanged', pid: p.pid, cred: Object.assign({}, cred, { groups: [...cred.groups] }), caps });
  return true;
}

/** setuid(uid): all three UIDs with CAP_SETUID, else only the effective one (to the real or saved UID). */
export function setuid(k: Kernel, pid: number, uid: number): true | SysError {
  const p = live(k, pid);
  if (!p) return sysErr('ESRCH');
  const kuid = mapUidFromNs(k, p.ns.user, uid);
  if (kuid === null) return sysErr('EINVAL');
  const c = p.cred;
  if (nsCapable(k, p, 'CAP_SETUID', p.ns.user)) return commitUid(k, p, Object.assign({}, c, { uid: kuid, euid: kuid, suid: kuid, fsuid: kuid }));
  if (kuid === c.uid || kuid === c.suid) return commitUid(k, p, Object.assign({}, c, { euid: kuid, fsuid: kuid }));
  return refuse(k, p, 'CAP_SETUID', 'setuid');
}

/** seteuid(euid): to the real, effective or saved UID, or any with CAP_SETUID. */
export function seteuid(k: Kernel, pid: number, euid: number): true | SysError {
  const p = live(k, pid);
  if (!p) return sysErr('ESRCH');
  const kuid = mapUidFromNs(k, p.ns.user, euid);
  if (kuid === null) return sysErr('EINVAL');
  const c = p.cred;
  if (kuid !== c.uid && kuid !== c.euid && kuid !== c.suid && !nsCapable(k, p, 'CAP_SETUID', p.ns.user)) return refuse(k, p, 'CAP_SETUID', 'seteuid');
  return commitUid(k, p, Object.assign({}, c, { euid: kuid, fsuid: kuid }));
}

/** setgid(gid): all three GIDs with CAP_SETGID, else only the effective one. No capability changes. */
export function setgid(k: Kernel, pid: number, gid: number): true | SysError {
  const p = live(k, pid);
  if (!p) return sysErr('ESRCH');
  const kgid = mapGidFromNs(k, p.ns.user, gid);
  if (kgid === null) return sysErr('EINVAL');
  const c = p.cred;
  let cred: Credentials;
  if (nsCapable(k, p, 'CAP_SETGID', p.ns.user)) cred = Object.assign({}, c, { gid: kgid, egid: kgid, sgid: kgid, fsgid: kgid });
  else if (kgid === c.gid || kgid === c.sgid) cred = Object.assign({}, c, { egid: kgid, fsgid: kgid });
  else return refuse(k, p, 'CAP_SETGID', 'setgid');
  k.emit({ type: 'process.credsChanged', pid, cred: Object.assign({}, cred, { groups: [...c.groups] }), caps: { ...p.caps } });
  return true;
}

/** setgroups(groups): needs CAP_SETGID in the process's user namespace. */
export function setgroups(k: Kernel, pid: number, groups: number[]): true | SysError {
  const p = live(k, pid);
  if (!p) return sysErr('ESRCH');
  if (groups.length > NGROUPS_MAX) return sysErr('EINVAL');
  if (!nsCapable(k, p, 'CAP_SETGID', p.ns.user)) return refuse(k, p, 'CAP_SETGID', 'setgroups');
  const kgids: number[] = [];
  for (const g of groups) {
    const kg = mapGidFromNs(k, p.ns.user, g);
    if (kg === null) return sysErr('EINVAL');
    kgids.push(kg);
  }
  k.emit({ type: 'process.credsChanged', pid, cred: Object.assign({}, p.cred, { groups: kgids }), caps: { ...p.caps } });
  return true;
}

/**
 * The last steps runc takes in a container process before exec
 * (libcontainer/init_linux.go finalizeNamespace, setupUser; standard_init and
 * setns_init): drop the bounding set to the container's capabilities, set the
 * supplementary groups, GID and UID (keeping capabilities across the UID
 * change), set permitted/effective and clear inheritable/ambient, apply
 * no_new_privs, and chdir to the working directory (creating it, as dockerd
 * does for WORKDIR).
 * The capabilities a non-root user ends up with are the kernel's business at
 * execve: none (CapEff 0), while CapBnd keeps the container's set.
 */

import type { Kernel } from '../../kernel/kernel.ts';
import { isErr, type SysError } from '../../kernel/errno.ts';
import type { CapSets } from '../../kernel/caps/caps.ts';
import { setCaps } from '../../kernel/caps/set.ts';
import { setgid, setgroups, setuid } from '../../kernel/process/creds.ts';
import { setKeepCaps, setNoNewPrivs } from '../../kernel/process/prctl.ts';
import { chdir } from '../../kernel/fs/vfs/ops-cwd.ts';
import { stat } from '../../kernel/fs/vfs/ops-read.ts';
import { mkdirAll } from '../../kernel/fs/vfs/ops-write.ts';
import type { ExecUser } from './user.ts';
import { mapGidFromNs, mapUidFromNs } from '../../kernel/ns/idmap.ts';

export interface ProcessSetup {
  caps: CapSets;
  user: ExecUser;
  noNewPrivs: boolean;
  cwd: string;
  /** Create the working directory if missing (the init does; exec does not). */
  createCwd: boolean;
}

function step(what: string, r: true | void | SysError): string | null {
  return isErr(r) ? `${what}: ${r.errno}` : null;
}

/** Apply credentials, capabilities and cwd to process `pid`. Returns runc's error text or null. */
export function finalizeProcess(k: Kernel, pid: number, o: ProcessSetup): string | null {
  const c = o.caps;
  let e = step('drop bounding set', setCaps(k, pid, { bounding: c.bounding }));
  if (e) return e;
  const nonRoot = o.user.uid !== 0;
  if (nonRoot) {
    e = step('keep caps', setKeepCaps(k, pid, true));
    if (e) return e;
  }
  const p = k.proc(pid);
  if (!p) return 'process gone';
  const kgroups = o.user.groups.map((g) => mapGidFromNs(k, p.ns.user, g));
  if (kgroups.length !== p.cred.groups.length || kgroups.some((g, i) => g !== p.cred.groups[i])) {
    e = step('setgroups', setgroups(k, pid, o.user.groups));
    if (e) return e;
  }
  const kgid = mapGidFromNs(k, p.ns.user, o.user.gid);
  if (kgid === null || kgid !== p.cred.gid || kgid !== p.cred.egid || kgid !== p.cred.sgid) {
    e = step('setgid', setgid(k, pid, o.user.gid));
    if (e) return e;
  }
  const kuid = mapUidFromNs(k, p.ns.user, o.user.uid);
  if (kuid === null || kuid !== p.cred.uid || kuid !== p.cred.euid || kuid !== p.cred.suid) {
    e = step('setuid', setuid(k, pid, o.user.uid));
    if (e) return e;
  }
  e = step('capset', setCaps(k, pid, { permitted: c.permitted, effective: c.effective, inheritable: 0, ambient: 0 }));
  if (e) return e;
  if (nonRoot) setKeepCaps(k, pid, false);
  if (o.noNewPrivs) {
    e = step('set no_new_privs', setNoNewPrivs(k, pid));
    if (e) return e;
  }
  const cwd = o.cwd || '/';
  const s = stat(k, pid, cwd);
  if (isErr(s)) {
    if (!o.createCwd) return `chdir to cwd ("${cwd}") set in config.json failed: no such file or directory`;
    const m = mkdirAll(k, pid, cwd);
    if (isErr(m)) return `mkdir ${cwd}: ${m.errno}`;
  } else if (s.type !== 'dir') return `chdir to cwd ("${cwd}") set in config.json failed: not a directory`;
  return step(`chdir to cwd ("${cwd}") set in config.json failed`, chdir(k, pid, cwd));
}

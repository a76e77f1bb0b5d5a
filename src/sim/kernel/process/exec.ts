/**
 * execve(2): a process starts a new program.
 *
 * Models: the new image's argv, environment and executable; comm becomes the
 * executable's basename cut to 15 characters (TASK_COMM_LEN - 1); handled
 * signals return to their default action (ignored ones stay ignored);
 * PR_SET_KEEPCAPS is cleared; the saved set-user-ID becomes the effective UID;
 * capabilities are recomputed (caps/exec-caps.ts). The PID, namespaces, cgroup,
 * root and cwd stay.
 * Set-user-ID and set-group-ID files: the effective (and saved) UID/GID become
 * the file's owner/group, unless the process has no_new_privs or the owner has
 * no mapping in the process's user namespace (as the kernel does); a root
 * effective UID then gives the full capability sets (sudo, su, passwd).
 * SIMPLIFICATIONS:
 * - No file lookup here: the caller (the userland, which resolves PATH in the
 *   process's mount namespace) passes the program to run and, for a binary,
 *   the file's mode and owner.
 * - No file capabilities; nosuid mounts are not checked.
 */

import type { Kernel } from '../kernel.ts';
import { sysErr, type SysError } from '../errno.ts';
import { capsAfterExecve } from '../caps/exec-caps.ts';
import { mapGidFromNs, mapUidFromNs } from '../ns/idmap.ts';

export interface ExecOptions {
  exe: string;
  argv: string[];
  /** Defaults to the current environment (as execv(3) does). */
  env?: Record<string, string>;
  program: { name: string; state: unknown };
  /** The executable's mode and owner as stat(2) shows them to the process, for set-user-ID/set-group-ID bits. */
  file?: { mode: number; uid: number; gid: number };
}

/** The comm a process gets from executing `path`: its basename, at most 15 characters. */
export function commFromPath(path: string): string {
  const base = path.replace(/\/+$/, '').split('/').pop() ?? '';
  return base.slice(0, 15);
}

export function execve(k: Kernel, pid: number, opts: ExecOptions): true | SysError {
  const p = k.state.proc.byPid[pid];
  if (!p || p.state === 'Z') return sysErr('ESRCH');
  if (opts.exe === '') return sysErr('ENOENT');
  const rootKuid = mapUidFromNs(k, p.ns.user, 0);
  let euid = p.cred.euid;
  let egid = p.cred.egid;
  const f = opts.file;
  if (f && !p.noNewPrivs) {
    // An owner with no mapping in the process's user namespace (shown as the overflow ID) is ignored.
    const kuid = f.mode & 0o4000 ? mapUidFromNs(k, p.ns.user, f.uid) : null;
    const kgid = f.mode & 0o2000 ? mapGidFromNs(k, p.ns.user, f.gid) : null;
    if (kuid !== null) euid = kuid;
    if (kgid !== null) egid = kgid;
  }
  const caps = capsAfterExecve(p.caps, p.cred.uid === rootKuid, euid === rootKuid);
  const c = p.cred;
  if (euid !== c.euid || egid !== c.egid || c.suid !== euid || c.fsuid !== euid || c.sgid !== egid || c.fsgid !== egid) {
    k.emit({
      type: 'process.credsChanged',
      pid,
      cred: Object.assign({}, c, { euid, suid: euid, fsuid: euid, egid, sgid: egid, fsgid: egid, groups: [...c.groups] }),
      caps: { ...p.caps },
    });
  }
  k.emit({
    type: 'process.execed',
    pid,
    comm: commFromPath(opts.exe),
    exe: opts.exe,
    argv: [...opts.argv],
    env: { ...(opts.env ?? p.env) },
    caps,
    program: { name: opts.program.name, state: opts.program.state },
  });
  return true;
}

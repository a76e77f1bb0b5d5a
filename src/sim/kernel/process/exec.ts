/**
 * execve(2): a process starts a new program.
 *
 * Models: the new image's argv, environment and executable; comm becomes the
 * executable's basename cut to 15 characters (TASK_COMM_LEN - 1); handled
 * signals return to their default action (ignored ones stay ignored);
 * PR_SET_KEEPCAPS is cleared; the saved set-user-ID becomes the effective UID;
 * capabilities are recomputed (caps/exec-caps.ts). The PID, namespaces, cgroup,
 * root and cwd stay.
 * SIMPLIFICATIONS:
 * - No file lookup here: the caller (the userland, which resolves PATH in the
 *   process's mount namespace) passes the program to run.
 * - No set-user-ID bits or file capabilities.
 */

import type { Kernel } from '../kernel.ts';
import { sysErr, type SysError } from '../errno.ts';
import { capsAfterExecve } from '../caps/exec-caps.ts';
import { mapUidFromNs } from '../ns/idmap.ts';

export interface ExecOptions {
  exe: string;
  argv: string[];
  /** Defaults to the current environment (as execv(3) does). */
  env?: Record<string, string>;
  program: { name: string; state: unknown };
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
  const caps = capsAfterExecve(p.caps, p.cred.uid === rootKuid, p.cred.euid === rootKuid);
  const c = p.cred;
  if (c.suid !== c.euid || c.fsuid !== c.euid || c.sgid !== c.egid || c.fsgid !== c.egid) {
    k.emit({
      type: 'process.credsChanged',
      pid,
      cred: { ...c, suid: c.euid, fsuid: c.euid, sgid: c.egid, fsgid: c.egid, groups: [...c.groups] },
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

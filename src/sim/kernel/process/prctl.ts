/**
 * prctl(2) options that change how the kernel treats a process.
 *
 * Models: PR_SET_CHILD_SUBREAPER (orphaned descendants come here instead of to
 * the namespace's init; containerd-shim sets it), PR_SET_KEEPCAPS (keep the
 * permitted capabilities when all UIDs leave 0; cleared by execve) and
 * PR_SET_NO_NEW_PRIVS (irreversible; inherited; shown as NoNewPrivs).
 * SIMPLIFICATIONS:
 * - No other options; the flags are per process (one thread per process).
 */

import type { Kernel } from '../kernel.ts';
import { sysErr, type SysError } from '../errno.ts';

function live(k: Kernel, pid: number) {
  const p = k.state.proc.byPid[pid];
  return p && p.state !== 'Z' ? p : undefined;
}

/** prctl(PR_SET_CHILD_SUBREAPER, on). */
export function setChildSubreaper(k: Kernel, pid: number, on: boolean): true | SysError {
  const p = live(k, pid);
  if (!p) return sysErr('ESRCH');
  if ((p.childSubreaper ?? false) !== on) k.emit({ type: 'process.prctlSet', pid, option: 'PR_SET_CHILD_SUBREAPER', value: on });
  return true;
}

/** prctl(PR_SET_KEEPCAPS, on). */
export function setKeepCaps(k: Kernel, pid: number, on: boolean): true | SysError {
  const p = live(k, pid);
  if (!p) return sysErr('ESRCH');
  if ((p.keepCaps ?? false) !== on) k.emit({ type: 'process.prctlSet', pid, option: 'PR_SET_KEEPCAPS', value: on });
  return true;
}

/** prctl(PR_SET_NO_NEW_PRIVS, 1): cannot be undone. */
export function setNoNewPrivs(k: Kernel, pid: number): true | SysError {
  const p = live(k, pid);
  if (!p) return sysErr('ESRCH');
  if (!p.noNewPrivs) k.emit({ type: 'process.noNewPrivsSet', pid });
  return true;
}

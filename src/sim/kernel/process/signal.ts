/**
 * Sending signals (kill(2), signal(7), pid_namespaces(7)).
 *
 * Models: the sender must see the target in its PID namespace (else ESRCH) and
 * either share a user ID with it (the sender's real or effective UID equals the
 * target's real or saved UID) or hold CAP_KILL in the target's user namespace
 * (else EPERM); SIGCONT within a session is always allowed; signal 0 only checks.
 * Delivery follows the target's disposition: ignored, handled (the program's
 * handler runs: the userland reacts to the `process.signalled` event with action
 * 'handle'), or the default action (terminate, stop, continue, ignore). A PID
 * namespace's init gets only signals it handles, except SIGKILL and SIGSTOP
 * sent from an ancestor namespace; kernel threads ignore everything. Stopped
 * and frozen processes keep signals pending (SIGKILL still kills; SIGCONT
 * resumes a stopped process at once).
 * SIMPLIFICATIONS:
 * - One pending instance per signal; no siginfo, no sigprocmask (nothing is blocked).
 * - Stop signals are not discarded for orphaned process groups.
 * - After a cgroup thaw, whoever thaws calls deliverPending().
 */

import type { Kernel } from '../kernel.ts';
import { sysErr, type SysError } from '../errno.ts';
import { nsCapable } from '../caps/capable.ts';
import { SIGCONT, SIGKILL, SIGSTOP, defaultAction, isValidSignal } from '../signals.ts';
import type { Process } from './types.ts';
import { isNsInit, pidInNs, visibleProcesses } from './pids.ts';
import { terminate } from './exit.ts';
import { refuse } from '../caps/denied.ts';

type Action = 'term' | 'core' | 'stop' | 'cont' | 'ignore' | 'handle' | 'pending';

/** kill(2)'s permission rule for `sig` from `from` to `t`. */
export function mayKill(k: Kernel, from: Process, t: Process, sig: number): boolean {
  const a = from.cred;
  const b = t.cred;
  if (a.euid === b.uid || a.euid === b.suid || a.uid === b.uid || a.uid === b.suid) return true;
  if (sig === SIGCONT && from.sid === t.sid) return true;
  return nsCapable(k, from, 'CAP_KILL', t.ns.user);
}

/** What happens to `sig` at `t` right now. `force`: sent from an ancestor PID namespace. */
function decide(t: Process, sig: number, force: boolean): Action {
  if (t.kthread) return 'ignore';
  // prepare_signal(): SIGCONT resumes a stopped process whatever its disposition, init included.
  if (sig === SIGCONT && t.state === 'T') return 'cont';
  const handled = t.caught.includes(sig) && sig !== SIGKILL && sig !== SIGSTOP;
  if (isNsInit(t) && !handled && !(force && (sig === SIGKILL || sig === SIGSTOP))) return 'ignore';
  if (sig === SIGKILL) return 'term';
  if (t.ignored.includes(sig)) return 'ignore';
  const d = defaultAction(sig);
  if (!handled && d === 'stop' && t.state === 'T' && !t.frozen) return 'ignore';
  if (t.frozen || t.state === 'T') return 'pending';
  if (handled) return 'handle';
  return d === 'cont' ? 'ignore' : d;
}

/**
 * Deliver `sig` to a live process without permission checks (the sender was
 * checked, or it is the kernel). Emits process.signalled and, for a fatal
 * signal, ends the process.
 */
export function deliverSignal(k: Kernel, t: Process, sig: number, from: number, force: boolean, fromPending = false): void {
  const action = decide(t, sig, force);
  const e = { type: 'process.signalled' as const, pid: t.pid, signal: sig, from, action };
  k.emit(fromPending ? Object.assign({}, e, { fromPending: true as const }) : e);
  if (action === 'term' || action === 'core') {
    terminate(k, t, null, sig);
    return;
  }
  if (sig === SIGCONT && action === 'cont') {
    // A handled SIGCONT also runs the handler once the process is running again.
    if (t.caught.includes(SIGCONT)) k.emit({ type: 'process.signalled', pid: t.pid, signal: SIGCONT, from, action: 'handle' });
    deliverPending(k, t.pid);
  }
}

/** Deliver what a process kept pending while it was stopped or frozen (after SIGCONT or a thaw). */
export function deliverPending(k: Kernel, pid: number): void {
  for (;;) {
    const p = k.state.proc.byPid[pid];
    if (!p || p.state === 'Z' || p.frozen || p.state === 'T') return;
    const sig = p.pending[0];
    if (sig === undefined) return;
    deliverSignal(k, p, sig, 0, false, true);
  }
}

/** kill(targetPid, sig) called by `fromPid`. `true` when sent (or, for sig 0, when it could be). */
export function sendSignal(k: Kernel, fromPid: number, targetPid: number, sig: number): true | SysError {
  if (!isValidSignal(sig)) return sysErr('EINVAL');
  const from = k.state.proc.byPid[fromPid];
  const t = k.state.proc.byPid[targetPid];
  if (!from || from.state === 'Z' || !t) return sysErr('ESRCH');
  if (pidInNs(k, t.pid, from.pidNs) === null) return sysErr('ESRCH');
  if (!mayKill(k, from, t, sig)) return refuse(k, from, 'CAP_KILL', 'kill');
  if (sig === 0 || t.state === 'Z') return true;
  deliverSignal(k, t, sig, from.pid, from.pidNs !== t.pidNs);
  return true;
}

/**
 * kill(-pgid, sig): every process of the group that the sender can see (host PIDs
 * for pgid). ESRCH if there is none, EPERM if it may signal none of them.
 */
export function killProcessGroup(k: Kernel, fromPid: number, pgid: number, sig: number): true | SysError {
  if (!isValidSignal(sig)) return sysErr('EINVAL');
  const from = k.state.proc.byPid[fromPid];
  if (!from || from.state === 'Z') return sysErr('ESRCH');
  const members = visibleProcesses(k, from.pidNs).filter((p) => p.pgid === pgid);
  if (members.length === 0) return sysErr('ESRCH');
  let sent = false;
  for (const m of members) {
    const t = k.state.proc.byPid[m.pid];
    if (!t) continue;
    if (!mayKill(k, from, t, sig)) continue;
    sent = true;
    if (sig !== 0 && t.state !== 'Z') deliverSignal(k, t, sig, from.pid, from.pidNs !== t.pidNs);
  }
  return sent ? true : sysErr('EPERM');
}

/** sigaction(2): install handlers (`caught`) or SIG_IGN (`ignored`); SIGKILL and SIGSTOP cannot be changed. */
export function setDisposition(k: Kernel, pid: number, caught: number[], ignored: number[]): true | SysError {
  const p = k.state.proc.byPid[pid];
  if (!p || p.state === 'Z') return sysErr('ESRCH');
  for (const s of [...caught, ...ignored]) {
    if (!isValidSignal(s) || s === 0 || s === SIGKILL || s === SIGSTOP) return sysErr('EINVAL');
  }
  const uniq = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
  k.emit({ type: 'process.dispositionChanged', pid, caught: uniq(caught), ignored: uniq(ignored.filter((s) => !caught.includes(s))) });
  return true;
}

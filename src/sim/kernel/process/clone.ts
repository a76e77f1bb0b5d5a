/**
 * fork/clone: creating a process (clone(2), pid_namespaces(7)).
 *
 * Models: the child copies its parent's credentials, capabilities, namespaces,
 * root, cwd, cgroup, session and signal dispositions; CLONE_NEW* flags put it
 * in new namespaces (see ns/create.ts); a child in a new user namespace gets
 * every capability there; it gets a PID at every PID-namespace level from the
 * host down, PID 1 in a new PID namespace (becoming its init). Forking into a
 * PID namespace whose init has died fails with ENOMEM; a full pids cgroup with
 * EAGAIN; a child born in a frozen cgroup starts frozen (see limits.ts).
 * SIMPLIFICATIONS:
 * - One thread per process; CLONE_THREAD, CLONE_VM, CLONE_FILES are not modelled.
 * - The child starts runnable (R, no wait) with no memory and no CPU demand: its
 *   program sets those. fork does not copy pending signals.
 * - CLONE_NEWTIME is accepted as clone3(2) accepts it.
 * - `cgroup` places the child straight into a cgroup, like CLONE_INTO_CGROUP
 *   (ENOENT if there is no such cgroup).
 */

import type { Kernel } from '../kernel.ts';
import { hostPid, type NsInum } from '../ids.ts';
import { sysErr, type SysError } from '../errno.ts';
import type { NsSet, PidNamespace } from '../ns/types.ts';
import { emitPlan, planNamespaces } from '../ns/create.ts';
import { fullCapSets } from '../caps/caps.ts';
import type { Process } from './types.ts';
import { pidNsChain } from './pids.ts';
import { cgroupUsable, forkAllowed, startsFrozen } from './limits.ts';

export interface CloneOptions {
  /** CLONE_NEW* bits (ns/types.ts CLONE_FLAGS). */
  flags?: number;
  /** Defaults to the parent's; truncated to 15 characters. */
  comm?: string;
  argv?: string[];
  exe?: string;
  env?: Record<string, string>;
  /** The program the child runs; defaults to a copy of the parent's (a plain fork). */
  program?: { name: string; state: unknown };
  /** Put the child in this cgroup instead of the parent's (CLONE_INTO_CGROUP). */
  cgroup?: string;
}

/** The next free PID in a (non-initial) PID namespace at or after its nextPid, wrapping to 300 as alloc_pid() does. */
function freePid(ns: PidNamespace, pidMax: number): number {
  let n = ns.nextPid;
  for (let i = 0; i < pidMax; i++) {
    if (n >= pidMax) n = 300;
    if (ns.pids[n] === undefined) return n;
    n++;
  }
  return n;
}

/** Create a child of `parentPid`. Returns the new process record (as stored) or an error. */
export function clone(k: Kernel, parentPid: number, opts: CloneOptions = {}): Process | SysError {
  const parent = k.state.proc.byPid[parentPid];
  if (!parent || parent.state === 'Z') return sysErr('ESRCH');
  const flags = opts.flags ?? 0;
  const cgroup = opts.cgroup ?? parent.cgroup;
  if (opts.cgroup !== undefined && !cgroupUsable(k, opts.cgroup)) return sysErr('ENOENT');

  const plan = planNamespaces(k, parent, flags, cgroup);
  if ('errno' in plan) return plan;

  // PIDs: one at every level of the parent's pid_for_children namespace, plus 1 in a new one.
  const chain = pidNsChain(k, parent.pidNsForChildren);
  for (const ns of chain) if (ns.dead) return sysErr('ENOMEM');
  if (!forkAllowed(k, cgroup)) return sysErr('EAGAIN');

  const pid = k.state.proc.nextPid;
  const nspids: number[] = [pid];
  for (let i = 1; i < chain.length; i++) nspids.push(freePid(chain[i]!, k.state.proc.pidMax));
  const newPidNs = plan.inums.pid;
  if (newPidNs !== undefined) nspids.push(1);

  const i = plan.inums;
  const ns: NsSet = {
    user: i.user ?? parent.ns.user,
    mnt: i.mnt ?? parent.ns.mnt,
    uts: i.uts ?? parent.ns.uts,
    ipc: i.ipc ?? parent.ns.ipc,
    pid: newPidNs ?? parent.pidNsForChildren,
    cgroup: i.cgroup ?? parent.ns.cgroup,
    net: i.net ?? parent.ns.net,
    time: i.time ?? parent.timeNsForChildren,
  };
  const pidNs: NsInum = ns.pid;
  const program = opts.program ?? parent.program;
  const comm = (opts.comm ?? parent.comm).slice(0, 15);
  const c = parent.cred;
  const child: Process = {
    pid: hostPid(pid),
    ppid: parent.pid,
    nspids,
    pidNs,
    pidNsForChildren: pidNs,
    timeNsForChildren: ns.time,
    ns,
    pgid: parent.pgid,
    sid: parent.sid,
    tty: parent.tty,
    comm,
    exe: opts.exe ?? parent.exe,
    argv: [...(opts.argv ?? parent.argv)],
    env: { ...(opts.env ?? parent.env) },
    cred: { uid: c.uid, euid: c.euid, suid: c.suid, fsuid: c.fsuid, gid: c.gid, egid: c.egid, sgid: c.sgid, fsgid: c.fsgid, groups: [...c.groups] },
    caps: i.user !== undefined ? fullCapSets() : { ...parent.caps },
    noNewPrivs: parent.noNewPrivs,
    root: parent.root,
    cwd: parent.cwd,
    cgroup,
    state: 'R',
    frozen: startsFrozen(k, cgroup),
    wait: { kind: 'none' },
    children: [],
    exitCode: null,
    termSignal: null,
    caught: [...parent.caught],
    ignored: [...parent.ignored],
    pending: [],
    rssBytes: 0,
    cpuDemand: 0,
    cpuUsageUsec: 0,
    startMs: k.state.clock.uptimeMs,
    program: { name: program.name, state: program.state },
    containerId: parent.containerId,
    kthread: false,
    childSubreaper: false,
    keepCaps: i.user !== undefined ? false : (parent.keepCaps ?? false),
  };
  emitPlan(k, plan);
  k.emit({ type: 'process.spawned', proc: child });
  const stored = k.state.proc.byPid[pid];
  if (!stored) throw new Error(`clone: process ${pid} missing after process.spawned`);
  return stored;
}

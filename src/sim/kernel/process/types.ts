/**
 * Process records (see proc(5), credentials(7), signal(7)).
 *
 * Models: a task with a host PID and one PID per PID-namespace level, its parent,
 * credentials, capability sets, nsproxy, cgroup, root and cwd, environment,
 * run state, exit status, signal dispositions, memory and CPU use.
 * Simplifies: one thread per process; no file-descriptor table beyond the
 * controlling tty; memory is one resident-set figure.
 */

import type { HostPid, NsInum } from '../ids.ts';
import type { NsSet } from '../ns/types.ts';
import type { CapSets } from '../caps/caps.ts';

/** ps(1) STAT letters: Running, Sleeping, Disk sleep, sTopped, Zombie. */
export type ProcState = 'R' | 'S' | 'D' | 'T' | 'Z';

/**
 * Kernel IDs (kuid_t/kgid_t: as the initial user namespace sees them), whatever
 * user namespace the process is in; ns/idmap.ts translates them (mapUidToNs).
 */
export interface Credentials {
  uid: number;
  euid: number;
  suid: number;
  fsuid: number;
  gid: number;
  egid: number;
  sgid: number;
  fsgid: number;
  groups: number[];
}

/** What a program is doing while it is not running code: why it sleeps. */
export type WaitReason =
  | { kind: 'none' }
  | { kind: 'timer'; untilMs: number }
  | { kind: 'child'; pid: number }
  | { kind: 'input' }
  | { kind: 'forever' };

export interface Process {
  pid: HostPid;
  /** Host PID of the parent; 0 for the host's PID 1 (and kernel threads). */
  ppid: number;
  /** PIDs at each PID-namespace level, outermost (host) first; nspids[0] === pid. */
  nspids: number[];
  /** PID namespace of this process (the innermost of its levels). */
  pidNs: NsInum;
  /** PID namespace its future children are created in (differs after unshare(CLONE_NEWPID)). */
  pidNsForChildren: NsInum;
  /** Time namespace for children (unshare(CLONE_NEWTIME) likewise affects children only). */
  timeNsForChildren: NsInum;
  ns: NsSet;
  /** Process group and session, for job control and ^C. */
  pgid: number;
  sid: number;
  /** Controlling terminal, e.g. "pts/0", or null (shown as "?" by ps). */
  tty: string | null;
  /** Executable name, at most 15 characters (TASK_COMM_LEN - 1). */
  comm: string;
  /** Path of the executable as the process's mount namespace names it. */
  exe: string;
  argv: string[];
  env: Record<string, string>;
  cred: Credentials;
  caps: CapSets;
  /** PR_SET_NO_NEW_PRIVS. */
  noNewPrivs: boolean;
  /** Root directory and cwd as absolute paths in the process's mount namespace. */
  root: string;
  cwd: string;
  /** cgroup v2 path, e.g. "/system.slice/docker-<id>.scope". */
  cgroup: string;
  state: ProcState;
  /** Frozen by the cgroup freezer (shown as state D/"frozen" by the views). */
  frozen: boolean;
  wait: WaitReason;
  children: number[];
  /** Set once the process has exited (state Z until reaped). */
  exitCode: number | null;
  /** Signal that killed it, if it died by a signal. */
  termSignal: number | null;
  /** Signals with a handler installed / ignored (SIG_IGN). */
  caught: number[];
  ignored: number[];
  /** Pending signal numbers not yet acted on (stopped or frozen processes). */
  pending: number[];
  /** Resident memory in bytes, charged to the cgroup. */
  rssBytes: number;
  /** Wanted CPU in cores (0 = idle, 1 = one busy core). */
  cpuDemand: number;
  /** CPU time used so far, µs. */
  cpuUsageUsec: number;
  /** Virtual time of start, ms since boot. */
  startMs: number;
  /** The program running in this process and its own plain-data state. */
  program: { name: string; state: unknown };
  /** Set on the container's PID 1 by runc, and on processes it execs into the container. */
  containerId: string | null;
  /** Is this a kernel thread ([kthreadd] and the like)? */
  kthread: boolean;
  /**
   * prctl(PR_SET_CHILD_SUBREAPER): orphaned descendants are re-parented here
   * instead of to the PID namespace's init. Not inherited by fork; kept across execve.
   * Optional until boot's rootTask sets it (absent = false).
   */
  childSubreaper: boolean;
  /**
   * prctl(PR_SET_KEEPCAPS): keep the permitted set when all UIDs leave 0.
   * Inherited by fork, cleared by execve. Optional (absent = false).
   */
  keepCaps: boolean;
}

/** One armed timer: a sleeping process's wake-up time. */
export interface TimerEntry {
  untilMs: number;
  pid: number;
}

export interface ProcTable {
  byPid: Record<number, Process>;
  /** Host PID allocator (PIDs are handed out in order and wrap at pid_max). */
  nextPid: number;
  pidMax: number;
  /**
   * Armed timers, latest due first: the next to fire is the last entry (of timers
   * due together, the one armed first), maintained by the reducer: one entry per
   * process whose wait is a timer and that can run (not frozen, stopped or dead),
   * so time.ts finds the next due timer without scanning the process table.
   * Timers armed for soon (a shell waiting, a program polling) go in near the
   * end, so a host with a thousand sleeping containers does not move the whole
   * list for each of them. Snapshots from before hold `timers`, soonest first
   * (snapshot.ts turns one into the other).
   */
  due: TimerEntry[];
}

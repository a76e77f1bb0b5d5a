/**
 * applyProcessEvent: the only writer of KernelState.proc (and of KernelState.clock,
 * through `clock.advanced`, which the process slice applies because it goes last).
 * Copies what it stores, so logged events never alias live state; except a
 * program's state (program.state), which is stored as given: it is only ever
 * replaced whole (process.programStateChanged, process.execed), never changed
 * in place (the userland copies it for a handler and saves the copy).
 *
 * It also keeps KernelState.proc.due, the sorted list of armed timers: an entry
 * exists for exactly the processes whose wait is a timer and which can run (not
 * frozen, not stopped, not a zombie). See time.ts.
 */

import type { KernelState } from '../state.ts';
import { clonePlain } from '../plain.ts';
import type { SimEvent } from '../../events.ts';
import type { Process, TimerEntry } from './types.ts';

/**
 * A deep copy of a process record (monomorphic, so much faster than a generic
 * clone). `programState`: the program's state to store (a snapshot copies it;
 * the process.spawned reducer keeps the event's, see above).
 */
export function copyProc(p: Process, programState: unknown = clonePlain(p.program.state)): Process {
  // Every field listed explicitly: one fixed object shape, several times faster
  // than a spread when snapshotting 10,000 processes.
  return {
    pid: p.pid,
    ppid: p.ppid,
    nspids: p.nspids.slice(),
    pidNs: p.pidNs,
    pidNsForChildren: p.pidNsForChildren,
    timeNsForChildren: p.timeNsForChildren,
    ns: { cgroup: p.ns.cgroup, ipc: p.ns.ipc, mnt: p.ns.mnt, net: p.ns.net, pid: p.ns.pid, time: p.ns.time, user: p.ns.user, uts: p.ns.uts },
    pgid: p.pgid,
    sid: p.sid,
    tty: p.tty,
    comm: p.comm,
    exe: p.exe,
    argv: p.argv.slice(),
    env: { ...p.env },
    cred: { uid: p.cred.uid, euid: p.cred.euid, suid: p.cred.suid, fsuid: p.cred.fsuid, gid: p.cred.gid, egid: p.cred.egid, sgid: p.cred.sgid, fsgid: p.cred.fsgid, groups: p.cred.groups.slice() },
    caps: { effective: p.caps.effective, permitted: p.caps.permitted, inheritable: p.caps.inheritable, bounding: p.caps.bounding, ambient: p.caps.ambient },
    noNewPrivs: p.noNewPrivs,
    root: p.root,
    cwd: p.cwd,
    cgroup: p.cgroup,
    state: p.state,
    frozen: p.frozen,
    wait: { ...p.wait },
    children: p.children.slice(),
    exitCode: p.exitCode,
    termSignal: p.termSignal,
    caught: p.caught.slice(),
    ignored: p.ignored.slice(),
    pending: p.pending.slice(),
    rssBytes: p.rssBytes,
    cpuDemand: p.cpuDemand,
    cpuUsageUsec: p.cpuUsageUsec,
    startMs: p.startMs,
    program: { name: p.program.name, state: programState },
    containerId: p.containerId,
    kthread: p.kthread,
    childSubreaper: p.childSubreaper,
    keepCaps: p.keepCaps,
  };
}

export function applyProcessEvent(s: KernelState, e: SimEvent): void {
  const t = s.proc.byPid;
  switch (e.type) {
    case 'process.spawned': {
      const p = copyProc(e.proc, e.proc.program.state);
      t[p.pid] = p;
      const parent = t[p.ppid];
      if (parent) parent.children.push(p.pid);
      s.proc.nextPid = nextFree(s, p.pid + 1);
      syncTimer(s, p, null);
      return;
    }
    case 'clock.advanced':
      s.clock.uptimeMs = e.toMs;
      return;
    case 'process.execed': {
      const p = t[e.pid];
      if (!p) return;
      p.comm = e.comm;
      p.exe = e.exe;
      p.argv = [...e.argv];
      p.env = { ...e.env };
      p.caps = { ...e.caps };
      p.program = { name: e.program.name, state: e.program.state };
      // execve resets handled signals to SIG_DFL (ignored ones stay ignored) and clears PR_SET_KEEPCAPS.
      p.caught = [];
      if (p.keepCaps) p.keepCaps = false;
      return;
    }
    case 'process.programStateChanged': {
      const p = t[e.pid];
      if (p) p.program = { name: p.program.name, state: e.state };
      return;
    }
    case 'process.waitChanged': {
      const p = t[e.pid];
      if (p) {
        const before = timerOf(p);
        p.wait = { ...e.wait };
        p.state = e.state;
        syncTimer(s, p, before);
      }
      return;
    }
    case 'process.dispositionChanged': {
      const p = t[e.pid];
      if (p) {
        p.caught = [...e.caught];
        p.ignored = [...e.ignored];
      }
      return;
    }
    case 'process.signalled': {
      const p = t[e.pid];
      if (!p) return;
      const before = timerOf(p);
      if (e.fromPending) {
        const i = p.pending.indexOf(e.signal);
        if (i >= 0) p.pending = [...p.pending.slice(0, i), ...p.pending.slice(i + 1)];
      }
      if (e.action === 'stop') p.state = 'T';
      else if (e.action === 'cont' && p.state === 'T') p.state = p.wait.kind === 'none' ? 'R' : 'S';
      else if (e.action === 'pending' && !p.pending.includes(e.signal)) p.pending = [...p.pending, e.signal];
      syncTimer(s, p, before);
      return;
    }
    case 'process.exited': {
      const p = t[e.pid];
      if (!p) return;
      syncTimer(s, p, timerOf(p), true);
      p.state = 'Z';
      p.exitCode = e.exitCode;
      p.termSignal = e.termSignal;
      p.wait = { kind: 'none' };
      p.rssBytes = 0;
      p.cpuDemand = 0;
      for (const r of e.reparent) {
        const c = t[r.pid];
        if (!c) continue;
        c.ppid = r.newParent;
        const np = t[r.newParent];
        if (np) np.children.push(r.pid);
      }
      if (e.reparent.length) p.children = [];
      return;
    }
    case 'process.reaped': {
      const p = t[e.pid];
      if (!p) return;
      const parent = t[p.ppid];
      if (parent) {
        const i = parent.children.indexOf(p.pid);
        if (i >= 0) parent.children.splice(i, 1);
      }
      delete t[e.pid];
      return;
    }
    case 'process.credsChanged': {
      const p = t[e.pid];
      if (p) {
        p.cred = Object.assign({}, e.cred, { groups: [...e.cred.groups] });
        p.caps = { ...e.caps };
      }
      return;
    }
    case 'process.capsChanged': {
      const p = t[e.pid];
      if (p) p.caps = { ...e.caps };
      return;
    }
    case 'process.nsChanged': {
      const p = t[e.pid];
      if (p) {
        p.ns = { ...e.ns };
        p.pidNsForChildren = e.pidNsForChildren;
        p.timeNsForChildren = e.timeNsForChildren;
      }
      return;
    }
    case 'process.cwdChanged': {
      const p = t[e.pid];
      if (p) p.cwd = e.cwd;
      return;
    }
    case 'process.rootChanged': {
      const p = t[e.pid];
      if (p) {
        p.root = e.root;
        p.cwd = e.cwd;
      }
      return;
    }
    case 'process.cgroupMoved': {
      const p = t[e.pid];
      if (p) p.cgroup = e.to;
      return;
    }
    case 'process.memoryChanged': {
      const p = t[e.pid];
      if (p) p.rssBytes = e.rssBytes;
      return;
    }
    case 'process.cpuDemandChanged': {
      const p = t[e.pid];
      if (p) p.cpuDemand = e.cpuDemand;
      return;
    }
    case 'process.cpuCharged': {
      const p = t[e.pid];
      if (p) p.cpuUsageUsec += e.usec;
      return;
    }
    case 'process.renamed': {
      const p = t[e.pid];
      if (p) p.comm = e.comm;
      return;
    }
    case 'process.pgidChanged': {
      const p = t[e.pid];
      if (p) {
        p.pgid = e.pgid;
        p.sid = e.sid;
        p.tty = e.tty;
      }
      return;
    }
    case 'process.envChanged': {
      const p = t[e.pid];
      if (p) p.env = { ...e.env };
      return;
    }
    case 'process.containerTagged': {
      const p = t[e.pid];
      if (p) p.containerId = e.containerId;
      return;
    }
    case 'process.frozenChanged': {
      const p = t[e.pid];
      if (p) {
        const before = timerOf(p);
        p.frozen = e.frozen;
        syncTimer(s, p, before);
      }
      return;
    }
    case 'process.noNewPrivsSet': {
      const p = t[e.pid];
      if (p) p.noNewPrivs = true;
      return;
    }
    case 'process.prctlSet': {
      const p = t[e.pid];
      if (!p) return;
      if (e.option === 'PR_SET_CHILD_SUBREAPER') p.childSubreaper = e.value;
      else p.keepCaps = e.value;
      return;
    }
    default:
      return;
  }
}

/** Next unused host PID at or after `from`, wrapping at pid_max to 300 as Linux does. */
export function nextFree(s: KernelState, from: number): number {
  let n = from;
  for (let i = 0; i < s.proc.pidMax; i++) {
    if (n >= s.proc.pidMax) n = 300;
    if (!s.proc.byPid[n]) return n;
    n++;
  }
  return n;
}

/** The due time of the process's armed timer, or null when it has none that can fire. */
function timerOf(p: Process): number | null {
  if (p.wait.kind !== 'timer' || p.frozen || p.state === 'T' || p.state === 'Z') return null;
  return p.wait.untilMs;
}

/** Keep s.proc.due (latest due first) in step with one process after its record changed. */
function syncTimer(s: KernelState, p: Process, before: number | null, remove = false): void {
  const after = remove ? null : timerOf(p);
  if (before === after) return;
  const list = s.proc.due;
  if (before !== null) {
    for (let i = firstAtOrBefore(list, before); i < list.length && list[i]!.untilMs === before; i++) {
      if (list[i]!.pid === p.pid) {
        list.splice(i, 1);
        break;
      }
    }
  }
  // Before the timers due at the same time: those armed earlier fire first, from the end.
  if (after !== null) list.splice(firstAtOrBefore(list, after), 0, { untilMs: after, pid: p.pid });
}

/** The index of the first entry due at or before `ms` (the list runs from the latest due time down). */
function firstAtOrBefore(list: TimerEntry[], ms: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.untilMs > ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * applyCgroupEvent: the only writer of KernelState.cgroup.
 *
 * Models: the cgroup core's task membership (css_set links made at fork,
 * migration and exit) and the hierarchical counters the controllers keep
 * (memcg page counters, the pids counter, cpu usage, memory.events).
 *
 * SIMPLIFICATIONS:
 * - A process leaves cgroup.procs when it exits (as cgroup_exit unlinks it),
 *   and its memory is uncharged then; it keeps counting in pids.current until
 *   it is reaped (pids_release runs at release_task), so zombies a container's
 *   PID 1 never reaps do use up pids.max, as on Linux.
 * - Zombies are remembered per cgroup only to uncharge them at reap; a removed
 *   cgroup hands them to its parent (Linux keeps the dying cgroup instead).
 * - Counters are updated along the ancestor chain at every change (O(depth)).
 *
 * This slice is applied before the process slice, so a process record seen
 * here is as it was before the event (old rssBytes, old cgroup).
 */

import type { KernelState } from '../state.ts';
import { keepHashedIfBig } from '../process/sparse.ts';
import type { SimEvent } from '../../events.ts';
import type { Process } from '../process/types.ts';
import type { CgroupState, Cgroup, Controller, Max } from './types.ts';
import { CONTROLLERS, defaultCpuKnobs, defaultMemoryKnobs, newCgroup } from './types.ts';
import { baseName, joinPath, parentOf } from './tree.ts';
import { parseCpuList } from './parse.ts';

function node(cg: CgroupState, path: string): Cgroup {
  const c = cg.byPath[path];
  if (!c) throw new Error(`cgroup: no cgroup ${path}`);
  return c;
}

function up(cg: CgroupState, c: Cgroup): Cgroup | undefined {
  return c.parent === null ? undefined : cg.byPath[c.parent];
}

/** Add (delta > 0) or remove memory along the chain, updating memory.peak. */
function addMemory(cg: CgroupState, c: Cgroup, delta: number): void {
  if (delta === 0) return;
  for (let x: Cgroup | undefined = c; x; x = up(cg, x)) {
    x.memoryCurrent += delta;
    if (x.memoryCurrent > x.memoryPeak) x.memoryPeak = x.memoryCurrent;
  }
}

function addLive(cg: CgroupState, c: Cgroup, delta: number): void {
  for (let x: Cgroup | undefined = c; x; x = up(cg, x)) x.nrLive += delta;
}

function addPids(cg: CgroupState, c: Cgroup, delta: number): void {
  for (let x: Cgroup | undefined = c; x; x = up(cg, x)) x.pidsCurrent += delta;
}

function join(cg: CgroupState, p: Process, path: string): void {
  const c = node(cg, path);
  if (c.procs[p.pid]) return;
  c.procs[p.pid] = true;
  c.nrProcs++;
  keepHashedIfBig(c.procs, c.nrProcs);
  addLive(cg, c, 1);
  addMemory(cg, c, p.rssBytes);
}

/** Remove a live member; returns false if it was not one. */
function leave(cg: CgroupState, p: Process, path: string): boolean {
  const c = cg.byPath[path];
  if (!c || !c.procs[p.pid]) return false;
  delete c.procs[p.pid];
  c.nrProcs--;
  addLive(cg, c, -1);
  addMemory(cg, c, -p.rssBytes);
  return true;
}

/** Uncharge a reaped zombie from the cgroup holding it (its own, or an ancestor if that was removed). */
function releaseZombie(cg: CgroupState, pid: number, path: string): void {
  for (let p: string | null = path; p !== null; p = parentOf(p)) {
    const c = cg.byPath[p];
    if (c?.zombies[pid]) {
      delete c.zombies[pid];
      addPids(cg, c, -1);
      return;
    }
  }
}

function parseMax(v: string): Max {
  return v === 'max' ? 'max' : Number(v);
}

/** Reset a controller's knobs in a cgroup whose parent just disabled it (its css is destroyed). */
function resetController(c: Cgroup, ctrl: Controller): void {
  if (ctrl === 'memory') {
    const { events, eventsLocal } = c.memory;
    c.memory = { ...defaultMemoryKnobs(), events, eventsLocal };
  } else if (ctrl === 'cpu') {
    const d = defaultCpuKnobs();
    c.cpu.weight = d.weight;
    c.cpu.quota = d.quota;
    c.cpu.period = d.period;
  } else if (ctrl === 'pids') c.pidsMax = 'max';
  else if (ctrl === 'cpuset') {
    c.cpusetCpus = [];
    c.cpusetMems = [];
  } else if (ctrl === 'io') c.ioWeight = 100;
}

function setKnob(c: Cgroup, file: string, value: string): void {
  switch (file) {
    case 'memory.min': c.memory.min = parseMax(value); return;
    case 'memory.low': c.memory.low = parseMax(value); return;
    case 'memory.high': c.memory.high = parseMax(value); return;
    case 'memory.max': c.memory.max = parseMax(value); return;
    case 'memory.swap.high': c.memory.swapHigh = parseMax(value); return;
    case 'memory.swap.max': c.memory.swapMax = parseMax(value); return;
    case 'memory.zswap.max': c.memory.zswapMax = parseMax(value); return;
    case 'memory.oom.group': c.memory.oomGroup = value === '1'; return;
    case 'cpu.weight': c.cpu.weight = Number(value); return;
    case 'cpu.max': {
      const [q = 'max', per = '100000'] = value.split(' ');
      c.cpu.quota = parseMax(q);
      c.cpu.period = Number(per);
      return;
    }
    case 'pids.max': c.pidsMax = parseMax(value); return;
    case 'cpuset.cpus': c.cpusetCpus = parseCpuList(value) ?? []; return;
    case 'cpuset.mems': c.cpusetMems = parseCpuList(value) ?? []; return;
    case 'io.weight': c.ioWeight = Number(value); return;
    case 'cgroup.max.depth': c.maxDepth = parseMax(value); return;
    case 'cgroup.max.descendants': c.maxDescendants = parseMax(value); return;
    default: throw new Error(`cgroup: unknown knob ${file}`);
  }
}

export function applyCgroupEvent(s: KernelState, e: SimEvent): void {
  const cg = s.cgroup;
  switch (e.type) {
    case 'process.spawned': {
      if (e.proc.state === 'Z') return;
      join(cg, e.proc, e.proc.cgroup);
      addPids(cg, node(cg, e.proc.cgroup), 1);
      return;
    }
    case 'process.cgroupMoved': {
      const p = s.proc.byPid[e.pid];
      if (!p || !leave(cg, p, e.from)) return;
      join(cg, p, e.to);
      addPids(cg, node(cg, e.from), -1);
      addPids(cg, node(cg, e.to), 1);
      return;
    }
    case 'process.exited': {
      const p = s.proc.byPid[e.pid];
      if (p && leave(cg, p, p.cgroup)) node(cg, p.cgroup).zombies[p.pid] = true;
      return;
    }
    case 'process.reaped': {
      const p = s.proc.byPid[e.pid];
      if (!p) return;
      if (leave(cg, p, p.cgroup)) addPids(cg, node(cg, p.cgroup), -1);
      else releaseZombie(cg, p.pid, p.cgroup);
      return;
    }
    case 'process.memoryChanged': {
      const p = s.proc.byPid[e.pid];
      const c = p ? cg.byPath[p.cgroup] : undefined;
      if (p && c && c.procs[p.pid]) addMemory(cg, c, e.rssBytes - p.rssBytes);
      return;
    }
    case 'cgroup.created': {
      const parent = parentOf(e.path);
      if (parent === null) throw new Error('cgroup: cannot create the root');
      const pc = node(cg, parent);
      cg.byPath[e.path] = newCgroup(e.path, parent, s.clock.uptimeMs);
      const name = baseName(e.path);
      // Insert in sorted order (default sort: UTF-16 code units) without re-sorting every child.
      const ch = pc.children;
      let lo = 0;
      let hi = ch.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((ch[mid] as string) < name) lo = mid + 1;
        else hi = mid;
      }
      ch.splice(lo, 0, name);
      return;
    }
    case 'cgroup.removed': {
      const c = node(cg, e.path);
      if (c.parent !== null) {
        const pc = node(cg, c.parent);
        pc.children = pc.children.filter((n) => joinPath(c.parent as string, n) !== e.path);
        // Zombies stay charged to the ancestors (the kernel keeps the dying cgroup for them).
        for (const pid in c.zombies) pc.zombies[Number(pid)] = true;
      }
      delete cg.byPath[e.path];
      return;
    }
    case 'cgroup.limitSet':
      setKnob(node(cg, e.path), e.file, e.value);
      return;
    case 'cgroup.subtreeControlChanged': {
      const c = node(cg, e.path);
      const next = CONTROLLERS.filter((x) => e.subtreeControl.includes(x));
      for (const off of c.subtreeControl.filter((x) => !next.includes(x))) {
        for (const name of c.children) {
          const child = cg.byPath[joinPath(e.path, name)];
          if (child) resetController(child, off);
        }
      }
      c.subtreeControl = next;
      return;
    }
    case 'cgroup.memoryEventCounted': {
      const c = node(cg, e.path);
      c.memory.eventsLocal[e.counter]++;
      for (let x: Cgroup | undefined = c; x && x.parent !== null; x = up(cg, x)) x.memory.events[e.counter]++;
      return;
    }
    case 'cgroup.oomKilled': {
      const c = cg.byPath[e.cgroup];
      if (!c) return;
      c.memory.eventsLocal.oom_kill++;
      for (let x: Cgroup | undefined = c; x && x.parent !== null; x = up(cg, x)) x.memory.events.oom_kill++;
      return;
    }
    case 'cgroup.frozenChanged':
      node(cg, e.path).freeze = e.frozen;
      return;
    case 'cgroup.cpuAccounted': {
      const c = node(cg, e.path);
      if (e.usageUsec) for (let x: Cgroup | undefined = c; x; x = up(cg, x)) x.cpu.usageUsec += e.usageUsec;
      c.cpu.nrPeriods += e.periods;
      c.cpu.nrThrottled += e.throttled;
      c.cpu.throttledUsec += e.throttledUsec;
      return;
    }
    case 'cgroup.pidsLimitHit':
      node(cg, e.path).pidsEventsMax++;
      return;
    default:
      return;
  }
}

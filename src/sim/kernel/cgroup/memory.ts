/**
 * Memory charging and the OOM killer (cgroup-v2.rst "Memory", mm/memcontrol.c
 * try_charge and memory_max_write, mm/oom_kill.c).
 *
 * Models: a process's resident memory is charged to its cgroup and every
 * ancestor. When a charge takes a cgroup over memory.max, the kernel counts a
 * "max" event there, fails to reclaim, counts "oom" and runs the OOM killer
 * inside that cgroup: the process with the largest memory in the subtree gets
 * SIGKILL and "oom_kill" is counted in the victim's cgroup and its ancestors.
 * With memory.oom.group=1 the whole group dies together ("oom_group_kill").
 * Going over the host's MemTotal runs the same killer over every process.
 * Writing memory.max below memory.current kills until usage fits.
 * memory.high only counts "high" events (no throttling is modelled).
 *
 * SIMPLIFICATIONS:
 * - Nothing is reclaimable (no page cache, no swap), so reclaim always fails.
 * - oom_badness is the resident size alone; no oom_score_adj. Ties go to the
 *   higher PID. The host's PID 1 and kernel threads are never chosen.
 * - If no process can be killed, the charge simply stays over the limit.
 */

import type { Kernel } from '../kernel.ts';
import { sysErr, type SysError } from '../errno.ts';
import { killProcess } from '../process/exit.ts';
import { SIGKILL } from '../signals.ts';
import type { Cgroup } from './types.ts';
import { chain, procsOf, subtree } from './tree.ts';

export type ChargeResult = 'ok' | 'oom-killed';

function alive(k: Kernel, pid: number): boolean {
  const p = k.proc(pid);
  return p !== undefined && p.state !== 'Z';
}

/** Candidates for the OOM killer in a subtree ("/" = every process), minus those already tried. */
function candidates(k: Kernel, domain: string, skip: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (const c of subtree(k.state.cgroup, domain)) {
    for (const pid of procsOf(c)) {
      const p = k.proc(pid);
      if (!p || p.state === 'Z' || p.kthread || pid === 1 || skip.has(pid)) continue;
      out.push(pid);
    }
  }
  return out;
}

/** oom_badness, simplified: the biggest resident set wins; ties go to the later (higher) PID. */
function pickVictim(k: Kernel, pids: number[]): number | null {
  let best: number | null = null;
  let bestRss = -1;
  for (const pid of pids) {
    const rss = k.proc(pid)?.rssBytes ?? 0;
    if (rss >= bestRss) {
      best = pid;
      bestRss = rss;
    }
  }
  return best;
}

/**
 * mem_cgroup_get_oom_group: the highest cgroup between the victim's and the
 * OOM domain (inclusive) with memory.oom.group=1, or null.
 */
function oomGroupOf(k: Kernel, victimCgroup: string, domain: string): Cgroup | null {
  let group: Cgroup | null = null;
  for (const c of chain(k.state.cgroup, victimCgroup)) {
    if (c.parent !== null && c.memory.oomGroup) group = c;
    if (c.path === domain) break;
  }
  return group;
}

/**
 * Run the OOM killer once in `domain` (a cgroup path, or "/" for host-wide).
 * Returns false when there was nobody left to kill.
 */
function oomKill(k: Kernel, domain: string, limit: number, tried: Set<number>): boolean {
  const victim = pickVictim(k, candidates(k, domain, tried));
  if (victim === null) return false;
  const vp = k.proc(victim);
  if (!vp) return false;
  const group = oomGroupOf(k, vp.cgroup, domain);
  let victims = [victim];
  if (group) {
    k.emit({ type: 'cgroup.memoryEventCounted', path: group.path, counter: 'oom_group_kill' });
    victims = candidates(k, group.path, tried);
  }
  for (const pid of victims) {
    const p = k.proc(pid);
    if (!p || p.state === 'Z') continue;
    tried.add(pid);
    k.emit({ type: 'cgroup.oomKilled', path: domain, pid, cgroup: p.cgroup, rssBytes: p.rssBytes, limit, group: group !== null });
    killProcess(k, pid, SIGKILL);
  }
  return true;
}

/** The lowest cgroup in `path`'s chain (excluding the root) whose memory.max is exceeded. */
function overLimit(k: Kernel, path: string): Cgroup | null {
  for (const c of chain(k.state.cgroup, path)) {
    if (c.parent === null) break;
    if (c.memory.max !== 'max' && c.memoryCurrent > c.memory.max) return c;
  }
  return null;
}

/**
 * Set a process's resident memory (emits process.memoryChanged) and enforce
 * memory.max up its cgroup chain and MemTotal for the host, OOM-killing as
 * the kernel would. Returns 'oom-killed' if the charging process itself died.
 */
export function chargeMemory(k: Kernel, pid: number, newRssBytes: number): ChargeResult | SysError {
  const p = k.proc(pid);
  if (!p || p.state === 'Z') return sysErr('ESRCH');
  if (!Number.isFinite(newRssBytes) || newRssBytes < 0) return sysErr('EINVAL');
  const rss = Math.round(newRssBytes);
  const old = p.rssBytes;
  if (rss === old) return 'ok';
  k.emit({ type: 'process.memoryChanged', pid, rssBytes: rss });
  if (rss < old) return 'ok';

  for (const c of chain(k.state.cgroup, p.cgroup)) {
    if (c.parent !== null && c.memory.high !== 'max' && c.memoryCurrent > c.memory.high) {
      k.emit({ type: 'cgroup.memoryEventCounted', path: c.path, counter: 'high' });
    }
  }

  const tried = new Set<number>();
  while (alive(k, pid)) {
    const cgPath = k.proc(pid)?.cgroup ?? '/';
    const over = overLimit(k, cgPath);
    if (over) {
      k.emit({ type: 'cgroup.memoryEventCounted', path: over.path, counter: 'max' });
      k.emit({ type: 'cgroup.memoryEventCounted', path: over.path, counter: 'oom' });
      if (!oomKill(k, over.path, over.memory.max as number, tried)) break;
      continue;
    }
    const root = k.state.cgroup.byPath['/'];
    const total = k.state.machine.memTotalBytes;
    if (root && root.memoryCurrent > total) {
      if (!oomKill(k, '/', total, tried)) break;
      continue;
    }
    break;
  }
  return alive(k, pid) ? 'ok' : 'oom-killed';
}

/**
 * After memory.max was lowered (memory_max_write): no reclaim is possible, so
 * count "oom" and OOM-kill inside the cgroup until memory.current fits.
 */
export function enforceMemoryMax(k: Kernel, path: string): void {
  const tried = new Set<number>();
  for (;;) {
    const c = k.state.cgroup.byPath[path];
    if (!c || c.memory.max === 'max' || c.memoryCurrent <= c.memory.max) return;
    k.emit({ type: 'cgroup.memoryEventCounted', path, counter: 'oom' });
    if (!oomKill(k, path, c.memory.max, tried)) return;
  }
}

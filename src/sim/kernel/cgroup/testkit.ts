/**
 * Helpers for the cgroup module's tests: a booted kernel and processes placed
 * straight into cgroups (no program, no fork checks). Not used by the core.
 */

import { bootKernel, rootTask } from '../boot.ts';
import type { Kernel } from '../kernel.ts';
import type { LoggedEvent } from '../../events.ts';
import type { Process } from '../process/types.ts';
import { mkdirCgroup } from './dir.ts';
import { isErr } from '../errno.ts';
import { isCgroupFrozen } from './ops.ts';

export interface Booted {
  k: Kernel;
  log: LoggedEvent[];
}

export function boot(machine: { cpus?: number; memTotalBytes?: number } = {}): Booted {
  const log: LoggedEvent[] = [];
  const k = bootKernel({ seed: 1, machine, sink: (e) => log.push(e) });
  return { k, log };
}

/** Spawn a running (or sleeping) root process with the given pid in `cgroup`. */
export function spawnIn(
  k: Kernel,
  pid: number,
  cgroup: string,
  opts: Partial<Pick<Process, 'rssBytes' | 'cpuDemand' | 'state' | 'ppid' | 'comm' | 'kthread'>> = {},
): Process {
  const p = rootTask(pid, opts.ppid ?? 1, opts.comm ?? `p${pid}`, [`/bin/p${pid}`]);
  p.cgroup = cgroup;
  p.rssBytes = opts.rssBytes ?? 0;
  p.cpuDemand = opts.cpuDemand ?? 0;
  p.state = opts.state ?? (p.cpuDemand > 0 ? 'R' : 'S');
  p.kthread = opts.kthread ?? false;
  if (p.state === 'R') p.wait = { kind: 'none' };
  p.frozen = isCgroupFrozen(k, cgroup);
  k.emit({ type: 'process.spawned', proc: p });
  return k.proc(pid) as Process;
}

/** mkdir -p for cgroups; throws on failure (tests only). */
export function mkdirs(k: Kernel, ...paths: string[]): void {
  for (const path of paths) {
    const parts = path.split('/').filter(Boolean);
    let cur = '';
    for (const part of parts) {
      cur += '/' + part;
      if (k.state.cgroup.byPath[cur]) continue;
      const r = mkdirCgroup(k, cur);
      if (isErr(r)) throw new Error(`mkdir ${cur}: ${r.errno}`);
    }
  }
}

export function eventsOf<T extends LoggedEvent['type']>(log: LoggedEvent[], type: T): Array<Extract<LoggedEvent, { type: T }>> {
  return log.filter((e): e is Extract<LoggedEvent, { type: T }> => e.type === type);
}

export const MiB = 1024 * 1024;

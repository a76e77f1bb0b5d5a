/**
 * Property test: random sequences of spawn / charge / move / exit / reap /
 * mkdir / rmdir / limit / freeze / kill keep the cgroup invariants.
 */

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Kernel } from '../kernel.ts';
import { boot, spawnIn, MiB } from './testkit.ts';
import { chargeMemory } from './memory.ts';
import { freezeCgroup, moveToCgroup } from './ops.ts';
import { mkdirCgroup, rmdirCgroup } from './dir.ts';
import { writeCgroupFile } from './files.ts';
import { exitProcess, reap } from '../process/exit.ts';
import { chain, effectiveFrozen, subtree } from './tree.ts';
import { canFork } from './limits.ts';

const NAMES = ['a', 'b', 'c'];

type Op =
  | { op: 'spawn'; cg: number; rss: number; parent: number }
  | { op: 'charge'; pid: number; rss: number }
  | { op: 'move'; pid: number; cg: number }
  | { op: 'exit'; pid: number }
  | { op: 'reap'; pid: number }
  | { op: 'mkdir'; cg: number; name: number }
  | { op: 'rmdir'; cg: number }
  | { op: 'limit'; cg: number; mib: number }
  | { op: 'pidsMax'; cg: number; n: number }
  | { op: 'freeze'; cg: number; on: boolean }
  | { op: 'kill'; cg: number };

const idx = fc.nat({ max: 50 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('spawn' as const), cg: idx, rss: fc.nat({ max: 64 * MiB }), parent: idx }),
  fc.record({ op: fc.constant('charge' as const), pid: idx, rss: fc.nat({ max: 200 * MiB }) }),
  fc.record({ op: fc.constant('move' as const), pid: idx, cg: idx }),
  fc.record({ op: fc.constant('exit' as const), pid: idx }),
  fc.record({ op: fc.constant('reap' as const), pid: idx }),
  fc.record({ op: fc.constant('mkdir' as const), cg: idx, name: fc.nat({ max: 2 }) }),
  fc.record({ op: fc.constant('rmdir' as const), cg: idx }),
  fc.record({ op: fc.constant('limit' as const), cg: idx, mib: fc.integer({ min: 1, max: 256 }) }),
  fc.record({ op: fc.constant('pidsMax' as const), cg: idx, n: fc.nat({ max: 6 }) }),
  fc.record({ op: fc.constant('freeze' as const), cg: idx, on: fc.boolean() }),
  fc.record({ op: fc.constant('kill' as const), cg: idx }),
);

function pick<T>(items: readonly T[], i: number): T | undefined {
  return items.length ? items[i % items.length] : undefined;
}

function cgPaths(k: Kernel): string[] {
  return Object.keys(k.state.cgroup.byPath).sort();
}

function userPids(k: Kernel): number[] {
  return Object.values(k.state.proc.byPid).filter((p) => p.pid > 2).map((p) => p.pid);
}

function run(k: Kernel, o: Op, next: { pid: number }): void {
  const paths = cgPaths(k);
  switch (o.op) {
    case 'spawn': {
      const cg = pick(paths, o.cg) as string;
      const live = userPids(k).filter((p) => k.proc(p)?.state !== 'Z');
      const parent = o.parent % 3 === 0 ? 1 : (pick(live, o.parent) ?? 1);
      const pid = next.pid++;
      // Follow the "no internal processes" rule as clone(CLONE_INTO_CGROUP) would.
      const c = k.state.cgroup.byPath[cg];
      if (c && c.parent !== null && c.subtreeControl.length > 0) return;
      if (!canFork(k, cg)) return;
      spawnIn(k, pid, cg, { rssBytes: o.rss, ppid: parent, cpuDemand: 0 });
      return;
    }
    case 'charge': {
      const pid = pick(userPids(k), o.pid);
      if (pid === undefined) return;
      const path = k.proc(pid)?.cgroup ?? '/';
      chargeMemory(k, pid, o.rss);
      // Once a charge settles, no limited cgroup above it with killable members stays over memory.max.
      for (const c of chain(k.state.cgroup, path)) {
        if (c.parent === null || c.memory.max === 'max' || c.memoryCurrent <= c.memory.max) continue;
        const killable = subtree(k.state.cgroup, c.path).some((d) => Object.keys(d.procs).some((x) => Number(x) > 2));
        expect(killable).toBe(false);
      }
      return;
    }
    case 'move': {
      const pid = pick(userPids(k), o.pid);
      if (pid !== undefined) moveToCgroup(k, pid, pick(paths, o.cg) as string);
      return;
    }
    case 'exit': {
      const pid = pick(userPids(k), o.pid);
      if (pid !== undefined) exitProcess(k, pid, 0);
      return;
    }
    case 'reap': {
      const pid = pick(userPids(k), o.pid);
      const p = pid === undefined ? undefined : k.proc(pid);
      if (p) reap(k, p.ppid, p.pid);
      return;
    }
    case 'mkdir': {
      const parent = pick(paths, o.cg) as string;
      mkdirCgroup(k, (parent === '/' ? '' : parent) + '/' + NAMES[o.name]);
      return;
    }
    case 'rmdir':
      rmdirCgroup(k, pick(paths, o.cg) as string);
      return;
    case 'limit':
      writeCgroupFile(k, 1, pick(paths, o.cg) as string, 'memory.max', `${o.mib}M`);
      return;
    case 'pidsMax':
      writeCgroupFile(k, 1, pick(paths, o.cg) as string, 'pids.max', String(o.n));
      return;
    case 'freeze':
      freezeCgroup(k, pick(paths, o.cg) as string, o.on);
      return;
    case 'kill':
      writeCgroupFile(k, 1, pick(paths, o.cg) as string, 'cgroup.kill', '1');
      return;
  }
}

function checkInvariants(k: Kernel): void {
  const cg = k.state.cgroup;
  const where: Record<number, string[]> = {};
  const zombieHome: Record<number, string[]> = {};
  for (const c of Object.values(cg.byPath)) {
    expect(Object.keys(c.procs).length).toBe(c.nrProcs);
    for (const pid of Object.keys(c.procs).map(Number)) (where[pid] ??= []).push(c.path);
    for (const pid of Object.keys(c.zombies).map(Number)) (zombieHome[pid] ??= []).push(c.path);
  }
  for (const p of Object.values(k.state.proc.byPid)) {
    if (p.state === 'Z') {
      expect(where[p.pid]).toBeUndefined();
      expect(zombieHome[p.pid]?.length).toBe(1);
    } else {
      // Every live process is in exactly one cgroup's procs: the one its record names.
      expect(where[p.pid]).toEqual([p.cgroup]);
      expect(p.frozen).toBe(effectiveFrozen(cg, p.cgroup));
    }
  }
  for (const pid of Object.keys(where).map(Number)) expect(k.proc(pid)?.state).not.toBe('Z');
  for (const c of Object.values(cg.byPath)) {
    let rss = 0;
    let live = 0;
    let charged = 0;
    for (const d of subtree(cg, c.path)) {
      for (const pid of Object.keys(d.procs).map(Number)) rss += k.proc(pid)?.rssBytes ?? 0;
      live += d.nrProcs;
      charged += d.nrProcs + Object.keys(d.zombies).length;
    }
    // memory.current of every cgroup is the sum of its subtree members' rss.
    expect(c.memoryCurrent).toBe(rss);
    expect(c.nrLive).toBe(live);
    expect(c.pidsCurrent).toBe(charged);
    expect(c.memoryPeak).toBeGreaterThanOrEqual(c.memoryCurrent);
  }
}

describe('cgroup invariants under random operations', () => {
  it('keep memory.current, pids.current and membership consistent', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), (ops) => {
        const { k } = boot({ memTotalBytes: 512 * MiB });
        const next = { pid: 100 };
        for (const o of ops) {
          run(k, o, next);
          checkInvariants(k);
        }
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});

/**
 * Property test: random sequences of clone, unshare, setns, exit, reap, kill,
 * setuid, uid_map writes, freezing and sleeping keep the kernel's process and
 * namespace bookkeeping consistent (STYLE.md habit 10).
 */

import { describe, test } from 'vitest';
import fc from 'fast-check';
import { bootKernel } from '../boot.ts';
import type { Kernel } from '../kernel.ts';
import { CLONE_FLAGS, NS_TYPES, type Namespace } from '../ns/types.ts';
import { clone } from './clone.ts';
import { exitProcess, reap } from './exit.ts';
import { sendSignal, setDisposition, deliverPending } from './signal.ts';
import { setuid } from './creds.ts';
import { setChildSubreaper } from './prctl.ts';
import { unshare } from '../ns/unshare.ts';
import { setns } from '../ns/setns.ts';
import { writeIdMap } from '../ns/idmap.ts';
import { sleepFor, advanceTime } from '../time.ts';

const OPS = ['clone', 'clone', 'clone', 'exit', 'exit', 'reap', 'kill', 'unshare', 'setns', 'setuid', 'idmap', 'subreaper', 'sigign', 'freeze', 'sleep', 'advance'] as const;
type Op = { op: (typeof OPS)[number]; a: number; b: number; c: number };

function flagsOf(bits: number): number {
  let f = 0;
  NS_TYPES.forEach((t, i) => {
    if (bits & (1 << i)) f |= CLONE_FLAGS[t];
  });
  return f;
}

function pick<T>(xs: T[], n: number): T | undefined {
  return xs.length ? xs[n % xs.length] : undefined;
}

function run(k: Kernel, cmd: Op): void {
  const all = Object.values(k.state.proc.byPid);
  const live = all.filter((p) => p.state !== 'Z' && !p.kthread);
  const zombies = all.filter((p) => p.state === 'Z');
  const p = pick(live, cmd.a);
  const q = pick(live, cmd.b);
  switch (cmd.op) {
    case 'clone':
      if (p) clone(k, p.pid, { flags: cmd.c % 3 === 0 ? flagsOf(cmd.c >> 2) : 0 });
      return;
    case 'exit':
      if (p) exitProcess(k, p.pid, cmd.c);
      return;
    case 'reap': {
      const z = pick(zombies, cmd.a);
      if (z) reap(k, z.ppid, cmd.b % 2 ? z.pid : -1);
      return;
    }
    case 'kill':
      if (p && q) sendSignal(k, p.pid, q.pid, [0, 2, 9, 15, 17, 18, 19, 10][cmd.c % 8]!);
      return;
    case 'unshare':
      if (p) unshare(k, p.pid, flagsOf(cmd.c));
      return;
    case 'setns':
      if (p && q) setns(k, p.pid, q.pid, NS_TYPES[cmd.c % NS_TYPES.length]!);
      return;
    case 'setuid':
      if (p) setuid(k, p.pid, [0, 1000, 1001][cmd.c % 3]!);
      return;
    case 'idmap':
      if (p && q) writeIdMap(k, p.pid, q.pid, cmd.c % 2 ? 'uid' : 'gid', [{ inside: 0, outside: [0, 1000, 1001][cmd.c % 3]!, count: 1 + (cmd.c % 2000) }]);
      return;
    case 'subreaper':
      if (p) setChildSubreaper(k, p.pid, cmd.c % 2 === 0);
      return;
    case 'sigign':
      if (p) setDisposition(k, p.pid, cmd.c % 2 ? [15] : [], cmd.c % 3 ? [17] : []);
      return;
    case 'freeze':
      if (p && p.pid !== 1) {
        k.emit({ type: 'process.frozenChanged', pid: p.pid, frozen: !p.frozen });
        deliverPending(k, p.pid);
      }
      return;
    case 'sleep':
      if (p) sleepFor(k, p.pid, cmd.c % 1000);
      return;
    case 'advance':
      advanceTime(k, cmd.c % 700);
      return;
  }
}

/** Every broken invariant, as a sentence (empty when all hold). */
function violations(k: Kernel): string[] {
  const bad: string[] = [];
  const fail = (cond: boolean, msg: () => string) => {
    if (!cond) bad.push(msg());
  };
  const procs = Object.values(k.state.proc.byPid);
  const by = k.state.ns.byInum;
  const nss = Object.values(by) as Namespace[];
  const initial = new Set<number>(Object.values(k.state.ns.initial));

  for (const p of procs) {
    // Every process's PID namespaces exist and list it under its PID at every level.
    let ns = by[p.pidNs];
    for (let lvl = p.nspids.length - 1; lvl >= 0; lvl--) {
      if (ns?.type !== 'pid') {
        bad.push(`pid ${p.pid}: no pid namespace at level ${lvl}`);
        break;
      }
      fail(ns.level === lvl, () => `pid ${p.pid}: level ${ns?.type === 'pid' ? ns.level : '?'} != ${lvl}`);
      fail(ns.pids[p.nspids[lvl]!] === p.pid, () => `pid ${p.pid}: not in pids map at level ${lvl}`);
      ns = ns.parent === null ? undefined : by[ns.parent];
    }
    fail(ns === undefined, () => `pid ${p.pid}: nspids shorter than its pid namespace chain`);
    fail(p.nspids[0] === p.pid, () => `pid ${p.pid}: nspids[0] is ${p.nspids[0]}`);
    if (p.state !== 'Z') {
      for (const t of NS_TYPES) fail(by[p.ns[t]]?.type === t, () => `pid ${p.pid}: ${t} namespace ${p.ns[t]} missing`);
      fail(p.ns.pid === p.pidNs, () => `pid ${p.pid}: ns.pid != pidNs`);
      fail(by[p.pidNsForChildren]?.type === 'pid', () => `pid ${p.pid}: pid_for_children missing`);
      fail(by[p.timeNsForChildren]?.type === 'time', () => `pid ${p.pid}: time_for_children missing`);
    }
    // No orphans: a parent exists, is alive, and lists the child.
    if (p.ppid === 0) {
      fail(p.pid === 1 || p.pid === 2, () => `pid ${p.pid}: ppid 0`);
    } else {
      const parent = k.state.proc.byPid[p.ppid];
      fail(!!parent && parent.state !== 'Z', () => `pid ${p.pid}: parent ${p.ppid} missing or a zombie`);
      fail(!!parent?.children.includes(p.pid), () => `pid ${p.pid}: not in parent's children`);
    }
    for (const c of p.children) fail(k.state.proc.byPid[c]?.ppid === p.pid, () => `pid ${p.pid}: child ${c} has another ppid`);
  }

  const liveIn = new Map<number, number>();
  const heldBy = new Map<number, number>();
  const inc = (m: Map<number, number>, key: number) => m.set(key, (m.get(key) ?? 0) + 1);
  for (const p of procs) {
    if (p.state === 'Z') continue;
    for (const t of NS_TYPES) if (t !== 'pid') inc(liveIn, p.ns[t]);
    if (p.pidNsForChildren !== p.pidNs) inc(heldBy, p.pidNsForChildren);
    if (p.timeNsForChildren !== p.ns.time) inc(heldBy, p.timeNsForChildren);
  }
  for (const o of nss) {
    if (o.owner !== null) inc(heldBy, o.owner);
    if ((o.type === 'pid' || o.type === 'user') && o.parent !== null && o.parent !== o.owner) inc(heldBy, o.parent);
  }
  for (const ns of nss) {
    const name = `${ns.type}:[${ns.inum}]`;
    if (ns.type === 'pid') {
      fail(ns.procCount === Object.keys(ns.pids).length, () => `${name}: procCount ${ns.procCount} != ${Object.keys(ns.pids).length} pids`);
      for (const [n, hp] of Object.entries(ns.pids)) {
        fail(k.state.proc.byPid[hp]?.nspids[ns.level] === Number(n), () => `${name}: pid ${n} → ${hp} not matching its nspids`);
      }
      if (!ns.dead && ns.init !== null) fail(k.state.proc.byPid[ns.init]?.state !== 'Z', () => `${name}: init dead but namespace not marked`);
    } else {
      fail(ns.procCount === (liveIn.get(ns.inum) ?? 0), () => `${name}: procCount ${ns.procCount} != ${liveIn.get(ns.inum) ?? 0}`);
    }
    // holds = namespaces that reference it as owner or parent + pid/time_for_children links.
    fail(ns.holds === (heldBy.get(ns.inum) ?? 0), () => `${name}: holds ${ns.holds} != ${heldBy.get(ns.inum) ?? 0}`);
    // Namespaces nobody uses are gone.
    if (!initial.has(ns.inum)) fail(ns.procCount + ns.holds > 0, () => `${name}: unused but alive`);
  }

  // The timer list holds exactly the runnable sleepers, sorted.
  const timers = k.state.proc.due;
  for (let i = 1; i < timers.length; i++) fail(timers[i - 1]!.untilMs >= timers[i]!.untilMs, () => 'timers not sorted, latest due first');
  const want = procs.filter((p) => p.wait.kind === 'timer' && !p.frozen && p.state !== 'T' && p.state !== 'Z').map((p) => p.pid);
  const have = timers.map((t) => t.pid);
  fail(JSON.stringify(have.sort((a, b) => a - b)) === JSON.stringify(want.sort((a, b) => a - b)), () => `timers ${have} != sleepers ${want}`);
  return bad;
}

describe('process and namespace invariants', () => {
  test('hold under random clone/unshare/setns/exit/reap/kill sequences', () => {
    const cmd = fc.record({
      op: fc.constantFrom(...OPS),
      a: fc.nat(1000),
      b: fc.nat(1000),
      c: fc.nat(4095),
    });
    fc.assert(
      fc.property(fc.array(cmd, { minLength: 20, maxLength: 120 }), (cmds) => {
        const k = bootKernel({ seed: 7 });
        for (const c of cmds) {
          run(k, c);
          const bad = violations(k);
          if (bad.length) throw new Error(`after ${JSON.stringify(c)}: ${bad.join('; ')}`);
        }
      }),
      { numRuns: 500 },
    );
  });
});

/**
 * stress 1.0.7 and stress-ng 0.15: load generators. `--cpu N` forks N
 * workers that spin on a core each, `--vm N --vm-bytes SIZE` forks N workers
 * that allocate SIZE and keep touching it, `--timeout T` ends the run.
 *
 * Models: worker processes that want a whole core each (the cgroup CPU
 * scheduler shares the machine's cores among them, so cpu.max throttles them
 * and cpu.weight splits them), memory charged to the cgroup as it is
 * touched (memory.max OOM-kills a vm worker: stress reports the FAIL lines
 * and exits 1; stress-ng restarts the stressor, as it does for OOM-able
 * stressors), and both tools' info lines.
 * SIMPLIFICATIONS: no --io/--hdd work (accepted, counted as hogs); a vm
 * worker allocates its size in four steps 25 ms apart, then spins; the
 * parent checks its workers every 100 ms of virtual time.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { kChargeMemory } from '../kapi.ts';
import { nsPid } from '../services/svc.ts';
import { ulOf } from './dial.ts';

type Role = { role: 'cpu' } | { role: 'vm'; bytes: number; step: number };

interface StressState {
  ng: boolean;
  hogs: { cpu: number; io: number; vm: number; hdd: number };
  vmBytes: number;
  /** Virtual ms when the run started and must end (null: no timeout). */
  start: number;
  until: number | null;
  workers: Array<{ pid: number; kind: 'cpu' | 'vm' }>;
  dead: Array<{ pid: number; status: number }>;
  worker: Role | null;
}

/** "256M", "1g", "4096" (bytes) as stress parses sizes. */
export function parseSize(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([bkmgBKMG]?)$/.exec(s);
  if (!m) return null;
  const mult = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase() as '' | 'b' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * mult);
}

/** "10s", "2m", "10" (seconds) in ms. */
export function parseDuration(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(s);
  if (!m) return null;
  const mult = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? '') as '' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * mult);
}

function info(ctx: Ctx<StressState>, msg: string): void {
  const st = ctx.state;
  ctx.stdout.write(st.ng ? `stress-ng: info:  [${nsPid(ctx as Ctx)}] ${msg}\n` : `stress: info: [${nsPid(ctx as Ctx)}] ${msg}\n`);
}

function spawnWorker(ctx: Ctx<StressState>, kind: 'cpu' | 'vm'): number | null {
  const st = ctx.state;
  const ul = ulOf(ctx as Ctx);
  const role: Role = kind === 'cpu' ? { role: 'cpu' } : { role: 'vm', bytes: st.vmBytes, step: 0 };
  const child = ul.fork(ctx.pid, ctx.k.proc(ctx.pid)?.program.name ?? 'stress', { ...st, workers: [], dead: [], worker: role }, ul.fdsOf(ctx.pid));
  if (typeof child !== 'number') return null;
  ul.runMain(child);
  return child;
}

function workerStep(ctx: Ctx<StressState>): Outcome {
  const w = ctx.state.worker as Role;
  if (w.role === 'cpu') return { block: 'busy' };
  if (w.step < 4) {
    w.step++;
    const base = 256 * 1024;
    if (kChargeMemory(ctx.k, ctx.pid, base + (w.bytes * w.step) / 4) !== 'ok') return { exit: 137 };
    return { block: 'timer', untilMs: ctx.k.uptimeMs + 25 };
  }
  return { block: 'busy' };
}

function elapsedText(st: StressState, now: number): string {
  const s = (now - st.start) / 1000;
  return st.ng ? `${s.toFixed(2)}s` : `${Math.round(s)}s`;
}

function finish(ctx: Ctx<StressState>, ok: boolean): Outcome {
  const st = ctx.state;
  const ul = ulOf(ctx as Ctx);
  for (const w of st.workers) if (ctx.k.proc(w.pid)?.state !== 'Z' && ctx.k.proc(w.pid)) ul.kill(ctx.pid, w.pid, 15);
  if (ok) info(ctx, `successful run completed in ${elapsedText(st, ctx.k.uptimeMs)}`);
  return { exit: ok ? 0 : st.ng ? 2 : 1 };
}

function parentTick(ctx: Ctx<StressState>): Outcome {
  const st = ctx.state;
  const me = nsPid(ctx as Ctx);
  for (const d of st.dead.splice(0)) {
    const w = st.workers.find((x) => x.pid === d.pid);
    st.workers = st.workers.filter((x) => x.pid !== d.pid);
    if (d.status <= 128 || !w) continue;
    if (st.ng && w.kind === 'vm') {
      // stress-ng restarts a stressor the OOM killer took.
      const again = spawnWorker(ctx, 'vm');
      if (again !== null) st.workers.push({ pid: again, kind: 'vm' });
      continue;
    }
    ctx.stderr.write(`stress: FAIL: [${me}] (415) <-- worker ${nsPid(ctx as Ctx, d.pid)} got signal ${d.status - 128}\n`);
    ctx.stderr.write(`stress: WARN: [${me}] (417) now reaping child worker processes\n`);
    finish(ctx, false);
    ctx.stderr.write(`stress: FAIL: [${me}] (451) failed run completed in ${elapsedText(st, ctx.k.uptimeMs)}\n`);
    return { exit: 1 };
  }
  if (st.until !== null && ctx.k.uptimeMs >= st.until) return finish(ctx, true);
  const next = Math.min(ctx.k.uptimeMs + 100, st.until ?? Infinity);
  return { block: 'timer', untilMs: next, periodic: st.until === null };
}

function start(ctx: Ctx<StressState | null>, ng: boolean): Outcome {
  const name = ng ? 'stress-ng' : 'stress';
  const args = ctx.argv.slice(1);
  const hogs = { cpu: 0, io: 0, vm: 0, hdd: 0 };
  let vmBytes = 256 * 1024 * 1024;
  let timeout: number | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const v = args[i + 1];
    const key = a.replace(/^--?/, '');
    if ((key === 'cpu' || key === 'c' || key === 'vm' || key === 'm' || key === 'io' || key === 'i' || key === 'hdd' || key === 'd') && v !== undefined) {
      const n = Number(v);
      const k2 = ({ c: 'cpu', m: 'vm', i: 'io', d: 'hdd' } as Record<string, 'cpu' | 'vm' | 'io' | 'hdd'>)[key] ?? (key as 'cpu' | 'vm' | 'io' | 'hdd');
      hogs[k2] = ng && n === 0 ? ctx.k.state.machine.cpus : n;
      i++;
    } else if (key === 'vm-bytes' && v !== undefined) {
      const b = parseSize(v);
      if (b === null) {
        ctx.stderr.write(`${name}: FAIL: [${nsPid(ctx as Ctx)}] (1) invalid number: ${v}\n`);
        return { exit: 1 };
      }
      vmBytes = b;
      i++;
    } else if ((key === 'timeout' || key === 't') && v !== undefined) {
      timeout = parseDuration(v);
      i++;
    } else if (key === 'vm-keep' || key === 'metrics-brief' || key === 'q' || key === 'v') continue;
  }
  if (!hogs.cpu && !hogs.vm && !hogs.io && !hogs.hdd) {
    ctx.stdout.write(ng ? 'stress-ng: error: [1] No stress workers invoked\n' : "`stress' imposes certain types of compute stress on your system\n\nUsage: stress [OPTION [ARG]] ...\n");
    return { exit: 1 };
  }
  ctx.state = { ng, hogs, vmBytes, start: ctx.k.uptimeMs, until: timeout === null ? null : ctx.k.uptimeMs + timeout, workers: [], dead: [], worker: null };
  const c = ctx as Ctx<StressState>;
  if (ng) {
    if (timeout !== null) info(c, `setting to a ${timeout === 1000 ? '1 second' : `${timeout / 1000} secs`} run per stressor`);
    info(c, `dispatching hogs: ${[hogs.cpu ? `${hogs.cpu} cpu` : '', hogs.vm ? `${hogs.vm} vm` : '', hogs.io ? `${hogs.io} io` : '', hogs.hdd ? `${hogs.hdd} hdd` : ''].filter(Boolean).join(', ')}`);
  } else info(c, `dispatching hogs: ${hogs.cpu} cpu, ${hogs.io} io, ${hogs.vm} vm, ${hogs.hdd} hdd`);
  for (let i = 0; i < hogs.cpu; i++) {
    const w = spawnWorker(c, 'cpu');
    if (w !== null) c.state.workers.push({ pid: w, kind: 'cpu' });
  }
  for (let i = 0; i < hogs.vm; i++) {
    const w = spawnWorker(c, 'vm');
    if (w !== null) c.state.workers.push({ pid: w, kind: 'vm' });
  }
  return parentTick(c);
}

function def(id: 'stress' | 'stress-ng'): ProgramDef<StressState | null> {
  return {
    id,
    main(ctx) {
      if (ctx.state?.worker) return workerStep(ctx as Ctx<StressState>);
      return start(ctx, id === 'stress-ng');
    },
    resume(ctx) {
      const st = ctx.state;
      if (!st) return { exit: 0 };
      return st.worker ? workerStep(ctx as Ctx<StressState>) : parentTick(ctx as Ctx<StressState>);
    },
    onChildExit(ctx, pid, status) {
      ctx.state?.dead.push({ pid, status });
    },
  };
}

export const stressProgram = def('stress');
export const stressNgProgram = def('stress-ng');

/**
 * The `cgroup` predicate: a control group exists and its interface files read
 * as expected, e.g. `- cgroup: {path: /demo, memory.max: 64M}` or
 * `- cgroup: {container: web, memory.events.oom_kill: {min: 1}}`.
 *
 * Knobs are read through cgroupfs exactly as `cat /sys/fs/cgroup/<path>/<file>`
 * shows them, so any file works; `<file>.<key>` reads one key of a flat-keyed
 * file (memory.events, cpu.stat, memory.stat).
 */

import type { PredicateCtx, PredicateDef, Verdict } from './types.ts';
import { findContainer } from './lookup.ts';
import { countOk, describeCount, toCount, valueMatches } from './values.ts';

const KNOB = /^(cgroup|memory|cpu|cpuset|pids|io|hugetlb|rdma|misc)\.[a-z0-9_.]+$/;

function cgroupPath(ctx: PredicateCtx, a: Record<string, unknown>): string | null {
  if (a.container !== undefined) return findContainer(ctx, String(a.container))?.rt.cgroup ?? null;
  const p = String(a.path);
  return p.startsWith('/') ? p.replace(/\/+$/, '') || '/' : `/${p}`;
}

/** Read a knob, or one key of a flat-keyed knob ("memory.events.oom_kill"). */
export function readKnob(ctx: PredicateCtx, path: string, knob: string): string | null {
  const dir = `/sys/fs/cgroup${path === '/' ? '' : path}`;
  const whole = ctx.read(`${dir}/${knob}`);
  if (whole !== null) return whole;
  const dot = knob.lastIndexOf('.');
  if (dot <= 0) return null;
  const file = ctx.read(`${dir}/${knob.slice(0, dot)}`);
  if (file === null) return null;
  const key = knob.slice(dot + 1);
  for (const line of file.split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k === key && v !== undefined) return v;
  }
  return null;
}

function knobs(a: Record<string, unknown>): string[] {
  return Object.keys(a).filter((k) => KNOB.test(k));
}

export const cgroupPredicate: PredicateDef = {
  args: { path: 'string', container: 'string', exists: 'boolean', procs: 'count' },
  required: [['path', 'container']],
  extraArg: (key) => (KNOB.test(key) ? 'value' : null),
  validate(a) {
    if (a.path !== undefined && a.container !== undefined) return 'give either path or container, not both';
    return null;
  },
  describe(a) {
    const where = a.container !== undefined ? `the cgroup of container ${String(a.container)}` : `cgroup ${String(a.path)}`;
    if (a.exists === false) return `${where} does not exist`;
    const parts = knobs(a).map((k) => {
      const v = a[k];
      const c = typeof v === 'object' ? toCount(v) : null;
      return c ? `${k} is ${describeCount(c)}` : `${k} is ${String(v)}`;
    });
    const procs = toCount(a.procs);
    if (procs) parts.push(`holds ${describeCount(procs)} process(es)`);
    return `${where} exists${parts.length ? ' and ' + parts.join(', ') : ''}`;
  },
  evaluate(a, ctx): Verdict {
    const path = cgroupPath(ctx, a);
    const cg = path === null ? undefined : ctx.kernel.cgroup.byPath[path];
    if (a.exists === false) return cg ? `cgroup ${path} still exists` : true;
    if (!cg || path === null) return a.container !== undefined ? `container ${String(a.container)} has no cgroup` : `there is no cgroup ${String(a.path)}`;
    for (const k of knobs(a)) {
      const v = readKnob(ctx, path, k);
      if (v === null) return `cgroup ${path} has no file ${k}`;
      if (!valueMatches(v, a[k])) return `${k} of ${path} is ${v.trim()}`;
    }
    const procs = toCount(a.procs);
    if (procs && !countOk(cg.nrProcs, procs)) return `cgroup ${path} holds ${cg.nrProcs} process(es)`;
    return true;
  },
};

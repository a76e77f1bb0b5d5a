/**
 * Core interface files of every cgroup (cgroup-v2.rst "Core Interface Files"):
 * cgroup.procs, cgroup.threads, cgroup.controllers, cgroup.subtree_control,
 * cgroup.events, cgroup.freeze, cgroup.kill, cgroup.type, cgroup.max.depth,
 * cgroup.max.descendants, cgroup.stat and the PSI pressure files.
 *
 * SIMPLIFICATIONS:
 * - cgroup.procs lists host PIDs unless a reader is given; then, as
 *   cgroup_procs_show does with task_pid_vnr, each PID is shown in the reader's
 *   PID namespace, and 0 for a process the reader cannot see.
 * - Threaded cgroups are not supported: writing "threaded" to cgroup.type
 *   fails with EOPNOTSUPP.
 * - Pressure files always read zero.
 */

import type { Kernel } from '../kernel.ts';
import { sysErr, isErr } from '../errno.ts';
import type { CgroupNamespace } from '../ns/types.ts';
import { hostPidOf, pidInNs } from '../process/pids.ts';
import type { Controller } from './types.ts';
import { CONTROLLERS } from './types.ts';
import type { CgroupFileSpec, FileCtx } from './file-spec.ts';
import { PRESSURE_TEXT, keyed } from './file-spec.ts';
import { controllersOf, effectiveFrozen, isSelfOrAncestor, joinPath, procsOf, subtree } from './tree.ts';
import { formatMax, kstrtoint } from './parse.ts';
import { freezeCgroup, killCgroup, moveToCgroup } from './ops.ts';
import { nsAt } from '../ns/by-inum.ts';

/** The PID of host process `pid` as seen from `readerPid`'s PID namespace; 0 if invisible. */
export function pidSeenBy(k: Kernel, readerPid: number, pid: number): number {
  const reader = k.proc(readerPid);
  return reader ? (pidInNs(k, pid, reader.pidNs) ?? 0) : 0;
}

/** A PID written by `writerPid`, translated from its PID namespace to a host PID. */
export function hostPidFrom(k: Kernel, writerPid: number, nspid: number): number | null {
  const w = k.proc(writerPid);
  return w ? hostPidOf(k, w.pidNs, nspid) : null;
}

function procsText(ctx: FileCtx): string {
  let out = '';
  for (const pid of procsOf(ctx.c)) {
    const shown = ctx.readerPid === undefined ? pid : pidSeenBy(ctx.k, ctx.readerPid, pid);
    out += `${shown}\n`;
  }
  return out;
}

function parseSubtreeControl(
  value: string,
): { enable: Controller[]; disable: Controller[] } | null {
  const enable = new Set<Controller>();
  const disable = new Set<Controller>();
  for (const tok of value.split(/\s+/).filter(Boolean)) {
    const name = tok.slice(1) as Controller;
    if (!CONTROLLERS.includes(name)) return null;
    if (tok[0] === '+') {
      enable.add(name);
      disable.delete(name);
    } else if (tok[0] === '-') {
      disable.add(name);
      enable.delete(name);
    } else return null;
  }
  return { enable: [...enable], disable: [...disable] };
}

function maxOrNonNegative(value: string): number | 'max' | null {
  const s = value.trim();
  if (s === 'max') return 'max';
  const n = kstrtoint(s);
  return n === null || n < 0 ? null : n;
}

export const CORE_FILES: CgroupFileSpec[] = [
  {
    name: 'cgroup.controllers',
    controller: null,
    on: 'all',
    read: ({ k, c }) => controllersOf(k.state.cgroup, c).join(' ') + '\n',
  },
  {
    name: 'cgroup.subtree_control',
    controller: null,
    on: 'all',
    read: ({ c }) => c.subtreeControl.join(' ') + '\n',
    write: ({ k, c }, value) => {
      const req = parseSubtreeControl(value);
      if (!req) return sysErr('EINVAL');
      const cg = k.state.cgroup;
      const available = controllersOf(cg, c);
      if (req.enable.some((x) => !available.includes(x))) return sysErr('ENOENT');
      const children = c.children.map((n) => cg.byPath[joinPath(c.path, n)]).filter((x) => x !== undefined);
      if (req.disable.some((x) => c.subtreeControl.includes(x) && children.some((ch) => ch.subtreeControl.includes(x)))) {
        return sysErr('EBUSY');
      }
      const next = CONTROLLERS.filter((x) => (c.subtreeControl.includes(x) || req.enable.includes(x)) && !req.disable.includes(x));
      const adds = next.some((x) => !c.subtreeControl.includes(x));
      // No internal processes: a non-root cgroup with members cannot hand controllers to children.
      if (adds && c.parent !== null && c.nrProcs > 0) return sysErr('EBUSY');
      if (next.join(' ') === c.subtreeControl.join(' ')) return;
      k.emit({ type: 'cgroup.subtreeControlChanged', path: c.path, subtreeControl: next });
    },
  },
  {
    name: 'cgroup.procs',
    controller: null,
    on: 'all',
    read: procsText,
    write: ({ k, c, writerPid }, value) => {
      const n = kstrtoint(value.trim());
      if (n === null || n < 0) return sysErr('EINVAL');
      const pid = n === 0 ? writerPid : hostPidFrom(k, writerPid, n);
      const target = pid === null ? undefined : k.proc(pid);
      if (pid === null || !target || target.state === 'Z') return sysErr('ESRCH');
      // The common ancestor of source and destination must be inside the writer's cgroup namespace.
      const writer = k.proc(writerPid);
      const cgns = writer ? (nsAt(k.state, writer.ns.cgroup) as CgroupNamespace | undefined) : undefined;
      const root = cgns?.root ?? '/';
      if (!isSelfOrAncestor(root, c.path) || !isSelfOrAncestor(root, target.cgroup)) return sysErr('ENOENT');
      return moveToCgroup(k, pid, c.path);
    },
  },
  {
    name: 'cgroup.threads',
    controller: null,
    on: 'all',
    read: procsText,
    // Threads may only move within one domain; every cgroup here is its own domain.
    write: ({ c, k, writerPid }, value) => {
      const n = kstrtoint(value.trim());
      if (n === null || n < 0) return sysErr('EINVAL');
      const pid = n === 0 ? writerPid : hostPidFrom(k, writerPid, n);
      const target = pid === null ? undefined : k.proc(pid);
      if (!target || target.state === 'Z') return sysErr('ESRCH');
      return target.cgroup === c.path ? undefined : sysErr('EOPNOTSUPP');
    },
  },
  {
    name: 'cgroup.events',
    controller: null,
    on: 'nonroot',
    read: ({ k, c }) => keyed([['populated', c.nrLive > 0 ? 1 : 0], ['frozen', effectiveFrozen(k.state.cgroup, c.path) ? 1 : 0]]),
  },
  {
    name: 'cgroup.freeze',
    controller: null,
    on: 'nonroot',
    read: ({ c }) => (c.freeze ? '1\n' : '0\n'),
    write: ({ k, c }, value) => {
      const n = kstrtoint(value.trim());
      if (n === null) return sysErr('EINVAL');
      if (n !== 0 && n !== 1) return sysErr('ERANGE');
      const r = freezeCgroup(k, c.path, n === 1);
      return isErr(r) ? r : undefined;
    },
  },
  {
    name: 'cgroup.kill',
    controller: null,
    on: 'nonroot',
    write: ({ k, c }, value) => {
      const n = kstrtoint(value.trim());
      if (n === null) return sysErr('EINVAL');
      if (n !== 1) return sysErr('ERANGE');
      return killCgroup(k, c.path);
    },
  },
  {
    name: 'cgroup.type',
    controller: null,
    on: 'nonroot',
    read: () => 'domain\n',
    write: (_ctx, value) => (value.trim() === 'threaded' ? sysErr('EOPNOTSUPP') : sysErr('EINVAL')),
  },
  {
    name: 'cgroup.max.depth',
    controller: null,
    on: 'all',
    read: ({ c }) => formatMax(c.maxDepth) + '\n',
    write: ({ k, c }, value) => {
      const v = maxOrNonNegative(value);
      if (v === null) return sysErr('EINVAL');
      k.emit({ type: 'cgroup.limitSet', path: c.path, file: 'cgroup.max.depth', value: formatMax(v) });
    },
  },
  {
    name: 'cgroup.max.descendants',
    controller: null,
    on: 'all',
    read: ({ c }) => formatMax(c.maxDescendants) + '\n',
    write: ({ k, c }, value) => {
      const v = maxOrNonNegative(value);
      if (v === null) return sysErr('EINVAL');
      k.emit({ type: 'cgroup.limitSet', path: c.path, file: 'cgroup.max.descendants', value: formatMax(v) });
    },
  },
  {
    name: 'cgroup.stat',
    controller: null,
    on: 'all',
    read: ({ k, c }) => keyed([['nr_descendants', subtree(k.state.cgroup, c.path).length - 1], ['nr_dying_descendants', 0]]),
  },
  { name: 'cgroup.pressure', controller: null, on: 'all', read: () => '1\n' },
  { name: 'cpu.pressure', controller: null, on: 'all', read: () => PRESSURE_TEXT },
  { name: 'io.pressure', controller: null, on: 'all', read: () => PRESSURE_TEXT },
  { name: 'memory.pressure', controller: null, on: 'all', read: () => PRESSURE_TEXT },
];

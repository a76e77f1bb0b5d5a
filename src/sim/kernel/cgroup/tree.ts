/**
 * Walking the cgroup v2 hierarchy: paths, ancestors, subtrees, effective
 * settings inherited from ancestors (cgroup-v2.rst "Organizing Processes",
 * "Controlling Controllers").
 *
 * SIMPLIFICATIONS: paths are plain absolute strings ("/a/b"); no cgroup
 * namespace translation here (the fs module shows them relative to a reader's
 * cgroupns root).
 */

import type { CgroupState, Cgroup, Controller } from './types.ts';
import { CONTROLLERS } from './types.ts';

/** "/a/b/" → "/a/b", "//a" → "/a"; null for a relative or empty path. */
export function normalizeCgroupPath(path: string): string | null {
  if (!path.startsWith('/')) return null;
  if (isCanonical(path)) return path;
  const parts = path.split('/').filter((x) => x !== '');
  if (parts.some((x) => x === '.' || x === '..')) return null;
  return '/' + parts.join('/');
}

/** "/" or "/a/b": no empty, "." or ".." component and no trailing slash (most paths given are). */
function isCanonical(path: string): boolean {
  if (path === '/') return true;
  let start = 1;
  for (let i = 1; i <= path.length; i++) {
    if (i < path.length && path.charCodeAt(i) !== 47) continue;
    const len = i - start;
    if (len === 0) return false;
    if (path.charCodeAt(start) === 46 && (len === 1 || (len === 2 && path.charCodeAt(start + 1) === 46))) return false;
    start = i + 1;
  }
  return true;
}

export function parentOf(path: string): string | null {
  if (path === '/') return null;
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(parent: string, name: string): string {
  return parent === '/' ? '/' + name : parent + '/' + name;
}

/** Is `a` equal to `b` or one of its ancestors? */
export function isSelfOrAncestor(a: string, b: string): boolean {
  return a === '/' || a === b || b.startsWith(a + '/');
}

/** The cgroup itself, then each ancestor up to and including the root. */
export function chain(cg: CgroupState, path: string): Cgroup[] {
  const out: Cgroup[] = [];
  let c: Cgroup | undefined = cg.byPath[path];
  while (c) {
    out.push(c);
    c = c.parent === null ? undefined : cg.byPath[c.parent];
  }
  return out;
}

/** Depth-first, parent before children, children in name order. */
export function subtree(cg: CgroupState, path: string): Cgroup[] {
  const out: Cgroup[] = [];
  const stack: string[] = [path];
  while (stack.length) {
    const p = stack.pop() as string;
    const c = cg.byPath[p];
    if (!c) continue;
    out.push(c);
    for (let i = c.children.length - 1; i >= 0; i--) stack.push(joinPath(p, c.children[i] as string));
  }
  return out;
}

/** Member PIDs of one cgroup (not its descendants), ascending. */
export function procsOf(c: Cgroup): number[] {
  const out: number[] = [];
  for (const k in c.procs) out.push(Number(k));
  return out;
}

/** Controllers available in this cgroup (cgroup.controllers): the parent's subtree_control. */
export function controllersOf(cg: CgroupState, c: Cgroup): readonly Controller[] {
  if (c.parent === null) return CONTROLLERS;
  return cg.byPath[c.parent]?.subtreeControl ?? [];
}

export function hasController(cg: CgroupState, c: Cgroup, ctrl: Controller): boolean {
  return c.parent === null ? true : (cg.byPath[c.parent]?.subtreeControl.includes(ctrl) ?? false);
}

/** Frozen by its own cgroup.freeze or an ancestor's. */
export function effectiveFrozen(cg: CgroupState, path: string): boolean {
  for (let c = cg.byPath[path]; c; c = c.parent === null ? undefined : cg.byPath[c.parent]) if (c.freeze) return true;
  return false;
}

/** Depth below the root: "/" is 0, "/a" is 1. */
export function depthOf(path: string): number {
  if (path === '/') return 0;
  let n = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 47) n++;
  return n;
}

/** cpuset.cpus.effective as a sorted list of CPU numbers. */
export function effectiveCpus(cg: CgroupState, path: string, ncpus: number): number[] {
  const all = Array.from({ length: ncpus }, (_, i) => i);
  const lineage = chain(cg, path).reverse();
  let eff = all;
  for (const c of lineage) {
    if (c.parent === null || c.cpusetCpus.length === 0 || !hasController(cg, c, 'cpuset')) continue;
    const own = c.cpusetCpus.filter((x) => eff.includes(x));
    // An empty intersection falls back to the parent's CPUs, as cpuset does.
    if (own.length) eff = own;
  }
  return eff;
}

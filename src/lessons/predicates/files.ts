/**
 * Predicates on files and mounts: `file` (a path's content as the host, or a
 * running container, sees it) and `mount` (a filesystem mounted at a point, in
 * the host's mount namespace, another one, or a container's).
 */

import type { PredicateCtx, PredicateDef, Verdict } from './types.ts';
import { containerInitPid, findContainer } from './lookup.ts';
import { settleAll } from '../../sim/kernel/fs/lazy-copy.ts';

function viewer(ctx: PredicateCtx, container: unknown): number | string {
  if (container === undefined) return 1;
  const c = findContainer(ctx, String(container));
  if (!c) return `there is no container named ${String(container)}`;
  const pid = containerInitPid(ctx, c);
  return pid ?? `container ${String(container)} is not running`;
}

export const filePredicate: PredicateDef = {
  args: { path: 'string', container: 'string', exists: 'boolean', contains: 'string', equals: 'string', matches: 'string' },
  required: [['path']],
  validate(a) {
    if (!String(a.path).startsWith('/')) return 'path: must be absolute';
    if (a.matches !== undefined) {
      try {
        new RegExp(String(a.matches));
      } catch {
        return `matches: not a valid regular expression: ${String(a.matches)}`;
      }
    }
    return null;
  },
  describe(a) {
    const where = a.container !== undefined ? ` in container ${String(a.container)}` : '';
    const path = String(a.path);
    if (a.exists === false) return `${path} does not exist${where}`;
    if (a.contains !== undefined) return `${path}${where} contains "${String(a.contains)}"`;
    if (a.equals !== undefined) return `${path}${where} holds exactly "${String(a.equals)}"`;
    if (a.matches !== undefined) return `${path}${where} matches /${String(a.matches)}/`;
    return `${path} exists${where}`;
  },
  evaluate(a, ctx): Verdict {
    const pid = viewer(ctx, a.container);
    if (typeof pid === 'string') return pid;
    const path = String(a.path);
    const present = ctx.exists(path, pid, true);
    if (a.exists === false) return present ? `${path} exists` : true;
    if (!present) return `${path} does not exist`;
    if (a.contains === undefined && a.equals === undefined && a.matches === undefined) return true;
    const text = ctx.read(path, pid);
    if (text === null) return `${path} cannot be read`;
    if (a.contains !== undefined && !text.includes(String(a.contains))) return `${path} does not contain "${String(a.contains)}"`;
    if (a.equals !== undefined && text.replace(/\n$/, '') !== String(a.equals).replace(/\n$/, '')) return `${path} holds something else`;
    if (a.matches !== undefined && !new RegExp(String(a.matches), 'm').test(text)) return `${path} does not match`;
    return true;
  },
};

export const mountPredicate: PredicateDef = {
  args: { point: 'string', fstype: 'string', ns: ['host', 'other', 'any'], container: 'string', source: 'string' },
  required: [['point']],
  describe(a) {
    const what = a.fstype ? `a ${String(a.fstype)} filesystem` : 'a filesystem';
    const where = a.container !== undefined ? ` in container ${String(a.container)}` : a.ns === 'host' ? " in the host's mount namespace" : a.ns === 'other' ? ' in a mount namespace other than the host’s' : '';
    return `${what} is mounted on ${String(a.point)}${where}`;
  },
  evaluate(a, ctx): Verdict {
    const fs = ctx.kernel.fs;
    // Unmade copies of a fresh mount namespace count as mounted (see kernel/fs/lazy-copy.ts).
    settleAll(fs);
    const hostNs = ctx.kernel.ns.initial.mnt;
    let only: number | null = null;
    if (a.container !== undefined) {
      const c = findContainer(ctx, String(a.container));
      if (!c?.rt.task) return `container ${String(a.container)} is not running`;
      only = c.rt.task.ns.mnt;
    }
    const hit = Object.values(fs.mounts).some((m) => {
      if (m.point !== a.point) return false;
      if (!fs.mntns[m.ns]?.order.includes(m.id)) return false;
      if (only !== null && m.ns !== only) return false;
      if (a.ns === 'host' && m.ns !== hostNs) return false;
      if (a.ns === 'other' && m.ns === hostNs) return false;
      const sb = fs.sbs[m.sb];
      if (a.fstype !== undefined && sb?.fstype !== a.fstype) return false;
      if (a.source !== undefined && (m.devname ?? sb?.source) !== a.source) return false;
      return true;
    });
    return hit ? true : `nothing like that is mounted on ${String(a.point)}`;
  },
};

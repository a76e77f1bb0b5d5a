/**
 * Read-only lookups on a host's state that several predicates share: a
 * container by name or ID prefix, its main process, its mount namespace and
 * root filesystem, and whether an event concerns it.
 */

import type { ContainerRecord } from '../../sim/engine/containers/types.ts';
import type { Process } from '../../sim/kernel/process/types.ts';
import type { LoggedEvent } from '../../sim/events.ts';
import type { PredicateCtx } from './types.ts';

/** A container by name ("web" or "/web"), full ID or unique ID prefix. */
export function findContainer(ctx: PredicateCtx, ref: string): ContainerRecord | null {
  const cs = ctx.engine?.containers;
  if (!cs) return null;
  const byName = cs.names[ref.startsWith('/') ? ref : `/${ref}`];
  if (byName && cs.byId[byName]) return cs.byId[byName];
  if (cs.byId[ref]) return cs.byId[ref];
  if (/^[0-9a-f]{3,63}$/.test(ref)) {
    const hits = Object.keys(cs.byId).filter((id) => id.startsWith(ref));
    if (hits.length === 1) return cs.byId[hits[0] as string] ?? null;
  }
  return null;
}

export function containerName(c: ContainerRecord): string {
  return c.Name.replace(/^\//, '');
}

/** The host PID of a running container's main process, or null. */
export function containerInitPid(ctx: PredicateCtx, c: ContainerRecord): number | null {
  const pid = c.rt.task?.initPid ?? (c.State.Pid > 0 ? c.State.Pid : null);
  if (pid === null) return null;
  const p = ctx.kernel.proc.byPid[pid];
  return p && p.state !== 'Z' ? pid : null;
}

/** Live (not zombie) processes. */
export function liveProcesses(ctx: PredicateCtx): Process[] {
  return Object.values(ctx.kernel.proc.byPid).filter((p) => p.state !== 'Z' && !p.kthread);
}

/** Does the process belong to the container (tagged by runc, or in its PID namespace)? */
export function inContainer(ctx: PredicateCtx, p: Process, c: ContainerRecord): boolean {
  if (p.containerId === c.Id) return true;
  const pidNs = c.rt.task?.ns.pid;
  return pidNs !== undefined && p.pidNs === pidNs;
}

/** Facts by which an event can be tied to a container. */
export interface ContainerScope {
  id: string;
  mntNs: number | null;
  cgroup: string;
  overlaySb: number | null;
  pids: Set<number>;
}

export function containerScope(ctx: PredicateCtx, c: ContainerRecord): ContainerScope {
  const mntNs = c.rt.task?.ns.mnt ?? null;
  let overlaySb: number | null = null;
  if (mntNs !== null) {
    const table = ctx.kernel.fs.mntns[mntNs];
    const root = table ? ctx.kernel.fs.mounts[table.root] : undefined;
    const sb = root ? ctx.kernel.fs.sbs[root.sb] : undefined;
    if (sb?.fstype === 'overlay') overlaySb = sb.id;
  }
  // Overlay mounted by dockerd at .../merged (before pivot_root the container's root is that mount).
  if (overlaySb === null && c.rt.rootfs) {
    const merged = c.rt.rootfs.merged;
    for (const m of Object.values(ctx.kernel.fs.mounts)) {
      const sb = ctx.kernel.fs.sbs[m.sb];
      if (sb?.fstype === 'overlay' && m.point === merged) {
        overlaySb = sb.id;
        break;
      }
    }
  }
  const pids = new Set<number>();
  for (const p of Object.values(ctx.kernel.proc.byPid)) if (inContainer(ctx, p, c)) pids.add(p.pid);
  return { id: c.Id, mntNs, cgroup: c.rt.cgroup, overlaySb, pids };
}

/** Does this event concern the container? */
export function eventInScope(e: LoggedEvent, s: ContainerScope): boolean {
  const r = e as unknown as Record<string, unknown>;
  if (r.id === s.id || r.containerId === s.id) return true;
  if (e.type === 'system.eventRecorded') return e.event.Actor.ID === s.id;
  if (e.type === 'container.created') return e.container.Id === s.id;
  if (typeof r.overlay === 'number' && s.overlaySb !== null && r.overlay === s.overlaySb) return true;
  const at = r.at as { ns?: number } | undefined;
  if (at && typeof at.ns === 'number' && s.mntNs !== null && at.ns === s.mntNs) return true;
  if (e.type.startsWith('cgroup.') && typeof r.path === 'string' && (r.path === s.cgroup || r.path.startsWith(`${s.cgroup}/`))) return true;
  if (e.type === 'cgroup.oomKilled' && e.cgroup === s.cgroup) return true;
  if (typeof r.pid === 'number' && s.pids.has(r.pid)) return true;
  if (e.type === 'process.spawned' && s.pids.has(e.proc.pid)) return true;
  return false;
}

/**
 * Changing a container in place (moby daemon/rename.go, daemon/update.go,
 * daemon/resize.go):
 * - rename: a valid, free name; the old one is released; `rename` event with
 *   oldName;
 * - update: new limits checked as at create and, on a running container,
 *   written to its cgroup at once (memory.max, cpu.max, cpu.weight,
 *   pids.max ...); a new restart policy (refused with --rm);
 * - resize: the rows and columns of a -t container's terminal.
 */

import type { Engine } from '../engine.ts';
import type { ApiResponse } from '../api/types.ts';
import { apiError, apiJson } from '../api/types.ts';
import type { HostConfig } from './types.ts';
import { canonicalName, validName, VALID_NAME_CHARS } from './names.ts';
import { eventAttrs, withContainer } from './lookup.ts';
import { validateResources, validateRestartPolicy } from './validate.ts';
import { recordEvent } from '../system/events-log.ts';
import { applyResources, type Resources } from '../runtime/cgroups.ts';
import { daemonActor } from './actor.ts';
import { lifecycleTransition } from './container.machine.ts';
import { seamsOf } from './seams.ts';

function q1(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

/** POST /containers/{id}/rename?name= */
export function renameRoute(engine: Engine, idOrName: string, query: Record<string, string | string[]>): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    const raw = q1(query.name) ?? '';
    if (raw === '') return apiError(400, 'Neither old nor new names may be empty');
    if (!validName(raw)) return apiError(400, `Invalid container name (${raw}), only ${VALID_NAME_CHARS} are allowed`);
    const name = canonicalName(raw);
    if (name === c.Name) return apiError(400, 'Renaming a container with the same name as its current name');
    const taken = engine.state.containers.names[name];
    if (taken) return apiError(409, `Error when allocating new name: Conflict. The container name "${name}" is already in use by container "${taken}". You have to remove (or rename) that container to be able to reuse that name.`);
    const old = c.Name;
    engine.emit({ type: 'container.renamed', id: c.Id, oldName: old, name });
    seamsOf(engine).containerRenamed(engine, c.Id, old, name);
    const cur = engine.state.containers.byId[c.Id];
    if (cur) recordEvent(engine, 'container', 'rename', c.Id, eventAttrs(cur, { oldName: old }));
    return { status: 204, headers: {} };
  });
}

type Obj = Record<string, unknown>;

const RESOURCE_KEYS: ReadonlyArray<keyof Resources> = ['Memory', 'MemorySwap', 'MemoryReservation', 'CpuShares', 'NanoCpus', 'CpuPeriod', 'CpuQuota', 'PidsLimit', 'CpusetCpus', 'CpusetMems'];

/** POST /containers/{id}/update */
export function updateRoute(engine: Engine, idOrName: string, body: unknown): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Obj;
    if (c.rt.lifecycle.value === 'removing' || c.rt.lifecycle.value === 'dead') return apiError(400, `Cannot update container ${c.Id}: Container is marked for removal and cannot be "update".`);
    const patch: Partial<HostConfig> = {};
    for (const key of RESOURCE_KEYS) {
      const v = b[key];
      if (v === undefined || v === null) continue;
      if ((typeof v === 'number' && v !== 0) || (typeof v === 'string' && v !== '')) (patch as Record<string, unknown>)[key] = v;
    }
    const h = c.HostConfig;
    if (patch.Memory !== undefined && patch.MemorySwap === undefined && h.MemorySwap > 0 && patch.Memory > h.MemorySwap) {
      return apiError(400, 'Cannot update container ' + c.Id + ': Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time');
    }
    const merged = { ...h, ...patch };
    const bad = validateResources(merged, { ncpu: engine.k.state.machine.cpus, current: h });
    if (bad) return apiError(400, `Cannot update container ${c.Id}: ${bad}`);
    const rp = b.RestartPolicy as { Name?: string; MaximumRetryCount?: number } | undefined;
    if (rp && typeof rp.Name === 'string' && rp.Name !== '') {
      if (h.AutoRemove) return apiError(400, `Cannot update container ${c.Id}: Restart policy cannot be updated because AutoRemove is enabled for the container`);
      const policy = { Name: rp.Name, MaximumRetryCount: rp.MaximumRetryCount ?? 0 };
      const e = validateRestartPolicy(policy);
      if (e) return apiError(400, `Cannot update container ${c.Id}: ${e}`);
      patch.RestartPolicy = { Name: policy.Name as HostConfig['RestartPolicy']['Name'], MaximumRetryCount: policy.MaximumRetryCount };
    }
    if (c.rt.task && (c.State.Running || c.State.Paused)) {
      const apply: Partial<Resources> = { ...patch };
      if (patch.Memory !== undefined) apply.MemorySwap = patch.MemorySwap ?? h.MemorySwap;
      const w = applyResources(engine.k, daemonActor(engine), c.rt.cgroup, apply);
      if (w) return apiError(500, `Cannot update container ${c.Id}: failed to write ${w.file}: ${w.err.errno}`);
    }
    engine.emit({ type: 'container.updated', id: c.Id, hostConfig: patch });
    if (patch.RestartPolicy) {
      const next = lifecycleTransition(c.rt.lifecycle, { type: 'POLICY_CHANGED', policy: (patch.RestartPolicy.Name || 'no') as 'no', maxRetries: patch.RestartPolicy.MaximumRetryCount });
      const cur = engine.state.containers.byId[c.Id];
      if (next && cur) engine.emit({ type: 'container.stateChanged', id: c.Id, state: cur.State, lifecycle: next, restartCount: cur.RestartCount });
    }
    const cur = engine.state.containers.byId[c.Id];
    if (cur) recordEvent(engine, 'container', 'update', c.Id, eventAttrs(cur));
    return apiJson(200, { Warnings: [] });
  });
}

/** POST /containers/{id}/resize?h=&w= */
export function resizeRoute(engine: Engine, idOrName: string, query: Record<string, string | string[]>): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    if (!c.State.Running) return apiError(409, `Container ${c.Id} is not running`);
    const tty = c.rt.task?.tty;
    if (tty) {
      const t = engine.ul.tty(tty);
      const h = Number(q1(query.h));
      const w = Number(q1(query.w));
      if (h > 0) t.rows = h;
      if (w > 0) t.cols = w;
      recordEvent(engine, 'container', 'resize', c.Id, eventAttrs(c, { height: String(h), width: String(w) }));
    }
    return { status: 200, headers: {} };
  });
}

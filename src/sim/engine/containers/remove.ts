/**
 * Removing containers (moby daemon/delete.go ContainerRm, cleanupContainer;
 * daemon/prune.go ContainersPrune): a running, paused or restarting container
 * is refused unless forced (Docker 28's "You cannot remove a running container
 * <id>. Stop the container before attempting removal or force remove"),
 * forced ones are SIGKILLed first; then the task is deleted, the read-write
 * layer and the container's directory removed, anonymous volumes released
 * with -v, the name freed, waiters for `removed` answered and `destroy` logged.
 */

import type { Engine } from '../engine.ts';
import type { ApiResponse } from '../api/types.ts';
import { apiError, apiJson } from '../api/types.ts';
import type { ContainerRecord } from './types.ts';
import { seamsOf } from './seams.ts';
import { eventAttrs, noContent, withContainer } from './lookup.ts';
import { transition } from './state.ts';
import { answerWaiters, closeAttachments } from './clients.ts';
import { removeContainerDir } from './files.ts';
import { recordEvent } from '../system/events-log.ts';
import { deleteTask, unmountRootfs } from './exit.ts';
import { killContainer } from './signal.ts';
import { parseFilters, listMatches } from './filters.ts';

/** Remove a stopped container record and everything it owns. */
export function removeContainer(engine: Engine, c0: ContainerRecord, o: { volumes: boolean }): void {
  const id = c0.Id;
  let c = engine.state.containers.byId[id];
  if (!c) return;
  if (c.rt.lifecycle.value !== 'removing') transition(engine, c, { type: 'REMOVE' });
  c = engine.state.containers.byId[id] as ContainerRecord;
  if (c.rt.cleanupPending) deleteTask(engine, id, false);
  unmountRootfs(engine, id);
  const seams = seamsOf(engine);
  seams.removeRootfs(engine, id);
  removeContainerDir(engine, id);
  seams.releaseVolumes(engine, id, o.volumes);
  c = engine.state.containers.byId[id] as ContainerRecord;
  closeAttachments(engine, c, false);
  answerWaiters(engine, engine.state.containers.byId[id] as ContainerRecord, 'removed');
  c = engine.state.containers.byId[id] as ContainerRecord;
  recordEvent(engine, 'container', 'destroy', id, eventAttrs(c));
  transition(engine, c, { type: 'REMOVED' });
  engine.emit({ type: 'container.removed', id });
}

function truthy(v: string | string[] | undefined): boolean {
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return s === '1' || s === 'true' || s === 'True';
}

/** DELETE /containers/{id}?force=&v= */
export function rmRoute(engine: Engine, idOrName: string, query: Record<string, string | string[]>): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    const force = truthy(query.force);
    const v = c.rt.lifecycle.value;
    if (v === 'removing') return apiError(409, `removal of container ${idOrName} is already in progress`);
    if (v === 'running' || v === 'paused' || v === 'restarting') {
      if (!force) {
        const procedure = 'Stop the container before attempting removal or force remove';
        return apiError(409, `You cannot remove a ${v} container ${c.Id}. ${v === 'paused' ? `Unpause and then ${procedure.toLowerCase()}` : procedure}`);
      }
      killContainer(engine, c, 9);
    }
    const cur = engine.state.containers.byId[c.Id];
    if (cur) removeContainer(engine, cur, { volumes: truthy(query.v) });
    return noContent();
  });
}

/** POST /containers/prune: remove every stopped container the filters select. */
export function pruneRoute(engine: Engine, query: Record<string, string | string[]>): ApiResponse {
  const f = parseFilters(query.filters, ['until', 'label', 'label!']);
  if ('error' in f) return apiError(400, f.error);
  const deleted: string[] = [];
  let reclaimed = 0;
  for (const c of Object.values(engine.state.containers.byId)) {
    const v = c.rt.lifecycle.value;
    if (v !== 'exited' && v !== 'created' && v !== 'dead') continue;
    if (!listMatches(engine, c, f.filters)) continue;
    reclaimed += seamsOf(engine).containerSize(engine, c.Id).SizeRw;
    removeContainer(engine, c, { volumes: false });
    deleted.push(c.Id);
  }
  recordEvent(engine, 'container', 'prune', '', { reclaimed: String(reclaimed) });
  return apiJson(200, { ContainersDeleted: deleted.length ? deleted : null, SpaceReclaimed: reclaimed });
}

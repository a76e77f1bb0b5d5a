/**
 * Finding a container by what the user typed (moby daemon/container.go
 * GetContainer): a full ID, then an exact name (with or without the leading
 * slash), then a unique ID prefix. The daemon's errors for each miss.
 */

import type { Engine } from '../engine.ts';
import type { ApiResponse } from '../api/types.ts';
import { apiError } from '../api/types.ts';
import type { ContainerRecord } from './types.ts';

export type Lookup = ContainerRecord | { status: number; message: string };

export function isRecord(x: Lookup): x is ContainerRecord {
  return (x as ContainerRecord).Id !== undefined;
}

/** GetContainer: the record, or the daemon's 404/400 error. */
export function findContainer(engine: Engine, idOrName: string): Lookup {
  const st = engine.state.containers;
  if (idOrName === '') return { status: 400, message: 'invalid container name or ID: value is empty' };
  const byId = st.byId[idOrName];
  if (byId) return byId;
  const byName = st.names[idOrName.startsWith('/') ? idOrName : `/${idOrName}`];
  if (byName && st.byId[byName]) return st.byId[byName] as ContainerRecord;
  if (/^[0-9a-f]+$/.test(idOrName)) {
    let found: ContainerRecord | null = null;
    for (const id in st.byId) {
      if (!id.startsWith(idOrName)) continue;
      if (found) return { status: 400, message: `multiple IDs found with provided prefix: ${idOrName}` };
      found = st.byId[id] as ContainerRecord;
    }
    if (found) return found;
  }
  return { status: 404, message: `No such container: ${idOrName}` };
}

/** Exported for the other areas: the container record for an ID, name or unique prefix, or null. */
export function getContainer(engine: Engine, idOrName: string): ContainerRecord | null {
  const r = findContainer(engine, idOrName);
  return isRecord(r) ? r : null;
}

/** Run `fn` with the container, or answer the lookup error. */
export function withContainer(engine: Engine, idOrName: string, fn: (c: ContainerRecord) => ApiResponse): ApiResponse {
  const r = findContainer(engine, idOrName);
  return isRecord(r) ? fn(r) : apiError(r.status, r.message);
}

/** The live record (after events replaced it). */
export function current(engine: Engine, id: string): ContainerRecord | null {
  return engine.state.containers.byId[id] ?? null;
}

export function nameOf(c: ContainerRecord): string {
  return c.Name.replace(/^\//, '');
}

/** Attributes of a container's events: image, name and the container's labels. */
export function eventAttrs(c: ContainerRecord, extra: Record<string, string> = {}): Record<string, string> {
  return { ...c.Config.Labels, image: c.Config.Image, name: nameOf(c), ...extra };
}

/** A 304 Not Modified (start of a running container, stop of a stopped one). */
export function notModified(): ApiResponse {
  return { status: 304, headers: {} };
}

export function noContent(): ApiResponse {
  return { status: 204, headers: {} };
}

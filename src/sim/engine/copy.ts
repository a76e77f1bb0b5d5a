/**
 * Deep copies of the engine's big plain-data records (what the reducers keep
 * out of events): clonePlain's copies (kernel/plain.ts: a spread, then each
 * object value copied), with a spread site of their own for each big record.
 * SIMPLIFICATIONS: none in what is copied: own enumerable keys in the same
 * order, arrays element by element (holes become undefined), primitives as
 * they are. An object with an own "__proto__" key (a JSON.parse'd label, say)
 * goes to clonePlain itself.
 */

import { clonePlain } from '../kernel/plain.ts';

const hasOwn = Object.prototype.hasOwnProperty;

/** Replace `o`'s object values by copies (o is a fresh spread copy). */
function copyValues(o: Record<string, unknown>): void {
  for (const key in o) {
    const x = o[key];
    if (typeof x === 'object' && x !== null) o[key] = clonePlain(x);
  }
}

/** Any plain value: clonePlain. */
export const copyPlain = clonePlain;

/*
 * The big records get spread sites of their own: V8 copies an object quickly at a site that has
 * seen its layout before, and one generic site sees every layout there is. Same copies as copyPlain.
 */

function copyHostConfig<T extends object>(v: T): T {
  if (hasOwn.call(v, '__proto__')) return clonePlain(v);
  const o = { ...v } as Record<string, unknown>;
  copyValues(o);
  return o as T;
}

function copyConfig<T extends object>(v: T): T {
  if (hasOwn.call(v, '__proto__')) return clonePlain(v);
  const o = { ...v } as Record<string, unknown>;
  copyValues(o);
  return o as T;
}

/** NetworkSettings (a container.networkSettingsChanged payload, or inside a record). */
export function copyNetworkSettings<T>(v: T): T {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || hasOwn.call(v, '__proto__')) return copyPlain(v);
  const o = { ...v } as Record<string, unknown>;
  copyValues(o);
  return o as T;
}

function copyRt<T extends object>(v: T): T {
  if (hasOwn.call(v, '__proto__')) return clonePlain(v);
  const o = { ...v } as Record<string, unknown>;
  copyValues(o);
  return o as T;
}

function copyStateJson<T extends object>(v: T): T {
  if (hasOwn.call(v, '__proto__')) return clonePlain(v);
  const o = { ...v } as Record<string, unknown>;
  copyValues(o);
  return o as T;
}

/** A DockerEvent message (system.eventRecorded). */
export function copyMessage<T>(v: T): T {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || hasOwn.call(v, '__proto__')) return copyPlain(v);
  const o = { ...v } as Record<string, unknown>;
  copyValues(o);
  return o as T;
}

/** A whole container record (container.created): copyPlain, with the big parts at their own sites. */
export function copyContainerRecord<T>(v: T): T {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || hasOwn.call(v, '__proto__')) return copyPlain(v);
  const o = { ...v } as Record<string, unknown>;
  for (const key in o) {
    const x = o[key];
    if (typeof x !== 'object' || x === null) continue;
    if (Array.isArray(x)) o[key] = copyPlain(x);
    else if (key === 'HostConfig') o[key] = copyHostConfig(x);
    else if (key === 'Config') o[key] = copyConfig(x);
    else if (key === 'NetworkSettings') o[key] = copyNetworkSettings(x);
    else if (key === 'rt') o[key] = copyRt(x);
    else if (key === 'State') o[key] = copyStateJson(x);
    else o[key] = copyPlain(x);
  }
  return o as T;
}

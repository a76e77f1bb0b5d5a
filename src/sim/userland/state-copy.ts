/**
 * The copy of a program's state a handler works on (the kernel's copy changes
 * only by the event the handler's result emits).
 *
 * Like cloneShared (kernel/plain.ts): plain objects and arrays copied by hand,
 * an object reached twice copied once, anything else (a compiled RegExp in
 * grep's state) to structuredClone. A frozen object is shared, not copied:
 * nothing can change it (the shell's parsed ASTs, which its frames and
 * functions hold, are frozen when parsed).
 */

export function copyState<T>(v: T, seen: Map<object, unknown> = new Map()): T {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return v;
  const hit = seen.get(v);
  if (hit !== undefined) return hit as T;
  if (Array.isArray(v)) {
    const n = v.length;
    const a = new Array(n);
    seen.set(v, a);
    for (let i = 0; i < n; i++) a[i] = copyState(v[i], seen);
    return a as T;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    const c = structuredClone(v);
    seen.set(v, c);
    return c;
  }
  const o: Record<string, unknown> = {};
  seen.set(v, o);
  for (const key of Object.keys(v)) {
    const c = copyState((v as Record<string, unknown>)[key], seen);
    if (key === '__proto__') Object.defineProperty(o, key, { value: c, enumerable: true, writable: true, configurable: true });
    else o[key] = c;
  }
  return o as T;
}

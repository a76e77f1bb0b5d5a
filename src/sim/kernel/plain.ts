/**
 * Deep copies of plain (JSON-shaped) data. Faster than structuredClone for the
 * kernel's records, which matters for snapshot/restore of 10,000 processes.
 */

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The copy is made by an object spread, then its object values are replaced
 * by their copies: V8 copies a record's layout in one step that way, where
 * adding its keys one by one turns an object of more than about 16 keys into
 * a slow dictionary, to copy and to read afterwards. An own "__proto__" key
 * (a label parsed from JSON) stays an own key.
 */
export function clonePlain<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const n = v.length;
    const a = new Array(n);
    for (let i = 0; i < n; i++) {
      const x = v[i] as unknown;
      // A hole stays a hole (id tables are arrays with holes: id-table.ts).
      if (x === undefined && !(i in v)) continue;
      a[i] = clonePlain(x);
    }
    return a as T;
  }
  const o = { ...v } as Record<string, unknown>;
  for (const key in o) {
    const x = o[key];
    if (typeof x !== 'object' || x === null) continue;
    if (key === '__proto__' && hasOwn.call(o, key)) Object.defineProperty(o, key, { value: clonePlain(x), enumerable: true, writable: true, configurable: true });
    else o[key] = clonePlain(x);
  }
  return o as T;
}

/**
 * A deep copy of plain data that keeps shared references shared (an object
 * reached twice is copied once), as structuredClone does, at a fraction of
 * its cost for the small states programs keep. Own "__proto__" keys stay own
 * keys. Anything but plain objects and arrays goes to structuredClone. A
 * frozen object is shared, not copied: nothing can change it (the shell's
 * parsed lines, which its frames and functions hold, are frozen when parsed).
 * It is the copy of a program's state a handler works on (userland/ctx.ts).
 */
export function cloneShared<T>(v: T, seen: Map<object, unknown> = new Map()): T {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return v;
  const hit = seen.get(v);
  if (hit !== undefined) return hit as T;
  if (Array.isArray(v)) {
    const n = v.length;
    const a = new Array(n);
    seen.set(v, a);
    for (let i = 0; i < n; i++) a[i] = cloneShared(v[i], seen);
    return a as T;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    // Not plain data (a compiled RegExp in grep's state, say): copied as structuredClone copies it.
    const c = structuredClone(v);
    seen.set(v, c);
    return c;
  }
  // A spread keeps V8's fast layout (see clonePlain); then the object values are replaced by their copies.
  const o = { ...v } as Record<string, unknown>;
  seen.set(v, o);
  for (const key in o) {
    const x = o[key];
    if (typeof x !== 'object' || x === null) continue;
    const c = cloneShared(x, seen);
    if (c === x) continue;
    if (key === '__proto__' && hasOwn.call(o, key)) Object.defineProperty(o, key, { value: c, enumerable: true, writable: true, configurable: true });
    else o[key] = c;
  }
  return o as T;
}

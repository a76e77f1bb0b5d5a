/**
 * Tables keyed by a small growing integer id (Linux keeps such maps in an
 * IDR, a radix tree of id → object): inodes, superblocks, mounts, the mount
 * hash (by parent mount id) and the process table (by PID).
 *
 * Live, such a table is a JavaScript array with holes: V8 then keeps it as a
 * flat vector indexed by the id (a lookup is a bounds check and a load), and
 * deleting an entry leaves a hole without moving anything. Plain objects with
 * integer keys were a worse fit both ways: while dense, V8 right-trims an
 * object's elements when its highest key is deleted and grows them again on
 * the next insert, copying every entry each time (~800 µs per file made and
 * removed at 300 containers); kept as hash tables instead, every lookup paid
 * for SipHash on the key (~10% of a `docker run`). When ids get sparse (fewer
 * than about one in eighteen up to the highest in use), V8 turns the array
 * into a hash table by itself, and back once it is dense again.
 *
 * The type stays `Record<number, T>`: code reads `t[id]`, deletes with
 * `delete t[id]`, and walks with for-in or Object.keys/values, which skip
 * holes and go in id order, exactly as for an object. Make tables with
 * idTable(), never `{}` (the kernel invariants check).
 *
 * Snapshots keep these tables as plain objects ({"id": record}): JSON writes
 * an array's holes as nulls, and an object is what snapshots saved by
 * earlier builds hold. copyIdTable() reads either form.
 * SIMPLIFICATIONS: none (a representation; it changes no data).
 */

export type IdTable<T> = Record<number, T>;

/** A new, empty id-keyed table (a JS array: see above). */
export function idTable<T>(): IdTable<T> {
  return [] as unknown as IdTable<T>;
}

/** Whether `t` is a live id table (an array), as idTable() makes them. */
export function isIdTable(t: unknown): boolean {
  return Array.isArray(t);
}

/** Copy each entry of `t` (either form, or JSON's rendering of the live form: holes as null) into `out`. */
function copyEntries<T>(t: IdTable<T>, copy: (x: T) => T, out: IdTable<T>): IdTable<T> {
  for (const key in t) {
    const x = t[key as unknown as number];
    if (x === null || x === undefined) continue;
    out[key as unknown as number] = copy(x);
  }
  return out;
}

/** A live copy of an id table (from either form), each entry copied by `copy`. */
export function copyIdTable<T>(t: IdTable<T>, copy: (x: T) => T): IdTable<T> {
  return copyEntries(t, copy, idTable());
}

/** A table's snapshot form: a plain object {id: copy}, which JSON writes without holes. */
export function idTableObject<T>(t: IdTable<T>, copy: (x: T) => T): Record<number, T> {
  return copyEntries(t, copy, {});
}

/**
 * Keeping integer-keyed records fast in V8 (an engine detail, not a kernel concept).
 *
 * The big id tables (inodes, mounts, superblocks, the mount hash, processes)
 * are arrays with holes (../id-table.ts). This module is for the smaller
 * integer-keyed records that stay plain objects: each PID namespace's `pids`,
 * each cgroup's `procs`, the peer-group and slave indexes. Keys there come and
 * go, and an object whose highest key is deleted has its elements right-
 * trimmed by V8 and grown again on the next insert, copying all its entries
 * each time. Adding and removing one index above 2^29 marks the object's
 * dictionary as "requires slow elements", which keeps it a hash table (O(1)
 * insert, delete and lookup) from then on. The key is removed at once, so the
 * data is unchanged; the reducers call keepHashedOnce() on insert
 * (keepHashedIfBig() for tables that are usually small: once they grow past
 * SMALL_TABLE entries; a restored snapshot brings fresh objects, marked on
 * their first such insert).
 * SIMPLIFICATIONS: none (it changes no data).
 */

const ABOVE_SLOW_ELEMENTS_LIMIT = 2 ** 30;

const hashed = new WeakSet<object>();

/**
 * keepHashed() once per object (the mark lasts for the object's life; a
 * restored snapshot brings new objects, which get it on their first insert).
 * For records keyed by growing ids that lose old keys (the peer-group indexes).
 */
export function keepHashedOnce(o: Record<number, unknown>): void {
  if (hashed.has(o)) return;
  keepHashed(o);
  hashed.add(o);
}

/**
 * Below this many entries a PID-keyed record is left as V8 makes it: flipping
 * a small table between fast and dictionary elements copies little, and most
 * such tables (a container's PID namespace, its cgroup's procs) stay small.
 */
const SMALL_TABLE = 64;

/** keepHashedOnce() for a table that now holds `size` entries, once it is no longer small. */
export function keepHashedIfBig(o: Record<number, unknown>, size: number): void {
  if (size > SMALL_TABLE) keepHashedOnce(o);
}

/**
 * A new, empty string-keyed record that V8 keeps as a hash table (dictionary
 * properties) from the start. For small records keyed by unique strings
 * (mountpoint paths, directory entries): as ordinary objects V8 would make a
 * new hidden class for every new key (~0.5 µs each, and the class is kept).
 * An object without a prototype is made in dictionary mode at once (making an
 * ordinary one and deleting a property, which also normalises it, cost twice
 * as much, and a docker run makes some thirty); with no Object.prototype
 * behind it, a name like "constructor" is never found where none was stored.
 */
export function hashedRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Make a PID-keyed record stay a hash table in V8. Leaves its contents unchanged. */
export function keepHashed(o: Record<number, unknown>): void {
  o[ABOVE_SLOW_ELEMENTS_LIMIT] = 0;
  delete o[ABOVE_SLOW_ELEMENTS_LIMIT];
}

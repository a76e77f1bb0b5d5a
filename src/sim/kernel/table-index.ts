/**
 * A Map beside a number-keyed table of the state, for lookups by key.
 *
 * Models nothing of Linux: it is how the simulator finds a record fast. The
 * tables keyed by namespace inode numbers (4026531840 upwards, as the kernel
 * numbers them) are plain objects, so that state stays plain data; V8 keeps
 * keys that large as a dictionary of elements and hashes every lookup with
 * SipHash, some 400 instructions, and a docker run looks namespaces up a few
 * hundred times (every process made or ended counts itself in seven). A Map
 * hashes a small integer in a few instructions; keys are stored as `key | 0`
 * (one to one for 0 .. 2^32-1), which keeps inode numbers of 2^31 and up
 * small integers too: as numbers they are heap numbers, whose hash a Map
 * asks the runtime for.
 * The index is derived data, keyed by the table object: a table is indexed
 * when first asked about (a restored snapshot's, or one a test built), and
 * stays right as long as its writers go through put()/remove() here. The
 * kernel's invariant check (invariants.ts) compares every index with its
 * table.
 * SIMPLIFICATIONS: none in behaviour.
 */

export class TableIndex<T> {
  private readonly indexes = new WeakMap<Record<number, T>, Map<number, T>>();
  /** The table asked about last and its index (nearly every call asks about the same host's). */
  private lastTable: Record<number, T> | null = null;
  private lastIndex: Map<number, T> | null = null;

  private of(t: Record<number, T>): Map<number, T> {
    if (t === this.lastTable) return this.lastIndex as Map<number, T>;
    let m = this.indexes.get(t);
    if (m === undefined) {
      m = new Map();
      for (const key of Object.keys(t)) m.set(Number(key) | 0, t[Number(key)] as T);
      this.indexes.set(t, m);
    }
    this.lastTable = t;
    this.lastIndex = m;
    return m;
  }

  /** What t[key] holds. */
  get(t: Record<number, T>, key: number): T | undefined {
    return this.of(t).get(key | 0);
  }

  /** t[key] = v. */
  put(t: Record<number, T>, key: number, v: T): void {
    t[key] = v;
    this.of(t).set(key | 0, v);
  }

  /** delete t[key]. */
  remove(t: Record<number, T>, key: number): void {
    delete t[key];
    this.of(t).delete(key | 0);
  }

  /** Differences between a table and its index, if it has one (for the invariant check). */
  check(t: Record<number, T>, what: string): string[] {
    const m = this.indexes.get(t);
    if (m === undefined) return [];
    const out: string[] = [];
    const keys = Object.keys(t);
    if (keys.length !== m.size) out.push(`${what}: ${keys.length} entries, its index ${m.size}`);
    for (const key of keys) {
      const v = m.get(Number(key) | 0);
      if (v === undefined) out.push(`${what}[${key}]: not in its index`);
      else if (v !== t[Number(key)]) out.push(`${what}[${key}]: its index holds another record`);
    }
    return out;
  }
}

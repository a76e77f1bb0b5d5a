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
 * table. Given `groupOf`, an index also counts its records by group (the lazy
 * copies of mounts by source namespace: lazy-copy.ts).
 * SIMPLIFICATIONS: none in behaviour.
 */

interface Index<T> {
  map: Map<number, T>;
  /** Records by groupOf(record); a group with none is absent or 0. */
  groups: Map<number, number>;
}

export class TableIndex<T> {
  private readonly indexes = new WeakMap<Record<number, T>, Index<T>>();
  /** The table asked about last and its index (nearly every call asks about the same host's). */
  private lastTable: Record<number, T> | null = null;
  private lastIndex: Index<T> | null = null;

  constructor(private readonly groupOf: ((v: T) => number) | null = null) {}

  private of(t: Record<number, T>): Index<T> {
    if (t === this.lastTable) return this.lastIndex as Index<T>;
    let ix = this.indexes.get(t);
    if (ix === undefined) {
      ix = { map: new Map(), groups: new Map() };
      for (const key of Object.keys(t)) {
        const v = t[Number(key)] as T;
        ix.map.set(Number(key) | 0, v);
        this.count(ix, v, 1);
      }
      this.indexes.set(t, ix);
    }
    this.lastTable = t;
    this.lastIndex = ix;
    return ix;
  }

  private count(ix: Index<T>, v: T, delta: number): void {
    if (this.groupOf === null) return;
    const g = this.groupOf(v);
    ix.groups.set(g, (ix.groups.get(g) ?? 0) + delta);
  }

  /** What t[key] holds. */
  get(t: Record<number, T>, key: number): T | undefined {
    return this.of(t).map.get(key | 0);
  }

  /** How many records t holds. */
  size(t: Record<number, T>): number {
    return this.of(t).map.size;
  }

  /** How many records of t are in group `g` (0 without groupOf). */
  inGroup(t: Record<number, T>, g: number): number {
    return this.of(t).groups.get(g) ?? 0;
  }

  /** t[key] = v. */
  put(t: Record<number, T>, key: number, v: T): void {
    const ix = this.of(t);
    const old = ix.map.get(key | 0);
    if (old !== undefined) this.count(ix, old, -1);
    this.count(ix, v, 1);
    t[key] = v;
    ix.map.set(key | 0, v);
  }

  /** delete t[key]. */
  remove(t: Record<number, T>, key: number): void {
    const ix = this.of(t);
    const old = ix.map.get(key | 0);
    if (old !== undefined) this.count(ix, old, -1);
    delete t[key];
    ix.map.delete(key | 0);
  }

  /** Differences between a table and its index, if it has one (for the invariant check). */
  check(t: Record<number, T>, what: string): string[] {
    const ix = this.indexes.get(t);
    if (ix === undefined) return [];
    const out: string[] = [];
    const keys = Object.keys(t);
    if (keys.length !== ix.map.size) out.push(`${what}: ${keys.length} entries, its index ${ix.map.size}`);
    const groups = new Map<number, number>();
    for (const key of keys) {
      const v = ix.map.get(Number(key) | 0);
      if (v === undefined) out.push(`${what}[${key}]: not in its index`);
      else if (v !== t[Number(key)]) out.push(`${what}[${key}]: its index holds another record`);
      if (this.groupOf !== null) {
        const g = this.groupOf(t[Number(key)] as T);
        groups.set(g, (groups.get(g) ?? 0) + 1);
      }
    }
    for (const [g, n] of ix.groups) if ((groups.get(g) ?? 0) !== n) out.push(`${what}: its index counts ${n} in group ${g}, the table ${groups.get(g) ?? 0}`);
    return out;
  }
}

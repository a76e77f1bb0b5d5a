/**
 * The order mawk 1.3.4 visits an array in `for (k in a)`: its subscripts live
 * in a hash table of 64 lists (doubled while it holds over 12 keys per list)
 * indexed by FNV-1a of the subscript, walked list by list (mawk's array.w,
 * hash.c).
 * SIMPLIFICATIONS: within a list the newest key comes first; mawk also moves
 * a key to the front when it is looked up, which is not tracked.
 */

/** FNV-1a, mawk's hash2() for array subscripts. */
function fnv1a(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i) & 0xff;
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h >>> 0;
}

/**
 * The order mawk's `for (k in a)` visits keys: hash buckets in index order
 * (64 buckets, doubled while the table holds over 12 keys per bucket), the
 * latest-inserted key first within a bucket.
 */
export function mawkOrder(keys: string[]): string[] {
  let hmask = 63;
  while (keys.length > (hmask + 1) * 12) hmask = hmask * 2 + 1;
  return keys
    .map((k, i) => ({ k, i, b: fnv1a(k) & hmask }))
    .sort((x, y) => x.b - y.b || y.i - x.i)
    .map((x) => x.k);
}

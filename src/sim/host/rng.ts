/**
 * Seeded random source: every ID, name and MAC in a simulated host comes from here.
 *
 * Models: the entropy a real host draws from /dev/urandom for container IDs,
 * veth names, MAC addresses and Docker's `adjective_surname` names.
 * Simplifies: a 32-bit state PRNG (mulberry32). Not cryptographic; the point is
 * that the same seed gives the same IDs, so transcripts are reproducible.
 */

export interface RngState {
  /** Current 32-bit state; plain data so snapshot/restore carry it. */
  s: number;
}

export function createRngState(seed: number): RngState {
  return { s: (seed >>> 0) ^ 0x9e3779b9 };
}

/** Next float in [0, 1). Mutates the state. */
export function nextFloat(st: RngState): number {
  st.s = (st.s + 0x6d2b79f5) >>> 0;
  let t = st.s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Integer in [0, n). */
export function nextInt(st: RngState, n: number): number {
  return Math.floor(nextFloat(st) * n);
}

const HEX = '0123456789abcdef';

/** `len` lowercase hex digits, e.g. a 64-digit container ID. */
export function hex(st: RngState, len: number): string {
  let out = '';
  for (let i = 0; i < len; i++) out += HEX[nextInt(st, 16)];
  return out;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Random lowercase alphanumerics, as in overlay2 short link IDs. */
export function alnum(st: RngState, len: number): string {
  let out = '';
  for (let i = 0; i < len; i++) out += ALNUM[nextInt(st, ALNUM.length)];
  return out;
}

/** A locally administered unicast MAC, like the kernel's eth_random_addr(). */
export function mac(st: RngState): string {
  const b: number[] = [];
  for (let i = 0; i < 6; i++) b.push(nextInt(st, 256));
  b[0] = ((b[0] ?? 0) & 0xfe) | 0x02;
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

export function pick<T>(st: RngState, items: readonly T[]): T {
  const v = items[nextInt(st, items.length)];
  if (v === undefined) throw new Error('pick from empty list');
  return v;
}

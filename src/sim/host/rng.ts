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

const HEX = codesOf('0123456789abcdef');
const ALNUM = codesOf('abcdefghijklmnopqrstuvwxyz0123456789');

/** The character codes of an alphabet, for drawn(). */
export function codesOf(chars: string): number[] {
  return Array.from(chars, (c) => c.charCodeAt(0));
}

/**
 * `len` characters drawn from `alphabet` (character codes), one draw each, in
 * order. Made from an array of codes in one step: a string grown a character
 * at a time is a chain of V8 cons strings, flattened again when it is first
 * used as a key (every ID is).
 */
export function drawn(st: RngState, alphabet: readonly number[], len: number): string {
  let out = '';
  for (let start = 0; start < len; start += 4096) {
    const codes: number[] = [];
    for (let i = start; i < len && i < start + 4096; i++) codes.push(alphabet[nextInt(st, alphabet.length)] as number);
    out += String.fromCharCode(...codes);
  }
  return out;
}

/** `len` lowercase hex digits, e.g. a 64-digit container ID. */
export function hex(st: RngState, len: number): string {
  return drawn(st, HEX, len);
}

/** Random lowercase alphanumerics, as in overlay2 short link IDs. */
export function alnum(st: RngState, len: number): string {
  return drawn(st, ALNUM, len);
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

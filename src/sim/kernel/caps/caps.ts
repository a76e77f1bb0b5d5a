/**
 * Linux capabilities (capabilities(7), <linux/capability.h>).
 *
 * Models: all 41 capabilities by name and bit number; the five per-thread sets
 * as 41-bit masks; Docker's default set; the hex masks /proc/PID/status shows.
 * Simplifies: no file capabilities or securebits; execve applies the rules for
 * root (keeps the bounding set) and non-root (loses permitted/effective unless ambient).
 */

export const CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
] as const;

export type CapName = (typeof CAPABILITIES)[number];

/** Bit numbers by name, made once from CAPABILITIES (a constant): one lookup, not a scan of 41 names. */
const CAP_NUMBERS: Readonly<Record<string, number>> = Object.freeze(Object.fromEntries(CAPABILITIES.map((n, i) => [n, i])));

/** Bit number of a capability: CAP_SYS_ADMIN → 21. */
export function capNumber(name: CapName): number {
  const n = CAP_NUMBERS[name];
  // A name Object.prototype has ("constructor") is no capability either.
  return typeof n === 'number' ? n : -1;
}

/** A capability set as a 41-bit mask held in a double (exact below 2^53). */
export type CapMask = number;

export interface CapSets {
  effective: CapMask;
  permitted: CapMask;
  inheritable: CapMask;
  bounding: CapMask;
  ambient: CapMask;
}

const TWO32 = 2 ** 32;

/** The high word of a mask (bits 32 and up); the low word is `m >>> 0`. */
function hi(m: CapMask): number {
  return Math.floor(m / TWO32) >>> 0;
}
function join(h: number, lo: number): CapMask {
  return (h >>> 0) * TWO32 + (lo >>> 0);
}

export function capBit(name: CapName): CapMask {
  return 2 ** capNumber(name);
}

export function hasCap(m: CapMask, name: CapName): boolean {
  const n = capNumber(name);
  if (n < 0) return false;
  return n < 32 ? ((m >>> 0) >>> n) % 2 === 1 : (hi(m) >>> (n - 32)) % 2 === 1;
}

export function capAnd(a: CapMask, b: CapMask): CapMask {
  return join(hi(a) & hi(b), (a >>> 0) & (b >>> 0));
}

export function capOr(a: CapMask, b: CapMask): CapMask {
  return join(hi(a) | hi(b), (a >>> 0) | (b >>> 0));
}

export function capAndNot(a: CapMask, b: CapMask): CapMask {
  return join(hi(a) & ~hi(b), (a >>> 0) & ~(b >>> 0));
}

export function maskOf(names: readonly CapName[]): CapMask {
  let m = 0;
  for (const n of names) m = capOr(m, capBit(n));
  return m;
}

export function namesOf(m: CapMask): CapName[] {
  return CAPABILITIES.filter((n) => hasCap(m, n));
}

/** All 41: 000001ffffffffff. */
export const CAP_FULL: CapMask = 2 ** CAPABILITIES.length - 1;

/** Docker's default set (moby daemon/pkg/oci/caps/defaults.go), mask 00000000a80425fb. */
export const DOCKER_DEFAULT_CAPS: readonly CapName[] = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

/** The 16-hex-digit form /proc/PID/status uses for CapEff and friends. */
export function capHex(m: CapMask): string {
  return m.toString(16).padStart(16, '0');
}

export function fullCapSets(): CapSets {
  return { effective: CAP_FULL, permitted: CAP_FULL, inheritable: 0, bounding: CAP_FULL, ambient: 0 };
}

/** Parse a name as Docker accepts it: case-insensitive, CAP_ optional. */
export function parseCapName(s: string): CapName | null {
  const up = s.toUpperCase();
  const name = up.startsWith('CAP_') ? up : `CAP_${up}`;
  return (CAPABILITIES as readonly string[]).includes(name) ? (name as CapName) : null;
}

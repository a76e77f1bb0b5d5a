/**
 * Character devices: what reading and writing a device node does, by its
 * device number (Documentation/admin-guide/devices.txt, null(4), random(4)).
 *
 * Models: /dev/null (reads EOF, writes vanish), /dev/zero (zeros), /dev/full
 * (writes fail with ENOSPC), /dev/random and /dev/urandom (random bytes),
 * /dev/tty and consoles (accept writes). A node's behaviour follows its
 * major:minor, wherever it lives (devtmpfs, a container's tmpfs /dev).
 * SIMPLIFICATIONS: reads return one bounded chunk (callers ask for a size);
 * random bytes come from a hash of the kernel's event count and clock, so
 * reading does not change state; terminals are handled by the userland.
 */

import type { Kernel } from '../kernel.ts';
import { sysErr, type SysError } from '../errno.ts';

/** Largest chunk one read of an endless device returns. */
export const DEV_CHUNK = 65536;

export function devKey(rdev: [number, number]): string {
  return `${rdev[0]}:${rdev[1]}`;
}

function pseudoRandom(k: Kernel, n: number, salt: number): string {
  let s = (k.state.seq * 2654435761 + k.state.clock.uptimeMs + salt) >>> 0;
  let out = '';
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out += String.fromCharCode(((t ^ (t >>> 14)) >>> 0) & 0xff);
  }
  return out;
}

/** Read from a character device; `max` bytes at most for endless devices. */
export function readDevice(k: Kernel, rdev: [number, number], max = 4096): string | SysError {
  const n = Math.max(0, Math.min(max, DEV_CHUNK));
  switch (devKey(rdev)) {
    case '1:3':
      return '';
    case '1:5':
    case '1:7':
      return '\0'.repeat(n);
    case '1:8':
    case '1:9':
      return pseudoRandom(k, n, rdev[1]);
    case '5:0':
    case '5:1':
    case '4:0':
    case '4:1':
    case '4:64':
      return '';
    case '0:0':
      return sysErr('ENODEV');
    default:
      return rdev[0] === 136 ? '' : sysErr('ENODEV');
  }
}

/** Write to a character device; returns bytes written. */
export function writeDevice(_k: Kernel, rdev: [number, number], data: string): number | SysError {
  switch (devKey(rdev)) {
    case '1:7':
      return sysErr('ENOSPC');
    case '0:0':
      return sysErr('ENODEV');
    default:
      return data.length;
  }
}

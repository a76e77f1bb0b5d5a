/**
 * What a program costs in memory when it starts: its resident set (RSS, the
 * pages it touched: code, libc, heap) and its virtual size (VSZ, every
 * mapping). The runtime charges the RSS to the process's cgroup when a
 * program starts (memory.current, /proc/PID/status VmRSS, ps RSS) and ps
 * shows VSZ as the baseline plus whatever the program grew since.
 *
 * Models: typical `ps -o vsz,rss` figures of each program on Debian 12 amd64
 * and in the official images (bash ≈ 4 MiB, coreutils ≈ 1 MiB, busybox
 * applets < 1 MiB, nginx master ≈ 6 MiB and workers ≈ 3 MiB, redis ≈ 12
 * MiB, dockerd ≈ 80 MiB).
 * SIMPLIFICATIONS: one figure per program, no shared pages (each process's
 * RSS is charged in full, as cgroup v2 charges a page to the first toucher
 * only); VSZ is not in the kernel model (ps computes it from this table).
 */

import type { Process } from '../kernel/process/types.ts';
import type { Flavour } from './types.ts';
import { own } from './own.ts';

export interface MemFootprint {
  /** Resident set at start, KiB. */
  rssKb: number;
  /** Virtual size at start, KiB. */
  vszKb: number;
}

/** GNU/Debian programs (and the services), by program id. */
const GNU: Readonly<Record<string, MemFootprint>> = {
  bash: { rssKb: 4096, vszKb: 7236 },
  sh: { rssKb: 4096, vszKb: 7236 },
  dash: { rssKb: 1280, vszKb: 2592 },
  sleep: { rssKb: 1024, vszKb: 5480 },
  cat: { rssKb: 1024, vszKb: 5476 },
  tail: { rssKb: 1024, vszKb: 5504 },
  yes: { rssKb: 1024, vszKb: 5476 },
  ps: { rssKb: 3584, vszKb: 11216 },
  top: { rssKb: 4352, vszKb: 11808 },
  curl: { rssKb: 9344, vszKb: 80236 },
  wget: { rssKb: 6272, vszKb: 21084 },
  ping: { rssKb: 1280, vszKb: 7664 },
  ip: { rssKb: 3072, vszKb: 8976 },
  nc: { rssKb: 1792, vszKb: 6188 },
  nslookup: { rssKb: 9856, vszKb: 18432 },
  'redis-cli': { rssKb: 4224, vszKb: 10424 },
  'redis-server': { rssKb: 11912, vszKb: 60824 },
  nginx: { rssKb: 6144, vszKb: 11412 },
  python3: { rssKb: 19968, vszKb: 31128 },
  httpd: { rssKb: 640, vszKb: 1612 },
  stress: { rssKb: 1024, vszKb: 3656 },
  'stress-ng': { rssKb: 5632, vszKb: 38444 },
  'apt-get': { rssKb: 40960, vszKb: 81200 },
  apt: { rssKb: 40960, vszKb: 81200 },
  apk: { rssKb: 4096, vszKb: 5900 },
  dnf: { rssKb: 61440, vszKb: 301000 },
  dockerd: { rssKb: 81920, vszKb: 2347252 },
  containerd: { rssKb: 46080, vszKb: 1932164 },
  'containerd-shim': { rssKb: 12288, vszKb: 1238012 },
  daemon: { rssKb: 4096, vszKb: 16000 },
  'sshd-session': { rssKb: 10240, vszKb: 17192 },
  systemctl: { rssKb: 6016, vszKb: 22600 },
  journalctl: { rssKb: 8192, vszKb: 24000 },
};

/** Host services that run the stand-in `daemon` program, by comm. */
const DAEMONS: Readonly<Record<string, MemFootprint>> = {
  systemd: { rssKb: 12288, vszKb: 168400 },
  'systemd-journal': { rssKb: 16384, vszKb: 32880 },
  'systemd-udevd': { rssKb: 7168, vszKb: 25344 },
  cron: { rssKb: 2688, vszKb: 6612 },
  sshd: { rssKb: 9216, vszKb: 15424 },
  agetty: { rssKb: 1920, vszKb: 5608 },
  containerd: { rssKb: 46080, vszKb: 1932164 },
  dockerd: { rssKb: 81920, vszKb: 2347252 },
};

const GNU_DEFAULT: MemFootprint = { rssKb: 1024, vszKb: 5500 };
const BUSYBOX_DEFAULT: MemFootprint = { rssKb: 768, vszKb: 1616 };
const BUSYBOX: Readonly<Record<string, MemFootprint>> = {
  sh: { rssKb: 1024, vszKb: 1680 },
  httpd: { rssKb: 640, vszKb: 1612 },
  top: { rssKb: 896, vszKb: 1660 },
};

/** The footprint of `program` (an id) in `flavour`; `comm` picks among the stand-in daemons. */
export function footprint(program: string, flavour: Flavour, comm = ''): MemFootprint {
  if (program === 'daemon' || comm === 'systemd') return own(DAEMONS, comm) ?? (own(GNU, 'daemon') as MemFootprint);
  if (flavour === 'busybox') return own(BUSYBOX, program) ?? BUSYBOX_DEFAULT;
  return own(GNU, program) ?? GNU_DEFAULT;
}

/** VSZ in KiB as ps shows it: the program's baseline plus what its RSS grew beyond the baseline. */
export function vszKb(p: Process, flavour: Flavour): number {
  if (p.kthread) return 0;
  const f = footprint(p.program.name, flavour, p.comm);
  const rssKb = Math.round(p.rssBytes / 1024);
  return f.vszKb + Math.max(0, rssKb - f.rssKb);
}

export const KiB = 1024;
export const MiB = 1024 * 1024;

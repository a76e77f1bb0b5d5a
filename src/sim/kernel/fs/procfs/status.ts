/**
 * /proc/PID/status and /proc/PID/stat as a 6.x kernel prints them
 * (fs/proc/array.c: proc_pid_status(), do_task_stat(); proc(5)).
 *
 * Models: the field order, tabs and widths of proc_pid_status(): Name, Umask,
 * State, Tgid, Ngid, Pid, PPid (0 if the parent is outside the proc mount's PID
 * namespace), TracerPid, Uid/Gid (real, effective, saved, fs; as the reader's
 * user namespace maps them), FDSize, Groups (with the kernel's trailing space),
 * NStgid/NSpid/NSpgid/NSsid from the proc mount's level down, Kthread (6.5+),
 * the Vm* lines (%8lu kB), Threads, SigQ, signal masks, the five capability
 * sets as 16 hex digits, NoNewPrivs, Seccomp, Cpus/Mems_allowed, context
 * switches and the x86 thread-features lines (6.6+).
 * SIMPLIFICATIONS: memory figures other than VmRSS are derived from it; one
 * thread per process; umask is 0022 (0000 for kernel threads); seccomp mode is
 * read from the process record if it has one, else 0.
 */

import type { Kernel } from '../../kernel.ts';
import type { Process } from '../../process/types.ts';
import type { PidNamespace } from '../../ns/types.ts';
import { capHex } from '../../caps/caps.ts';
import { idInNsMunged } from '../vfs/perm.ts';
import { nsAt } from '../../ns/by-inum.ts';

const STATE_NAMES: Record<string, string> = {
  R: 'R (running)',
  S: 'S (sleeping)',
  D: 'D (disk sleep)',
  T: 'T (stopped)',
  Z: 'Z (zombie)',
};

/** Kernel version as [major, minor] from the release string ("6.8.0-60-generic" → [6, 8]). */
export function kernelVersion(k: Kernel): [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(k.state.machine.release);
  return m ? [Number(m[1]), Number(m[2])] : [6, 8];
}

function atLeast(k: Kernel, major: number, minor: number): boolean {
  const [a, b] = kernelVersion(k);
  return a > major || (a === major && b >= minor);
}

/** The PID of host process `hostPid` at `level`, or 0 if it has none there. */
export function pidAt(k: Kernel, hostPid: number, level: number): number {
  return k.state.proc.byPid[hostPid]?.nspids[level] ?? 0;
}

/** A signal set as 16 hex digits (bit N-1 for signal N). */
export function sigHex(sigs: readonly number[]): string {
  let hi = 0;
  let lo = 0;
  for (const s of sigs) {
    if (s >= 1 && s <= 32) lo |= 1 << (s - 1);
    else if (s > 32 && s <= 64) hi |= 1 << (s - 33);
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

function kb(n: number): string {
  return `${String(n).padStart(8, ' ')} kB`;
}

/** RLIMIT_SIGPENDING's default: one per 64 pages of RAM, roughly. */
export function sigQueueLimit(k: Kernel): number {
  return Math.floor(k.state.machine.memTotalBytes / 4096 / 64) - 1150;
}

function cpuMask(n: number): { mask: string; list: string } {
  const mask = (2 ** n - 1).toString(16);
  return { mask, list: n === 1 ? '0' : `0-${n - 1}` };
}

/** Nodemask width: 1024 bits on Ubuntu kernels (NODES_SHIFT=10), 64 on Debian's. */
function memsAllowed(k: Kernel): string {
  // Debian's and Ubuntu's amd64 kernels both build with CONFIG_NODES_SHIFT=10: 1024 nodes, 32 words.
  void k;
  const words = 32;
  return [...Array(words - 1).fill('00000000'), '00000001'].join(',');
}

export function procStatus(k: Kernel, p: Process, ns: PidNamespace, reader: Process): string {
  const L = ns.level;
  const parent = k.state.proc.byPid[p.ppid];
  const ppid = parent && parent.nspids.length > L && ns.pids[parent.nspids[L] as number] === parent.pid ? (parent.nspids[L] as number) : 0;
  const uid = (id: number): number => idInNsMunged(k, reader.ns.user, id, 'uid');
  const gid = (id: number): number => idInNsMunged(k, reader.ns.user, id, 'gid');
  const c = p.cred;
  const levels = p.nspids.slice(L);
  const pgids = levels.map((_, i) => pidAt(k, p.pgid, L + i));
  const sids = levels.map((_, i) => pidAt(k, p.sid, L + i));
  const lines: string[] = [
    `Name:\t${p.comm.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`,
    `Umask:\t${p.kthread ? '0000' : '0022'}`,
    `State:\t${STATE_NAMES[p.state] ?? p.state}`,
    `Tgid:\t${levels[0] ?? 0}`,
    'Ngid:\t0',
    `Pid:\t${levels[0] ?? 0}`,
    `PPid:\t${ppid}`,
    'TracerPid:\t0',
    `Uid:\t${uid(c.uid)}\t${uid(c.euid)}\t${uid(c.suid)}\t${uid(c.fsuid)}`,
    `Gid:\t${gid(c.gid)}\t${gid(c.egid)}\t${gid(c.sgid)}\t${gid(c.fsgid)}`,
    `FDSize:\t${p.kthread ? 64 : 256}`,
    `Groups:\t${c.groups.map(gid).join(' ')} `,
    `NStgid:\t${levels.join('\t')}`,
    `NSpid:\t${levels.join('\t')}`,
    `NSpgid:\t${pgids.join('\t')}`,
    `NSsid:\t${sids.join('\t')}`,
  ];
  if (atLeast(k, 6, 5)) lines.push(`Kthread:\t${p.kthread ? 1 : 0}`);
  if (!p.kthread) {
    const rss = Math.floor(p.rssBytes / 1024);
    const anon = Math.floor(rss * 0.3);
    const size = rss + 5480;
    lines.push(
      `VmPeak:\t${kb(size + 64)}`,
      `VmSize:\t${kb(size)}`,
      `VmLck:\t${kb(0)}`,
      `VmPin:\t${kb(0)}`,
      `VmHWM:\t${kb(rss)}`,
      `VmRSS:\t${kb(rss)}`,
      `RssAnon:\t${kb(anon)}`,
      `RssFile:\t${kb(rss - anon)}`,
      `RssShmem:\t${kb(0)}`,
      `VmData:\t${kb(anon + 380)}`,
      `VmStk:\t${kb(132)}`,
      `VmExe:\t${kb(Math.min(888, rss))}`,
      `VmLib:\t${kb(1792)}`,
      `VmPTE:\t${kb(52)}`,
      `VmSwap:\t${kb(0)}`,
      `HugetlbPages:\t${kb(0)}`,
      'CoreDumping:\t0',
      'THP_enabled:\t1',
    );
    if (atLeast(k, 6, 4)) lines.push('untag_mask:\t0xffffffffffffffff');
  }
  const seccomp = (p as { seccomp?: number }).seccomp ?? 0;
  const cpus = cpuMask(k.state.machine.cpus);
  const vol = Math.floor(p.cpuUsageUsec / 4000) + 3;
  lines.push(
    'Threads:\t1',
    `SigQ:\t${p.pending.length}/${sigQueueLimit(k)}`,
    `SigPnd:\t${sigHex([])}`,
    `ShdPnd:\t${sigHex(p.pending)}`,
    `SigBlk:\t${sigHex([])}`,
    `SigIgn:\t${sigHex(p.ignored)}`,
    `SigCgt:\t${sigHex(p.caught)}`,
    `CapInh:\t${capHex(p.caps.inheritable)}`,
    `CapPrm:\t${capHex(p.caps.permitted)}`,
    `CapEff:\t${capHex(p.caps.effective)}`,
    `CapBnd:\t${capHex(p.caps.bounding)}`,
    `CapAmb:\t${capHex(p.caps.ambient)}`,
    `NoNewPrivs:\t${p.noNewPrivs ? 1 : 0}`,
    `Seccomp:\t${seccomp}`,
    `Seccomp_filters:\t${seccomp === 2 ? 1 : 0}`,
    'Speculation_Store_Bypass:\tthread vulnerable',
    'SpeculationIndirectBranch:\tconditional enabled',
    `Cpus_allowed:\t${cpus.mask}`,
    `Cpus_allowed_list:\t${cpus.list}`,
    `Mems_allowed:\t${memsAllowed(k)}`,
    'Mems_allowed_list:\t0',
    `voluntary_ctxt_switches:\t${vol}`,
    `nonvoluntary_ctxt_switches:\t${Math.floor(vol / 7)}`,
  );
  if (atLeast(k, 6, 6)) lines.push('x86_Thread_features:\t', 'x86_Thread_features_locked:\t');
  return `${lines.join('\n')}\n`;
}

/** USER_HZ ticks (100 per second). */
function ticks(ms: number): number {
  return Math.floor(ms / 10);
}

/** /proc/PID/stat: the 52 fields of do_task_stat(). */
export function procStat(k: Kernel, p: Process, ns: PidNamespace): string {
  const L = ns.level;
  const parent = k.state.proc.byPid[p.ppid];
  const ppid = parent?.nspids[L] !== undefined && ns.pids[parent.nspids[L] as number] === parent.pid ? (parent.nspids[L] as number) : 0;
  const utime = ticks(p.cpuUsageUsec / 1000);
  const rssPages = Math.floor(p.rssBytes / 4096);
  const vsize = p.kthread ? 0 : p.rssBytes + 5480 * 1024;
  const flags = p.kthread ? 0x208040 : 0x400100;
  const timens = nsAt(k.state, p.ns.time);
  const boottimeOffset = timens?.type === 'time' ? timens.boottimeOffsetMs : 0;
  const fields = [
    p.nspids[L] ?? 0,
    `(${p.comm})`,
    p.state,
    ppid,
    pidAt(k, p.pgid, L),
    pidAt(k, p.sid, L),
    p.tty?.startsWith('pts/') ? 34816 + Number(p.tty.slice(4)) : 0,
    -1,
    flags,
    0,
    0,
    0,
    0,
    utime,
    0,
    0,
    0,
    20,
    0,
    1,
    0,
    ticks(p.startMs + boottimeOffset),
    vsize,
    rssPages,
    '18446744073709551615',
    ...(p.kthread ? [0, 0, 0] : [1, 1, 0]),
    0,
    0,
    0,
    0,
    0,
    0,
    p.state === 'R' ? 0 : 1,
    0,
    0,
    17,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    p.exitCode ?? 0,
  ];
  return `${fields.join(' ')}\n`;
}

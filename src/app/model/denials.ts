/**
 * Spotting an operation the kernel refused for lack of privilege (EPERM,
 * "Operation not permitted"), so the Capabilities view can show it against
 * the capability it needed.
 *
 * The kernel records each refusal as a `caps.denied` event naming the
 * process, the system call and the missing capability (kernel/caps/denied.ts):
 * denialFromEvents() reads that. For refusals the model does not record (plain
 * file permissions), detectDenial() falls back to reading the command's output
 * for the messages real tools print on EPERM/EACCES and maps the program to
 * the capability the operation needs (capabilities(7), reference section 3.4).
 */

import type { CapName } from '../../sim/kernel/caps/caps.ts';
import type { LoggedEvent } from '../../sim/events.ts';

export interface Denial {
  /** The command line that failed. */
  line: string;
  /** The program that printed the message ("hostname"). */
  program: string;
  /** The message, without the program prefix. */
  message: string;
  /** The capability the operation needs, when known. */
  cap: CapName | null;
  /** Host PID of the process that was refused, if known. */
  pid: number | null;
}

/** Capability each program's privileged operation needs. */
const NEEDS: Readonly<Record<string, CapName>> = {
  hostname: 'CAP_SYS_ADMIN',
  domainname: 'CAP_SYS_ADMIN',
  mount: 'CAP_SYS_ADMIN',
  umount: 'CAP_SYS_ADMIN',
  unshare: 'CAP_SYS_ADMIN',
  nsenter: 'CAP_SYS_ADMIN',
  pivot_root: 'CAP_SYS_ADMIN',
  swapon: 'CAP_SYS_ADMIN',
  setns: 'CAP_SYS_ADMIN',
  ip: 'CAP_NET_ADMIN',
  iptables: 'CAP_NET_ADMIN',
  'iptables-save': 'CAP_NET_ADMIN',
  ifconfig: 'CAP_NET_ADMIN',
  route: 'CAP_NET_ADMIN',
  sysctl: 'CAP_SYS_ADMIN',
  date: 'CAP_SYS_TIME',
  hwclock: 'CAP_SYS_TIME',
  reboot: 'CAP_SYS_BOOT',
  shutdown: 'CAP_SYS_BOOT',
  insmod: 'CAP_SYS_MODULE',
  modprobe: 'CAP_SYS_MODULE',
  rmmod: 'CAP_SYS_MODULE',
  chown: 'CAP_CHOWN',
  chgrp: 'CAP_CHOWN',
  chmod: 'CAP_FOWNER',
  kill: 'CAP_KILL',
  mknod: 'CAP_MKNOD',
  chroot: 'CAP_SYS_CHROOT',
  nice: 'CAP_SYS_NICE',
  renice: 'CAP_SYS_NICE',
  chrt: 'CAP_SYS_NICE',
  taskset: 'CAP_SYS_NICE',
  ping: 'CAP_NET_RAW',
  setcap: 'CAP_SETFCAP',
  strace: 'CAP_SYS_PTRACE',
  gdb: 'CAP_SYS_PTRACE',
  nginx: 'CAP_NET_BIND_SERVICE',
  nc: 'CAP_NET_BIND_SERVICE',
};

const PATTERNS = [/operation not permitted/i, /you must be root/i, /must be superuser/i, /permission denied/i, /\bEPERM\b/];

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** The first denial message in a command's output, or null. */
export function detectDenial(line: string, output: string, pidOfProgram?: (program: string) => number | null): Denial | null {
  const text = output.replace(ANSI, '').replace(/\r/g, '');
  for (const raw of text.split('\n')) {
    const l = raw.trim();
    if (!PATTERNS.some((re) => re.test(l))) continue;
    const m = /^([\w.-]+):\s*(.*)$/.exec(l);
    const program = m?.[1] ?? firstWord(line);
    const message = m?.[2] ?? l;
    // File permission errors on plain files are DAC, not a capability the course shows well; name it anyway.
    const cap = NEEDS[program] ?? (/permission denied/i.test(message) ? 'CAP_DAC_OVERRIDE' : null);
    return { line, program, message, cap, pid: pidOfProgram?.(program) ?? null };
  }
  return null;
}

function firstWord(line: string): string {
  return line.trim().split(/\s+/)[0]?.split('/').pop() ?? '';
}

/**
 * The first refusal the kernel recorded among a command's events, with the
 * line the program printed about it (or the system call's own wording).
 */
export function denialFromEvents(line: string, output: string, events: readonly LoggedEvent[]): Denial | null {
  const e = events.find((x): x is Extract<LoggedEvent, { type: 'caps.denied' }> => x.type === 'caps.denied');
  if (!e) return null;
  const text = output.replace(ANSI, '').replace(/\r/g, '');
  const said = text.split('\n').map((l) => l.trim()).find((l) => PATTERNS.some((re) => re.test(l)));
  const m = said ? /^([\w.-]+):\s*(.*)$/.exec(said) : null;
  const message = m?.[2] ?? said ?? `${e.syscall}: ${e.errno === 'EACCES' ? 'Permission denied' : 'Operation not permitted'}`;
  return { line, program: m?.[1] ?? e.comm, message, cap: e.cap, pid: e.pid };
}

/**
 * Spotting an operation the kernel refused for lack of privilege (EPERM,
 * "Operation not permitted"), so the Capabilities view can show it against
 * the capability it needed.
 *
 * The core has no "denied" event yet: a refused syscall returns a SysError
 * and the program prints its message. So this reads the terminal output of a
 * command for the messages real tools print on EPERM/EACCES and maps the
 * program to the capability the operation needs (capabilities(7), reference
 * section 3.4). A heuristic by design; say so in the UI.
 */

import type { CapName } from '../../sim/kernel/caps/caps.ts';

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

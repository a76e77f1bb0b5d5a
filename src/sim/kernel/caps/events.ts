/**
 * Capability events: the kernel refusing an operation because the caller
 * lacked the capability it needs (the EPERM/EACCES a program then prints).
 * Nothing changes in the kernel's state; the event is a record, as an audit
 * log line would be, so views and lessons can show what was refused and why.
 */

import type { CapName } from './caps.ts';

export type CapsEvent = {
  type: 'caps.denied';
  /** Host PID of the refused process. */
  pid: number;
  comm: string;
  /** The system call (or file write) that was refused, as strace would name it. */
  syscall: string;
  /** The capability that would have allowed it. */
  cap: CapName;
  errno: 'EPERM' | 'EACCES';
};

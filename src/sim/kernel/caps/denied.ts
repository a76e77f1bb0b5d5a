/**
 * Refusing an operation for want of a capability: returns the errno the
 * system call fails with and records a caps.denied event naming the
 * capability (capabilities(7); the kernel itself only logs such refusals
 * through an LSM's audit, e.g. "apparmor=DENIED ... capability=21").
 *
 * SIMPLIFICATIONS: recorded at the places the model checks a capability and
 * refuses; a refusal by plain file permissions (EACCES without a capability
 * that would override it in this model) is not recorded.
 */

import type { Kernel } from '../kernel.ts';
import type { Process } from '../process/types.ts';
import { sysErr, type SysError } from '../errno.ts';
import type { CapName } from './caps.ts';

export function refuse(k: Kernel, p: Process, cap: CapName, syscall: string, errno: 'EPERM' | 'EACCES' = 'EPERM'): SysError {
  k.emit({ type: 'caps.denied', pid: p.pid, comm: p.comm, syscall, cap, errno });
  return sysErr(errno);
}

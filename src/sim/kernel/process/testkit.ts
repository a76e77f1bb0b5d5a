/**
 * Helpers for the process, namespace and capability tests: a booted kernel with
 * an event log, unwrapping of results, and quick ways to make unprivileged
 * processes. Not used by the core.
 */

import { bootKernel } from '../boot.ts';
import { emptyHooks, type Kernel, type KernelHooks } from '../kernel.ts';
import type { LoggedEvent } from '../../events.ts';
import { isErr, type SysError } from '../errno.ts';
import type { Process } from './types.ts';
import { clone, type CloneOptions } from './clone.ts';

export interface Booted {
  k: Kernel;
  log: LoggedEvent[];
  hooks: KernelHooks;
}

export function boot(): Booted {
  const log: LoggedEvent[] = [];
  const hooks = emptyHooks();
  const k = bootKernel({ seed: 1, sink: (e) => log.push(e), hooks });
  return { k, log, hooks };
}

/** The value, or a thrown error naming the errno (tests only). */
export function must<T>(x: T | SysError): T {
  if (isErr(x)) throw new Error(`unexpected ${x.errno}`);
  return x as T;
}

/** Fork a child of `parent` (default: a root shell under PID 1). */
export function fork(k: Kernel, parent: number, opts: CloneOptions = {}): Process {
  return must(clone(k, parent, opts));
}

/** Make a process an ordinary user: all UIDs/GIDs set, no capabilities (as after login). */
export function becomeUser(k: Kernel, pid: number, uid: number, gid = uid): void {
  const p = k.proc(pid);
  if (!p) throw new Error(`no process ${pid}`);
  k.emit({
    type: 'process.credsChanged',
    pid,
    cred: { uid, euid: uid, suid: uid, fsuid: uid, gid, egid: gid, sgid: gid, fsgid: gid, groups: [gid] },
    caps: { effective: 0, permitted: 0, inheritable: 0, ambient: 0, bounding: p.caps.bounding },
  });
}

/** Event types in the log since index `from`. */
export function typesSince(log: LoggedEvent[], from: number): string[] {
  return log.slice(from).map((e) => e.type);
}

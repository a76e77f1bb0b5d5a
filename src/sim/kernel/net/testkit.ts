/**
 * Helpers for the net module's tests: a booted kernel with the net hooks
 * installed, root processes in new network namespaces (unshare -n), and
 * unwrapping of results. Not used by the core.
 */

import { boot, fork, must, type Booted } from '../process/testkit.ts';
import { unshare } from '../ns/unshare.ts';
import { CLONE_FLAGS } from '../ns/types.ts';
import { exitProcess } from '../process/exit.ts';
import type { Kernel } from '../kernel.ts';
import { installNet } from './install.ts';

export { must };

export interface NetBooted extends Booted {
  /** A root shell in the host's namespaces. */
  host: number;
  hostNs: number;
}

export function bootNet(): NetBooted {
  const b = boot();
  installNet(b.hooks);
  const host = fork(b.k, 1).pid;
  return { ...b, host, hostNs: b.k.state.ns.initial.net };
}

/** A root process (child of PID 1) that unshared its network namespace: `unshare -n`. */
export function inNewNetns(k: Kernel): { pid: number; netns: number } {
  const c = fork(k, 1);
  must(unshare(k, c.pid, CLONE_FLAGS.net));
  const p = k.proc(c.pid);
  if (!p) throw new Error('lost the process');
  return { pid: p.pid, netns: p.ns.net };
}

/** End a process (its netns goes when it was the last one in it). */
export function exit(k: Kernel, pid: number): void {
  must(exitProcess(k, pid, 0));
}

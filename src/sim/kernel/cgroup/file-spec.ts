/**
 * The shape of one cgroup interface file (a kernel `struct cftype`): its
 * name, the controller that provides it (null for the cgroup core), whether it
 * appears on the root, in other cgroups or both, and how it reads and writes.
 *
 * SIMPLIFICATIONS: no seq_file offsets, polling or per-open state; a read
 * returns the whole text at once.
 */

import type { Kernel } from '../kernel.ts';
import type { SysError } from '../errno.ts';
import type { Cgroup, Controller } from './types.ts';

export interface FileCtx {
  k: Kernel;
  c: Cgroup;
  /** The reading process (host PID), for files that show PIDs in its PID namespace. */
  readerPid?: number;
}

export interface WriteCtx {
  k: Kernel;
  c: Cgroup;
  /** Host PID of the writing process. */
  writerPid: number;
}

export interface CgroupFileSpec {
  name: string;
  /** null: a core file, present whatever the controllers. */
  controller: Controller | null;
  /** CFTYPE_ONLY_ON_ROOT / CFTYPE_NOT_ON_ROOT. */
  on: 'all' | 'root' | 'nonroot';
  read?: (ctx: FileCtx) => string;
  write?: (ctx: WriteCtx, value: string) => void | SysError;
}

/** "key value\n" lines, as most flat-keyed cgroup files print. */
export function keyed(pairs: ReadonlyArray<readonly [string, number | string]>): string {
  let out = '';
  for (const [key, v] of pairs) out += `${key} ${v}\n`;
  return out;
}

export const PRESSURE_TEXT = 'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n';

/**
 * The whole state of one simulated kernel, as plain serialisable data.
 *
 * Each module owns one slice and is its only writer, through its apply function.
 * snapshot() is a deep copy of this object; restore() puts a copy back.
 */

import type { ClockState } from '../host/clock.ts';
import type { RngState } from '../host/rng.ts';
import type { ProcTable } from './process/types.ts';
import type { NsState } from './ns/types.ts';
import type { CgroupState } from './cgroup/types.ts';
import type { FsState } from './fs/types.ts';
import type { NetState } from './net/types.ts';
import type { LoadedModule, MachineCpu } from './fs/procfs/hardware.ts';

/** Facts about the (virtual) machine the kernel runs on. */
export interface MachineInfo {
  /** uname -r */
  release: string;
  /** uname -v */
  version: string;
  machine: 'x86_64';
  cpus: number;
  memTotalBytes: number;
  /** The host's name at boot (the initial UTS namespace's). */
  hostname: string;
  /** Virtualization facts (/proc/cpuinfo flags, /proc/modules); absent on the default host. */
  cpu?: MachineCpu;
  modules?: LoadedModule[];
}

export interface KernelState {
  machine: MachineInfo;
  clock: ClockState;
  rng: RngState;
  /** Number of events applied so far (the event log's next sequence number). */
  seq: number;
  proc: ProcTable;
  ns: NsState;
  cgroup: CgroupState;
  fs: FsState;
  net: NetState;
}

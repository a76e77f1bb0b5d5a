/** Events of the process module (past tense; applied by applyProcessEvent). */

import type { Process, WaitReason, Credentials } from './types.ts';
import type { NsSet } from '../ns/types.ts';
import type { NsInum } from '../ids.ts';
import type { CapSets } from '../caps/caps.ts';

export type ProcessEvent =
  /** fork/clone: the full new record (its nspids already allocated). */
  | { type: 'process.spawned'; proc: Process }
  /** execve: new program image. Caps recomputed by the caller. */
  | {
      type: 'process.execed';
      pid: number;
      comm: string;
      exe: string;
      argv: string[];
      env: Record<string, string>;
      caps: CapSets;
      program: { name: string; state: unknown };
    }
  | { type: 'process.programStateChanged'; pid: number; state: unknown }
  | { type: 'process.waitChanged'; pid: number; wait: WaitReason; state: 'R' | 'S' | 'D' | 'T' }
  /**
   * A signal reached a process (signal(7)). `from` is the sender's host PID (0: the kernel).
   * action 'handle': the program's handler runs (the userland reacts to this event);
   * 'pending': held until the process is continued or thawed (kept in Process.pending);
   * 'term'/'core': process.exited follows. `fromPending`: this delivers a pending signal.
   */
  | {
      type: 'process.signalled';
      pid: number;
      signal: number;
      from: number;
      action: 'term' | 'core' | 'stop' | 'cont' | 'ignore' | 'handle' | 'pending';
      fromPending?: boolean;
    }
  | { type: 'process.dispositionChanged'; pid: number; caught: number[]; ignored: number[] }
  /** The process ended; it stays a zombie until reaped. Its children listed in `reparent` move to their new parent. */
  | { type: 'process.exited'; pid: number; exitCode: number | null; termSignal: number | null; reparent: Array<{ pid: number; newParent: number }> }
  | { type: 'process.reaped'; pid: number; by: number }
  | { type: 'process.credsChanged'; pid: number; cred: Credentials; caps: CapSets }
  | { type: 'process.capsChanged'; pid: number; caps: CapSets }
  | { type: 'process.nsChanged'; pid: number; ns: NsSet; pidNsForChildren: NsInum; timeNsForChildren: NsInum }
  | { type: 'process.cwdChanged'; pid: number; cwd: string }
  | { type: 'process.rootChanged'; pid: number; root: string; cwd: string }
  | { type: 'process.cgroupMoved'; pid: number; from: string; to: string }
  | { type: 'process.memoryChanged'; pid: number; rssBytes: number }
  | { type: 'process.cpuDemandChanged'; pid: number; cpuDemand: number }
  | { type: 'process.cpuCharged'; pid: number; usec: number }
  | { type: 'process.renamed'; pid: number; comm: string }
  | { type: 'process.pgidChanged'; pid: number; pgid: number; sid: number; tty: string | null }
  | { type: 'process.envChanged'; pid: number; env: Record<string, string> }
  | { type: 'process.containerTagged'; pid: number; containerId: string | null }
  | { type: 'process.frozenChanged'; pid: number; frozen: boolean }
  | { type: 'process.noNewPrivsSet'; pid: number }
  /** prctl(2) flags kept on the process. */
  | { type: 'process.prctlSet'; pid: number; option: 'PR_SET_CHILD_SUBREAPER' | 'PR_SET_KEEPCAPS'; value: boolean };

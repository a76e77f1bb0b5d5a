/**
 * Every state change in a simulated host is one of these past-tense events.
 * The same events drive the views' animations, lesson checks and tests.
 */

import type { ProcessEvent } from './kernel/process/events.ts';
import type { NsEvent } from './kernel/ns/events.ts';
import type { CgroupEvent } from './kernel/cgroup/events.ts';
import type { FsEvent } from './kernel/fs/events.ts';
import type { NetEvent } from './kernel/net/events.ts';
import type { CapsEvent } from './kernel/caps/events.ts';
import type { EngineEvent } from './engine/events.ts';
import type { VmEvent } from './vm/events.ts';

export type KernelEvent = ProcessEvent | NsEvent | CgroupEvent | FsEvent | NetEvent | CapsEvent;

/** Events above the kernel (clock, engine, VMs) join this union as they land. */
export type SimEvent =
  | KernelEvent
  | EngineEvent
  | VmEvent
  | { type: 'clock.advanced'; fromMs: number; toMs: number }
  | { type: 'host.commandRan'; line: string; exitCode: number };

/** An event as recorded in the log: stamped with its sequence number and virtual time. */
export type LoggedEvent = SimEvent & { seq: number; t: number };

/**
 * What the hypervisor holds beside VmState that is not plain data: the live
 * objects attached to running domains. libvirtd keeps the same split: the
 * domain definitions and status are its state files, while a running
 * domain's QEMU monitor connection and console stream are live handles.
 *
 * Models: per domain, the guest (its kernel instance, booted at the kernel
 * stage), an attached serial console, why the VMM is being stopped (so its
 * exit is not taken for a crash), the guest's Docker engine, and per host
 * pid the VMM process's domain.
 * SIMPLIFICATIONS: the guests' state is snapshotted through the guests
 * themselves (guest-factory.ts); consoles and stop reasons are not snapshotted
 * (a restore detaches consoles, and no stop is pending after a command).
 */

import type { Guest, GuestConsole } from './guest.ts';
import type { Engine } from '../engine/engine.ts';

/** Why the hypervisor stopped a VMM; an exit without one is a crash. */
export type StopReason = 'shutdown' | 'destroyed' | 'saved';

/** A running VMM process, by host pid (kept apart from VmState, which may lose a transient domain first). */
export interface VmmEntry {
  name: string;
  id: number;
  tap: string | null;
}

export interface VmRuntime {
  guests: Record<string, Guest>;
  consoles: Record<string, GuestConsole>;
  stopping: Record<string, StopReason>;
  vmms: Record<number, VmmEntry>;
  /** Docker engines of guests that have one (guestDocker). */
  engines: Record<string, Engine>;
  /** Set while the host clock follows a guest's own clock (no re-entry). */
  following: boolean;
}

export function emptyRuntime(): VmRuntime {
  return { guests: {}, consoles: {}, stopping: {}, vmms: {}, engines: {}, following: false };
}

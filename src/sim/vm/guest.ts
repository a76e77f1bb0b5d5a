/**
 * What runs inside a VM, seen from the hypervisor: a guest with its own kernel
 * (or, for Windows, its own small NT model), its own clock and a shell the
 * hypervisor can run commands in or attach a console to.
 *
 * The Linux guest (guest-linux.ts) is a second instance of the project's kernel
 * model: its own PID 1, process table, namespaces, cgroups, filesystem and
 * network stack. The host sees none of it, only the VMM process.
 */

import type { GuestOs } from './guest-os.ts';
import type { KernelState } from '../kernel/state.ts';
import type { UserlandState, HostUserland } from '../userland/index.ts';
import type { WindowsState } from './windows.ts';
import type { EngineState } from '../engine/state.ts';

export interface GuestRunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** An attached serial console: keystrokes in, what the guest prints out. */
export interface GuestConsole {
  /** What the console shows when a client attaches (a prompt after the guest's banner). */
  attach(): string;
  /** Feed keystrokes; returns what the guest printed in reaction. */
  input(data: string): string;
  detach(): void;
}

/** The guest's network configuration, as libvirt's dnsmasq hands it out. */
export interface GuestLease {
  ip: string;
  prefix: number;
  gateway: string;
  dns: string;
  mac: string;
}

export interface Guest {
  readonly kind: 'linux' | 'windows';
  readonly os: GuestOs;
  /** Init has started its services: a shell can run. */
  readonly ready: boolean;
  /** Bring up userland: services, a login session, the network (the `services` boot stage). */
  startServices(lease: GuestLease): void;
  /** Run one command line at a root shell in the guest (like `ssh root@vm cmd`). */
  run(line: string): GuestRunResult;
  /** The guest's monotonic clock, ms since its kernel started. */
  uptimeMs(): number;
  /** Let the guest's clock catch up to `uptimeMs`, firing its timers. */
  advanceTo(uptimeMs: number): void;
  /** Cores the guest's runnable processes want (what its vCPUs must run). */
  cpuDemand(): number;
  /** Bytes of guest memory its processes use (what `free` in the guest counts as used). */
  usedBytes(): number;
  processCount(): number;
  console(): GuestConsole;
  snapshot(): GuestSnapshot;
}

export type GuestSnapshot =
  | { kind: 'linux'; kernel: KernelState; userland: UserlandState; hu: HostUserland | null; consolePid: number | null; engine?: EngineState }
  | { kind: 'windows'; state: WindowsState };

/** Called when a guest moves its own clock (a foreground `sleep` in the guest): the host must follow. */
export type GuestTick = (fromMs: number, toMs: number) => void;

/**
 * createHost: one simulated machine, the facade the UI, lessons, tests and the
 * node adapters use.
 *
 * A host owns a virtual clock, a seeded rng, an event log and a kernel with its
 * userland. Two hosts never share state. Everything is synchronous: run(line)
 * returns once the command has finished (advancing virtual time if the command
 * itself waits) or is left running in the foreground of a terminal.
 *
 * NOTE: this file is a stub while the userland lands; its interface is the contract.
 */

import type { LoggedEvent } from '../events.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { KernelState } from '../kernel/state.ts';
import type { Terminal } from './terminal.ts';

export interface HostOptions {
  /** Seed for every ID, name and MAC. Default 1. */
  seed?: number;
  /** Wall-clock instant of boot, ms since the epoch. */
  bootEpochMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  events: LoggedEvent[];
}

export interface HostSnapshot {
  version: 1;
  kernel: KernelState;
  /** Host-level data beyond the kernel (the root shell's pid, the userland's own state). */
  host: { rootShellPid: number; userland: unknown };
}

export interface Host {
  readonly kernel: Kernel;
  /** Run a command line at the host's root shell (stdin not a terminal). */
  run(line: string): RunResult;
  /** Open an interactive terminal on the host's root shell (a TTY). */
  openTerminal(opts?: { cols?: number; rows?: number }): Terminal;
  /** Move virtual time forward; returns the events that happened meanwhile. */
  advance(ms: number): LoggedEvent[];
  /** The whole state as plain serialisable data. */
  snapshot(): HostSnapshot;
  restore(s: HostSnapshot): void;
  /** Every event since boot (or since restore). */
  readonly log: readonly LoggedEvent[];
}

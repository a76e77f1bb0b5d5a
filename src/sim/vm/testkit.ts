/**
 * A host with the VM tools, for this module's tests until the lead wires the
 * hypervisor into createHost: the host kernel, userland and Docker engine
 * built as createHost builds them, plus VM_PROGRAMS in the registry and a
 * Hypervisor.
 */

import { bootKernel } from '../kernel/boot.ts';
import { emptyHooks, type Kernel } from '../kernel/kernel.ts';
import type { LoggedEvent } from '../events.ts';
import { installNet } from '../kernel/net/install.ts';
import { installCgroup } from '../kernel/cgroup/cpu.ts';
import { sysctlSet } from '../kernel/net/sysctl.ts';
import { advanceTime } from '../kernel/time.ts';
import { deliverSignal } from '../kernel/process/signal.ts';
import { SIGINT } from '../kernel/signals.ts';
import { createUserland, startHostUserland, ensureRootShell, runLine, settle, shellIdle, foregroundOf, createTerminal, type Userland, type HostUserland } from '../userland/index.ts';
import type { FdTable } from '../userland/types.ts';
import type { ShellState } from '../userland/shell/state.ts';
import type { Terminal } from '../host/terminal.ts';
import { Hypervisor, type HypervisorOptions } from './hypervisor.ts';
import { VM_PROGRAMS } from './cli/index.ts';
import { hostMachine } from './host-setup.ts';
import { GUEST_DOCKER_PROGRAMS } from './guest-docker.ts';
import { Engine } from '../engine/engine.ts';
import { ensureRuntime } from '../engine/containers/hooks.ts';

export interface VmTestHost {
  k: Kernel;
  engine: Engine;
  ul: Userland;
  hu: HostUserland;
  hv: Hypervisor;
  log: LoggedEvent[];
  run(line: string): { stdout: string; stderr: string; exitCode: number };
  advance(ms: number): void;
  terminal(): Terminal & { readonly shellPid: number };
}

export function vmTestHost(opts: HypervisorOptions & { seed?: number; install?: boolean } = {}): VmTestHost {
  const log: LoggedEvent[] = [];
  let ul: Userland | null = null;
  const hooks = emptyHooks();
  installNet(hooks);
  installCgroup(hooks);
  const k = bootKernel({
    seed: opts.seed ?? 1,
    // The bare-metal host's CPU and modules (what createHost({ vms: true }) is to pass too).
    machine: hostMachine(opts.config),
    sink: (e) => {
      log.push(e);
      ul?.observe(e);
    },
    hooks,
  });
  sysctlSet(k, 1, 'net.ipv4.ping_group_range', '0 2147483647');
  const u = (ul = createUserland(k, { extraPrograms: [...GUEST_DOCKER_PROGRAMS, ...VM_PROGRAMS] }));
  const engine = new Engine(k, u);
  ensureRuntime(engine);
  const hu = startHostUserland(k, u);
  const hv = new Hypervisor(k, u, opts);
  if (opts.install !== false) hv.install();
  const run = (line: string) => {
    const pid = ensureRootShell(k, u, hu);
    const out = u.newCapture();
    const err = u.newCapture();
    const fds: FdTable = { 0: { k: 'null' }, 1: { k: 'cap', id: out }, 2: { k: 'cap', id: err } };
    const r = runLine(u, pid, line, { fds });
    let exitCode = r.status === 'done' ? r.exitCode : 0;
    if (r.status === 'blocked') {
      for (const p of foregroundOf(u, pid)) if (p.pid !== pid) deliverSignal(k, p, SIGINT, 0, false);
      u.drain();
      settle(u, pid, () => shellIdle(u, pid));
      exitCode = u.programState<ShellState>(pid)?.last ?? 130;
    }
    u.drain();
    return { stdout: u.takeCapture(out), stderr: u.takeCapture(err), exitCode };
  };
  return {
    k,
    engine,
    ul: u,
    hu,
    hv,
    log,
    run,
    advance: (ms) => {
      advanceTime(k, ms);
      u.drain();
    },
    terminal: () => createTerminal(u, ensureRootShell(k, u, hu), { log }),
  };
}

/**
 * createHost: one simulated machine, the facade the UI, lessons, tests and the
 * node adapters use.
 *
 * A host owns a virtual clock, a seeded rng, an event log and a kernel with its
 * userland. Two hosts never share state. Everything is synchronous: run(line)
 * returns once the command has finished (advancing virtual time if the command
 * itself waits) or is left running in the foreground of a terminal.
 */

import type { LoggedEvent } from '../events.ts';
import { emptyHooks, type Kernel } from '../kernel/kernel.ts';
import type { KernelState } from '../kernel/state.ts';
import type { TimerEntry } from '../kernel/process/types.ts';
import type { Terminal } from './terminal.ts';
import { bootKernel } from '../kernel/boot.ts';
import { cloneKernelState, kernelSnapshot } from '../kernel/snapshot.ts';
import { installNet } from '../kernel/net/install.ts';
import { installCgroup } from '../kernel/cgroup/cpu.ts';
import { sysctlSet } from '../kernel/net/sysctl.ts';
import { advanceTime, nextTimerMs } from '../kernel/time.ts';
import { createUserland, startHostUserland, ensureRootShell, runLine, settle, shellIdle, foregroundOf, createTerminal, type Userland, type UserlandState, type HostUserland } from '../userland/index.ts';
import type { FdTable } from '../userland/types.ts';
import { SIGINT } from '../kernel/signals.ts';
import { deliverSignal } from '../kernel/process/signal.ts';
import type { ShellState } from '../userland/shell/state.ts';
import { Engine } from '../engine/engine.ts';
import { daemonPrograms } from '../engine/daemon.ts';
import { ensureRuntime } from '../engine/containers/hooks.ts';
import { dockerProxyProgram } from '../engine/network/index.ts';
import { helloProgram } from '../engine/images/programs/hello.ts';
import { dockerProgram } from '../docker/cli/program.ts';
import { dockerCompletions } from '../docker/cli/complete.ts';
import type { ProgramDef } from '../userland/types.ts';
import { Hypervisor, VM_PROGRAMS, hostMachine, type HypervisorOptions, type VmSnapshot } from '../vm/index.ts';
import type { EngineState } from '../engine/state.ts';
import { clonePlain } from '../kernel/plain.ts';
import { EventLog, type EventLogView } from './event-log.ts';

export interface HostOptions {
  /** Seed for every ID, name and MAC. Default 1. */
  seed?: number;
  /** Wall-clock instant of boot, ms since the epoch. */
  bootEpochMs?: number;
  /** Install QEMU/KVM and libvirt at boot (virsh, virt-install, virbr0). Default false. */
  vms?: boolean;
  /** Options of the hypervisor model (hardware assists, type 1 or 2). */
  vm?: HypervisorOptions;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in the order they were written, as a terminal shows them. */
  output: string;
  exitCode: number;
  events: LoggedEvent[];
}

export interface HostSnapshot {
  version: 1;
  kernel: KernelState;
  /** Host-level data beyond the kernel (the root shell's pid, the userland's own state). */
  host: { rootShellPid: number; sessionPid: number; sshdPid: number; userland: UserlandState; engine: EngineState; vm: VmSnapshot };
}

export interface Host {
  readonly kernel: Kernel;
  /** The simulated dockerd (its Engine API router and state). */
  readonly engine: Engine;
  /** The hypervisor: VMs with their own guest kernels beside the containers. */
  readonly vm: Hypervisor;
  /** Run a command line at the host's root shell (stdin not a terminal). */
  run(line: string): RunResult;
  /** Open an interactive terminal on the host's root shell (a TTY). */
  openTerminal(opts?: { cols?: number; rows?: number }): Terminal;
  /** Move virtual time forward; returns the events that happened meanwhile. */
  advance(ms: number): LoggedEvent[];
  /** The whole state as plain serialisable data. */
  snapshot(): HostSnapshot;
  restore(s: HostSnapshot): void;
  /** Whether the root shell is busy with a foreground job, and its last exit status ($?). */
  rootShellStatus(): { busy: boolean; lastStatus: number };
  /**
   * When the next piece of foreground work started since `sinceMs` is due: the
   * earliest timer, within `windowMs`, of a process started since then that is
   * in the foreground of its terminal and not merely polling (apt-get in a
   * container's shell, `sleep 3` typed there); null when there is none. A
   * person typing waits for such work before the next line.
   */
  foregroundWorkDue(sinceMs: number, windowMs: number): number | null;
  /** The event log: positions count every event since boot (or restore); the latest events are kept (event-log.ts). */
  readonly log: EventLogView;
}

/** How long host.run waits, after pressing ^C on a line that would run forever, for it to end. */
const SIGINT_GRACE_MS = 15_000;
const SIGKILL = 9;

/** Programs of the Docker engine and the docker CLI, added to the userland's registry. */
const DOCKER_PROGRAMS = [dockerProgram, ...daemonPrograms, dockerProxyProgram, helloProgram, ...VM_PROGRAMS] as unknown as ProgramDef<never>[];
/** What a guest's userland gets beyond the base set: the docker CLI, for Docker inside a VM. */
const GUEST_PROGRAMS = [dockerProgram] as unknown as ProgramDef<never>[];

/** Build a host: boot the kernel, start the host's services and root's login shell. */
export function createHost(opts: HostOptions = {}): Host {
  return new SimHost(opts);
}

class SimHost implements Host {
  readonly kernel: Kernel;
  readonly engine: Engine;
  readonly vm: Hypervisor;
  private readonly ul: Userland;
  private readonly hu: HostUserland;
  /** The event log, one for the host's life (terminals hold it). */
  private readonly events = new EventLog();

  constructor(opts: HostOptions) {
    const hooks = emptyHooks();
    installNet(hooks);
    installCgroup(hooks);
    let ul: Userland | null = null;
    this.kernel = bootKernel({
      seed: opts.seed ?? 1,
      // With VMs, the host is bare metal with VT-x/EPT (vmx and ept in /proc/cpuinfo, kvm modules loaded).
      ...(opts.vms ? { machine: hostMachine(opts.vm?.config) } : {}),
      ...(opts.bootEpochMs !== undefined ? { bootEpochMs: opts.bootEpochMs } : {}),
      sink: (e) => {
        this.events.push(e);
        // Lets programs react to signals and exits caused from outside the userland.
        ul?.observe(e);
      },
      hooks,
    });
    // systemd applies /usr/lib/sysctl.d/50-default.conf at boot: unprivileged ICMP for everyone.
    sysctlSet(this.kernel, 1, 'net.ipv4.ping_group_range', '0 2147483647');
    ul = this.ul = createUserland(this.kernel, { extraPrograms: DOCKER_PROGRAMS });
    this.engine = new Engine(this.kernel, this.ul);
    // containerd's runtime port must exist before systemd starts dockerd, which then opens its socket.
    ensureRuntime(this.engine);
    this.hu = startHostUserland(this.kernel, this.ul);
    this.ul.completers.docker = (words, current) =>
      dockerCompletions(words, current, {
        containers: () => Object.values(this.engine.state.containers.byId).map((c) => c.Name.replace(/^\//, '')),
        images: () => Object.keys(this.engine.state.images.tags).map((t) => t.replace(/:latest$/, '')),
      });
    this.vm = new Hypervisor(this.kernel, this.ul, { guestPrograms: GUEST_PROGRAMS, ...opts.vm });
    if (opts.vms) this.vm.install();
  }

  get log(): EventLogView {
    return this.events;
  }

  /** Root's login shell; a new ssh session and shell if the last one exited. */
  private shell(): number {
    return ensureRootShell(this.kernel, this.ul, this.hu);
  }

  run(line: string): RunResult {
    const collected = this.events.collect();
    try {
      return this.runCollecting(line, collected);
    } finally {
      collected();
    }
  }

  private runCollecting(line: string, collected: () => LoggedEvent[]): RunResult {
    const pid = this.shell();
    const out = this.ul.newCapture();
    const err = this.ul.newCapture();
    const all = this.ul.newCapture();
    const fds: FdTable = { 0: { k: 'null' }, 1: { k: 'cap', id: out, also: all }, 2: { k: 'cap', id: err, also: all } };
    const r = runLine(this.ul, pid, line, { fds });
    let exitCode = r.status === 'done' ? r.exitCode : 0;
    if (r.status === 'blocked') {
      // A loop of the shell's own (no program in the foreground, `i=0; while ...; do i=$((i+1)); done`)
      // may still end: it gets the grace period of virtual time before ^C. One seen to spin
      // (shell/spin.ts: `while :; do :; done`, no longer on a periodic timer) never will.
      if (foregroundOf(this.ul, pid).length === 1 && this.ul.state.periodic[pid]) this.waitForPrompt(pid);
      if (!shellIdle(this.ul, pid)) {
        // The command would run forever (ping without -c, tail -f, a server in the foreground,
        // `while :; do :; done`): press ^C, as a person at the terminal would. The terminal sends it to
        // the foreground job, which is the shell itself when it runs a loop of its own.
        const fg = foregroundOf(this.ul, pid);
        for (const p of fg) if (p.pid !== pid || fg.length === 1) deliverSignal(this.kernel, p, SIGINT, 0, false);
        this.ul.drain();
        settle(this.ul, pid, () => shellIdle(this.ul, pid));
        // A program may take a moment to wind down after ^C (the docker CLI waits for the container it
        // forwarded the signal to): let virtual time pass as a person waits for the prompt, and if the
        // line still will not end, kill what is left, so the shell is always ready for the next line
        // (a shell that ignores ^C in a loop of its own is killed too: the next line gets a new one).
        this.waitForPrompt(pid);
        if (!shellIdle(this.ul, pid)) {
          const left = foregroundOf(this.ul, pid);
          for (const p of left) if (p.pid !== pid || left.length === 1) deliverSignal(this.kernel, p, SIGKILL, 0, false);
          this.ul.drain();
          settle(this.ul, pid, () => shellIdle(this.ul, pid));
        }
      }
      const sh = this.kernel.proc(pid);
      exitCode = !sh || sh.state === 'Z' ? SIGKILL + 128 : (this.ul.programState<ShellState>(pid)?.last ?? SIGINT + 128);
    }
    this.ul.drain();
    const stdout = this.ul.takeCapture(out);
    const stderr = this.ul.takeCapture(err);
    return { stdout, stderr, output: this.ul.takeCapture(all), exitCode, events: collected() };
  }

  /** Let up to SIGINT_GRACE_MS of virtual time pass, timer by timer, until the shell is back at its prompt. */
  private waitForPrompt(pid: number): void {
    for (let waited = 0; !shellIdle(this.ul, pid) && waited < SIGINT_GRACE_MS; ) {
      const next = nextTimerMs(this.kernel);
      const step = next === null ? 100 : Math.max(1, Math.min(1000, next - this.kernel.uptimeMs));
      advanceTime(this.kernel, step);
      this.ul.drain();
      waited += step;
    }
  }

  openTerminal(opts: { cols?: number; rows?: number } = {}): Terminal {
    return createTerminal(this.ul, this.shell(), {
      ...opts,
      log: this.events,
      respawn: () => this.shell(),
    });
  }

  advance(ms: number): LoggedEvent[] {
    const collected = this.events.collect();
    if (ms > 0) {
      advanceTime(this.kernel, ms);
      this.ul.drain();
    }
    return collected();
  }

  foregroundWorkDue(sinceMs: number, windowMs: number): number | null {
    const now = this.kernel.uptimeMs;
    const st = this.ul.state;
    const due = this.kernel.state.proc.due;
    for (let i = due.length - 1; i >= 0; i--) {
      const t = due[i] as TimerEntry;
      if (t.untilMs - now > windowMs) return null; // the list is sorted by due time, soonest last
      const p = this.kernel.state.proc.byPid[t.pid];
      if (!p || p.startMs < sinceMs || st.periodic[t.pid] || p.tty === null) continue;
      if (st.ttys[p.tty]?.fgPgid === p.pgid) return t.untilMs;
    }
    return null;
  }

  rootShellStatus(): { busy: boolean; lastStatus: number } {
    const pid = this.hu.rootShellPid;
    const st = this.ul.programState<ShellState>(pid);
    return { busy: !shellIdle(this.ul, pid), lastStatus: st?.last ?? 0 };
  }

  snapshot(): HostSnapshot {
    return {
      version: 1,
      kernel: kernelSnapshot(this.kernel.state),
      host: { ...clonePlain(this.hu), userland: this.ul.snapshot(), engine: clonePlain(this.engine.state), vm: this.vm.snapshot() },
    };
  }

  restore(s: HostSnapshot): void {
    if (s?.version !== 1) throw new Error('restore: not a container-sim host snapshot (version 1)');
    this.kernel.state = cloneKernelState(s.kernel);
    this.ul.restore(s.host.userland);
    this.engine.state = clonePlain(s.host.engine);
    if (s.host.vm) this.vm.restore(s.host.vm);
    Object.assign(this.hu, { rootShellPid: s.host.rootShellPid, sessionPid: s.host.sessionPid, sshdPid: s.host.sshdPid });
    this.events.clear();
  }
}

/**
 * The hypervisor on a simulated host: libvirtd with its QEMU/KVM driver (type
 * 2) or a Xen-style bare-metal hypervisor whose dom0 is the host (type 1).
 * One instance per host; it owns VmState (plain data, snapshotted with the
 * host) and, as runtime attachments, each running VM's guest and console.
 *
 * Models: a domain's life as libvirt drives it. `start` spawns the VMM
 * process on the host (qemu-system-x86_64 as libvirt-qemu, guest RAM charged
 * to it, a tap on virbr0, a dnsmasq lease), then the boot stages pass in
 * virtual time; at the kernel stage a second kernel instance boots (the
 * guest), at the services stage its init starts services and the network.
 * `shutdown` presses the ACPI button, `destroy` kills the VMM, `suspend`
 * stops the vCPUs (the guest clock stops), `managedsave` writes guest memory
 * to /var/lib/libvirt/qemu/save and stops the VMM. Killing the VMM process
 * on the host (kill -9, the OOM killer) crashes the VM.
 * SIMPLIFICATIONS: see vmm.ts, guest-linux.ts and types.ts. The VMM's CPU
 * demand on the host is 1 core while booting, then what the guest's runnable
 * processes want (at most its vCPUs).
 */

import type { Kernel } from '../kernel/kernel.ts';
import type { Userland } from '../userland/userland.ts';
import type { ProgramDef } from '../userland/types.ts';
import type { Process } from '../kernel/process/types.ts';
import { exitProcess } from '../kernel/process/exit.ts';
import { advanceTime } from '../kernel/time.ts';
import { nextInt } from '../host/rng.ts';
import { applyVmEvent } from './apply.ts';
import type { VmEvent } from './events.ts';
import { createInitialVmState, DEFAULT_HYPERVISOR, type HypervisorConfig, type VmRecord, type VmState } from './types.ts';
import { VM_STAGES, type VmStage } from './guest-os.ts';
import { vmStage, vmStatus, vmTransition, type VmMachineEvent, type VmStatus } from './vm.machine.ts';
import { createDefaultNetwork, installFiles, modulesFor, startDaemons, LIBVIRT_SOCK } from './host-setup.ts';
import { chown } from '../kernel/fs/index.ts';
import { removeScope, removeTap, setVmmCpu } from './vmm.ts';
import type { Guest, GuestConsole, GuestLease, GuestSnapshot } from './guest.ts';
import { LinuxGuest } from './guest-linux.ts';
import { makeGuest, newVmRecord, vmDeadline, snapshotGuests, restoreGuests, type GuestEnv } from './guest-factory.ts';
import { type DefineSpec, type DomainView, type VirResponse } from './libvirt-api.ts';
import { clonePlain } from '../kernel/plain.ts';
import { handleRequest } from './libvirtd.ts';
import { GUEST_DOCKER_PROGRAMS, startGuestDocker } from './guest-docker.ts';
import type { Engine } from '../engine/engine.ts';
import { destroyDomain, managedSaveDomain, resumeDomain, shutdownDomain, startDomain, suspendDomain, undefineDomain, type DomainHost, type StopReason } from './domain-ops.ts';

export interface HypervisorOptions {
  config?: Partial<HypervisorConfig>;
  /**
   * Called when a Linux guest's services are up: the seam to give the guest a
   * Docker engine (e.g. `new Engine(guest.kernel, guest.ul)` and dockerd's
   * process), so containers inside a VM show both layers.
   */
  onGuestReady?: (name: string, guest: LinuxGuest) => void;
  /** Programs the guests' userlands get beyond the base set (the docker CLI). */
  guestPrograms?: ProgramDef<never>[];
  /** Install Docker in every Linux guest (its own dockerd and containerd, started with its services). */
  guestDocker?: boolean;
}

export interface VmHandle {
  name: string;
  status(): VmStatus;
  /** Run a command line in the guest's root shell (the VM must be running). */
  run(line: string): { stdout: string; stderr: string; exitCode: number };
  guest(): Guest | null;
  /** The guest's kernel instance (Linux guests), for views and lesson checks. */
  kernel(): Kernel | null;
}

export interface VmSnapshot {
  version: 1;
  state: VmState;
  guests: Record<string, GuestSnapshot>;
}

export class Hypervisor implements DomainHost {
  state: VmState;
  private guests: Record<string, Guest> = {};
  private consoles: Record<string, GuestConsole> = {};
  private stopping: Record<string, StopReason> = {};
  /** Running VMM processes: host pid → the domain (kept apart from VmState, which may lose a transient domain first). */
  private vmms: Record<number, { name: string; id: number; tap: string | null }> = {};
  private following = false;
  /** Docker engines of guests that have one (guestDocker). */
  private engines: Record<string, Engine> = {};

  constructor(
    readonly k: Kernel,
    readonly ul: Userland,
    private readonly opts: HypervisorOptions = {},
  ) {
    this.state = createInitialVmState({ ...DEFAULT_HYPERVISOR, ...opts.config, assist: { ...DEFAULT_HYPERVISOR.assist, ...opts.config?.assist } });
    k.hooks.ticked.push((_k, from, to) => this.tick(from, to));
    // Registered after the userland's: the VMM is not a userland program, its timer is the hypervisor's.
    k.hooks.timerFired.push((_k, p) => {
      const v = this.vmms[p.pid];
      if (v) this.advanceLifecycle(v.name);
    });
    k.hooks.processExited.push((_k, p) => this.onProcessExit(p));
    k.ports.unix[LIBVIRT_SOCK] = { request: (req) => this.handle(req) };
  }

  /** Apply a VM event to VmState and record it in the host's log. */
  emit(e: VmEvent): void {
    applyVmEvent(this.state, e);
    this.k.emit(e);
  }

  private now(): number {
    return this.k.state.clock.uptimeMs;
  }

  /** Install the hypervisor on the host (idempotent): packages, modules, daemons, the default network. */
  install(): void {
    if (this.state.installed) return;
    const c = this.state.config;
    installFiles(this.k, c, (id) => Object.prototype.hasOwnProperty.call(this.ul.registry, id));
    const daemons = startDaemons(this.k, c, this.state.network);
    createDefaultNetwork(this.k, daemons.libvirtd ?? 1, this.state.network);
    this.emit({ type: 'vm.hypervisorInstalled', config: clonePlain(c), modules: modulesFor(c), daemons });
  }

  get kvmAvailable(): boolean {
    return this.state.config.assist.vtx;
  }

  /** Physical RAM (type 1: the machine's; type 2: the host kernel's MemTotal). */
  physicalMemBytes(): number {
    const own = this.k.state.machine.memTotalBytes;
    return this.state.config.type === 1 ? (this.state.config.physicalMemBytes ?? 2 * own) : own;
  }

  // ---- lookups -----------------------------------------------------------

  /** A domain by name, ID or UUID, as virsh resolves it. */
  lookup(s: string): VmRecord | undefined {
    const byName = this.state.vms[s];
    if (byName) return byName;
    for (const n of this.state.order) {
      const vm = this.state.vms[n];
      if (vm && ((vm.id !== null && String(vm.id) === s) || vm.uuid === s)) return vm;
    }
    return undefined;
  }

  status(name: string): VmStatus {
    const vm = this.state.vms[name];
    return vm ? vmStatus(vm.lifecycle.value) : 'undefined';
  }

  guest(name: string): Guest | null {
    return this.guests[name] ?? null;
  }

  /** virsh list order: running domains by ID, then the others by name. */
  list(): VmRecord[] {
    const all = this.state.order.map((n) => this.state.vms[n]).filter((v): v is VmRecord => !!v);
    const active = all.filter((v) => v.id !== null).sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
    const rest = all.filter((v) => v.id === null).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return [...active, ...rest];
  }

  view(vm: VmRecord): DomainView {
    const p = vm.vmmPid !== null ? this.k.proc(vm.vmmPid) : undefined;
    return { vm: clonePlain(vm), status: vmStatus(vm.lifecycle.value), cpuTimeSec: p ? p.cpuUsageUsec / 1e6 : 0, usedMemoryKiB: vm.memoryMiB * 1024, hvType: this.state.config.type };
  }

  /** The time the current boot stage (or shutdown) ends, or null. */
  deadline(vm: VmRecord): number | null {
    return vmDeadline(vm, this.now());
  }

  // ---- define / undefine ---------------------------------------------------

  define(spec: DefineSpec): { ok: true; vm: VmRecord } | { ok: false; error: { code: 'VIR_ERR_OPERATION_FAILED'; message: string } } {
    this.install();
    const existing = this.state.vms[spec.name];
    if (existing) return { ok: false, error: { code: 'VIR_ERR_OPERATION_FAILED', message: `operation failed: domain '${spec.name}' already exists with uuid ${existing.uuid}` } };
    this.emit({ type: 'vm.defined', vm: newVmRecord(this.k, this.daemonPid(), spec, this.kvmAvailable ? 'kvm' : 'tcg') });
    return { ok: true, vm: this.state.vms[spec.name] as VmRecord };
  }

  undefine(name: string, removeStorage: boolean): VirResponse {
    return undefineDomain(this, name, removeStorage);
  }

  // ---- lifecycle -----------------------------------------------------------

  daemonPid(): number {
    const pid = this.state.daemons.libvirtd;
    return pid !== undefined && this.k.proc(pid) && this.k.proc(pid)?.state !== 'Z' ? pid : 1;
  }

  /** Send a lifecycle event; emits vm.lifecycleChanged and removes a domain that became undefined. */
  transition(name: string, e: VmMachineEvent, cause: string): boolean {
    const vm = this.state.vms[name];
    if (!vm) return false;
    const next = vmTransition(vm.lifecycle, e);
    if (!next) return false;
    const from = vmStatus(vm.lifecycle.value);
    const to = vmStatus(next.value);
    this.emit({ type: 'vm.lifecycleChanged', name, from, to, stage: vmStage(next.value), lifecycle: next, cause });
    if (to === 'undefined') this.emit({ type: 'vm.undefined', name });
    return true;
  }

  start(name: string): VirResponse {
    return startDomain(this, name);
  }

  shutdown(name: string): VirResponse {
    return shutdownDomain(this, name);
  }

  destroy(name: string): VirResponse {
    return destroyDomain(this, name);
  }

  suspend(name: string): VirResponse {
    return suspendDomain(this, name);
  }

  resume(name: string): VirResponse {
    return resumeDomain(this, name);
  }

  /** virsh managedsave: guest memory to /var/lib/libvirt/qemu/save, the VMM stops. */
  managedSave(name: string): VirResponse {
    return managedSaveDomain(this, name);
  }

  // ---- internals shared with domain-ops.ts ------------------------------------

  dropGuest(name: string): void {
    delete this.guests[name];
  }

  registerVmm(pid: number, v: { name: string; id: number; tap: string | null }): void {
    this.vmms[pid] = v;
  }

  markStopping(name: string, reason: StopReason): void {
    this.stopping[name] = reason;
  }

  // ---- time ------------------------------------------------------------------

  /**
   * The VMM process's state on the host: runnable (R) while its vCPUs have work
   * (booting, or a busy guest), sleeping otherwise; its timer armed for the
   * current stage's end so virtual time stops there. (A real VMM is several
   * threads: vCPUs running while another waits on a timer.)
   */
  syncVmm(name: string): void {
    const vm = this.state.vms[name];
    if (!vm || vm.vmmPid === null) return;
    const p = this.k.proc(vm.vmmPid);
    if (!p || p.state === 'Z') return;
    const st = vmStatus(vm.lifecycle.value);
    const g = this.guests[name];
    const demand = this.state.config.type === 1 ? 0 : st === 'booting' ? 1 : st === 'running' && g ? Math.min(vm.vcpus, g.cpuDemand()) : 0;
    setVmmCpu(this.k, vm.vmmPid, demand);
    const d = this.deadline(vm);
    const wait = d !== null ? { kind: 'timer' as const, untilMs: d } : demand > 0 ? { kind: 'none' as const } : { kind: 'forever' as const };
    const state = demand > 0 ? 'R' : 'S';
    const same = p.wait.kind === wait.kind && (wait.kind !== 'timer' || (p.wait.kind === 'timer' && p.wait.untilMs === wait.untilMs));
    if (same && p.state === state) return;
    this.k.emit({ type: 'process.waitChanged', pid: vm.vmmPid, wait, state });
  }

  /** Pass every boot stage (or shutdown) whose time has come; then re-arm the VMM. */
  private advanceLifecycle(name: string): void {
    for (let guard = 0; guard < 16; guard++) {
      const cur = this.state.vms[name];
      if (!cur) return;
      const d = this.deadline(cur);
      if (d === null || d > this.now()) break;
      const st = vmStatus(cur.lifecycle.value);
      if (st === 'booting') {
        const from = vmStage(cur.lifecycle.value) as VmStage;
        this.transition(name, { type: 'STAGE_DONE', atMs: d }, `${from} done`);
        this.enterStage(name, from, d);
      } else if (st === 'shuttingDown') {
        const pid = cur.vmmPid;
        this.stopping[name] = 'shutdown';
        this.transition(name, { type: 'POWERED_OFF', atMs: d }, 'powered off');
        if (pid !== null) exitProcess(this.k, pid, 0);
        return;
      }
    }
    this.syncVmm(name);
  }

  /** What happens once stage `done` has finished and the next one begins. */
  private enterStage(name: string, done: VmStage, atMs: number): void {
    const vm = this.state.vms[name];
    if (!vm) return;
    const next = VM_STAGES[VM_STAGES.indexOf(done) + 1];
    if (next === 'kernel') this.bootGuest(vm, atMs);
    if (next === 'services') {
      const g = this.guests[name];
      const net = this.state.network;
      const lease: GuestLease = { ip: vm.nic.ip, prefix: net.prefix, gateway: net.address, dns: net.address, mac: vm.nic.mac };
      g?.startServices(lease);
      if (g instanceof LinuxGuest) {
        if (this.opts.guestDocker) this.engines[name] = startGuestDocker(g);
        this.opts.onGuestReady?.(name, g);
      }
    }
  }

  private bootGuest(vm: VmRecord, atMs: number): void {
    const g = makeGuest(vm, this.guestEnv(vm.name), this.k.state.rng, nextInt(this.k.state.rng, 2 ** 31));
    this.guests[vm.name] = g;
    this.emit({ type: 'vm.guestClockSet', name: vm.name, clock: { hostMs: atMs, guestMs: 0 } });
    g.advanceTo(this.now() - atMs);
  }

  private guestEnv(name: string): GuestEnv {
    const extra = this.opts.guestDocker ? [...GUEST_DOCKER_PROGRAMS, ...(this.opts.guestPrograms ?? [])] : this.opts.guestPrograms;
    return { bootEpochMs: this.k.nowMs, onTick: (from, to) => this.follow(name, from, to), extraPrograms: extra };
  }

  /** Host time passed: running guests' clocks follow, and the VMMs' CPU demand is updated. */
  private tick(_from: number, to: number): void {
    for (const name of [...this.state.order]) {
      const vm = this.state.vms[name];
      if (!vm || vm.vmmPid === null) continue;
      const g = this.guests[name];
      const st = vmStatus(vm.lifecycle.value);
      if (g && vm.guestClock && (st === 'booting' || st === 'running' || st === 'shuttingDown')) g.advanceTo(vm.guestClock.guestMs + (to - vm.guestClock.hostMs));
      const d = this.deadline(vm);
      // A deadline passed without the timer (someone else changed the VMM's wait): catch up.
      if (d !== null && d <= to) this.advanceLifecycle(name);
      else this.syncVmm(name);
    }
  }

  /** A guest moved its own clock (a foreground sleep inside it): the host's clock, and so every guest, follows. */
  private follow(name: string, _from: number, to: number): void {
    const vm = this.state.vms[name];
    if (this.following || !vm?.guestClock) return;
    const hostTarget = vm.guestClock.hostMs + (to - vm.guestClock.guestMs);
    const d = hostTarget - this.now();
    if (d <= 0) return;
    this.following = true;
    try {
      advanceTime(this.k, d);
      this.ul.drain();
    } finally {
      this.following = false;
    }
  }

  /** A VMM process ended: clean up after it; if nobody asked it to stop, the VM crashed. */
  private onProcessExit(p: Process): void {
    const v = this.vmms[p.pid];
    if (!v) return;
    delete this.vmms[p.pid];
    const { name, id, tap } = v;
    const reason = this.stopping[name] ?? 'crashed';
    delete this.stopping[name];
    if (reason === 'crashed') this.transition(name, { type: 'DESTROY', atMs: this.now() }, 'crashed');
    if (tap) removeTap(this.k, tap);
    removeScope(this.k, id, name);
    const vm = this.state.vms[name];
    if (vm) chown(this.k, this.daemonPid(), vm.disk.path, 0, 0);
    this.consoles[name]?.detach();
    delete this.consoles[name];
    this.emit({ type: 'vm.vmmStopped', name, reason });
    if (reason !== 'saved') {
      delete this.guests[name];
      delete this.engines[name];
    }
  }

  // ---- guests and consoles -----------------------------------------------------

  /** Run a command line in a running guest (as root, like `ssh root@guest`). */
  run(name: string, line: string): { stdout: string; stderr: string; exitCode: number } {
    const g = this.guests[name];
    if (!g || this.status(name) !== 'running') return { stdout: '', stderr: `domain '${name}' is not running\n`, exitCode: 255 };
    return g.run(line);
  }

  /** A handle on one VM for lessons and tests: `hv.vm('web1').run('hostname')`. */
  vm(name: string): VmHandle | null {
    const rec = this.lookup(name);
    if (!rec) return null;
    const n = rec.name;
    return {
      name: n,
      status: () => this.status(n),
      run: (line) => this.run(n, line),
      guest: () => this.guest(n),
      kernel: () => {
        const g = this.guest(n);
        return g instanceof LinuxGuest ? g.kernel : null;
      },
    };
  }

  attachConsole(name: string): GuestConsole | null {
    const g = this.guests[name];
    if (!g) return null;
    this.consoles[name]?.detach();
    const c = g.console();
    this.consoles[name] = c;
    return c;
  }

  consoleOf(name: string): GuestConsole | null {
    return this.consoles[name] ?? null;
  }

  detachConsole(name: string): void {
    this.consoles[name]?.detach();
    delete this.consoles[name];
  }

  private handle(req: unknown): VirResponse {
    return handleRequest(this, req);
  }

  // ---- snapshot ------------------------------------------------------------------

  snapshot(): VmSnapshot {
    return { version: 1, state: clonePlain(this.state), guests: snapshotGuests(this.guests, this.engines) };
  }

  restore(s: VmSnapshot): void {
    if (s?.version !== 1) throw new Error('restore: not a VM snapshot (version 1)');
    for (const n of Object.keys(this.consoles)) this.detachConsole(n);
    this.state = clonePlain(s.state);
    this.stopping = {};
    this.vmms = {};
    const r = restoreGuests(s.guests, this.state.vms, this.guests, this.engines, (n) => this.guestEnv(n));
    this.guests = r.guests;
    this.engines = r.engines;
    for (const vm of Object.values(this.state.vms)) {
      if (vm.id !== null && vm.vmmPid !== null) this.vmms[vm.vmmPid] = { name: vm.name, id: vm.id, tap: vm.nic.tap };
    }
  }
}

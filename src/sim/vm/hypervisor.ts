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
 * The pieces: domain-ops.ts (libvirt's operations), vm-time.ts (boot stages
 * and guest clocks in virtual time, VMM exits), guest-access.ts (run, console),
 * runtime.ts (the live objects beside VmState), libvirtd.ts (the socket).
 * SIMPLIFICATIONS: see vmm.ts, guest-linux.ts, vm-time.ts and types.ts.
 */

import type { Kernel } from '../kernel/kernel.ts';
import type { Userland } from '../userland/userland.ts';
import type { ProgramDef } from '../userland/types.ts';
import { applyVmEvent } from './apply.ts';
import type { VmEvent } from './events.ts';
import { createInitialVmState, DEFAULT_HYPERVISOR, type HypervisorConfig, type VmRecord, type VmState } from './types.ts';
import { vmStage, vmStatus, vmTransition, type VmMachineEvent, type VmStatus } from './vm.machine.ts';
import { createDefaultNetwork, installFiles, modulesFor, startDaemons, LIBVIRT_SOCK } from './host-setup.ts';
import type { Guest, GuestConsole, GuestSnapshot } from './guest.ts';
import type { LinuxGuest } from './guest-linux.ts';
import { newVmRecord, vmDeadline, snapshotGuests, restoreGuests } from './guest-factory.ts';
import { type DefineSpec, type DomainView, type VirResponse } from './libvirt-api.ts';
import { clonePlain } from '../kernel/plain.ts';
import { handleRequest } from './libvirtd.ts';
import { destroyDomain, managedSaveDomain, resumeDomain, shutdownDomain, startDomain, suspendDomain, undefineDomain, type DomainHost } from './domain-ops.ts';
import { emptyRuntime, type StopReason, type VmmEntry, type VmRuntime } from './runtime.ts';
import { advanceLifecycle, guestEnv, onVmmExit, syncVmm, tick } from './vm-time.ts';
import { attachConsole, detachConsole, runInGuest, vmHandle, type VmHandle } from './guest-access.ts';

export type { VmHandle } from './guest-access.ts';

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

export interface VmSnapshot {
  version: 1;
  state: VmState;
  guests: Record<string, GuestSnapshot>;
}

export class Hypervisor implements DomainHost {
  state: VmState;
  /** Live objects of running domains: guests, consoles, VMM pids (runtime.ts). */
  readonly rt: VmRuntime = emptyRuntime();

  constructor(
    readonly k: Kernel,
    readonly ul: Userland,
    readonly opts: HypervisorOptions = {},
  ) {
    this.state = createInitialVmState({ ...DEFAULT_HYPERVISOR, ...opts.config, assist: { ...DEFAULT_HYPERVISOR.assist, ...opts.config?.assist } });
    k.hooks.ticked.push((_k, from, to) => tick(this, from, to));
    // Registered after the userland's: the VMM is not a userland program, its timer is the hypervisor's.
    k.hooks.timerFired.push((_k, p) => {
      const v = this.rt.vmms[p.pid];
      if (v) advanceLifecycle(this, v.name);
    });
    k.hooks.processExited.push((_k, p) => onVmmExit(this, p));
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
    return this.rt.guests[name] ?? null;
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
    const rssKiB = p && p.state !== 'Z' ? Math.floor(p.rssBytes / 1024) : 0;
    return { vm: clonePlain(vm), status: vmStatus(vm.lifecycle.value), cpuTimeSec: p ? p.cpuUsageUsec / 1e6 : 0, usedMemoryKiB: vm.memoryMiB * 1024, hvType: this.state.config.type, rssKiB };
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

  // ---- internals shared with domain-ops.ts and vm-time.ts ---------------------

  dropGuest(name: string): void {
    delete this.rt.guests[name];
  }

  registerVmm(pid: number, v: VmmEntry): void {
    this.rt.vmms[pid] = v;
  }

  markStopping(name: string, reason: StopReason): void {
    this.rt.stopping[name] = reason;
  }

  /** Arm the VMM process for the domain's state (vm-time.ts). */
  syncVmm(name: string): void {
    syncVmm(this, name);
  }

  // ---- guests and consoles (guest-access.ts) -------------------------------------

  run(name: string, line: string): { stdout: string; stderr: string; exitCode: number } {
    return runInGuest(this, name, line);
  }

  /** A handle on one VM for lessons and tests: `hv.vm('web1').run('hostname')`. */
  vm(name: string): VmHandle | null {
    return vmHandle(this, name);
  }

  attachConsole(name: string): GuestConsole | null {
    return attachConsole(this, name);
  }

  consoleOf(name: string): GuestConsole | null {
    return this.rt.consoles[name] ?? null;
  }

  detachConsole(name: string): void {
    detachConsole(this, name);
  }

  private handle(req: unknown): VirResponse {
    return handleRequest(this, req);
  }

  // ---- snapshot ------------------------------------------------------------------

  snapshot(): VmSnapshot {
    return { version: 1, state: clonePlain(this.state), guests: snapshotGuests(this.rt.guests, this.rt.engines) };
  }

  restore(s: VmSnapshot): void {
    if (s?.version !== 1) throw new Error('restore: not a VM snapshot (version 1)');
    const rt = this.rt;
    for (const n of Object.keys(rt.consoles)) this.detachConsole(n);
    this.state = clonePlain(s.state);
    rt.stopping = {};
    rt.vmms = {};
    const r = restoreGuests(s.guests, this.state.vms, rt.guests, rt.engines, (n) => guestEnv(this, n));
    rt.guests = r.guests;
    rt.engines = r.engines;
    for (const vm of Object.values(this.state.vms)) {
      if (vm.id !== null && vm.vmmPid !== null) rt.vmms[vm.vmmPid] = { name: vm.name, id: vm.id, tap: vm.nic.tap };
    }
  }
}

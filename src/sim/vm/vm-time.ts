/**
 * A domain's life in virtual time: the boot stages pass as the host clock
 * reaches their ends, the guest kernel boots at the `kernel` stage and starts
 * its services at `services`, an ACPI shutdown powers off after the guest's
 * shutdown time, the guests' clocks follow the host's while their vCPUs run,
 * and a VMM process that ends is cleaned up after (a crash if nobody asked).
 *
 * Models: the VMM process on the host (qemu-system-x86_64) as the kernel model
 * sees it: runnable while its vCPUs have work (booting, or a busy guest),
 * sleeping otherwise, its timer armed for the current stage's end so that
 * virtual time stops there; its CPU demand is what the guest's runnable
 * processes want, at most its vCPUs.
 * SIMPLIFICATIONS: a real VMM is several threads (vCPUs running while another
 * waits on a timer); here one process carries both. A paused or saved guest's
 * clock stops and resumes where it was (no kvmclock jump).
 */

import type { Process } from '../kernel/process/types.ts';
import { exitProcess } from '../kernel/process/exit.ts';
import { advanceTime } from '../kernel/time.ts';
import { nextInt } from '../host/rng.ts';
import { chown } from '../kernel/fs/index.ts';
import type { VmRecord } from './types.ts';
import { VM_STAGES, type VmStage } from './guest-os.ts';
import { vmStage, vmStatus } from './vm.machine.ts';
import { removeScope, removeTap, setVmmCpu } from './vmm.ts';
import type { GuestLease } from './guest.ts';
import { LinuxGuest } from './guest-linux.ts';
import { makeGuest, type GuestEnv } from './guest-factory.ts';
import { GUEST_DOCKER_PROGRAMS, startGuestDocker } from './guest-docker.ts';
import type { Hypervisor } from './hypervisor.ts';
import type { ProgramDef } from '../userland/types.ts';
import { VIRT_PROGRAMS } from '../userland/programs/virt.ts';
import { truncate } from '../kernel/fs/index.ts';
import { GUEST_OSES } from './guest-os.ts';

/** The VMM stopped: the guest's root filesystem is what its image now holds, and the file grew by what was added. */
function writeDisk(hv: Hypervisor, name: string): void {
  const g = hv.rt.guests[name];
  const vm = hv.state.vms[name];
  if (!(g instanceof LinuxGuest) || !vm) return;
  const disk = g.diskState();
  if (!disk) return;
  hv.emit({ type: 'vm.diskWritten', name, path: vm.disk.path, disk });
  const grown = g.diskGrowthBytes();
  if (grown > 0) truncate(hv.k, hv.daemonPid(), vm.disk.path, GUEST_OSES[vm.os].diskBytes + grown);
}

function now(hv: Hypervisor): number {
  return hv.k.state.clock.uptimeMs;
}

/** Arm the VMM process for the domain's state: CPU demand, run state, and its timer. */
export function syncVmm(hv: Hypervisor, name: string): void {
  const vm = hv.state.vms[name];
  if (!vm || vm.vmmPid === null) return;
  const p = hv.k.proc(vm.vmmPid);
  if (!p || p.state === 'Z') return;
  const st = vmStatus(vm.lifecycle.value);
  const g = hv.rt.guests[name];
  const demand = hv.state.config.type === 1 ? 0 : st === 'booting' ? 1 : st === 'running' && g ? Math.min(vm.vcpus, g.cpuDemand()) : 0;
  setVmmCpu(hv.k, vm.vmmPid, demand);
  const d = hv.deadline(vm);
  const wait = d !== null ? { kind: 'timer' as const, untilMs: d } : demand > 0 ? { kind: 'none' as const } : { kind: 'forever' as const };
  const state = demand > 0 ? 'R' : 'S';
  const same = p.wait.kind === wait.kind && (wait.kind !== 'timer' || (p.wait.kind === 'timer' && p.wait.untilMs === wait.untilMs));
  if (same && p.state === state) return;
  hv.k.emit({ type: 'process.waitChanged', pid: vm.vmmPid, wait, state });
}

/** Pass every boot stage (or shutdown) whose time has come; then re-arm the VMM. */
export function advanceLifecycle(hv: Hypervisor, name: string): void {
  for (let guard = 0; guard < 16; guard++) {
    const cur = hv.state.vms[name];
    if (!cur) return;
    const d = hv.deadline(cur);
    if (d === null || d > now(hv)) break;
    const st = vmStatus(cur.lifecycle.value);
    if (st === 'booting') {
      const from = vmStage(cur.lifecycle.value) as VmStage;
      hv.transition(name, { type: 'STAGE_DONE', atMs: d }, `${from} done`);
      enterStage(hv, name, from, d);
    } else if (st === 'shuttingDown') {
      const pid = cur.vmmPid;
      hv.rt.stopping[name] = 'shutdown';
      hv.transition(name, { type: 'POWERED_OFF', atMs: d }, 'powered off');
      if (pid !== null) exitProcess(hv.k, pid, 0);
      return;
    }
  }
  syncVmm(hv, name);
}

/** What happens once stage `done` has finished and the next one begins. */
function enterStage(hv: Hypervisor, name: string, done: VmStage, atMs: number): void {
  const vm = hv.state.vms[name];
  if (!vm) return;
  const next = VM_STAGES[VM_STAGES.indexOf(done) + 1];
  if (next === 'kernel') bootGuest(hv, vm, atMs);
  if (next === 'services') {
    const g = hv.rt.guests[name];
    const net = hv.state.network;
    const lease: GuestLease = { ip: vm.nic.ip, prefix: net.prefix, gateway: net.address, dns: net.address, mac: vm.nic.mac };
    g?.startServices(lease);
    if (g instanceof LinuxGuest) {
      if (hv.opts.guestDocker) hv.rt.engines[name] = startGuestDocker(g);
      hv.opts.onGuestReady?.(name, g);
    }
  }
}

/** The guest kernel starts: a new kernel instance whose clock begins at 0 at `atMs`. */
function bootGuest(hv: Hypervisor, vm: VmRecord, atMs: number): void {
  const g = makeGuest(vm, guestEnv(hv, vm.name), hv.k.state.rng, nextInt(hv.k.state.rng, 2 ** 31));
  hv.rt.guests[vm.name] = g;
  hv.emit({ type: 'vm.guestClockSet', name: vm.name, clock: { hostMs: atMs, guestMs: 0 } });
  g.advanceTo(now(hv) - atMs);
}

/** What a guest of domain `name` gets from the host: its boot instant, its clock's link back, its programs. */
export function guestEnv(hv: Hypervisor, name: string): GuestEnv {
  const extra = hv.opts.guestDocker ? [...GUEST_DOCKER_PROGRAMS, ...(hv.opts.guestPrograms ?? [])] : hv.opts.guestPrograms;
  const path = hv.state.vms[name]?.disk.path;
  const disk = path !== undefined ? (hv.state.disks?.[path] ?? null) : null;
  return { bootEpochMs: hv.k.nowMs, onTick: (from, to) => follow(hv, name, from, to), extraPrograms: [...(extra ?? []), ...VIRT_PROGRAMS] as ProgramDef<never>[], disk };
}

/** Host time passed: running guests' clocks follow, and the VMMs' CPU demand is updated. */
export function tick(hv: Hypervisor, _from: number, to: number): void {
  for (const name of [...hv.state.order]) {
    const vm = hv.state.vms[name];
    if (!vm || vm.vmmPid === null) continue;
    const g = hv.rt.guests[name];
    const st = vmStatus(vm.lifecycle.value);
    if (g && vm.guestClock && (st === 'booting' || st === 'running' || st === 'shuttingDown')) g.advanceTo(vm.guestClock.guestMs + (to - vm.guestClock.hostMs));
    const d = hv.deadline(vm);
    // A deadline passed without the timer (someone else changed the VMM's wait): catch up.
    if (d !== null && d <= to) advanceLifecycle(hv, name);
    else syncVmm(hv, name);
  }
}

/** A guest moved its own clock (a foreground sleep inside it): the host's clock, and so every guest, follows. */
function follow(hv: Hypervisor, name: string, _from: number, to: number): void {
  const vm = hv.state.vms[name];
  if (hv.rt.following || !vm?.guestClock) return;
  const hostTarget = vm.guestClock.hostMs + (to - vm.guestClock.guestMs);
  const d = hostTarget - now(hv);
  if (d <= 0) return;
  hv.rt.following = true;
  try {
    advanceTime(hv.k, d);
    hv.ul.drain();
  } finally {
    hv.rt.following = false;
  }
}

/** A VMM process ended: clean up after it; if nobody asked it to stop, the VM crashed. */
export function onVmmExit(hv: Hypervisor, p: Process): void {
  const rt = hv.rt;
  const v = rt.vmms[p.pid];
  if (!v) return;
  delete rt.vmms[p.pid];
  const { name, id, tap } = v;
  const reason = rt.stopping[name] ?? 'crashed';
  delete rt.stopping[name];
  if (reason === 'crashed') hv.transition(name, { type: 'DESTROY', atMs: now(hv) }, 'crashed');
  if (tap) removeTap(hv.k, tap);
  removeScope(hv.k, id, name);
  const vm = hv.state.vms[name];
  if (vm) chown(hv.k, hv.daemonPid(), vm.disk.path, 0, 0);
  rt.consoles[name]?.detach();
  delete rt.consoles[name];
  hv.emit({ type: 'vm.vmmStopped', name, reason });
  if (reason !== 'saved') {
    writeDisk(hv, name);
    delete rt.guests[name];
    delete rt.engines[name];
  }
}

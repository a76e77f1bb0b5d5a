/**
 * libvirt's domain operations on the hypervisor: start (or restore a managed
 * save), shutdown (ACPI), destroy, suspend, resume, managedsave and undefine,
 * with libvirt's refusals worded as virterror words them.
 * See hypervisor.ts for the model; these functions change state only through
 * the hypervisor's events and the kernel's operations.
 */

import { killProcess } from '../kernel/process/exit.ts';
import { SIGKILL } from '../kernel/signals.ts';
import { chown, exists } from '../kernel/fs/index.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { Userland } from '../userland/userland.ts';
import type { VmEvent } from './events.ts';
import type { VmRecord, VmState } from './types.ts';
import type { Guest } from './guest.ts';
import { isActive, vmStatus, type VmMachineEvent } from './vm.machine.ts';
import { MiB } from './figures.ts';
import { LIBVIRT_QEMU_UID, KVM_GID } from './host-setup.ts';
import { createSizedFile, createTap, removeFile, removeScope, spawnVmm, vmmThreads } from './vmm.ts';
import { noDomain, notRunning, virErr, type VirResponse } from './libvirt-api.ts';
import type { StopReason, VmmEntry } from './runtime.ts';

export type { StopReason } from './runtime.ts';

/** What the domain operations need from the hypervisor (its internals, for this module only). */
export interface DomainHost {
  readonly k: Kernel;
  readonly ul: Userland;
  readonly state: VmState;
  emit(e: VmEvent): void;
  lookup(name: string): VmRecord | undefined;
  list(): VmRecord[];
  physicalMemBytes(): number;
  guest(name: string): Guest | null;
  dropGuest(name: string): void;
  daemonPid(): number;
  transition(name: string, e: VmMachineEvent, cause: string): boolean;
  syncVmm(name: string): void;
  registerVmm(pid: number, v: VmmEntry): void;
  markStopping(name: string, reason: StopReason): void;
}

function now(hv: DomainHost): number {
  return hv.k.state.clock.uptimeMs;
}

export function undefineDomain(hv: DomainHost, name: string, removeStorage: boolean): VirResponse {
  const vm = hv.lookup(name);
  if (!vm) return noDomain(name);
  const removed: string[] = [];
  if (removeStorage) {
    removeFile(hv.k, hv.daemonPid(), vm.disk.path);
    removed.push(vm.disk.path);
    hv.emit({ type: 'vm.diskErased', path: vm.disk.path });
  }
  if (vm.saveFile) {
    removeFile(hv.k, hv.daemonPid(), vm.saveFile);
    hv.emit({ type: 'vm.saveFileChanged', name: vm.name, path: null });
  }
  hv.transition(vm.name, { type: 'UNDEFINE' }, 'undefine');
  return { ok: true, removed };
}

export function startDomain(hv: DomainHost, name: string): VirResponse {
  const vm = hv.lookup(name);
  if (!vm) return noDomain(name);
  const st = vmStatus(vm.lifecycle.value);
  if (isActive(st)) return virErr('VIR_ERR_OPERATION_INVALID', 'Requested operation is not valid: domain is already running');
  if (hv.state.config.type === 1) {
    const used = hv.list().filter((v) => v.id !== null).reduce((a, v) => a + v.memoryMiB * MiB, 0);
    if (hv.physicalMemBytes() - hv.k.state.machine.memTotalBytes - used < vm.memoryMiB * MiB) {
      return virErr('VIR_ERR_INTERNAL_ERROR', `internal error: libxenlight failed to create new domain '${vm.name}'`);
    }
  }
  // virStorageSourceReportBrokenChain: the image must be there before QEMU starts.
  if (!exists(hv.k, hv.daemonPid(), vm.disk.path)) {
    return virErr('VIR_ERR_SYSTEM_ERROR', `Cannot access storage file '${vm.disk.path}' (as uid:${LIBVIRT_QEMU_UID}, gid:${KVM_GID}): No such file or directory`);
  }
  const id = hv.state.nextId;
  const pid = spawnVmm(hv.k, vm, id, vm.accel, hv.state.config.type);
  if (pid === null || pid === 'oom') {
    removeScope(hv.k, id, vm.name);
    return virErr('VIR_ERR_INTERNAL_ERROR', `internal error: QEMU unexpectedly closed the monitor (vm='${vm.name}'): Killed`);
  }
  const tap = hv.state.config.type === 1 ? `vif${id}.0` : `vnet${hv.state.nextTap}`;
  createTap(hv.k, hv.daemonPid(), tap, vm.nic.mac, hv.state.network.bridge);
  hv.registerVmm(pid, { name: vm.name, id, tap });
  // libvirt's dynamic_ownership: the image belongs to the VMM's user while it runs.
  chown(hv.k, hv.daemonPid(), vm.disk.path, LIBVIRT_QEMU_UID, KVM_GID);
  hv.emit({ type: 'vm.vmmStarted', name: vm.name, id, pid, threads: vmmThreads(pid, vm.vcpus, vm.accel), tap, accel: vm.accel });
  if (!hv.state.network.leases[vm.nic.mac]) {
    const net = hv.state.network;
    hv.emit({ type: 'vm.leaseGranted', name: vm.name, mac: vm.nic.mac, ip: `${net.address.split('.').slice(0, 3).join('.')}.${net.nextHost}` });
  } else if (!vm.nic.ip) {
    hv.emit({ type: 'vm.leaseGranted', name: vm.name, mac: vm.nic.mac, ip: hv.state.network.leases[vm.nic.mac] as string });
  }
  if (st === 'saved') {
    if (vm.saveFile) removeFile(hv.k, hv.daemonPid(), vm.saveFile);
    hv.emit({ type: 'vm.saveFileChanged', name: vm.name, path: null });
    const g = hv.guest(vm.name);
    hv.transition(vm.name, { type: 'START', atMs: now(hv) }, 'restore');
    if (g) hv.emit({ type: 'vm.guestClockSet', name: vm.name, clock: { hostMs: now(hv), guestMs: g.uptimeMs() } });
    hv.syncVmm(vm.name);
    return { ok: true };
  }
  hv.dropGuest(vm.name);
  hv.transition(vm.name, { type: 'START', atMs: now(hv) }, 'start');
  hv.syncVmm(vm.name);
  return { ok: true };
}

export function shutdownDomain(hv: DomainHost, name: string): VirResponse {
  const vm = hv.lookup(name);
  if (!vm) return noDomain(name);
  if (!isActive(vmStatus(vm.lifecycle.value))) return notRunning();
  if (hv.transition(vm.name, { type: 'SHUTDOWN', atMs: now(hv) }, 'acpi-shutdown')) hv.syncVmm(vm.name);
  return { ok: true };
}

export function destroyDomain(hv: DomainHost, name: string): VirResponse {
  const vm = hv.lookup(name);
  if (!vm) return noDomain(name);
  if (!isActive(vmStatus(vm.lifecycle.value))) return notRunning();
  hv.markStopping(vm.name, 'destroyed');
  hv.transition(vm.name, { type: 'DESTROY', atMs: now(hv) }, 'destroy');
  if (vm.vmmPid !== null) killProcess(hv.k, vm.vmmPid, SIGKILL);
  hv.ul.drain();
  return { ok: true };
}

export function suspendDomain(hv: DomainHost, name: string): VirResponse {
  const vm = hv.lookup(name);
  if (!vm) return noDomain(name);
  const st = vmStatus(vm.lifecycle.value);
  if (!isActive(st)) return notRunning();
  if (st === 'paused') return { ok: true };
  if (!hv.transition(vm.name, { type: 'SUSPEND', atMs: now(hv) }, 'suspend')) {
    return virErr('VIR_ERR_OPERATION_INVALID', 'Requested operation is not valid: domain is booting');
  }
  hv.syncVmm(vm.name);
  return { ok: true };
}

export function resumeDomain(hv: DomainHost, name: string): VirResponse {
  const vm = hv.lookup(name);
  if (!vm) return noDomain(name);
  const st = vmStatus(vm.lifecycle.value);
  if (!isActive(st)) return notRunning();
  if (st !== 'paused') return virErr('VIR_ERR_OPERATION_INVALID', 'Requested operation is not valid: domain is already running');
  hv.transition(vm.name, { type: 'RESUME', atMs: now(hv) }, 'resume');
  const g = hv.guest(vm.name);
  if (g) hv.emit({ type: 'vm.guestClockSet', name: vm.name, clock: { hostMs: now(hv), guestMs: g.uptimeMs() } });
  hv.syncVmm(vm.name);
  return { ok: true };
}

export function managedSaveDomain(hv: DomainHost, name: string): VirResponse {
  const vm = hv.lookup(name);
  if (!vm) return noDomain(name);
  const st = vmStatus(vm.lifecycle.value);
  if (!isActive(st)) return notRunning();
  if (st !== 'running' && st !== 'paused') return virErr('VIR_ERR_OPERATION_INVALID', 'Requested operation is not valid: domain is not running');
  const path = `/var/lib/libvirt/qemu/save/${vm.name}.save`;
  const g = hv.guest(vm.name);
  createSizedFile(hv.k, hv.daemonPid(), path, Math.max(g?.usedBytes() ?? 0, 64 * MiB), 0o600);
  hv.emit({ type: 'vm.saveFileChanged', name: vm.name, path });
  hv.markStopping(vm.name, 'saved');
  hv.transition(vm.name, { type: 'SAVE', atMs: now(hv) }, 'managedsave');
  if (vm.vmmPid !== null) killProcess(hv.k, vm.vmmPid, SIGKILL);
  hv.ul.drain();
  return { ok: true };
}

/**
 * Making the pieces of a VM: its definition record (UUID, MAC, disk image),
 * its guest when it reaches the kernel stage (a Linux kernel instance or the
 * small Windows model), and the time its current boot stage or shutdown ends.
 */

import type { Kernel } from '../kernel/kernel.ts';
import type { RngState } from '../host/rng.ts';
import { hex, nextInt } from '../host/rng.ts';
import type { ProgramDef } from '../userland/types.ts';
import { GUEST_OSES, stageMs, type VmStage } from './guest-os.ts';
import { FIGURES, GiB } from './figures.ts';
import { initialVmLifecycle, vmStage, vmStatus } from './vm.machine.ts';
import { createSizedFile } from './vmm.ts';
import type { DefineSpec } from './libvirt-api.ts';
import type { VmRecord } from './types.ts';
import type { Guest, GuestSnapshot, GuestTick } from './guest.ts';
import { LinuxGuest } from './guest-linux.ts';
import { WindowsGuest, createWindowsState } from './windows.ts';
import { restoreGuestEngine } from './guest-docker.ts';
import type { Engine } from '../engine/engine.ts';
import { clonePlain } from '../kernel/plain.ts';
import { setxattr } from '../kernel/fs/index.ts';
import { QCOW2_FORMAT_XATTR, QCOW2_VSIZE_XATTR, type GuestDisk } from './guest-disk.ts';

/** What a guest needs from its host besides its definition. */
export interface GuestEnv {
  bootEpochMs: number;
  onTick: GuestTick;
  extraPrograms: ProgramDef<never>[] | undefined;
  /** What the VM's disk holds from earlier boots, or null (a fresh image). */
  disk: GuestDisk | null;
}

/**
 * A new domain's record: a random (version 4) UUID and a MAC in QEMU's
 * 52:54:00 range from the host's rng, and the image file with the installed
 * OS under /var/lib/libvirt/images (NAME.qcow2, or NAME-1.qcow2 if taken).
 */
export function newVmRecord(k: Kernel, asPid: number, spec: DefineSpec, accel: 'kvm' | 'tcg'): VmRecord {
  const os = GUEST_OSES[spec.os];
  const rng = k.state.rng;
  const h = hex(rng, 32);
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[nextInt(rng, 4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  const mac = `52:54:00:${hex(rng, 2)}:${hex(rng, 2)}:${hex(rng, 2)}`;
  let path = `/var/lib/libvirt/images/${spec.name}.qcow2`;
  for (let i = 1; !createSizedFile(k, asPid, path, os.diskBytes, 0o600) && i <= 20; i++) path = `/var/lib/libvirt/images/${spec.name}-${i}.qcow2`;
  // The qcow2 header: what `qemu-img info` reads (the file itself has no bytes here).
  setxattr(k, asPid, path, QCOW2_FORMAT_XATTR, 'qcow2');
  setxattr(k, asPid, path, QCOW2_VSIZE_XATTR, String(spec.diskGB * GiB));
  return {
    name: spec.name,
    uuid,
    os: spec.os,
    vcpus: spec.vcpus,
    memoryMiB: spec.memoryMiB,
    disk: { path, format: 'qcow2', virtualBytes: spec.diskGB * GiB, allocatedBytes: os.diskBytes, target: 'vda' },
    nic: { mac, network: 'default', tap: null, ip: '' },
    lifecycle: initialVmLifecycle(),
    id: null,
    vmmPid: null,
    threads: [],
    accel,
    saveFile: null,
    guestClock: null,
    definedMs: k.state.clock.uptimeMs,
    autostart: false,
  };
}

/** The time the VM's current boot stage (or ACPI shutdown) ends, or null. */
export function vmDeadline(vm: VmRecord, nowMs: number): number | null {
  const st = vmStatus(vm.lifecycle.value);
  const since = vm.lifecycle.context.sinceMs ?? nowMs;
  const os = GUEST_OSES[vm.os];
  if (st === 'booting') return since + stageMs(os, vmStage(vm.lifecycle.value) as VmStage, vm.accel === 'tcg' ? FIGURES.tcgSlowdown.value : 1);
  if (st === 'shuttingDown') return since + os.shutdownMs;
  return null;
}

function linuxOpts(vm: VmRecord, env: GuestEnv, seed: number) {
  return { seed, os: GUEST_OSES[vm.os], hostname: vm.name, vcpus: vm.vcpus, memoryMiB: vm.memoryMiB, bootEpochMs: env.bootEpochMs, onTick: env.onTick, disk: env.disk, ...(env.extraPrograms ? { extraPrograms: env.extraPrograms } : {}) };
}

/** The guest that starts at the kernel stage. */
export function makeGuest(vm: VmRecord, env: GuestEnv, rng: RngState, seed: number): Guest {
  const os = GUEST_OSES[vm.os];
  return os.family === 'windows' ? new WindowsGuest(os, createWindowsState(rng, os, vm.memoryMiB)) : new LinuxGuest(linuxOpts(vm, env, seed));
}

export function restoreGuest(vm: VmRecord, env: GuestEnv, s: GuestSnapshot): Guest {
  const os = GUEST_OSES[vm.os];
  return s.kind === 'windows' ? new WindowsGuest(os, s.state) : new LinuxGuest(linuxOpts(vm, env, 1), s);
}

/** Every guest's state, with its Docker engine's state when it has one. */
export function snapshotGuests(guests: Record<string, Guest>, engines: Record<string, Engine>): Record<string, GuestSnapshot> {
  const out: Record<string, GuestSnapshot> = {};
  for (const [n, g] of Object.entries(guests)) {
    const gs = g.snapshot();
    const e = engines[n];
    out[n] = gs.kind === 'linux' && e ? { ...gs, engine: clonePlain(e.state) } : gs;
  }
  return out;
}

/**
 * Guests (and their engines) from a snapshot. A Linux guest that still exists
 * for the same VM and OS keeps its kernel object, so its hooks and ports
 * (dockerd's socket) stay; others are rebuilt.
 */
export function restoreGuests(
  snaps: Record<string, GuestSnapshot>,
  vms: Record<string, VmRecord>,
  old: Record<string, Guest>,
  oldEngines: Record<string, Engine>,
  envOf: (name: string) => GuestEnv,
): { guests: Record<string, Guest>; engines: Record<string, Engine> } {
  const guests: Record<string, Guest> = {};
  const engines: Record<string, Engine> = {};
  for (const [n, gs] of Object.entries(snaps)) {
    const vm = vms[n];
    if (!vm) continue;
    const prev = old[n];
    const reuse = prev instanceof LinuxGuest && gs.kind === 'linux' && prev.os.id === vm.os ? prev : null;
    if (reuse && gs.kind === 'linux') reuse.restoreState(gs);
    const g = reuse ?? restoreGuest(vm, envOf(n), gs);
    guests[n] = g;
    if (gs.kind === 'linux' && gs.engine && g instanceof LinuxGuest) {
      const pe = oldEngines[n];
      const e = pe && pe.k === g.kernel ? pe : restoreGuestEngine(g);
      e.state = clonePlain(gs.engine);
      engines[n] = e;
    }
  }
  return { guests, engines };
}

/**
 * A VM as the host sees it (type 2): one qemu-system-x86_64 process, its guest
 * memory charged to that process, a tap device on virbr0 and an image file.
 *
 * Models: libvirt's QEMU driver starting a domain: the VMM runs as
 * libvirt-qemu:kvm, a child of PID 1 (libvirt daemonizes it), in the cgroup
 * /machine.slice/machine-qemu\x2dID\x2dNAME.scope/libvirt/emulator (systemd
 * escapes "-" as \x2d), with a command line like libvirt's (abridged); its
 * threads are named with debug-threads=on ("CPU 0/KVM", "IO mon_iothread",
 * ...). A tap device vnetN (MAC fe:54:00:.. mirroring the guest's 52:54:00:..)
 * joins virbr0 while the VM runs; the disk is a qcow2 file under
 * /var/lib/libvirt/images.
 * SIMPLIFICATIONS:
 * - Guest RAM is charged in full when the VMM starts, as with preallocated
 *   memory (-mem-prealloc); real QEMU's RSS grows as the guest touches pages.
 *   The VMM's own overhead is FIGURES.qemuVmmMemory (a secondary figure).
 * - Threads are data (VmRecord.threads), not processes: the kernel model has one thread per process.
 * - libvirtd creates the tap (kind tun, type tap) and QEMU is said to hold its
 *   descriptor; the device goes when the VMM exits.
 * - Image files are written through a temporary directory (the fs module can
 *   create a sized file without content only as part of a tree).
 */

import type { Kernel } from '../kernel/kernel.ts';
import { isErr } from '../kernel/errno.ts';
import { clone } from '../kernel/process/clone.ts';
import { setgid, setgroups, setuid } from '../kernel/process/creds.ts';
import { mkdirCgroup, rmdirCgroup } from '../kernel/cgroup/dir.ts';
import { chargeMemory } from '../kernel/cgroup/memory.ts';
import { populateTree, rename, rmdir, unlink, exists, writeFile } from '../kernel/fs/index.ts';
import { linkSet, findLink, tunCreate, tunClose, qdiscReplace } from '../kernel/net/index.ts';
import { kSetCpuDemand, kSetPgid, kSetWait } from '../userland/kapi.ts';
import type { FdTable, ProcWrap } from '../userland/types.ts';
import { FIGURES, MiB } from './figures.ts';
import { KVM_GID, LIBVIRT_QEMU_UID } from './host-setup.ts';
import type { VmRecord, VmmThread } from './types.ts';

/**
 * The VMM's program name in its process record. No userland program has this
 * id: the hypervisor itself drives the process (its timer and its exit).
 */
export const QEMU_PROGRAM = 'qemu-vmm';
export const QEMU_PATH = '/usr/bin/qemu-system-x86_64';

/** systemd's unit-name escaping of a machine name ("qemu-1-web-1" → "qemu\x2d1\x2dweb\x2d1"). */
export function systemdEscape(s: string): string {
  return s.replace(/[^A-Za-z0-9:_.]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function machineScope(id: number, name: string): string {
  return `/machine.slice/machine-${systemdEscape(`qemu-${id}-${name}`)}.scope`;
}

/** libvirt's qemu command line for the domain (abridged to the options a learner can read). */
export function vmmArgv(vm: VmRecord, id: number, accel: 'kvm' | 'tcg'): string[] {
  return [
    QEMU_PATH,
    '-name', `guest=${vm.name},debug-threads=on`,
    '-S',
    '-machine', 'pc-q35-7.2,usb=off,vmport=off,dump-guest-core=off',
    '-accel', accel,
    '-cpu', accel === 'kvm' ? 'host,migratable=on' : 'qemu64',
    '-m', String(vm.memoryMiB),
    '-smp', `${vm.vcpus},sockets=${vm.vcpus},cores=1,threads=1`,
    '-uuid', vm.uuid,
    '-no-user-config', '-nodefaults',
    '-chardev', `socket,id=charmonitor,path=/var/lib/libvirt/qemu/domain-${id}-${vm.name}/monitor.sock,server=on,wait=off`,
    '-mon', 'chardev=charmonitor,id=monitor,mode=control',
    '-blockdev', `{"driver":"file","filename":"${vm.disk.path}","node-name":"libvirt-1-storage"}`,
    '-device', 'virtio-blk-pci,drive=libvirt-1-format,id=virtio-disk0,bootindex=1',
    '-netdev', 'tap,fd=34,vhost=on,vhostfd=36,id=hostnet0',
    '-device', `virtio-net-pci,netdev=hostnet0,id=net0,mac=${vm.nic.mac}`,
    '-chardev', 'pty,id=charserial0',
    '-device', 'isa-serial,chardev=charserial0,id=serial0',
    '-msg', 'timestamp=on',
  ];
}

/** The VMM's threads: main loop, RCU, the monitor's I/O thread and one per vCPU. */
export function vmmThreads(pid: number, vcpus: number, accel: 'kvm' | 'tcg'): VmmThread[] {
  const out: VmmThread[] = [
    { tid: pid, name: 'qemu-system-x86' },
    { tid: pid + 1, name: 'qemu-system-x86' },
    { tid: pid + 2, name: 'IO mon_iothread' },
  ];
  for (let i = 0; i < vcpus; i++) out.push({ tid: pid + 3 + i, name: `CPU ${i}/${accel.toUpperCase()}` });
  return out;
}

/** Bytes the VMM process holds: guest RAM plus the VMM's own overhead. */
export function vmmRssBytes(vm: Pick<VmRecord, 'memoryMiB'>): number {
  return vm.memoryMiB * MiB + FIGURES.qemuVmmMemory.value * MiB;
}

/**
 * Create the cgroups down to `path`, enabling cpu, io, memory and pids for the
 * children of every level above the leaf (systemd does so for machine.slice,
 * libvirt for the scope it is delegated), so memory.current is there to read.
 */
function ensureCgroup(k: Kernel, path: string): void {
  let cur = '';
  const parts = path.split('/').filter(Boolean);
  parts.forEach((c, i) => {
    cur += '/' + c;
    if (!k.state.cgroup.byPath[cur]) mkdirCgroup(k, cur);
    if (i < parts.length - 1) writeFile(k, 1, `/sys/fs/cgroup${cur}/cgroup.subtree_control`, '+cpu +io +memory +pids');
  });
}

const NULL_FDS: FdTable = { 0: { k: 'null' }, 1: { k: 'null' }, 2: { k: 'null' } };

/** Xen's device model for an HVM guest, run by libxl in dom0 (type 1): emulated devices only, no guest RAM. */
export const XEN_DM_PATH = '/usr/lib/xen/bin/qemu-system-i386';

export function xenDmArgv(vm: VmRecord, id: number): string[] {
  return [XEN_DM_PATH, '-xen-domid', String(id), '-no-shutdown', '-chardev', `socket,id=libxl-cmd,path=/var/run/xen/qmp-libxl-${id},server=on,wait=off`, '-mon', 'chardev=libxl-cmd,mode=control', '-nodefaults', '-name', vm.name, '-machine', 'xenfv', '-m', String(vm.memoryMiB), '-net', 'none'];
}

/** The device model's own memory in dom0 (the simulator's figure). */
export const XEN_DM_RSS = 32 * MiB;

/**
 * Start the VMM process for `vm` as domain `id`: on a type-2 host the whole
 * VM (qemu-system-x86_64, guest RAM charged to it); on a type-1 host's dom0
 * only Xen's device model. Returns its pid, 'oom' if charging its memory got
 * it OOM-killed, or null if it could not fork.
 */
export function spawnVmm(k: Kernel, vm: VmRecord, id: number, accel: 'kvm' | 'tcg', type: 1 | 2 = 2): number | 'oom' | null {
  const xen = type === 1;
  const cg = xen ? '/system.slice/libvirtd.service' : `${machineScope(id, vm.name)}/libvirt/emulator`;
  ensureCgroup(k, cg);
  const w: ProcWrap = { fds: NULL_FDS, fl: 'gnu', s: { domain: vm.name, id } };
  const argv = xen ? xenDmArgv(vm, id) : vmmArgv(vm, id, accel);
  const exe = xen ? XEN_DM_PATH : QEMU_PATH;
  const p = clone(k, 1, { comm: exe.slice(exe.lastIndexOf('/') + 1), argv, exe, env: { LC_ALL: 'C', PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' }, program: { name: QEMU_PROGRAM, state: w }, cgroup: cg });
  if (isErr(p)) return null;
  kSetPgid(k, p.pid, p.pid, p.pid, null);
  if (!xen) {
    setgid(k, p.pid, KVM_GID);
    setgroups(k, p.pid, [KVM_GID]);
    setuid(k, p.pid, LIBVIRT_QEMU_UID);
  }
  kSetWait(k, p.pid, { kind: 'forever' });
  const r = chargeMemory(k, p.pid, xen ? XEN_DM_RSS : vmmRssBytes(vm));
  if (r === 'oom-killed') return 'oom';
  return p.pid;
}

/** Remove the VM's scope cgroups once the VMM is gone. */
export function removeScope(k: Kernel, id: number, name: string): void {
  if (!k.state.cgroup.byPath[machineScope(id, name)]) return;
  const scope = machineScope(id, name);
  for (const path of [`${scope}/libvirt/emulator`, `${scope}/libvirt`, scope]) rmdirCgroup(k, path);
}

/** How many cores the VMM wants: its vCPUs running guest work (booting counts as one busy core). */
export function setVmmCpu(k: Kernel, pid: number, cores: number): void {
  kSetCpuDemand(k, pid, cores);
}

/**
 * The tap device for a running VM, as libvirtd makes it (virNetDevTapCreate):
 * TUNSETIFF with IFF_TAP | IFF_NO_PI | IFF_VNET_HDR, the MAC fe:54:00:.. , enslaved
 * to the bridge, up, and its root qdisc replaced with noqueue. The descriptor
 * goes to QEMU (-netdev tap,fd=...).
 */
export function createTap(k: Kernel, pid: number, tap: string, guestMac: string, bridge: string): void {
  const p = k.proc(pid);
  const ns = p ? k.state.net.byNs[p.ns.net] : undefined;
  if (!ns || findLink(ns, tap)) return;
  if (isErr(tunCreate(k, pid, { type: 'tap', name: tap, mac: 'fe' + guestMac.slice(2), vnetHdr: true }))) return;
  linkSet(k, pid, tap, { master: bridge, up: true });
  qdiscReplace(k, pid, tap, 'noqueue');
}

/** The tap goes when the VMM closes its descriptor (a non-persistent tap). */
export function removeTap(k: Kernel, tap: string): void {
  tunClose(k, k.state.ns.initial.net, tap);
}

/** A file of `size` bytes without content (a disk image, a save file), created as `pid`. */
export function createSizedFile(k: Kernel, pid: number, path: string, size: number, mode = 0o600): boolean {
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  const base = path.slice(path.lastIndexOf('/') + 1);
  const tmp = `${dir}/.${base}.part`;
  if (exists(k, pid, path)) return false;
  const r = populateTree(k, pid, tmp, { [base]: { file: null, size, mode } }, { mode: 0o700 });
  if (isErr(r)) return false;
  rename(k, pid, `${tmp}/${base}`, path);
  rmdir(k, pid, tmp);
  return true;
}

export function removeFile(k: Kernel, pid: number, path: string): void {
  if (exists(k, pid, path)) unlink(k, pid, path);
}

/**
 * The hypervisor's state as plain data: what libvirtd keeps about the host's
 * virtualization (the driver, the kvm modules, the default NAT network) and
 * each domain's definition and lifecycle (libvirt's domain XML reduced to what
 * the course shows: name, UUID, vCPUs, memory, one disk, one NIC).
 *
 * Models: a type-2 setup (QEMU/KVM under libvirt on a general-purpose Linux
 * host: one qemu-system-x86_64 process per running VM) and a type-1 setup
 * (a Xen-style bare-metal hypervisor whose privileged partition, dom0, is the
 * simulated host: guests get memory from the hypervisor, not from dom0).
 * SIMPLIFICATIONS:
 * - One NIC and one disk per VM; one network (libvirt's `default`, virbr0).
 * - The VMM's threads are listed as data (the kernel model has one thread per process).
 * - Domain XML, storage pools and snapshots are not modelled.
 * - A disk's contents are the guest's root filesystem as plain data (guest-disk.ts).
 */

import type { VmLifecycle } from './vm.machine.ts';
import type { GuestOsId } from './guest-os.ts';
import type { GuestDisk } from './guest-disk.ts';

/** Type 2: hosted (QEMU/KVM on Linux). Type 1: bare metal; the simulated host is dom0. */
export type HypervisorType = 1 | 2;

/** CPU features that make virtualization cheap. */
export interface HardwareAssist {
  /** Intel VT-x (vmx) or AMD-V (svm): run guest code directly; without it QEMU emulates the CPU (TCG). */
  vtx: boolean;
  /** Intel EPT or AMD NPT ("tdp"): two-dimensional paging; without it KVM keeps shadow page tables. */
  ept: boolean;
}

export interface HypervisorConfig {
  type: HypervisorType;
  cpuVendor: 'intel' | 'amd';
  assist: HardwareAssist;
  /**
   * Type 1 only: the machine's physical RAM, bytes. dom0 (the simulated host)
   * has its kernel's MemTotal of it; guests get theirs from the rest, not from dom0.
   * Null: twice dom0's memory.
   */
  physicalMemBytes: number | null;
}

/** A loaded kernel module, as /proc/modules lists it. */
export interface KernelModule {
  name: string;
  size: number;
  usedBy: string[];
}

/** One thread of the VMM process (qemu names them with -name debug-threads=on). */
export interface VmmThread {
  tid: number;
  name: string;
}

export interface VmDisk {
  /** Image file in the host filesystem. */
  path: string;
  format: 'qcow2';
  /** Size the guest sees (virt-install --disk size=GB). */
  virtualBytes: number;
  /** Bytes the image file occupies on the host (the installed OS). */
  allocatedBytes: number;
  /** Target device in the guest. */
  target: 'vda';
}

export interface VmNic {
  mac: string;
  /** libvirt network the NIC is on. */
  network: 'default';
  /** Host-side tap device while the VM runs (vnet0, vnet1, ...). */
  tap: string | null;
  /** Address leased by libvirt's dnsmasq. */
  ip: string;
}

export interface VmRecord {
  name: string;
  uuid: string;
  os: GuestOsId;
  vcpus: number;
  memoryMiB: number;
  disk: VmDisk;
  nic: VmNic;
  lifecycle: VmLifecycle;
  /** Domain ID while active (virsh list's Id), else null. */
  id: number | null;
  /** Host PID of the VMM (qemu-system-x86_64), type 2 only. */
  vmmPid: number | null;
  threads: VmmThread[];
  /** 'kvm' with VT-x/AMD-V, else QEMU's emulator 'tcg'. */
  accel: 'kvm' | 'tcg';
  /** Managed-save image path while saved. */
  saveFile: string | null;
  /**
   * The guest clock's anchor: at host uptime hostMs the guest's uptime was
   * guestMs; it runs with the host's while the VM runs (null: no guest kernel).
   */
  guestClock: { hostMs: number; guestMs: number } | null;
  /** Host virtual time when the VM was defined. */
  definedMs: number;
  autostart: boolean;
}

export interface VirtNetwork {
  name: 'default';
  bridge: 'virbr0';
  address: string;
  prefix: number;
  /** DHCP leases handed out by dnsmasq: MAC → IP. */
  leases: Record<string, string>;
  /** Next host number to lease (192.168.122.N). */
  nextHost: number;
}

export interface VmState {
  installed: boolean;
  config: HypervisorConfig;
  modules: KernelModule[];
  /** Host PIDs of libvirtd and dnsmasq (type 2), or of xenstored/xenconsoled (type 1). */
  daemons: Record<string, number>;
  network: VirtNetwork;
  /** Domains by name; `order` is definition order. */
  vms: Record<string, VmRecord>;
  order: string[];
  /** Next domain ID (libvirt counts up from 1 and never reuses them in a daemon's life). */
  nextId: number;
  /** Next tap device number (vnetN). */
  nextTap: number;
  /** What each Linux guest's disk image holds (by image path), written at power-off (guest-disk.ts). */
  disks: Record<string, GuestDisk>;
}

export const DEFAULT_NETWORK: Readonly<Omit<VirtNetwork, 'leases'>> = {
  name: 'default',
  bridge: 'virbr0',
  address: '192.168.122.1',
  prefix: 24,
  nextHost: 2,
};

export function createInitialVmState(config: HypervisorConfig): VmState {
  return {
    installed: false,
    config: { ...config, assist: { ...config.assist } },
    modules: [],
    daemons: {},
    network: { ...DEFAULT_NETWORK, leases: {} },
    vms: {},
    order: [],
    nextId: 1,
    nextTap: 0,
    disks: {},
  };
}

export const DEFAULT_HYPERVISOR: Readonly<HypervisorConfig> = {
  type: 2,
  cpuVendor: 'intel',
  assist: { vtx: true, ept: true },
  physicalMemBytes: null,
};

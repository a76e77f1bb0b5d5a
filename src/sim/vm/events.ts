/**
 * Events of the VM module (past tense; applied to VmState by applyVmEvent and
 * recorded in the host's event log). What happens on the host because of a VM
 * (the VMM process, its memory, the tap device, the image file) is told by the
 * kernel's own events; these say what libvirt and the hypervisor did.
 */

import type { HypervisorConfig, KernelModule, VmRecord, VmmThread } from './types.ts';
import type { VmLifecycle, VmStatus } from './vm.machine.ts';
import type { VmStage } from './guest-os.ts';
import type { GuestDisk } from './guest-disk.ts';

export type VmEvent =
  /** The hypervisor was set up on the host (packages installed, modules loaded, libvirtd started). */
  | { type: 'vm.hypervisorInstalled'; config: HypervisorConfig; modules: KernelModule[]; daemons: Record<string, number> }
  /** virt-install / virsh define: a domain now exists. */
  | { type: 'vm.defined'; vm: VmRecord }
  /** The domain's definition is gone (virsh undefine, or a transient domain stopped). */
  | { type: 'vm.undefined'; name: string }
  /** The lifecycle moved (start, each boot stage, pause, resume, save, shutdown, power-off). */
  | { type: 'vm.lifecycleChanged'; name: string; from: VmStatus; to: VmStatus; stage: VmStage | null; lifecycle: VmLifecycle; cause: string }
  /** The VMM came up for a boot or a restore: domain ID, host process, its threads, the tap device. */
  | { type: 'vm.vmmStarted'; name: string; id: number; pid: number | null; threads: VmmThread[]; tap: string | null; accel: 'kvm' | 'tcg' }
  /** The VMM is gone (power-off, destroy, save, or the process was killed). */
  | { type: 'vm.vmmStopped'; name: string; reason: 'shutdown' | 'destroyed' | 'saved' | 'crashed' }
  /** libvirt's dnsmasq leased an address to the VM's MAC. */
  | { type: 'vm.leaseGranted'; name: string; mac: string; ip: string }
  /** The guest clock's anchor moved (its kernel booted, or the VM resumed after a pause or a restore). */
  | { type: 'vm.guestClockSet'; name: string; clock: { hostMs: number; guestMs: number } | null }
  /** The managed-save image was written (path) or consumed (null). */
  | { type: 'vm.saveFileChanged'; name: string; path: string | null }
  /** The guest's root filesystem, as it stood when its VMM stopped, is what the disk image holds. */
  | { type: 'vm.diskWritten'; name: string; path: string; disk: GuestDisk }
  /** The image's contents are gone (virsh undefine --remove-all-storage). */
  | { type: 'vm.diskErased'; path: string };

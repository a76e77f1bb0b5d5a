/**
 * What the CPU's virtualization extensions change, with the figures that say
 * by how much (reference §7.1 and §7.2, K-MMU; FIGURES).
 *
 * Models: VT-x/AMD-V lets the guest's instructions run directly on the CPU
 * (KVM); without it QEMU translates them (TCG, kvm(1): accel=kvm:tcg falls
 * back to emulation). EPT/NPT ("tdp" in KVM) lets the MMU walk the guest's
 * page tables and the hypervisor's in hardware; without it KVM keeps shadow
 * page tables in software (K-MMU). I/O passes through QEMU either way
 * (virtio), which VFIO/SR-IOV device assignment avoids.
 * SIMPLIFICATIONS: the simulator applies only the TCG boot slowdown (an
 * illustrative factor); the EPT and I/O figures are shown, not simulated.
 */

import { FIGURES, type Figure } from './figures.ts';
import type { HardwareAssist } from './types.ts';

export interface AssistNote {
  /** cpu, mmu or io. */
  area: 'cpu' | 'mmu' | 'io';
  /** What happens with this configuration. */
  text: string;
  figure: Figure | null;
}

export function assistNotes(a: HardwareAssist): AssistNote[] {
  const cpu: AssistNote = a.vtx
    ? { area: 'cpu', text: 'VT-x/AMD-V: guest code runs directly on the CPU (KVM); the kernel exits to KVM only for privileged operations.', figure: null }
    : { area: 'cpu', text: 'No VT-x/AMD-V: no /dev/kvm; QEMU translates every guest instruction (TCG).', figure: FIGURES.tcgSlowdown };
  const mmu: AssistNote = !a.vtx
    ? { area: 'mmu', text: 'Under TCG, QEMU emulates the MMU in software too.', figure: null }
    : a.ept
      ? { area: 'mmu', text: 'EPT/NPT: the MMU walks guest and host page tables in hardware (KVM "tdp").', figure: FIGURES.eptGainBench }
      : { area: 'mmu', text: 'No EPT/NPT: KVM keeps shadow page tables in software, slower for MMU-intensive work.', figure: FIGURES.eptGainBench };
  const io: AssistNote = { area: 'io', text: 'Virtio I/O passes through QEMU: about half the random-I/O operations of native (device assignment with an IOMMU avoids it).', figure: FIGURES.kvmRandomIo };
  return [cpu, mmu, io];
}

/**
 * Every number the VM model and its views show, each with where it comes from.
 *
 * Models: the figures of /work/shared/reference/linux-and-vm-facts.md §7 (VMs
 * versus containers), plus the few the simulator itself defines (its memory
 * table in userland/memory.ts) and the course notes' consolidation scenario.
 * Each figure says what kind of evidence it is, so a view can label it:
 * - measured:     a measurement in a paper or preprint (KHAN, FELTER, LIGHTVM);
 * - spec:         a vendor's stated bound (Firecracker's SPECIFICATION.md);
 * - secondary:    a figure quoted by a summary, not read in its primary source;
 * - illustrative: no primary source found; shown only as an illustration;
 * - model:        the simulator's own choice (no claim about real systems);
 * - course:       the course notes' scenario.
 * SIMPLIFICATIONS: ranges keep their low and high ends; the value used in the
 * simulation is stated separately (`value`), and is a choice inside the range.
 */

export type FigureKind = 'measured' | 'spec' | 'secondary' | 'illustrative' | 'model' | 'course';

export type SourceKey = 'FC-SPEC' | 'FC-PAPER' | 'KHAN' | 'FELTER' | 'LIGHTVM' | 'HOKSTAD' | 'K-MMU' | 'VMW-EPT' | 'QEMU-KVM1' | 'COURSE' | 'SIM';

export interface Source {
  key: SourceKey;
  /** How the views cite it. */
  title: string;
  url: string | null;
  /** Is it in the project's reference file (linux-and-vm-facts.md)? */
  inReference: boolean;
}

export const SOURCES: Readonly<Record<SourceKey, Source>> = {
  'FC-SPEC': { key: 'FC-SPEC', title: 'Firecracker SPECIFICATION.md', url: 'https://github.com/firecracker-microvm/firecracker/blob/main/SPECIFICATION.md', inReference: true },
  'FC-PAPER': { key: 'FC-PAPER', title: 'Agache et al., Firecracker, NSDI 2020', url: 'https://www.usenix.org/system/files/nsdi20-paper-agache.pdf', inReference: true },
  KHAN: { key: 'KHAN', title: 'Khan, Decomposing Docker Container Startup Performance, arXiv:2602.15214 (2026)', url: 'https://arxiv.org/abs/2602.15214', inReference: true },
  FELTER: { key: 'FELTER', title: 'Felter et al., An Updated Performance Comparison of Virtual Machines and Linux Containers, ISPASS 2015', url: 'https://doi.org/10.1109/ISPASS.2015.7095802', inReference: true },
  LIGHTVM: { key: 'LIGHTVM', title: 'Manco et al., My VM is Lighter (and Safer) than your Container, SOSP 2017', url: null, inReference: true },
  HOKSTAD: { key: 'HOKSTAD', title: 'Hokstad Consulting blog (no stated method)', url: 'https://hokstadconsulting.com/blog/benchmarking-containers-vms-applications', inReference: true },
  'K-MMU': { key: 'K-MMU', title: 'Linux Documentation/virt/kvm/x86/mmu.rst', url: 'https://docs.kernel.org/virt/kvm/x86/mmu.html', inReference: true },
  'VMW-EPT': { key: 'VMW-EPT', title: 'VMware VROOM! blog, Performance Evaluation of Intel EPT Hardware Assist (2009)', url: 'https://blogs.vmware.com/performance/2009/03/performance-evaluation-of-intel-ept-hardware-assist.html', inReference: false },
  'QEMU-KVM1': { key: 'QEMU-KVM1', title: 'kvm(1) man page (qemu-system-x86): accel=kvm:tcg falls back to emulation', url: 'https://manpages.ubuntu.com/manpages/jammy/man1/kvm.1.html', inReference: false },
  COURSE: { key: 'COURSE', title: 'Course notes, "Introducing Containers": 10 apps, 10 physical machines, under 10% utilisation', url: null, inReference: false },
  SIM: { key: 'SIM', title: 'container-sim model (userland/memory.ts and this module)', url: null, inReference: false },
};

export interface Figure {
  id: string;
  /** What it measures, as a view labels it. */
  label: string;
  /** The value the simulation uses. */
  value: number;
  unit: 'ms' | 's' | 'MiB' | 'GiB' | '%' | 'count' | 'x';
  /** The range given by the source, when it gives one. */
  low?: number;
  high?: number;
  kind: FigureKind;
  source: SourceKey;
  /** Conditions or caveats a view should show next to it. */
  note: string;
}

function fig(f: Figure): Figure {
  return f;
}

/** All figures by id. Views and the accounting functions read only these. */
export const FIGURES = {
  fcBoot: fig({ id: 'fcBoot', label: 'Firecracker microVM boot (InstanceStart to guest /sbin/init)', value: 125, unit: 'ms', high: 125, kind: 'spec', source: 'FC-SPEC', note: '≤125 ms; 1 vCPU, 128 MiB, minimal kernel and rootfs, serial console off' }),
  fcVmmStart: fig({ id: 'fcVmmStart', label: 'Firecracker VMM start (to API socket)', value: 12, unit: 'ms', low: 6, high: 60, kind: 'spec', source: 'FC-SPEC', note: 'wall clock 6–60 ms, typically ~12 ms; i3.metal' }),
  fcVmmMemory: fig({ id: 'fcVmmMemory', label: 'Firecracker VMM memory overhead per microVM', value: 5, unit: 'MiB', high: 5, kind: 'spec', source: 'FC-SPEC', note: '≤5 MiB' }),
  fcDensity: fig({ id: 'fcDensity', label: 'Firecracker creation rate', value: 150, unit: 'count', kind: 'secondary', source: 'FC-PAPER', note: 'up to 150 microVMs per second per host, as quoted by other documents' }),
  qemuVmmMemory: fig({ id: 'qemuVmmMemory', label: 'QEMU VMM memory overhead per VM', value: 131, unit: 'MiB', kind: 'secondary', source: 'FC-PAPER', note: '~131 MB for QEMU vs ~3 MB Firecracker, independent of VM size (secondary summary of the paper)' }),
  vmBoot: fig({ id: 'vmBoot', label: 'General-purpose VM boot', value: 30, unit: 's', low: 20, high: 60, kind: 'illustrative', source: 'HOKSTAD', note: 'illustration only: no primary source gives a typical general-purpose VM boot time' }),
  vmOverhead: fig({ id: 'vmOverhead', label: 'Per-VM memory overhead (guest OS + VMM)', value: 650, unit: 'MiB', low: 400, high: 900, kind: 'illustrative', source: 'HOKSTAD', note: 'illustration only (400–900 MB, no stated method)' }),
  containerStart: fig({ id: 'containerStart', label: '`docker run` start', value: 568, unit: 'ms', kind: 'measured', source: 'KHAN', note: 'Azure Premium SSD, 2 vCPU / 8 GB VM, 50 iterations; 1157 ms on Standard HDD' }),
  containerStartHdd: fig({ id: 'containerStartHdd', label: '`docker run` start on Standard HDD', value: 1157, unit: 'ms', kind: 'measured', source: 'KHAN', note: 'same setup as the 568 ms figure' }),
  namespaceCreation: fig({ id: 'namespaceCreation', label: 'Namespace creation during `docker run`', value: 9, unit: 'ms', low: 8, high: 10, kind: 'measured', source: 'KHAN', note: '8–10 ms, under 1.5 % of the start' }),
  dockerDesktopSlowdown: fig({ id: 'dockerDesktopSlowdown', label: 'Docker Desktop (Linux VM on macOS) container start vs native', value: 2.69, unit: 'x', kind: 'measured', source: 'KHAN', note: 'containers on macOS run inside a hypervisor VM' }),
  containerOverhead: fig({ id: 'containerOverhead', label: 'Per-container memory overhead', value: 20, unit: 'MiB', low: 15, high: 25, kind: 'illustrative', source: 'HOKSTAD', note: 'illustration only (15–25 MB, no stated method)' }),
  shimMemory: fig({ id: 'shimMemory', label: 'containerd-shim per container (this simulator)', value: 12, unit: 'MiB', kind: 'model', source: 'SIM', note: 'the simulator charges 12 MiB for each containerd-shim-runc-v2' }),
  lightvmBoot: fig({ id: 'lightvmBoot', label: 'LightVM (Xen, unikernel) boot', value: 2.3, unit: 'ms', kind: 'measured', source: 'LIGHTVM', note: 'vs 1 ms for fork/exec; unikernels, not general-purpose guests' }),
  kvmRandomIo: fig({ id: 'kvmRandomIo', label: 'KVM random I/O vs native', value: 50, unit: '%', kind: 'secondary', source: 'FELTER', note: 'about half the IOPS: each I/O passes through QEMU (secondary summary)' }),
  eptGainBench: fig({ id: 'eptGainBench', label: 'EPT vs software MMU (shadow page tables), MMU-intensive benchmarks', value: 48, unit: '%', high: 48, kind: 'measured', source: 'VMW-EPT', note: 'up to 48 % faster; up to 600 % on MMU-intensive microbenchmarks (VMware ESX, Xeon 5500); not in the reference file' }),
  eptGainMicro: fig({ id: 'eptGainMicro', label: 'EPT vs software MMU, MMU-intensive microbenchmarks', value: 600, unit: '%', high: 600, kind: 'measured', source: 'VMW-EPT', note: 'up to 600 %; not in the reference file' }),
  tcgSlowdown: fig({ id: 'tcgSlowdown', label: 'Without VT-x/AMD-V: QEMU emulates the CPU (TCG) instead of KVM', value: 5, unit: 'x', kind: 'illustrative', source: 'QEMU-KVM1', note: 'the fallback is documented; the factor is the simulator\u2019s illustration, no measured figure in the reference' }),
  guestDiskUbuntu: fig({ id: 'guestDiskUbuntu', label: 'Installed Ubuntu Server guest on disk', value: 2.4, unit: 'GiB', kind: 'illustrative', source: 'SIM', note: 'the simulator\u2019s figure for a guest image with a full OS' }),
  guestDiskWindows: fig({ id: 'guestDiskWindows', label: 'Installed Windows Server 2022 guest on disk', value: 10, unit: 'GiB', kind: 'illustrative', source: 'SIM', note: 'the simulator\u2019s figure' }),
  consolidationApps: fig({ id: 'consolidationApps', label: 'Apps, one per physical server', value: 10, unit: 'count', kind: 'course', source: 'COURSE', note: '10 apps on 10 physical machines' }),
  consolidationUtil: fig({ id: 'consolidationUtil', label: 'Utilisation of each of those servers', value: 10, unit: '%', high: 10, kind: 'course', source: 'COURSE', note: 'less than 10 % utilisation' }),
} as const;

export type FigureId = keyof typeof FIGURES;

/** "568 ms (KHAN, measured)": a figure with its citation, for text alternatives and tooltips. */
export function citeFigure(f: Figure): string {
  const range = f.low !== undefined && f.high !== undefined ? `${f.low}–${f.high} ${f.unit}` : f.high !== undefined && f.low === undefined ? `≤${f.high} ${f.unit}` : `${f.value} ${f.unit}`;
  return `${range} (${f.source}, ${f.kind})`;
}

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

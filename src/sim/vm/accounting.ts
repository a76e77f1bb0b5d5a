/**
 * Density and cost: what N copies of one application cost on one host when
 * each runs in its own VM, in its own Firecracker microVM, or in its own
 * container; and the course notes' consolidation scenario (10 apps on 10
 * servers, each under 10 % utilisation). Pure functions of plain inputs; every
 * figure they use comes from figures.ts, and every result names those figures.
 *
 * Models the structural difference: a VM reserves its guest's memory and
 * carries a whole guest OS image on disk; a container shares the host kernel
 * and the image's layers (stored once), adding only its process memory, a
 * containerd shim and a thin writable layer.
 * SIMPLIFICATIONS:
 * - Memory is what is reserved or resident, not what a workload touches over
 *   time; no KSM page sharing, ballooning or overcommit.
 * - Instances start in parallel, so "all up" is one instance's start time
 *   (real hosts contend for CPU and disk while booting many guests).
 * - CPU: each app needs a fixed fraction of one server (the course scenario's
 *   10 %); virtualization overhead on CPU is not counted (FELTER: containers
 *   match or beat KVM in almost all cases; FC-SPEC: >95 % of bare metal).
 */

import { FIGURES, type FigureId } from './figures.ts';
import { footprint } from '../userland/memory.ts';

export type DeployKind = 'vm' | 'microvm' | 'container';

export interface AppProfile {
  name: string;
  /** Resident memory of the app's processes, MiB. */
  rssMiB: number;
  /** Size of the app's container image (all layers), MiB. */
  imageMiB: number;
  /** Fraction of the whole host's CPU it needs (0..1). */
  cpuShare: number;
}

export interface HostProfile {
  memoryMiB: number;
  /** Memory the host's own OS and services keep, MiB. */
  baseMiB: number;
  diskGiB: number;
  cpus: number;
}

export interface VmProfile {
  /** RAM given to each general-purpose guest, MiB. */
  guestMemoryMiB: number;
  /** RAM given to each microVM, MiB. */
  microvmMemoryMiB: number;
  /** The microVM's minimal root filesystem, MiB. */
  microvmRootfsMiB: number;
}

/** A number and the figures it was computed from. */
export interface Cited {
  value: number;
  figures: FigureId[];
}

export interface DeployCost {
  kind: DeployKind;
  n: number;
  perInstanceMemoryMiB: Cited;
  /** One-off cost shared by all instances (the container engine's daemons), MiB. */
  sharedMemoryMiB: Cited;
  memoryMiB: Cited;
  perInstanceDiskMiB: Cited;
  /** Stored once for all instances (the image's layers), MiB. */
  sharedDiskMiB: Cited;
  diskMiB: Cited;
  /** One instance's start, and so all N started together, ms. */
  startMs: Cited;
  /** How many instances fit on the host, and what runs out first. */
  fit: number;
  limitedBy: 'memory' | 'disk' | 'cpu';
}

/** nginx as the simulator runs it: a master and two workers (userland/memory.ts). */
export const NGINX: AppProfile = {
  name: 'nginx',
  rssMiB: (footprint('nginx', 'gnu').rssKb + 2 * 3072) / 1024,
  imageMiB: 192,
  cpuShare: FIGURES.consolidationUtil.value / 100,
};

/** The simulated host (8 GiB, 2 CPUs, a 40 GB disk; its services keep about 0.5 GiB). */
export const SIM_HOST: HostProfile = { memoryMiB: 8192, baseMiB: 512, diskGiB: 39, cpus: 2 };

export const DEFAULT_VM: VmProfile = { guestMemoryMiB: 1024, microvmMemoryMiB: 128, microvmRootfsMiB: 64 };

const dockerd = footprint('daemon', 'gnu', 'dockerd').rssKb / 1024;
const containerd = footprint('daemon', 'gnu', 'containerd').rssKb / 1024;

function c(value: number, figures: FigureId[]): Cited {
  return { value: Math.round(value * 10) / 10, figures };
}

export function deployCost(kind: DeployKind, n: number, app: AppProfile = NGINX, host: HostProfile = SIM_HOST, vm: VmProfile = DEFAULT_VM): DeployCost {
  let perMem: Cited;
  let sharedMem: Cited;
  let perDisk: Cited;
  let sharedDisk: Cited;
  let start: Cited;
  switch (kind) {
    case 'vm':
      // The guest's RAM is reserved whatever the app uses inside it; QEMU adds its own.
      perMem = c(vm.guestMemoryMiB + FIGURES.qemuVmmMemory.value, ['qemuVmmMemory', 'vmOverhead']);
      sharedMem = c(0, []);
      perDisk = c(FIGURES.guestDiskUbuntu.value * 1024 + app.imageMiB, ['guestDiskUbuntu']);
      sharedDisk = c(0, []);
      start = c(FIGURES.vmBoot.value * 1000, ['vmBoot']);
      break;
    case 'microvm':
      perMem = c(vm.microvmMemoryMiB + FIGURES.fcVmmMemory.value, ['fcVmmMemory']);
      sharedMem = c(0, []);
      perDisk = c(vm.microvmRootfsMiB + app.imageMiB, []);
      sharedDisk = c(0, []);
      start = c(FIGURES.fcVmmStart.value + FIGURES.fcBoot.value, ['fcVmmStart', 'fcBoot']);
      break;
    case 'container':
      perMem = c(app.rssMiB + FIGURES.shimMemory.value, ['shimMemory', 'containerOverhead']);
      sharedMem = c(dockerd + containerd, []);
      perDisk = c(1, []);
      sharedDisk = c(app.imageMiB, []);
      start = c(FIGURES.containerStart.value, ['containerStart', 'namespaceCreation']);
      break;
  }
  const memFree = host.memoryMiB - host.baseMiB - sharedMem.value;
  const diskFree = host.diskGiB * 1024 - sharedDisk.value;
  const byMem = Math.max(0, Math.floor(memFree / perMem.value));
  const byDisk = Math.max(0, Math.floor(diskFree / perDisk.value));
  const byCpu = app.cpuShare > 0 ? Math.floor((1 + 1e-9) / app.cpuShare) : Infinity;
  const fit = Math.min(byMem, byDisk, byCpu);
  const limitedBy = fit === byMem ? 'memory' : fit === byDisk ? 'disk' : 'cpu';
  return {
    kind,
    n,
    perInstanceMemoryMiB: perMem,
    sharedMemoryMiB: sharedMem,
    memoryMiB: c(sharedMem.value + n * perMem.value, perMem.figures),
    perInstanceDiskMiB: perDisk,
    sharedDiskMiB: sharedDisk,
    diskMiB: c(sharedDisk.value + n * perDisk.value, perDisk.figures),
    startMs: start,
    fit,
    limitedBy,
  };
}

/** The same N copies deployed the three ways. */
export function compareDeployments(n: number, app: AppProfile = NGINX, host: HostProfile = SIM_HOST, vm: VmProfile = DEFAULT_VM): Record<DeployKind, DeployCost> {
  return { vm: deployCost('vm', n, app, host, vm), microvm: deployCost('microvm', n, app, host, vm), container: deployCost('container', n, app, host, vm) };
}

export interface Consolidation {
  apps: number;
  /** Before: one app per physical server. */
  serversBefore: number;
  /** Average CPU utilisation of each server before, %. */
  utilisationBefore: number;
  /** Servers needed after consolidating, and the utilisation of each, by deployment kind. */
  after: Record<DeployKind, { servers: number; cpuUtilisation: number; memoryUtilisation: number }>;
  figures: FigureId[];
}

/**
 * The course notes' scenario: `apps` apps, each alone on a server of the same
 * size at `util` % CPU; how many servers each way of packing them needs.
 */
export function consolidation(apps = FIGURES.consolidationApps.value, util = FIGURES.consolidationUtil.value, app: AppProfile = NGINX, host: HostProfile = SIM_HOST, vm: VmProfile = DEFAULT_VM): Consolidation {
  const a: AppProfile = { ...app, cpuShare: util / 100 };
  const after = {} as Consolidation['after'];
  for (const kind of ['vm', 'microvm', 'container'] as const) {
    const cost = deployCost(kind, apps, a, host, vm);
    const perServer = Math.max(1, cost.fit);
    const servers = Math.ceil(apps / perServer);
    const perServerApps = apps / servers;
    const memUsed = cost.sharedMemoryMiB.value + perServerApps * cost.perInstanceMemoryMiB.value + host.baseMiB;
    after[kind] = {
      servers,
      cpuUtilisation: Math.round(perServerApps * util * 10) / 10,
      memoryUtilisation: Math.round((memUsed / host.memoryMiB) * 1000) / 10,
    };
  }
  return { apps, serversBefore: apps, utilisationBefore: util, after, figures: ['consolidationApps', 'consolidationUtil', 'qemuVmmMemory', 'shimMemory'] };
}

/** When each of N instances is up, for an animation: instance i starts `staggerMs` after the previous one. */
export function startTimeline(cost: DeployCost, staggerMs = 0): Array<{ index: number; startAt: number; upAt: number }> {
  const out: Array<{ index: number; startAt: number; upAt: number }> = [];
  for (let i = 0; i < cost.n; i++) out.push({ index: i, startAt: i * staggerMs, upAt: i * staggerMs + cost.startMs.value });
  return out;
}

/**
 * The "stacks side by side" picture as data: hardware, the host kernel, then
 * either a hypervisor with guest kernels and their apps, or a container
 * runtime with containers sharing the host kernel. Read from live state (the
 * host kernel, the hypervisor and its guests) or, with no live VMs or
 * containers, from an illustration of one app deployed both ways.
 * SIMPLIFICATIONS: a guest's "apps" are its processes other than the
 * distribution's base services and login shells; a container is its init's
 * process and the processes sharing its container ID.
 */

import type { Kernel } from '../kernel/kernel.ts';
import type { Hypervisor } from './hypervisor.ts';
import { LinuxGuest } from './guest-linux.ts';
import { GUEST_OSES } from './guest-os.ts';
import { vmStatus, type VmStatus } from './vm.machine.ts';

export interface AppBox {
  name: string;
  /** Processes in it (a guest app's or a container's). */
  processes: number;
}

export interface VmColumn {
  name: string;
  status: VmStatus;
  os: string;
  /** The guest kernel's identity (uname -r, or the NT version). */
  kernel: string;
  kernelFamily: 'linux' | 'windows';
  memoryMiB: number;
  vcpus: number;
  /** The VMM's PID on the host (the only trace of the VM in the host's process table). */
  vmmPid: number | null;
  guestProcesses: number;
  apps: AppBox[];
  /** The guest runs its own Docker engine (containers inside the VM). */
  docker: boolean;
}

export interface ContainerColumn {
  id: string;
  name: string;
  processes: number;
}

export interface StacksModel {
  hardware: { cpus: number; memoryMiB: number; vtx: boolean; ept: boolean };
  hostKernel: { release: string; hostname: string; processes: number };
  hypervisor: { type: 1 | 2; label: string } | null;
  vms: VmColumn[];
  runtime: { label: string } | null;
  containers: ContainerColumn[];
  /** True when the model shows the illustration rather than live VMs and containers. */
  illustrative: boolean;
}

const BASE = new Set(['systemd', 'kthreadd', 'systemd-journal', 'systemd-udevd', 'systemd-network', 'systemd-resolve', 'cron', 'sshd', 'agetty', 'bash', 'login', 'ps']);
const ENGINE = new Set(['dockerd', 'containerd', 'containerd-shim']);

/** A guest's apps; processes in a container of the guest's own Docker are marked so ("nginx (container)"). */
function guestApps(g: LinuxGuest): AppBox[] {
  const by: Record<string, number> = {};
  for (const p of Object.values(g.kernel.state.proc.byPid)) {
    if (p.state === 'Z' || p.kthread || BASE.has(p.comm) || ENGINE.has(p.comm)) continue;
    const name = p.containerId ? `${p.comm} (container)` : p.comm;
    by[name] = (by[name] ?? 0) + 1;
  }
  return Object.entries(by)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, processes]) => ({ name, processes }));
}

function containersOf(k: Kernel): ContainerColumn[] {
  const by: Record<string, ContainerColumn> = {};
  for (const p of Object.values(k.state.proc.byPid)) {
    if (!p.containerId || p.state === 'Z') continue;
    const c = (by[p.containerId] ??= { id: p.containerId.slice(0, 12), name: p.comm, processes: 0 });
    c.processes++;
  }
  return Object.values(by).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The stacks as the host and its hypervisor have them now. */
export function stacksModel(k: Kernel, hv: Hypervisor | null): StacksModel {
  const m = k.state.machine;
  const cfg = hv?.state.config;
  const vms: VmColumn[] = (hv ? hv.list() : []).map((vm) => {
    const os = GUEST_OSES[vm.os];
    const g = hv?.guest(vm.name) ?? null;
    return {
      name: vm.name,
      status: vmStatus(vm.lifecycle.value),
      os: os.name,
      kernel: os.family === 'windows' ? `NT ${os.release}` : os.release,
      kernelFamily: os.family,
      memoryMiB: vm.memoryMiB,
      vcpus: vm.vcpus,
      vmmPid: vm.vmmPid,
      guestProcesses: g ? g.processCount() : 0,
      apps: g instanceof LinuxGuest ? guestApps(g) : [],
      docker: g instanceof LinuxGuest && Object.values(g.kernel.state.proc.byPid).some((p) => p.comm === 'dockerd' && p.state !== 'Z'),
    };
  });
  const containers = containersOf(k);
  const hasDocker = Object.values(k.state.proc.byPid).some((p) => p.comm === 'dockerd' && p.state !== 'Z');
  return {
    hardware: { cpus: m.cpus, memoryMiB: Math.round(m.memTotalBytes / 1048576), vtx: cfg?.assist.vtx ?? true, ept: cfg?.assist.ept ?? true },
    hostKernel: { release: m.release, hostname: m.hostname, processes: Object.keys(k.state.proc.byPid).length },
    hypervisor: hv?.state.installed ? { type: hv.state.config.type, label: hv.state.config.type === 1 ? 'Xen (type 1): the host is dom0' : 'KVM + QEMU (type 2), managed by libvirt' } : null,
    vms,
    runtime: hasDocker ? { label: 'dockerd → containerd → runc' } : null,
    containers,
    illustrative: false,
  };
}

/** One app (default nginx) deployed three times each way, for when nothing is running yet. */
export function illustrativeStacks(app = 'nginx', copies = 3): StacksModel {
  const os = GUEST_OSES['ubuntu22.04'];
  return {
    hardware: { cpus: 2, memoryMiB: 8192, vtx: true, ept: true },
    hostKernel: { release: '6.1.0-37-amd64', hostname: 'docker-host', processes: 0 },
    hypervisor: { type: 2, label: 'KVM + QEMU (type 2), managed by libvirt' },
    vms: Array.from({ length: copies }, (_, i) => ({
      name: `${app}-vm${i + 1}`,
      status: 'running' as const,
      os: os.name,
      kernel: os.release,
      kernelFamily: 'linux' as const,
      memoryMiB: 1024,
      vcpus: 1,
      vmmPid: null,
      guestProcesses: 14,
      apps: [{ name: app, processes: 3 }],
      docker: false,
    })),
    runtime: { label: 'dockerd → containerd → runc' },
    containers: Array.from({ length: copies }, (_, i) => ({ id: `c${i + 1}`, name: app, processes: 3 })),
    illustrative: true,
  };
}

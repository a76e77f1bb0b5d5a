/**
 * Virtual machines beside containers: a hypervisor on the simulated host whose
 * VMs each run a second instance of the kernel model. This file only
 * re-exports the module's public API.
 */

export { Hypervisor, type HypervisorOptions, type VmSnapshot, type VmHandle } from './hypervisor.ts';
export { vmMachine, vmTransition, initialVmLifecycle, vmStatus, vmStage, isActive, virshStateName, type VmLifecycle, type VmContext, type VmMachineEvent, type VmStateValue, type VmStatus } from './vm.machine.ts';
export { createInitialVmState, DEFAULT_HYPERVISOR, DEFAULT_NETWORK, type VmState, type VmRecord, type HypervisorConfig, type HypervisorType, type HardwareAssist, type KernelModule, type VmmThread } from './types.ts';
export type { VmEvent } from './events.ts';
export { applyVmEvent } from './apply.ts';
export { GUEST_OSES, VM_STAGES, bootTotalMs, stageMs, isGuestOsId, type GuestOs, type GuestOsId, type VmStage } from './guest-os.ts';
export { FIGURES, SOURCES, citeFigure, type Figure, type FigureId, type FigureKind, type Source, type SourceKey } from './figures.ts';
export { deployCost, compareDeployments, consolidation, startTimeline, NGINX, SIM_HOST, DEFAULT_VM, type DeployCost, type DeployKind, type AppProfile, type HostProfile, type VmProfile, type Cited, type Consolidation } from './accounting.ts';
export { assistNotes, type AssistNote } from './assists.ts';
export { stacksModel, illustrativeStacks, type StacksModel, type VmColumn, type ContainerColumn, type AppBox } from './stacks.ts';
export type { Guest, GuestConsole, GuestSnapshot, GuestRunResult } from './guest.ts';
export { LinuxGuest } from './guest-linux.ts';
export { startGuestDocker, GUEST_DOCKER_PROGRAMS } from './guest-docker.ts';
export { WindowsGuest, cmdLine, type WindowsState } from './windows.ts';
export { procModulesText, lsmodText, modulesFor, hostHardware, hostMachine, LIBVIRT_SOCK } from './host-setup.ts';
export { VM_PROGRAMS, virshProgram, virtInstallProgram, qemuImgProgram } from './cli/index.ts';
export { captureDisk, loadDisk, type GuestDisk } from './guest-disk.ts';
export type { StopReason, VmRuntime } from './runtime.ts';
export type { VirRequest, VirResponse, DomainView, NetworkView, DefineSpec, VirError } from './libvirt-api.ts';

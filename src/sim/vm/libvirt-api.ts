/**
 * The requests virsh and virt-install send to libvirtd over its socket
 * (/run/libvirt/libvirt-sock; libvirt's RPC protocol reduced to the calls the
 * course uses), and the errors libvirt answers with (virterror's wording).
 */

import type { GuestOsId } from './guest-os.ts';
import type { VmRecord } from './types.ts';
import type { VmStatus } from './vm.machine.ts';

export interface DefineSpec {
  name: string;
  memoryMiB: number;
  vcpus: number;
  diskGB: number;
  os: GuestOsId;
}

export type VirRequest =
  | { op: 'list' }
  | { op: 'lookup'; name: string }
  | { op: 'capabilities' }
  /** virConnectListAllNetworks. */
  | { op: 'net.list' }
  | { op: 'define'; spec: DefineSpec }
  | { op: 'start' | 'shutdown' | 'destroy' | 'suspend' | 'resume' | 'managedsave'; name: string }
  | { op: 'undefine'; name: string; removeStorage: boolean }
  /** Attach the caller's terminal (raw mode) to the domain's serial console. */
  | { op: 'console.attach'; name: string; tty: string }
  | { op: 'console.input'; name: string; data: string }
  | { op: 'console.detach'; name: string; tty: string };

/** A domain as clients see it. */
export interface DomainView {
  vm: VmRecord;
  status: VmStatus;
  /** Seconds of CPU the VMM used (dominfo's CPU time). */
  cpuTimeSec: number;
  /** Guest memory in use, KiB (dominfo's Used memory: the balloon's current size). */
  usedMemoryKiB: number;
  /** The hypervisor's type (1: Xen-style with dom0; 2: QEMU/KVM). */
  hvType: 1 | 2;
  /** Resident memory of the VMM process, KiB (dommemstat's rss), 0 when not running. */
  rssKiB: number;
}

/** A libvirt virtual network as net-list shows it. */
export interface NetworkView {
  name: string;
  bridge: string;
  active: boolean;
  autostart: boolean;
  persistent: boolean;
}

export interface VirError {
  /** virErrorNumber name. */
  code: 'VIR_ERR_NO_DOMAIN' | 'VIR_ERR_OPERATION_INVALID' | 'VIR_ERR_OPERATION_FAILED' | 'VIR_ERR_INTERNAL_ERROR' | 'VIR_ERR_NO_CONNECT' | 'VIR_ERR_SYSTEM_ERROR';
  /** The text libvirt formats (after "error: "). */
  message: string;
}

export type VirResponse =
  | { ok: true; hvType?: 1 | 2; domains?: DomainView[]; domain?: DomainView; networks?: NetworkView[]; output?: string; kvm?: boolean; removed?: string[]; ended?: boolean }
  | { ok: false; error: VirError };

export function virErr(code: VirError['code'], message: string): { ok: false; error: VirError } {
  return { ok: false, error: { code, message } };
}

export const notRunning = () => virErr('VIR_ERR_OPERATION_INVALID', 'Requested operation is not valid: domain is not running');
export const noDomain = (name: string) => virErr('VIR_ERR_NO_DOMAIN', `Domain not found: no domain with matching name '${name}'`);

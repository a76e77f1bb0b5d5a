/**
 * The VM tools as userland programs: register them with
 * createUserland(k, { extraPrograms: VM_PROGRAMS }). (The VMM process,
 * qemu-system-x86_64, is driven by the hypervisor, not by a program.)
 */

import type { ProgramDef } from '../../userland/types.ts';
import { virshProgram } from './virsh.ts';
import { virtInstallProgram } from './virt-install.ts';
import { qemuImgProgram } from './qemu-img.ts';
import { VIRT_PROGRAMS } from '../../userland/programs/virt.ts';

export { virshProgram, virtInstallProgram, qemuImgProgram };

/** virsh, virt-install, qemu-img, and (until the base userland registers them) lsmod and systemd-detect-virt. */
export const VM_PROGRAMS = [virshProgram, virtInstallProgram, qemuImgProgram, ...VIRT_PROGRAMS] as unknown as ProgramDef<never>[];

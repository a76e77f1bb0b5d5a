/**
 * The VM tools as userland programs: register them with
 * createUserland(k, { extraPrograms: VM_PROGRAMS }). (The VMM process,
 * qemu-system-x86_64, is driven by the hypervisor, not by a program.)
 */

import type { ProgramDef } from '../../userland/types.ts';
import { virshProgram } from './virsh.ts';
import { virtInstallProgram } from './virt-install.ts';

export { virshProgram, virtInstallProgram };

export const VM_PROGRAMS = [virshProgram, virtInstallProgram] as unknown as ProgramDef<never>[];

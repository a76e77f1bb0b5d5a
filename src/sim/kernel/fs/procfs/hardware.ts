/**
 * What /proc says about the machine's hardware virtualization: the CPU's
 * flags in /proc/cpuinfo and the loaded modules in /proc/modules (proc(5)).
 *
 * Models: on bare metal with Intel VT-x the flags include `vmx`, and with EPT
 * also `ept` (plus a "vmx flags" line, Linux >= 5.8); with AMD-V `svm` and
 * `npt`; VT-x switched off in the firmware clears `vmx` (the kernel hides a
 * feature the firmware locked off). A VM's virtual CPU carries the
 * `hypervisor` flag (CPUID leaf 1, ECX bit 31), which is what
 * systemd-detect-virt and the guest kernel read. /proc/modules lists each
 * module as "name size refcount users, state address" (kernel/module/procfs.c),
 * newest first, with the address shown as zeros to an unprivileged reader and
 * here to everyone.
 * SIMPLIFICATIONS:
 * - The CPU and the module list are boot-time facts of the machine
 *   (MachineInfo.cpu and .modules, optional: absent, the machine is the
 *   QEMU virtual CPU the project has always shown, with no modules); there is
 *   no init_module/delete_module.
 * - One model name per vendor; flag lists are those of a typical Xeon/EPYC,
 *   abridged.
 */

import type { Kernel } from '../../kernel.ts';
import type { MachineInfo } from '../../state.ts';

/** The machine's CPU as far as virtualization goes. */
export interface MachineCpu {
  vendor: 'intel' | 'amd';
  /** The hypervisor this CPU is virtualized by (a VM's vCPU), or null on bare metal. */
  hypervisor: 'kvm' | null;
  /** VT-x (vmx) / AMD-V (svm) present and enabled. */
  vtx: boolean;
  /** EPT / NPT (two-dimensional paging); only with vtx. */
  ept: boolean;
}

/** A loaded kernel module. */
export interface LoadedModule {
  name: string;
  size: number;
  /** Modules that use this one (the "users" column). */
  usedBy: string[];
}

/** The optional hardware facts a kernel's MachineInfo may carry. */
export interface MachineHardware {
  cpu?: MachineCpu;
  modules?: LoadedModule[];
}

export function machineHardware(k: Kernel): MachineHardware {
  return k.state.machine as MachineInfo & MachineHardware;
}

/** A bare-metal CPU (hypervisor null) or a VM's vCPU; `vtx`/`ept` from the hardware assists. */
export function machineCpu(vendor: 'intel' | 'amd', assist: { vtx: boolean; ept: boolean }, hypervisor: 'kvm' | null = null): MachineCpu {
  return { vendor, hypervisor, vtx: assist.vtx, ept: assist.vtx && assist.ept };
}

const INTEL_BASE =
  'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf pni pclmulqdq dtes64 monitor ds_cpl';
const INTEL_MID = 'smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid dca sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb cat_l3 cdp_l3 invpcid_single intel_ppin ssbd mba ibrs ibpb stibp ibrs_enhanced';
const INTEL_EPT = 'tpr_shadow vnmi flexpriority ept vpid ept_ad';
const INTEL_TAIL = 'fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid cqm mpx rdt_a avx512f avx512dq rdseed adx smap clflushopt clwb intel_pt avx512cd avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local dtherm ida arat pln pts pku ospke avx512_vnni md_clear flush_l1d arch_capabilities';
const AMD_BASE =
  'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid aperfmperf rapl pni pclmulqdq monitor ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand lahf_lm cmp_legacy';
const AMD_TAIL = 'extapic cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw ibs skinit wdt tce topoext perfctr_core perfctr_nb bpext perfctr_llc mwaitx cpb cat_l3 cdp_l3 hw_pstate ssbd mba ibrs ibpb stibp';
const AMD_NPT = 'npt lbrv svm_lock nrip_save tsc_scale vmcb_clean flushbyasid decodeassists pausefilter pfthreshold avic v_vmsave_vmload vgif';
const AMD_END = 'fsgsbase bmi1 avx2 smep bmi2 erms invpcid cqm rdt_a rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local clzero irperf xsaveerptr rdpru wbnoinvd amd_ppin arat umip pku ospke vaes vpclmulqdq rdpid overflow_recov succor smca';

/** The `flags` line of a bare-metal CPU. */
export function bareMetalFlags(c: MachineCpu): string {
  if (c.vendor === 'intel') return [INTEL_BASE, c.vtx ? 'vmx' : '', INTEL_MID, c.vtx && c.ept ? INTEL_EPT : c.vtx ? 'tpr_shadow vnmi flexpriority vpid' : '', INTEL_TAIL].filter(Boolean).join(' ');
  return [AMD_BASE, c.vtx ? 'svm' : '', AMD_TAIL, c.vtx ? (c.ept ? AMD_NPT : AMD_NPT.replace('npt ', '')) : '', AMD_END].filter(Boolean).join(' ');
}

/** /proc/cpuinfo of a bare-metal machine with `cpus` logical CPUs. */
export function bareMetalCpuinfo(c: MachineCpu, cpus: number): string {
  const intel = c.vendor === 'intel';
  const blocks: string[] = [];
  for (let i = 0; i < cpus; i++) {
    const lines = [
      `processor\t: ${i}`,
      `vendor_id\t: ${intel ? 'GenuineIntel' : 'AuthenticAMD'}`,
      `cpu family\t: ${intel ? 6 : 25}`,
      `model\t\t: ${intel ? 85 : 1}`,
      `model name\t: ${intel ? 'Intel(R) Xeon(R) Silver 4214R CPU @ 2.40GHz' : 'AMD EPYC 7313 16-Core Processor'}`,
      `stepping\t: ${intel ? 7 : 1}`,
      `microcode\t: ${intel ? '0x5003604' : '0xa0011d1'}`,
      'cpu MHz\t\t: 2400.000',
      `cache size\t: ${intel ? '16896 KB' : '512 KB'}`,
      'physical id\t: 0',
      `siblings\t: ${cpus}`,
      `core id\t\t: ${i}`,
      `cpu cores\t: ${cpus}`,
      `apicid\t\t: ${i * 2}`,
      `initial apicid\t: ${i * 2}`,
      'fpu\t\t: yes',
      'fpu_exception\t: yes',
      `cpuid level\t: ${intel ? 22 : 16}`,
      'wp\t\t: yes',
      `flags\t\t: ${bareMetalFlags(c)}`,
    ];
    if (intel && c.vtx) lines.push(`vmx flags\t: vnmi preemption_timer posted_intr invvpid${c.ept ? ' ept_x_only ept_ad ept_1gb' : ''} flexpriority apicv tsc_offset vtpr mtf vapic${c.ept ? ' ept' : ''} vpid unrestricted_guest vapic_reg vid ple shadow_vmcs pml`);
    lines.push(
      `bugs\t\t: ${intel ? 'spectre_v1 spectre_v2 spec_store_bypass swapgs taa itlb_multihit mmio_stale_data retbleed eibrs_pbrsb gds' : 'sysret_ss_attrs spectre_v1 spectre_v2 spec_store_bypass srso'}`,
      'bogomips\t: 4800.00',
      'clflush size\t: 64',
      'cache_alignment\t: 64',
      `address sizes\t: ${intel ? '46 bits physical, 48 bits virtual' : '48 bits physical, 48 bits virtual'}`,
      'power management:',
      '',
    );
    blocks.push(lines.join('\n'));
  }
  return `${blocks.join('\n')}\n`;
}

/** /proc/modules: "name size refcount users, state address", one line per module. */
export function procModules(mods: readonly LoadedModule[]): string {
  return mods.map((m) => `${m.name} ${m.size} ${m.usedBy.length} ${m.usedBy.length ? m.usedBy.join(',') + ',' : '-'} Live 0x0000000000000000\n`).join('');
}

/** bootKernel's `machine` option with the hardware facts added. */
export function withHardware(m: Partial<MachineInfo>, hw: MachineHardware): Partial<MachineInfo> & MachineHardware {
  return Object.assign({}, m, hw);
}

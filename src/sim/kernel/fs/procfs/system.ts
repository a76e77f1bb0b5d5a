/**
 * System-wide files of /proc: meminfo, cpuinfo, uptime, loadavg, version,
 * filesystems, stat, cmdline (proc(5)).
 *
 * Models: host figures whatever namespace reads them (a container's `free`
 * shows the host's memory, not its limit); MemFree from the sum of every
 * process's resident memory; uptime shifted by the reader's time namespace
 * (CLOCK_BOOTTIME offset); a QEMU virtual CPU per machine.cpus, or a
 * bare-metal CPU when the machine says so (hardware.ts).
 * SIMPLIFICATIONS: load averages are the current run-queue demand, not
 * exponentially decayed; page-cache and slab figures are fixed fractions.
 */

import type { Kernel } from '../../kernel.ts';
import type { Process } from '../../process/types.ts';
import { bareMetalCpuinfo, machineHardware } from './hardware.ts';
import { nsAt } from '../../ns/by-inum.ts';

function meminfoLine(label: string, kbValue: number): string {
  return `${`${label}:`.padEnd(16)}${String(Math.max(0, Math.floor(kbValue))).padStart(8)} kB`;
}

function totalRssBytes(k: Kernel): number {
  let sum = 0;
  for (const p of Object.values(k.state.proc.byPid)) sum += p.rssBytes;
  return sum;
}

export function meminfo(k: Kernel): string {
  const total = Math.floor(k.state.machine.memTotalBytes / 1024);
  const used = Math.floor(totalRssBytes(k) / 1024) + Math.floor(total * 0.04);
  const cached = Math.floor(total * 0.08);
  const buffers = Math.floor(total * 0.01);
  const free = total - used - cached - buffers;
  const sreclaim = Math.floor(total * 0.01);
  const rows: Array<[string, number]> = [
    ['MemTotal', total],
    ['MemFree', free],
    ['MemAvailable', free + cached + buffers + sreclaim],
    ['Buffers', buffers],
    ['Cached', cached],
    ['SwapCached', 0],
    ['Active', Math.floor(used * 0.6 + cached * 0.4)],
    ['Inactive', Math.floor(used * 0.2 + cached * 0.6)],
    ['Active(anon)', Math.floor(used * 0.55)],
    ['Inactive(anon)', 0],
    ['Active(file)', Math.floor(cached * 0.4)],
    ['Inactive(file)', Math.floor(cached * 0.6)],
    ['Unevictable', 0],
    ['Mlocked', 0],
    ['SwapTotal', 0],
    ['SwapFree', 0],
    ['Zswap', 0],
    ['Zswapped', 0],
    ['Dirty', 12],
    ['Writeback', 0],
    ['AnonPages', Math.floor(used * 0.55)],
    ['Mapped', Math.floor(cached * 0.3)],
    ['Shmem', 1024],
    ['KReclaimable', sreclaim],
    ['Slab', sreclaim * 2],
    ['SReclaimable', sreclaim],
    ['SUnreclaim', sreclaim],
    ['KernelStack', 2048],
    ['PageTables', 1024],
    ['SecPageTables', 0],
    ['NFS_Unstable', 0],
    ['Bounce', 0],
    ['WritebackTmp', 0],
    ['CommitLimit', Math.floor(total / 2)],
    ['Committed_AS', used * 2],
    ['VmallocTotal', 34359738367],
    ['VmallocUsed', 20000],
    ['VmallocChunk', 0],
    ['Percpu', 1000 * k.state.machine.cpus],
    ['HardwareCorrupted', 0],
    ['AnonHugePages', 0],
    ['ShmemHugePages', 0],
    ['ShmemPmdMapped', 0],
    ['FileHugePages', 0],
    ['FilePmdMapped', 0],
    ['Unaccepted', 0],
    ['HugePages_Total', 0],
    ['HugePages_Free', 0],
    ['HugePages_Rsvd', 0],
    ['HugePages_Surp', 0],
    ['Hugepagesize', 2048],
    ['Hugetlb', 0],
    ['DirectMap4k', 131072],
    ['DirectMap2M', total - 131072],
  ];
  return `${rows.map(([l, v]) => (l.startsWith('HugePages_') ? `${`${l}:`.padEnd(16)}${String(v).padStart(8)}` : meminfoLine(l, v))).join('\n')}\n`;
}

export function cpuinfo(k: Kernel): string {
  const n = k.state.machine.cpus;
  const hw = machineHardware(k).cpu;
  if (hw && hw.hypervisor === null) return bareMetalCpuinfo(hw, n);
  const flags =
    'fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm rep_good nopl xtopology cpuid tsc_known_freq pni cx16 x2apic hypervisor lahf_lm cpuid_fault pti';
  const blocks: string[] = [];
  for (let i = 0; i < n; i++) {
    blocks.push(
      [
        `processor\t: ${i}`,
        'vendor_id\t: GenuineIntel',
        'cpu family\t: 6',
        'model\t\t: 6',
        'model name\t: QEMU Virtual CPU version 2.5+',
        'stepping\t: 3',
        'microcode\t: 0x1',
        'cpu MHz\t\t: 2399.996',
        'cache size\t: 16384 KB',
        `physical id\t: ${i}`,
        'siblings\t: 1',
        'core id\t\t: 0',
        'cpu cores\t: 1',
        `apicid\t\t: ${i}`,
        `initial apicid\t: ${i}`,
        'fpu\t\t: yes',
        'fpu_exception\t: yes',
        'cpuid level\t: 13',
        'wp\t\t: yes',
        `flags\t\t: ${flags}`,
        'bugs\t\t: cpu_meltdown spectre_v1 spectre_v2 spec_store_bypass l1tf mds swapgs itlb_multihit mmio_unknown',
        'bogomips\t: 4799.99',
        'clflush size\t: 64',
        'cache_alignment\t: 64',
        'address sizes\t: 40 bits physical, 48 bits virtual',
        'power management:',
        '',
      ].join('\n'),
    );
  }
  return `${blocks.join('\n')}\n`;
}

function boottimeOffsetMs(k: Kernel, reader: Process): number {
  const ns = nsAt(k.state, reader.ns.time);
  return ns?.type === 'time' ? ns.boottimeOffsetMs : 0;
}

export function uptime(k: Kernel, reader: Process): string {
  const up = (k.state.clock.uptimeMs + boottimeOffsetMs(k, reader)) / 1000;
  let busy = 0;
  for (const p of Object.values(k.state.proc.byPid)) busy += p.cpuUsageUsec;
  const idle = Math.max(0, (k.state.clock.uptimeMs / 1000) * k.state.machine.cpus - busy / 1e6);
  return `${up.toFixed(2)} ${idle.toFixed(2)}\n`;
}

export function loadavg(k: Kernel, reader: Process): string {
  let demand = 0;
  let running = 0;
  let total = 0;
  for (const p of Object.values(k.state.proc.byPid)) {
    if (p.state === 'Z') continue;
    total++;
    demand += p.cpuDemand;
    if (p.state === 'R' || p.cpuDemand > 0) running++;
  }
  const ns = nsAt(k.state, reader.pidNs);
  const last = ns?.type === 'pid' ? Math.max(0, ns.nextPid - 1) : k.state.proc.nextPid - 1;
  const l = demand.toFixed(2);
  return `${l} ${l} ${l} ${Math.max(1, running)}/${total} ${last}\n`;
}

export function version(k: Kernel): string {
  const m = k.state.machine;
  const builder = /-generic$/.test(m.release)
    ? '(buildd@lcy02-amd64-054) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.3.0-6ubuntu2~24.04) 13.3.0, GNU ld (GNU Binutils for Ubuntu) 2.42)'
    : '(debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40)';
  return `Linux version ${m.release} ${builder} ${m.version}\n`;
}

export const FILESYSTEMS = `nodev\tsysfs
nodev\ttmpfs
nodev\tbdev
nodev\tproc
nodev\tcgroup
nodev\tcgroup2
nodev\tcpuset
nodev\tdevtmpfs
nodev\tdebugfs
nodev\ttracefs
nodev\tsecurityfs
nodev\tsockfs
nodev\tbpf
nodev\tpipefs
nodev\tramfs
nodev\thugetlbfs
nodev\tdevpts
\text3
\text2
\text4
\tsquashfs
\tvfat
nodev\tecryptfs
\tfuseblk
nodev\tfuse
nodev\tfusectl
nodev\tefivarfs
nodev\tmqueue
nodev\tpstore
\tbtrfs
nodev\tautofs
nodev\tbinfmt_misc
nodev\toverlay
`;

/** /proc/stat: CPU time lines, boot time, process counts. */
export function procStatSystem(k: Kernel): string {
  let busy = 0;
  let running = 0;
  for (const p of Object.values(k.state.proc.byPid)) {
    busy += p.cpuUsageUsec;
    if (p.state === 'R') running++;
  }
  const n = k.state.machine.cpus;
  const userTicks = Math.floor(busy / 10000);
  const idleTicks = Math.max(0, Math.floor((k.state.clock.uptimeMs / 10) * n) - userTicks);
  const line = (name: string, u: number, idle: number): string => `${name} ${u} 0 0 ${idle} 0 0 0 0 0 0`;
  const lines = [line('cpu ', userTicks, idleTicks)];
  for (let i = 0; i < n; i++) lines.push(line(`cpu${i}`, Math.floor(userTicks / n), Math.floor(idleTicks / n)));
  lines.push(
    'intr 0',
    'ctxt 0',
    `btime ${Math.floor(k.state.clock.bootEpochMs / 1000)}`,
    `processes ${k.state.proc.nextPid - 1}`,
    `procs_running ${Math.max(1, running)}`,
    'procs_blocked 0',
    'softirq 0 0 0 0 0 0 0 0 0 0 0',
  );
  return `${lines.join('\n')}\n`;
}

export function kernelCmdline(k: Kernel): string {
  return `BOOT_IMAGE=/boot/vmlinuz-${k.state.machine.release} root=/dev/sda1 ro quiet\n`;
}

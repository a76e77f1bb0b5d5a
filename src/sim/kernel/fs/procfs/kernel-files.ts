/**
 * The kernel-internals corners of /proc that container runtimes hide:
 * interrupts, kcore, keys, timer_list, sysrq-trigger, and the directories
 * acpi, bus, fs, irq and scsi (proc(5)).
 *
 * Models: what a QEMU/KVM x86_64 guest running Debian's 6.1 kernel has there,
 * so that runc's masked and read-only paths (moby's defaults) find the ones
 * such a kernel has and skip the ones it lacks (/proc/asound without a sound
 * card, /proc/latency_stats without CONFIG_LATENCYTOP, /proc/timer_stats gone
 * since 4.11, /proc/sched_debug moved to debugfs in 5.13). Per-CPU columns
 * follow machine.cpus; interrupt and timer counts follow the uptime (HZ=250).
 * /proc/kcore is the 128 TiB ELF image of kernel memory and timer_list the
 * hrtimer queues, both root-only (0400); /proc/sysrq-trigger is write-only (0200).
 * SIMPLIFICATIONS:
 * - No key rings: /proc/keys is empty. kcore reads as empty (its ELF image
 *   is not modelled). Writing a SysRq command is accepted and does nothing.
 * - timer_list shows its header and each CPU's clock bases (no .offset or
 *   per-CPU hrtimer fields, no queued timers); interrupt counts other than
 *   the local timer's are fixed; /proc/irq/N has smp_affinity(_list) and
 *   spurious only; /proc/bus/pci/devices gives slot, ids, IRQ and driver
 *   without the BAR columns.
 */

import type { Kernel } from '../../kernel.ts';
import type { Process } from '../../process/types.ts';
import { sysErr, type SysError } from '../../errno.ts';
import type { InodeType } from '../types.ts';

type Read = (k: Kernel, reader: Process) => string | SysError;

export type KernelNode =
  | { type: 'file'; mode: number; size?: number; read: Read; write?: (data: string) => number | SysError }
  | { type: 'dir'; entries: (k: Kernel) => Readonly<Record<string, KernelNode>> };

const HZ = 250;

/** "%10u " for each online CPU (kernel/irq/proc.c, arch/x86/kernel/irq.c). */
function cpuCols(k: Kernel, f: (cpu: number) => number): string {
  let s = '';
  for (let c = 0; c < k.state.machine.cpus; c++) s += `${String(f(c)).padStart(10)} `;
  return s;
}

/** The IO-APIC interrupts of a QEMU i440FX guest: irq, IO-APIC pin, count on CPU0, flow handler, action. */
const IRQS: ReadonlyArray<readonly [number, number, number, string, string]> = [
  [0, 2, 35, 'edge', 'timer'],
  [1, 1, 9, 'edge', 'i8042'],
  [4, 4, 412, 'edge', 'ttyS0'],
  [8, 8, 0, 'edge', 'rtc0'],
  [9, 9, 0, 'fasteoi', 'acpi'],
  [11, 11, 2874, 'fasteoi', 'virtio0'],
  [12, 12, 15, 'edge', 'i8042'],
  [14, 14, 0, 'edge', 'ata_piix'],
  [15, 15, 0, 'edge', 'ata_piix'],
];

/** The arch lines after the IRQs: name, how many per local-timer tick, legend. */
const ARCH_LINES: ReadonlyArray<readonly [string, number, string]> = [
  ['NMI', 0, 'Non-maskable interrupts'],
  ['LOC', 1, 'Local timer interrupts'],
  ['RES', 1 / 40, 'Rescheduling interrupts'],
  ['CAL', 1 / 90, 'Function call interrupts'],
  ['TLB', 1 / 300, 'TLB shootdowns'],
];

/** show_interrupts(): prec is 3 (fewer than 1,000 IRQs). */
function interrupts(k: Kernel): string {
  let head = ' '.repeat(11);
  for (let c = 0; c < k.state.machine.cpus; c++) head += `CPU${String(c).padEnd(8)}`;
  const lines = [head];
  for (const [irq, pin, count, flow, action] of IRQS) {
    lines.push(`${String(irq).padStart(3)}: ${cpuCols(k, (c) => (c === 0 ? count : 0))} ${'IO-APIC'.padStart(8)} ${String(pin).padStart(3)}-${flow.padEnd(8)}  ${action}`);
  }
  const t = Math.floor((k.state.clock.uptimeMs / 1000) * HZ);
  for (const [name, per, legend] of ARCH_LINES) lines.push(`${name}: ${cpuCols(k, () => Math.floor(t * per))}  ${legend}`);
  lines.push(`ERR: ${'0'.padStart(10)}`, `MIS: ${'0'.padStart(10)}`);
  return `${lines.join('\n')}\n`;
}

/** The hrtimer clock bases (monotonic, realtime, boottime, tai; then their _soft twins) by the getter each reads. */
const CLOCK_BASES = ['ktime_get', 'ktime_get_real', 'ktime_get_boottime', 'ktime_get_clocktai'];

function timerList(k: Kernel): string {
  const now = Math.floor(k.state.clock.uptimeMs) * 1_000_000;
  const out = ['Timer List Version: v0.9', `HRTIMER_MAX_CLOCK_BASES: ${2 * CLOCK_BASES.length}`, `now at ${now} nsecs`, ''];
  for (let c = 0; c < k.state.machine.cpus; c++) {
    out.push(`cpu: ${c}`);
    for (let i = 0; i < 2 * CLOCK_BASES.length; i++) {
      out.push(` clock ${i}:`, '  .base:       0000000000000000', `  .index:      ${i}`, '  .resolution: 1 nsecs', `  .get_time:   ${CLOCK_BASES[i % CLOCK_BASES.length]}`, 'active timers:');
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function file(read: Read, mode = 0o444): KernelNode {
  return { type: 'file', mode, read };
}

function dir(entries: Readonly<Record<string, KernelNode>>): KernelNode {
  return { type: 'dir', entries: () => entries };
}

/** Every CPU as "%*pb" prints a cpumask: 32-bit words in hex, the highest first, comma-separated. */
export function allCpusMask(cpus: number): string {
  const words: string[] = [];
  for (let left = cpus; left > 0; left -= 32) {
    const bits = Math.min(32, left);
    words.unshift((bits === 32 ? 0xffffffff : 2 ** bits - 1).toString(16).padStart(Math.ceil(bits / 4), '0'));
  }
  return words.join(',');
}

const irqDir: KernelNode = {
  type: 'dir',
  entries: (k) => {
    const mask = allCpusMask(k.state.machine.cpus);
    const list = k.state.machine.cpus > 1 ? `0-${k.state.machine.cpus - 1}` : '0';
    const one = dir({ smp_affinity: file(() => `${mask}\n`, 0o644), smp_affinity_list: file(() => `${list}\n`, 0o644), spurious: file(() => 'count 0\nunhandled 0\nlast_unhandled 0 ms\n') });
    const out: Record<string, KernelNode> = { default_smp_affinity: file(() => `${mask}\n`, 0o644) };
    for (const [irq] of IRQS) out[irq] = one;
    return out;
  },
};

/** A QEMU i440FX machine's PCI functions: bus+devfn, vendor+device, IRQ, bound driver (none for the bridges). */
const PCI_DEVICES = [
  ['0000', '80861237', 0, ''],
  ['0008', '80867000', 0, ''],
  ['0009', '80867010', 0, 'ata_piix'],
  ['000b', '80867113', 9, 'piix4_smbus'],
  ['0010', '12341111', 0, 'bochs-drm'],
  ['0018', '1af41000', 11, 'virtio-pci'],
] as const;

const ROOT: Readonly<Record<string, KernelNode>> = {
  acpi: dir({ wakeup: file(() => 'Device\tS-state\t  Status   Sysfs node\n', 0o644) }),
  bus: dir({
    input: dir({
      devices: file(() => 'I: Bus=0019 Vendor=0000 Product=0001 Version=0000\nN: Name="Power Button"\nP: Phys=LNXPWRBN/button/input0\nS: Sysfs=/devices/LNXSYSTM:00/LNXPWRBN:00/input/input0\nU: Uniq=\nH: Handlers=kbd event0 \nB: PROP=0\nB: EV=3\nB: KEY=10000000000000 0\n\nI: Bus=0011 Vendor=0001 Product=0001 Version=ab41\nN: Name="AT Translated Set 2 keyboard"\nP: Phys=isa0060/serio0/input0\nS: Sysfs=/devices/platform/i8042/serio0/input/input1\nU: Uniq=\nH: Handlers=sysrq kbd event1 leds \nB: PROP=0\nB: EV=120013\n\n'),
      handlers: file(() => 'N: Number=0 Name=kbd\nN: Number=1 Name=sysrq (filter)\nN: Number=2 Name=leds (filter)\nN: Number=3 Name=evdev Minor=64\n'),
    }),
    pci: dir({ devices: file(() => PCI_DEVICES.map(([slot, id, irq, drv]) => `${slot}\t${id}\t${irq.toString(16)}${drv ? `\t${drv}` : ''}`).join('\n') + '\n') }),
  }),
  fs: dir({ ext4: dir({ sda1: dir({ options: file(() => 'rw\nbsddf\nnogrpid\nblock_validity\ndioread_nolock\nnodiscard\ndelalloc\nnowarn_on_error\njournal_checksum\nbarrier\nauto_da_alloc\nuser_xattr\nacl\nnoquota\nresuid=0\nresgid=0\nerrors=remount-ro\ncommit=5\nmin_batch_time=0\nmax_batch_time=15000\nstripe=0\ndata=ordered\ninode_readahead_blks=32\ninit_itable=10\nmax_dir_size_kb=0\n') }) }) }),
  interrupts: file(interrupts),
  irq: irqDir,
  kcore: { type: 'file', mode: 0o400, size: 140737471590400, read: () => '' },
  keys: file(() => ''),
  scsi: dir({
    scsi: file(() => 'Attached devices:\nHost: scsi0 Channel: 00 Id: 00 Lun: 00\n  Vendor: QEMU     Model: QEMU HARDDISK    Rev: 2.5+\n  Type:   Direct-Access                    ANSI  SCSI revision: 05\n', 0o644),
  }),
  'sysrq-trigger': { type: 'file', mode: 0o200, read: () => sysErr('EIO'), write: (data) => data.length },
  timer_list: file(timerList, 0o400),
};

const ROOT_NODE: KernelNode = dir(ROOT);

/** The node at `path` (components below /proc) if it is one of these, else null. */
export function kernelNode(k: Kernel, path: readonly string[]): KernelNode | null {
  let n: KernelNode | undefined = ROOT_NODE;
  for (const c of path) {
    if (n.type !== 'dir') return null;
    const e: Readonly<Record<string, KernelNode>> = n.entries(k);
    n = Object.prototype.hasOwnProperty.call(e, c) ? e[c] : undefined;
    if (!n) return null;
  }
  return n;
}

/** /proc's own entries among these. */
export function kernelEntries(k: Kernel, node: KernelNode): Array<{ name: string; type: InodeType }> {
  return node.type === 'dir' ? Object.entries(node.entries(k)).map(([name, v]) => ({ name, type: v.type })) : [];
}

/**
 * lscpu(1), util-linux 2.38.1: the CPU architecture read from /proc/cpuinfo.
 *
 * Models: the fields lscpu derives from cpuinfo (vendor, model name, family,
 * model, stepping, BogoMIPS, flags, address sizes; CPU op-modes from the `lm`
 * flag; sockets from distinct physical ids, cores per socket from `cpu
 * cores`, threads per core from siblings / cores; the online CPU list as
 * util-linux writes it ("0,1", "0-3"); VT-x / AMD-V from vmx / svm; a
 * hypervisor from the `hypervisor` flag; one NUMA node). On a terminal the
 * 2.38 tree layout with sections, otherwise the flat list; the value column
 * starts one space after the longest label.
 * SIMPLIFICATIONS: no cache sizes, no Vulnerabilities section, no -e/-p
 * tables; a hypervisor is always reported as KVM.
 */

import type { Ctx, ProgramDef } from '../types.ts';
import { fsRead } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';
import { progName } from './args.ts';

/** util-linux's cpu list: runs of 3 or more as a-b, others comma-separated. */
export function cpuList(ids: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < ids.length; ) {
    let j = i;
    while (j + 1 < ids.length && (ids[j + 1] as number) === (ids[j] as number) + 1) j++;
    if (j - i >= 2) out.push(`${ids[i]}-${ids[j]}`);
    else for (let x = i; x <= j; x++) out.push(String(ids[x]));
    i = j + 1;
  }
  return out.join(',');
}

type Row = [depth: number, label: string, value: string];

function rows(cpuinfo: string): Row[] | null {
  const blocks = cpuinfo.split(/\n\n+/).filter((b) => b.trim());
  const procs = blocks.map((b) => {
    const m: Record<string, string> = {};
    for (const l of b.split('\n')) {
      const i = l.indexOf(':');
      if (i > 0) m[l.slice(0, i).trim()] = l.slice(i + 1).trim();
    }
    return m;
  });
  const p0 = procs[0];
  if (!p0) return null;
  const flags = (p0.flags ?? '').split(' ');
  const sockets = new Set(procs.map((p) => p['physical id'] ?? '0')).size;
  const cores = Number(p0['cpu cores'] ?? 1);
  const threads = Math.max(1, Math.round(Number(p0.siblings ?? cores) / cores));
  const out: Row[] = [
    [0, 'Architecture:', 'x86_64'],
    [1, 'CPU op-mode(s):', flags.includes('lm') ? '32-bit, 64-bit' : '32-bit'],
  ];
  if (p0['address sizes']) out.push([1, 'Address sizes:', p0['address sizes']]);
  out.push(
    [1, 'Byte Order:', 'Little Endian'],
    [0, 'CPU(s):', String(procs.length)],
    [1, 'On-line CPU(s) list:', cpuList(procs.map((p) => Number(p.processor)))],
    [0, 'Vendor ID:', p0.vendor_id ?? ''],
    [1, 'Model name:', p0['model name'] ?? ''],
    [2, 'CPU family:', p0['cpu family'] ?? ''],
    [2, 'Model:', p0.model ?? ''],
    [2, 'Thread(s) per core:', String(threads)],
    [2, 'Core(s) per socket:', String(cores)],
    [2, 'Socket(s):', String(sockets)],
    [2, 'Stepping:', p0.stepping ?? ''],
    [2, 'BogoMIPS:', p0.bogomips ?? ''],
    [2, 'Flags:', p0.flags ?? ''],
  );
  const virt = flags.includes('vmx') ? 'VT-x' : flags.includes('svm') ? 'AMD-V' : null;
  const hyper = flags.includes('hypervisor');
  if (virt || hyper) {
    out.push([0, 'Virtualization features:', '']);
    if (virt) out.push([1, 'Virtualization:', virt]);
    if (hyper) out.push([1, 'Hypervisor vendor:', 'KVM'], [1, 'Virtualization type:', 'full']);
  }
  out.push([0, 'NUMA:', ''], [1, 'NUMA node(s):', '1'], [1, 'NUMA node0 CPU(s):', cpuList(procs.map((p) => Number(p.processor)))]);
  return out;
}

export const lscpuProgram: ProgramDef<null> = {
  id: 'lscpu',
  main(ctx: Ctx) {
    const name = progName(ctx, 'lscpu');
    const text = fsRead(ctx.k, ctx.pid, '/proc/cpuinfo');
    const rs = isErr(text) ? null : rows(text);
    if (!rs) {
      ctx.stderr.write(`${name}: cannot open /proc/cpuinfo: No such file or directory\n`);
      return { exit: 1 };
    }
    const tree = ctx.stdout.isatty;
    // Flat output drops the section headings (rows without a value) and the indentation.
    const shown = tree ? rs : rs.filter((r) => r[2] !== '');
    const label = ([d, l]: Row) => (tree ? '  '.repeat(d) : '') + l;
    const width = Math.max(...shown.map((r) => label(r).length)) + 1;
    ctx.stdout.write(shown.map((r) => label(r).padEnd(width) + r[2]).join('\n') + '\n');
    return { exit: 0 };
  },
};

/**
 * Output formats of libvirt's tools: virsh's table (tools/vsh-table.c), the
 * dominfo block (virsh-domain-monitor.c, "%-15s %s"), domifaddr's columns, and
 * virt-install's progress meter end line (virtinst/_progresspriv.py TextMeter).
 * SIMPLIFICATIONS: the meter assumes an 80-column terminal and an instant
 * operation (00:00); the leading carriage return it writes is left out.
 */

import type { DomainView } from '../libvirt-api.ts';
import { virshStateName } from '../vm.machine.ts';

/**
 * vshTablePrint: each cell as " %s", cells padded to the column's widest + 2
 * (not the last), and a rule of (width + 3) dashes per column under the header.
 */
export function vshTable(header: string[], rows: string[][], withHeader = true): string {
  const counted = withHeader ? [header, ...rows] : rows;
  const widths = header.map((_, i) => Math.max(0, ...counted.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => ` ${c}${i < r.length - 1 ? ' '.repeat((widths[i] ?? 0) - c.length + 2) : ''}`).join('') + '\n';
  let out = '';
  if (withHeader) {
    out += line(header);
    out += widths.map((w) => '-'.repeat(w + 3)).join('') + '\n';
  }
  for (const r of rows) out += line(r);
  return out;
}

/** `virsh list` rows: Id, Name, State. */
export function listTable(domains: DomainView[], withHeader = true, extraRows: Array<{ id: string; name: string; state: string }> = []): string {
  const rows = [...extraRows.map((r) => [r.id, r.name, r.state]), ...domains.map((d) => [d.vm.id === null ? '-' : String(d.vm.id), d.vm.name, virshStateName(d.status)])];
  return vshTable(['Id', 'Name', 'State'], rows, withHeader);
}

function kv(label: string, value: string): string {
  return `${label.padEnd(15)} ${value}\n`;
}

/** `virsh dominfo` (type: 1 for a Xen-style host, which has no AppArmor label). */
export function dominfoText(d: DomainView, type: 1 | 2): string {
  const vm = d.vm;
  const active = vm.id !== null;
  let out = kv('Id:', active ? String(vm.id) : '-');
  out += kv('Name:', vm.name);
  out += kv('UUID:', vm.uuid);
  out += kv('OS Type:', 'hvm');
  out += kv('State:', virshStateName(d.status));
  out += kv('CPU(s):', String(vm.vcpus));
  if (active) out += kv('CPU time:', `${d.cpuTimeSec.toFixed(1)}s`);
  out += kv('Max memory:', `${vm.memoryMiB * 1024} KiB`);
  out += kv('Used memory:', `${d.usedMemoryKiB} KiB`);
  out += kv('Persistent:', vm.lifecycle.context.persistent ? 'yes' : 'no');
  out += kv('Autostart:', vm.autostart ? 'enable' : 'disable');
  out += kv('Managed save:', vm.saveFile ? 'yes' : 'no');
  if (type === 2) {
    out += kv('Security model:', 'apparmor');
    out += kv('Security DOI:', '0');
    if (active) out += kv('Security label:', `libvirt-${vm.uuid} (enforcing)`);
  }
  return out;
}

/** `virsh domifaddr` (lease source). */
export function domifaddrText(d: DomainView): string {
  let out = ` ${'Name'.padEnd(10)} ${'MAC address'.padEnd(20)} ${'Protocol'.padEnd(8)}     Address\n`;
  out += '-'.repeat(49) + '-'.repeat(30) + '\n';
  if (d.vm.nic.tap && d.vm.nic.ip) out += ` ${d.vm.nic.tap.padEnd(10)} ${d.vm.nic.mac.padEnd(17)}    ${'ipv4'.padEnd(12)} ${d.vm.nic.ip}/24\n`;
  return out;
}

/** urlgrabber's format_number: 1024-based, "20 G", "512 M", "0". */
export function formatNumber(n: number): string {
  const symbols = ['', 'k', 'M', 'G', 'T', 'P'];
  let depth = 0;
  let x = n;
  while (x > 999 && depth < symbols.length - 1) {
    depth++;
    x /= 1024;
  }
  if (depth === 0) return `${Math.trunc(x)} ${symbols[depth]}`;
  return x < 9.95 ? `${x.toFixed(1)} ${symbols[depth]}` : `${x.toFixed(0)} ${symbols[depth]}`;
}

/** The meter's final line for `text`: amount null prints no size (an operation without one). */
export function meterEnd(text: string, amount: number | null, cols = 80): string {
  let rest = Math.max(cols, 8);
  const time = '  00:00';
  rest -= time.length;
  const end = ' '.repeat(5);
  rest -= end.length;
  const size = amount === null || amount === 0 ? ` | ${' '.repeat(5)} ` : ` | ${formatNumber(amount).padStart(5)}B`;
  rest -= size.length;
  return `${text.slice(0, rest).padEnd(rest)}${size}${time}${end}\n`;
}

/**
 * Putting a hypervisor on the simulated host: what `apt install qemu-system-x86
 * libvirt-daemon-system virtinst` and the first start of libvirtd leave behind.
 *
 * Models (type 2, QEMU/KVM): the kvm modules (kvm.ko plus kvm_intel.ko or
 * kvm_amd.ko, which need VT-x/AMD-V; K-MMU and the reference §7.1), /dev/kvm
 * (char 10:232, root:kvm 0660) when the CPU has the extensions, the
 * libvirt-qemu user, libvirtd and the dnsmasq of libvirt's `default` network,
 * the virbr0 bridge (192.168.122.1/24, NO-CARRIER until a VM's tap joins) and
 * libvirt's iptables rules (LIBVIRT_INP/OUT/FWI/FWO/FWX in filter, LIBVIRT_PRT
 * masquerading 192.168.122.0/24 in nat) with net.ipv4.ip_forward=1.
 * Type 1 (Xen-style): the simulated host is dom0: the xen_* modules, xenstored
 * and xenconsoled instead of per-VM VMM processes.
 * SIMPLIFICATIONS:
 * - Module sizes are typical Debian 12 values. The modules and the CPU are
 *   boot-time facts of the host kernel's machine (hostHardware, read by
 *   procfs): a host booted without them shows a QEMU vCPU and no modules.
 * - No mangle-table checksum rule; no IPv6.
 */

import type { Kernel } from '../kernel/kernel.ts';
import { isErr } from '../kernel/errno.ts';
import { clone } from '../kernel/process/clone.ts';
import { setgid, setgroups, setuid } from '../kernel/process/creds.ts';
import { mkdirCgroup } from '../kernel/cgroup/dir.ts';
import { chargeMemory } from '../kernel/cgroup/memory.ts';
import { mkdirAll, writeFile, readFile, mknod, chown, exists, unlink } from '../kernel/fs/index.ts';
import { linkAdd, linkSet, addrAdd, sysctlSet, iptables } from '../kernel/net/index.ts';
import type { IptCommand } from '../kernel/net/iptables/ops.ts';
import { mac as randomMac } from '../host/rng.ts';
import { marker } from '../userland/install.ts';
import { footprint } from '../userland/memory.ts';
import { kSetPgid, kSetWait } from '../userland/kapi.ts';
import type { FdTable, ProcWrap } from '../userland/types.ts';
import type { HypervisorConfig, KernelModule, VirtNetwork } from './types.ts';
import { machineCpu, procModules, withHardware, type MachineCpu, type MachineHardware } from '../kernel/fs/procfs/hardware.ts';
import type { MachineInfo } from '../kernel/state.ts';
import { DEFAULT_HYPERVISOR } from './types.ts';

export const KVM_GID = 994;
export const LIBVIRT_QEMU_UID = 64055;
export const LIBVIRT_DNSMASQ_UID = 102;
export const LIBVIRT_GID = 109;
export const LIBVIRT_SOCK = '/run/libvirt/libvirt-sock';

/** Programs the VM tools install: path → program id. */
export const VM_BINARIES: Readonly<Record<string, string>> = {
  // Started by libvirt only; run by hand it is the "not simulated" stand-in.
  '/usr/bin/qemu-system-x86_64': 'missing',
  '/usr/bin/virsh': 'virsh',
  '/usr/bin/virt-install': 'virt-install',
  '/usr/sbin/libvirtd': 'daemon',
  '/usr/sbin/dnsmasq': 'daemon',
  // qemu-utils.
  '/usr/bin/qemu-img': 'qemu-img',
  // Part of every Debian system (kmod, systemd), not yet in the project's rootfs: installed here meanwhile.
  '/usr/bin/lsmod': 'lsmod',
  '/usr/bin/systemd-detect-virt': 'systemd-detect-virt',
};

/** The modules lsmod shows for this configuration (Debian 12 sizes). */
export function modulesFor(c: HypervisorConfig): KernelModule[] {
  if (c.type === 1) {
    return [
      { name: 'xen_netback', size: 69632, usedBy: [] },
      { name: 'xen_blkback', size: 57344, usedBy: [] },
      { name: 'xen_gntalloc', size: 24576, usedBy: [] },
      { name: 'xen_gntdev', size: 40960, usedBy: [] },
      { name: 'xen_evtchn', size: 20480, usedBy: [] },
      { name: 'xen_privcmd', size: 28672, usedBy: [] },
      { name: 'bridge', size: 311296, usedBy: [] },
      { name: 'stp', size: 16384, usedBy: ['bridge'] },
      { name: 'llc', size: 16384, usedBy: ['bridge', 'stp'] },
    ];
  }
  const out: KernelModule[] = [
    { name: 'vhost_net', size: 36864, usedBy: [] },
    { name: 'vhost', size: 57344, usedBy: ['vhost_net'] },
    { name: 'vhost_iotlb', size: 16384, usedBy: ['vhost'] },
    { name: 'tap', size: 28672, usedBy: ['vhost_net'] },
    { name: 'tun', size: 61440, usedBy: ['vhost_net'] },
    { name: 'bridge', size: 311296, usedBy: [] },
    { name: 'stp', size: 16384, usedBy: ['bridge'] },
    { name: 'llc', size: 16384, usedBy: ['bridge', 'stp'] },
  ];
  if (c.assist.vtx) {
    const vendor = c.cpuVendor === 'intel' ? { name: 'kvm_intel', size: 380928 } : { name: 'kvm_amd', size: 155648 };
    out.push({ ...vendor, usedBy: [] }, { name: 'kvm', size: 1142784, usedBy: [vendor.name] }, { name: 'irqbypass', size: 16384, usedBy: ['kvm'] });
  }
  return out;
}

/** Modules a Docker host has loaded whatever the hypervisor (overlayfs, veth, bridge netfilter). */
const DOCKER_HOST_MODULES: KernelModule[] = [
  { name: 'veth', size: 40960, usedBy: [] },
  { name: 'xt_MASQUERADE', size: 20480, usedBy: [] },
  { name: 'br_netfilter', size: 32768, usedBy: [] },
  { name: 'overlay', size: 188416, usedBy: [] },
];

/**
 * The host machine's hardware facts for bootKernel's `machine` (MachineInfo.cpu
 * and .modules, see kernel/fs/procfs/hardware.ts): a bare-metal CPU with the
 * configuration's assists, and the modules loaded once the hypervisor is
 * installed (bridge, tun, vhost_net, kvm + kvm_intel/kvm_amd when VT-x/AMD-V
 * is there). createHost({ vms: true }) boots its kernel with these.
 */
export function hostHardware(c: HypervisorConfig): { cpu: MachineCpu; modules: KernelModule[] } {
  return { cpu: machineCpu(c.cpuVendor, c.assist, null), modules: [...modulesFor(c), ...DOCKER_HOST_MODULES] };
}

/**
 * bootKernel's `machine` option for a host that is to run VMs (its CPU and
 * modules; `config` as HypervisorOptions.config takes it):
 * `bootKernel({ ..., machine: hostMachine(opts.vm?.config) })`.
 */
export function hostMachine(config: Partial<HypervisorConfig> = {}): Partial<MachineInfo> & MachineHardware {
  const c: HypervisorConfig = { ...DEFAULT_HYPERVISOR, ...config, assist: { ...DEFAULT_HYPERVISOR.assist, ...config.assist } };
  return withHardware({}, hostHardware(c));
}

/** /proc/modules as the kernel prints it (name size refcount users, state, address). */
export function procModulesText(mods: readonly KernelModule[]): string {
  return procModules(mods);
}

/** lsmod's table (kmod: "%-19s %8s  %s"). */
export function lsmodText(mods: readonly KernelModule[]): string {
  const rows = mods.map((m) => `${m.name.padEnd(19)} ${String(m.size).padStart(8)}  ${m.usedBy.length}${m.usedBy.length ? ' ' + m.usedBy.join(',') : ''}`);
  return ['Module                  Size  Used by', ...rows].join('\n') + '\n';
}

const NULL_FDS: FdTable = { 0: { k: 'null' }, 1: { k: 'null' }, 2: { k: 'null' } };

function ensureCgroup(k: Kernel, path: string): void {
  let cur = '';
  for (const c of path.split('/').filter(Boolean)) {
    cur += '/' + c;
    if (!k.state.cgroup.byPath[cur]) mkdirCgroup(k, cur);
  }
}

export interface DaemonSpec {
  comm: string;
  exe: string;
  argv: string[];
  cgroup: string;
  uid?: number;
  gid?: number;
  program?: string;
  rssKb?: number;
}

/** A host service started by systemd: a child of PID 1 in its unit's cgroup, waiting forever. */
export function spawnHostDaemon(k: Kernel, s: DaemonSpec): number | null {
  ensureCgroup(k, s.cgroup);
  const w: ProcWrap = { fds: NULL_FDS, fl: 'gnu', s: null };
  const p = clone(k, 1, { comm: s.comm, argv: s.argv, exe: s.exe, env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' }, program: { name: s.program ?? 'daemon', state: w }, cgroup: s.cgroup });
  if (isErr(p)) return null;
  kSetPgid(k, p.pid, p.pid, p.pid, null);
  if (s.gid !== undefined) {
    setgid(k, p.pid, s.gid);
    setgroups(k, p.pid, [s.gid]);
  }
  if (s.uid !== undefined) setuid(k, p.pid, s.uid);
  chargeMemory(k, p.pid, (s.rssKb ?? footprint('daemon', 'gnu', s.comm).rssKb) * 1024);
  kSetWait(k, p.pid, { kind: 'forever' });
  return p.pid;
}

function appendLine(k: Kernel, path: string, line: string): void {
  const cur = readFile(k, 1, path);
  const text = isErr(cur) ? '' : cur;
  if (text.split('\n').some((l) => l.split(':')[0] === line.split(':')[0])) return;
  writeFile(k, 1, path, text + line + '\n', { append: false });
}

/** Files, users and devices the packages install; `has` says which program ids the registry knows. */
export function installFiles(k: Kernel, c: HypervisorConfig, has: (id: string) => boolean = () => true): void {
  for (const [path, id] of Object.entries(VM_BINARIES)) {
    mkdirAll(k, 1, path.slice(0, path.lastIndexOf('/')));
    writeFile(k, 1, path, marker(has(id) ? id : 'missing'), { mode: 0o755 });
  }
  for (const d of ['/var/lib/libvirt/images', '/var/lib/libvirt/qemu/save', '/var/lib/libvirt/dnsmasq', '/etc/libvirt/qemu', '/run/libvirt', '/var/log/libvirt/qemu']) mkdirAll(k, 1, d, 0o755);
  appendLine(k, '/etc/passwd', `libvirt-qemu:x:${LIBVIRT_QEMU_UID}:${KVM_GID}:Libvirt Qemu,,,:/var/lib/libvirt:/usr/sbin/nologin`);
  appendLine(k, '/etc/passwd', `libvirt-dnsmasq:x:${LIBVIRT_DNSMASQ_UID}:${LIBVIRT_GID + 1}:Libvirt Dnsmasq,,,:/var/lib/libvirt/dnsmasq:/usr/sbin/nologin`);
  appendLine(k, '/etc/group', `libvirt:x:${LIBVIRT_GID}:`);
  appendLine(k, '/etc/group', `libvirt-dnsmasq:x:${LIBVIRT_GID + 1}:`);
  appendLine(k, '/etc/group', `libvirt-qemu:x:${LIBVIRT_QEMU_UID}:libvirt-qemu`);
  // kvm.ko creates /dev/kvm when it loads; it cannot load without VT-x/AMD-V.
  const kvm = c.type === 2 && c.assist.vtx;
  if (kvm && !exists(k, 1, '/dev/kvm')) {
    mknod(k, 1, '/dev/kvm', 'chardev', 0o660, [10, 232]);
    chown(k, 1, '/dev/kvm', 0, KVM_GID);
  }
  if (!kvm && exists(k, 1, '/dev/kvm')) unlink(k, 1, '/dev/kvm');
  if (!exists(k, 1, LIBVIRT_SOCK)) mknod(k, 1, LIBVIRT_SOCK, 'socket', 0o666);
}

/** libvirt's default network: virbr0 with 192.168.122.1/24, forwarding on, NAT rules. */
export function createDefaultNetwork(k: Kernel, pid: number, net: VirtNetwork): void {
  linkAdd(k, pid, { kind: 'bridge', name: net.bridge, mac: virbrMac(k), txqueuelen: 1000 });
  addrAdd(k, pid, net.bridge, `${net.address}/${net.prefix}`, { broadcast: '+' });
  linkSet(k, pid, net.bridge, { up: true });
  sysctlSet(k, pid, 'net.ipv4.ip_forward', '1');
  const sub = `${net.address.split('.').slice(0, 3).join('.')}.0/${net.prefix}`;
  const br = net.bridge;
  const ipt = (table: string, c: IptCommand) => iptables(k, pid, table, c);
  for (const ch of ['LIBVIRT_INP', 'LIBVIRT_OUT', 'LIBVIRT_FWO', 'LIBVIRT_FWI', 'LIBVIRT_FWX']) ipt('filter', { cmd: '-N', chain: ch });
  ipt('filter', { cmd: '-I', chain: 'INPUT', pos: 1, rule: ['-j', 'LIBVIRT_INP'] });
  ipt('filter', { cmd: '-I', chain: 'FORWARD', pos: 1, rule: ['-j', 'LIBVIRT_FWO'] });
  ipt('filter', { cmd: '-I', chain: 'FORWARD', pos: 1, rule: ['-j', 'LIBVIRT_FWI'] });
  ipt('filter', { cmd: '-I', chain: 'FORWARD', pos: 1, rule: ['-j', 'LIBVIRT_FWX'] });
  ipt('filter', { cmd: '-I', chain: 'OUTPUT', pos: 1, rule: ['-j', 'LIBVIRT_OUT'] });
  for (const [p, port] of [['udp', '53'], ['tcp', '53'], ['udp', '67'], ['tcp', '67']] as const) {
    ipt('filter', { cmd: '-A', chain: 'LIBVIRT_INP', rule: ['-i', br, '-p', p, '-m', p, '--dport', port, '-j', 'ACCEPT'] });
  }
  for (const [p, port] of [['udp', '53'], ['tcp', '53'], ['udp', '68'], ['tcp', '68']] as const) {
    ipt('filter', { cmd: '-A', chain: 'LIBVIRT_OUT', rule: ['-o', br, '-p', p, '-m', p, '--dport', port, '-j', 'ACCEPT'] });
  }
  ipt('filter', { cmd: '-A', chain: 'LIBVIRT_FWI', rule: ['-d', sub, '-o', br, '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT'] });
  ipt('filter', { cmd: '-A', chain: 'LIBVIRT_FWI', rule: ['-o', br, '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable'] });
  ipt('filter', { cmd: '-A', chain: 'LIBVIRT_FWO', rule: ['-s', sub, '-i', br, '-j', 'ACCEPT'] });
  ipt('filter', { cmd: '-A', chain: 'LIBVIRT_FWO', rule: ['-i', br, '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable'] });
  ipt('filter', { cmd: '-A', chain: 'LIBVIRT_FWX', rule: ['-i', br, '-o', br, '-j', 'ACCEPT'] });
  ipt('nat', { cmd: '-N', chain: 'LIBVIRT_PRT' });
  ipt('nat', { cmd: '-I', chain: 'POSTROUTING', pos: 1, rule: ['-j', 'LIBVIRT_PRT'] });
  ipt('nat', { cmd: '-A', chain: 'LIBVIRT_PRT', rule: ['-s', sub, '-d', '224.0.0.0/24', '-j', 'RETURN'] });
  ipt('nat', { cmd: '-A', chain: 'LIBVIRT_PRT', rule: ['-s', sub, '-d', '255.255.255.255/32', '-j', 'RETURN'] });
  ipt('nat', { cmd: '-A', chain: 'LIBVIRT_PRT', rule: ['-s', sub, '!', '-d', sub, '-p', 'tcp', '-j', 'MASQUERADE', '--to-ports', '1024-65535'] });
  ipt('nat', { cmd: '-A', chain: 'LIBVIRT_PRT', rule: ['-s', sub, '!', '-d', sub, '-p', 'udp', '-j', 'MASQUERADE', '--to-ports', '1024-65535'] });
  ipt('nat', { cmd: '-A', chain: 'LIBVIRT_PRT', rule: ['-s', sub, '!', '-d', sub, '-j', 'MASQUERADE'] });
}

/** libvirt gives its bridges a 52:54:00 (QEMU OUI) MAC. */
function virbrMac(k: Kernel): string {
  return '52:54:00' + randomMac(k.state.rng).slice(8);
}

/** The host's daemons for this hypervisor type: name → pid. */
export function startDaemons(k: Kernel, c: HypervisorConfig, net: VirtNetwork): Record<string, number> {
  const out: Record<string, number> = {};
  const put = (name: string, pid: number | null) => {
    if (pid !== null) out[name] = pid;
  };
  if (c.type === 1) {
    put('xenstored', spawnHostDaemon(k, { comm: 'oxenstored', exe: '/usr/sbin/oxenstored', argv: ['/usr/sbin/oxenstored', '--pid-file', '/var/run/xen/xenstored.pid'], cgroup: '/system.slice/xenstored.service', rssKb: 6144 }));
    put('xenconsoled', spawnHostDaemon(k, { comm: 'xenconsoled', exe: '/usr/sbin/xenconsoled', argv: ['/usr/sbin/xenconsoled', '--pid-file=/var/run/xen/xenconsoled.pid'], cgroup: '/system.slice/xenconsoled.service', rssKb: 2048 }));
  }
  put('libvirtd', spawnHostDaemon(k, { comm: 'libvirtd', exe: '/usr/sbin/libvirtd', argv: ['/usr/sbin/libvirtd', '--timeout', '120'], cgroup: '/system.slice/libvirtd.service', rssKb: 38912 }));
  const conf = `/var/lib/libvirt/dnsmasq/${net.name}.conf`;
  writeFile(k, 1, conf, `strict-order\npid-file=/run/libvirt/network/${net.name}.pid\nexcept-interface=lo\nbind-dynamic\ninterface=${net.bridge}\ndhcp-range=192.168.122.2,192.168.122.254,255.255.255.0\ndhcp-no-override\ndhcp-authoritative\ndhcp-lease-max=253\ndhcp-hostsfile=/var/lib/libvirt/dnsmasq/${net.name}.hostsfile\naddn-hosts=/var/lib/libvirt/dnsmasq/${net.name}.addnhosts\n`);
  put('dnsmasq', spawnHostDaemon(k, { comm: 'dnsmasq', exe: '/usr/sbin/dnsmasq', argv: ['/usr/sbin/dnsmasq', `--conf-file=${conf}`, '--leasefile-ro', '--dhcp-script=/usr/lib/libvirt/libvirt_leaseshelper'], cgroup: '/system.slice/libvirtd.service', uid: LIBVIRT_DNSMASQ_UID, gid: LIBVIRT_GID + 1, rssKb: 2560 }));
  return out;
}

/**
 * A Linux guest: a second, independent instance of the project's kernel model
 * (bootKernel) with its own userland, booted by the hypervisor when the VM
 * reaches its `kernel` boot stage.
 *
 * Models: the guest kernel's machine (uname -r/-v of the guest OS, cpus =
 * vCPUs, MemTotal = the VM's memory, hostname = the domain name), its init
 * starting the distribution's services, a virtio NIC renamed by udev to
 * enp1s0 and configured by DHCP from libvirt's dnsmasq (192.168.122.x/24,
 * gateway and DNS 192.168.122.1), an ssh login session for `run`, and a serial
 * console (ttyS0) with a root shell for `virsh console`.
 * SIMPLIFICATIONS:
 * - The guest's services are stand-in daemons (the userland's `daemon`); the
 *   console logs root in directly (as a cloud image with autologin on ttyS0).
 * - The guest's filesystem starts from the project's Debian-layout rootfs with
 *   the guest's os-release written over it; its root filesystem then lives on
 *   the VM's disk (guest-disk.ts): files written there survive a power cycle,
 *   while each boot is otherwise a fresh kernel state.
 * - Beyond its NIC, the guest reaches the same simulated internet the host
 *   does; the NAT hop through the host's virbr0 is not traced packet by packet.
 *   The gateway's entry in the guest's link table (net.internet) is written here,
 *   at boot, because the net module has no operation for it (see the report).
 */

import { bootKernel } from '../kernel/boot.ts';
import { emptyHooks, type Kernel } from '../kernel/kernel.ts';
import type { LoggedEvent } from '../events.ts';
import { installNet } from '../kernel/net/install.ts';
import { installCgroup } from '../kernel/cgroup/cpu.ts';
import { advanceTime } from '../kernel/time.ts';
import { isErr } from '../kernel/errno.ts';
import { mkdirCgroup } from '../kernel/cgroup/dir.ts';
import { cloneKernelState, kernelSnapshot } from '../kernel/snapshot.ts';
import { linkSet, addrAdd, addrDel, routeAdd } from '../kernel/net/index.ts';
import { writeFile } from '../kernel/fs/index.ts';
import { createUserland, newRootSession, ensureRootShell, runLine, settle, shellIdle, foregroundOf, createTerminal, spawnLoginShell, type Userland, type HostUserland } from '../userland/index.ts';
import type { FdTable, ProcWrap, ProgramDef } from '../userland/types.ts';
import type { ShellState } from '../userland/shell/state.ts';
import { kChargeMemory, kClone, kSetPgid, kSetWait } from '../userland/kapi.ts';
import { footprint } from '../userland/memory.ts';
import { marker } from '../userland/install.ts';
import { deliverSignal } from '../kernel/process/signal.ts';
import { SIGINT } from '../kernel/signals.ts';
import { clonePlain } from '../kernel/plain.ts';
import { machineCpu, withHardware } from '../kernel/fs/procfs/hardware.ts';
import { captureDisk, loadDisk, rootUsedBytes, type GuestDisk } from './guest-disk.ts';
import type { GuestOs, GuestService } from './guest-os.ts';
import type { Guest, GuestConsole, GuestLease, GuestRunResult, GuestSnapshot, GuestTick } from './guest.ts';

export interface LinuxGuestOptions {
  seed: number;
  os: GuestOs;
  hostname: string;
  vcpus: number;
  memoryMiB: number;
  /** Wall-clock instant the guest kernel starts (so `date` agrees with the host). */
  bootEpochMs: number;
  onTick?: GuestTick;
  /** Programs beyond the base userland (the docker CLI, for Docker inside the VM). */
  extraPrograms?: ProgramDef<never>[];
  /** The host CPU's vendor (the vCPUs are KVM's: the `hypervisor` flag, no vmx). */
  cpuVendor?: 'intel' | 'amd';
  /** What the VM's disk holds from earlier boots (null: a fresh image with the installed OS). */
  disk?: GuestDisk | null;
}

/** A KVM guest's modules: virtio drivers for its NIC and disk, the balloon. */
const GUEST_MODULES = [
  { name: 'virtio_balloon', size: 28672, usedBy: [] },
  { name: 'virtio_net', size: 69632, usedBy: [] },
  { name: 'net_failover', size: 24576, usedBy: ['virtio_net'] },
  { name: 'failover', size: 16384, usedBy: ['net_failover'] },
  { name: 'virtio_blk', size: 24576, usedBy: [] },
];

const NULL_FDS: FdTable = { 0: { k: 'null' }, 1: { k: 'null' }, 2: { k: 'null' } };
const SERIAL = 'ttyS0';

function wrap(fds: FdTable): ProcWrap {
  return { fds, fl: 'gnu', s: null };
}

export class LinuxGuest implements Guest {
  readonly kind = 'linux';
  readonly os: GuestOs;
  readonly kernel: Kernel;
  readonly ul: Userland;
  /** The guest kernel's own event log. */
  readonly log: LoggedEvent[] = [];
  private hu: HostUserland | null = null;
  private consolePid: number | null = null;
  private readonly onTick: GuestTick | undefined;
  /** Set while the hypervisor drives the guest clock, so its ticks are not echoed back. */
  private driven = false;
  /** Bytes the root filesystem used as installed (the image grows by what is added). */
  private readonly baseUsedBytes: number;

  constructor(o: LinuxGuestOptions, restoreFrom?: Extract<GuestSnapshot, { kind: 'linux' }>) {
    this.os = o.os;
    this.onTick = o.onTick;
    const hooks = emptyHooks();
    installNet(hooks);
    installCgroup(hooks);
    hooks.ticked.push((_k, from, to) => {
      if (!this.driven) this.onTick?.(from, to);
    });
    let ul: Userland | null = null;
    this.kernel = bootKernel({
      seed: o.seed,
      bootEpochMs: o.bootEpochMs,
      machine: withHardware({ release: o.os.release, version: o.os.version, cpus: o.vcpus, memTotalBytes: o.memoryMiB * 1024 * 1024, hostname: o.hostname }, { cpu: machineCpu(o.cpuVendor ?? 'intel', { vtx: false, ept: false }, 'kvm'), modules: GUEST_MODULES }),
      sink: (e) => {
        this.log.push(e);
        ul?.observe(e);
      },
      hooks,
    });
    ul = this.ul = createUserland(this.kernel, o.extraPrograms ? { extraPrograms: o.extraPrograms } : {});
    if (o.os.osRelease) writeFile(this.kernel, 1, '/usr/lib/os-release', o.os.osRelease);
    for (const id of ['lsmod', 'systemd-detect-virt']) writeFile(this.kernel, 1, `/usr/bin/${id}`, marker(id), { mode: 0o755 });
    // The root filesystem is the disk's: what earlier boots wrote is there again.
    if (o.disk) loadDisk(this.kernel, o.disk);
    this.baseUsedBytes = o.disk?.baseUsedBytes ?? rootUsedBytes(this.kernel);
    if (restoreFrom) this.restoreState(restoreFrom);
  }

  /** Put a snapshot's state back into this guest (its kernel object, hooks and ports stay). */
  restoreState(s: Extract<GuestSnapshot, { kind: 'linux' }>): void {
    this.kernel.state = cloneKernelState(s.kernel);
    this.ul.restore(s.userland);
    this.hu = s.hu ? clonePlain(s.hu) : null;
    this.consolePid = s.consolePid;
    this.log.length = 0;
  }

  get ready(): boolean {
    return this.hu !== null;
  }

  startServices(lease: GuestLease): void {
    if (this.hu) return;
    const pids: Record<string, number> = {};
    for (const s of this.os.services) {
      const pid = this.spawnDaemon(1, s);
      if (pid !== null) pids[s.comm] = pid;
    }
    const getty = this.spawnDaemon(1, { comm: 'agetty', exe: '/usr/sbin/agetty', argv: ['/sbin/agetty', '-o', '-p -- \\u', '--keep-baud', '115200,57600,38400,9600', '-', 'vt220'], cgroup: '/system.slice/system-serial\\x2dgetty.slice/serial-getty@ttyS0.service', tty: SERIAL });
    if (getty !== null) pids.serial = getty;
    this.configureNetwork(lease);
    const sshd = pids.sshd ?? 1;
    const shell = newRootSession(this.kernel, this.ul, sshd);
    if (shell === null) throw new Error('guest: cannot start a login session');
    this.hu = { rootShellPid: shell, sessionPid: this.kernel.proc(shell)?.ppid ?? 0, sshdPid: sshd };
    this.ul.drain();
  }

  private ensureCgroup(path: string): void {
    let cur = '';
    for (const c of path.split('/').filter(Boolean)) {
      cur += '/' + c;
      if (!this.kernel.state.cgroup.byPath[cur]) mkdirCgroup(this.kernel, cur);
    }
  }

  /** A service started by the guest's init: a stand-in daemon waiting forever. */
  private spawnDaemon(parent: number, s: GuestService): number | null {
    const k = this.kernel;
    this.ensureCgroup(s.cgroup);
    const pid = kClone(k, parent, { flags: 0, comm: s.comm, argv: s.argv, exe: s.exe, env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' }, program: { name: 'daemon', state: wrap(NULL_FDS) }, cgroup: s.cgroup });
    if (isErr(pid)) return null;
    kSetPgid(k, pid, pid, pid, s.tty ?? null);
    kChargeMemory(k, pid, footprint('daemon', 'gnu', s.comm).rssKb * 1024);
    kSetWait(k, pid, { kind: 'forever' });
    return pid;
  }

  /** udev names the virtio NIC enp1s0; networkd takes a DHCP lease from libvirt's dnsmasq. */
  private configureNetwork(l: GuestLease): void {
    const k = this.kernel;
    const nic = this.os.nicName;
    linkSet(k, 1, 'eth0', { up: false });
    addrDel(k, 1, 'eth0', '10.0.2.15/24');
    linkSet(k, 1, 'eth0', { name: nic, address: l.mac, up: true });
    addrAdd(k, 1, nic, `${l.ip}/${l.prefix}`, { broadcast: '+', metric: 100 });
    routeAdd(k, 1, { dst: 'default', via: l.gateway, dev: nic, proto: 'dhcp', src: l.ip, metric: 100 });
    routeAdd(k, 1, { dst: `${l.gateway}/32`, dev: nic, proto: 'dhcp', scope: 'link', src: l.ip, metric: 100 });
    // What lies beyond the NIC is hardware, not kernel state: the host's virbr0 answers as gateway and DNS.
    const inet = k.state.net.internet;
    inet.hosts[l.gateway] = { ip: l.gateway, names: [], ping: true, tcpPorts: [53], dns: true, ttl: 64, rttMs: 0.3, onLink: true };
    writeFile(k, 1, '/etc/resolv.conf', `nameserver ${l.dns}\n`);
  }

  run(line: string): GuestRunResult {
    if (!this.hu) return { stdout: '', stderr: 'guest is not up yet\n', exitCode: 255 };
    const ul = this.ul;
    const pid = ensureRootShell(this.kernel, ul, this.hu);
    const out = ul.newCapture();
    const err = ul.newCapture();
    const fds: FdTable = { 0: { k: 'null' }, 1: { k: 'cap', id: out }, 2: { k: 'cap', id: err } };
    const r = runLine(ul, pid, line, { fds });
    let exitCode = r.status === 'done' ? r.exitCode : 0;
    if (r.status === 'blocked') {
      for (const p of foregroundOf(ul, pid)) if (p.pid !== pid) deliverSignal(this.kernel, p, SIGINT, 0, false);
      ul.drain();
      settle(ul, pid, () => shellIdle(ul, pid));
      exitCode = ul.programState<ShellState>(pid)?.last ?? SIGINT + 128;
    }
    ul.drain();
    return { stdout: ul.takeCapture(out), stderr: ul.takeCapture(err), exitCode };
  }

  uptimeMs(): number {
    return this.kernel.state.clock.uptimeMs;
  }

  advanceTo(uptimeMs: number): void {
    const d = uptimeMs - this.kernel.state.clock.uptimeMs;
    if (d <= 0) return;
    this.driven = true;
    try {
      advanceTime(this.kernel, d);
      this.ul.drain();
    } finally {
      this.driven = false;
    }
  }

  cpuDemand(): number {
    let d = 0;
    for (const key in this.kernel.state.proc.byPid) {
      const p = this.kernel.state.proc.byPid[key as unknown as number];
      if (p && p.state !== 'Z' && !p.frozen) d += p.cpuDemand;
    }
    return Math.min(d, this.kernel.state.machine.cpus);
  }

  /** The root filesystem as the disk image now holds it (written when the VMM stops). */
  diskState(): GuestDisk | null {
    return captureDisk(this.kernel, this.baseUsedBytes);
  }

  /** Bytes the guest has added to its root filesystem since it was installed. */
  diskGrowthBytes(): number {
    return Math.max(0, rootUsedBytes(this.kernel) - this.baseUsedBytes);
  }

  usedBytes(): number {
    return this.kernel.state.cgroup.byPath['/']?.memoryCurrent ?? 0;
  }

  processCount(): number {
    return Object.keys(this.kernel.state.proc.byPid).length;
  }

  /** The serial console: a root shell on ttyS0 under the serial getty, made on first attach. */
  console(): GuestConsole {
    const k = this.kernel;
    const ul = this.ul;
    const alive = (pid: number | null) => pid !== null && k.proc(pid) !== undefined && k.proc(pid)?.state !== 'Z';
    if (!alive(this.consolePid)) {
      const getty = Object.values(k.state.proc.byPid).find((p) => p.comm === 'agetty' && p.tty === SERIAL && p.state !== 'Z');
      this.consolePid = spawnLoginShell(k, ul, getty ? getty.pid : 1, SERIAL);
      ul.drain();
    }
    const shellPid = this.consolePid ?? 1;
    const term = createTerminal(ul, shellPid, { respawn: () => (this.consolePid = spawnLoginShell(k, ul, 1, SERIAL)) });
    let buf = '';
    const off = term.onData((d) => (buf += d));
    const take = () => {
      const s = buf;
      buf = '';
      return s;
    };
    return {
      attach: () => take(),
      input: (data) => {
        term.input(data);
        return take();
      },
      detach: () => {
        off();
        term.dispose();
      },
    };
  }

  snapshot(): GuestSnapshot {
    return { kind: 'linux', kernel: kernelSnapshot(this.kernel.state), userland: this.ul.snapshot(), hu: this.hu ? clonePlain(this.hu) : null, consolePid: this.consolePid };
  }
}

import { describe, expect, it } from 'vitest';
import { vmTestHost, type VmTestHost } from './testkit.ts';
import { GUEST_OSES, bootTotalMs } from './guest-os.ts';
import { vmStatus } from './vm.machine.ts';
import { vmmRssBytes } from './vmm.ts';
import { FIGURES, MiB } from './figures.ts';
import type { LinuxGuest } from './guest-linux.ts';

const UBUNTU = GUEST_OSES['ubuntu22.04'];
const BOOT_MS = bootTotalMs(UBUNTU);

function define(h: VmTestHost, name = 'web1', memoryMiB = 2048, os: 'ubuntu22.04' | 'win2k22' = 'ubuntu22.04') {
  const r = h.hv.define({ name, memoryMiB, vcpus: 2, diskGB: 20, os });
  if (!r.ok) throw new Error(r.error.message);
  return r.vm;
}

function booted(h: VmTestHost, name = 'web1', memoryMiB = 2048) {
  define(h, name, memoryMiB);
  expect(h.hv.start(name).ok).toBe(true);
  h.advance(BOOT_MS);
  expect(h.hv.status(name)).toBe('running');
}

function rootMemoryCurrent(h: VmTestHost): number {
  return h.k.state.cgroup.byPath['/']?.memoryCurrent ?? 0;
}

type VmLogged = { type: string; t: number; name?: string; to?: string; stage?: string | null; reason?: string; path?: string; cgroup?: string };

const logOf = (h: VmTestHost) => h.log as unknown as VmLogged[];

function lifecycleEvents(h: VmTestHost, name: string): VmLogged[] {
  return logOf(h).filter((e) => e.type === 'vm.lifecycleChanged' && e.name === name);
}

describe('booting on the virtual clock', () => {
  it('passes firmware, bootloader, kernel, init and services at their times, then runs', () => {
    const h = vmTestHost();
    define(h);
    const t0 = h.k.uptimeMs;
    h.hv.start('web1');
    expect(h.hv.state.vms.web1?.lifecycle.value).toEqual({ booting: 'firmware' });
    h.advance(BOOT_MS - 1);
    expect(h.hv.status('web1')).toBe('booting');
    h.advance(1);
    expect(h.hv.status('web1')).toBe('running');
    const ev = lifecycleEvents(h, 'web1');
    expect(ev.map((e) => e.stage ?? e.to)).toEqual(['firmware', 'bootloader', 'kernel', 'init', 'services', 'running']);
    // Each stage ends exactly when its time is up (the VMM's timer stops the clock there).
    let at = t0;
    const times = [at];
    for (const s of ['firmware', 'bootloader', 'kernel', 'init', 'services'] as const) times.push((at += UBUNTU.bootMs[s]));
    expect(ev.map((e) => e.t)).toEqual(times);
    expect(h.hv.state.vms.web1?.lifecycle.context.lastBootMs).toBe(BOOT_MS);
  });

  it('boots the guest kernel at the kernel stage; its clock starts there and follows the host', () => {
    const h = vmTestHost();
    define(h);
    h.hv.start('web1');
    h.advance(UBUNTU.bootMs.firmware + UBUNTU.bootMs.bootloader - 1);
    expect(h.hv.guest('web1')).toBeNull();
    h.advance(1);
    const g = h.hv.guest('web1') as LinuxGuest;
    expect(g.kind).toBe('linux');
    expect(g.uptimeMs()).toBe(0);
    expect(g.ready).toBe(false);
    h.advance(5000);
    expect(g.uptimeMs()).toBe(5000);
  });

  it('without VT-x the VM runs under QEMU\u2019s emulator and boots slower (illustrative factor)', () => {
    const h = vmTestHost({ config: { assist: { vtx: false, ept: false } } });
    define(h);
    expect(h.hv.state.vms.web1?.accel).toBe('tcg');
    h.hv.start('web1');
    h.advance(BOOT_MS);
    expect(h.hv.status('web1')).toBe('booting');
    h.advance(BOOT_MS * (FIGURES.tcgSlowdown.value - 1));
    expect(h.hv.status('web1')).toBe('running');
    expect(h.run('ls /dev/kvm').stderr).toContain('No such file or directory');
    expect(h.hv.state.modules.map((m) => m.name)).not.toContain('kvm');
  });

  it('with VT-x: /dev/kvm belongs to group kvm and the kvm modules are loaded', () => {
    const h = vmTestHost();
    expect(h.run('ls -l /dev/kvm').stdout).toMatch(/^crw-rw---- 1 root kvm 10, 232 /);
    expect(h.hv.state.modules.map((m) => m.name)).toEqual(expect.arrayContaining(['kvm_intel', 'kvm', 'irqbypass']));
  });
});

describe('the VM on the host', () => {
  it('is one qemu-system-x86_64 process, running as libvirt-qemu, in its machine.slice scope', () => {
    const h = vmTestHost();
    booted(h);
    const vm = h.hv.state.vms.web1;
    const p = h.k.proc(vm?.vmmPid ?? -1);
    expect(p?.comm).toBe('qemu-system-x86');
    expect(p?.ppid).toBe(1);
    expect(p?.cred.uid).toBe(64055);
    expect(p?.cgroup).toBe('/machine.slice/machine-qemu\\x2d1\\x2dweb1.scope/libvirt/emulator');
    expect(p?.argv).toEqual(expect.arrayContaining(['-m', '2048', '-accel', 'kvm']));
    expect(vm?.threads.map((t) => t.name)).toEqual(['qemu-system-x86', 'qemu-system-x86', 'IO mon_iothread', 'CPU 0/KVM', 'CPU 1/KVM']);
    const ps = h.run('ps -eo user,comm').stdout;
    expect(ps).toContain('libvirt+ qemu-system-x86');
  });

  it('reserves guest memory on the host: memory.current and free grow by the guest RAM plus the VMM', () => {
    const h = vmTestHost();
    define(h);
    const before = rootMemoryCurrent(h);
    const freeBefore = Number(/Mem:\s+\d+\s+(\d+)/.exec(h.run('free -m').stdout)?.[1]);
    h.hv.start('web1');
    const grew = rootMemoryCurrent(h) - before;
    expect(grew).toBe(vmmRssBytes({ memoryMiB: 2048 }));
    expect(grew).toBe((2048 + FIGURES.qemuVmmMemory.value) * MiB);
    const scope = h.run('cat /sys/fs/cgroup/machine.slice/machine-qemu\\\\x2d1\\\\x2dweb1.scope/memory.current').stdout.trim();
    expect(Number(scope)).toBe(grew);
    const freeAfter = Number(/Mem:\s+\d+\s+(\d+)/.exec(h.run('free -m').stdout)?.[1]);
    expect(freeAfter - freeBefore).toBeGreaterThanOrEqual(2048 + 130);
    h.hv.destroy('web1');
    expect(rootMemoryCurrent(h)).toBe(before);
  });

  it('carries a full guest OS image on the host disk', () => {
    const h = vmTestHost();
    define(h);
    const ls = h.run('ls -l /var/lib/libvirt/images').stdout;
    expect(ls).toContain(`-rw------- 1 root root ${UBUNTU.diskBytes} `);
    expect(ls).toContain('web1.qcow2');
    expect(h.hv.state.vms.web1?.disk.allocatedBytes).toBe(UBUNTU.diskBytes);
    expect(h.hv.state.vms.web1?.disk.virtualBytes).toBe(20 * 1024 ** 3);
    // An image name already taken on disk: the next free name, as virt-install picks one.
    h.run('touch /var/lib/libvirt/images/web2.qcow2');
    define(h, 'web2');
    expect(h.hv.state.vms.web2?.disk.path).toBe('/var/lib/libvirt/images/web2-1.qcow2');
  });

  it('plugs a tap into virbr0 while running, and libvirt NATs 192.168.122.0/24', () => {
    const h = vmTestHost();
    expect(h.run('ip addr show virbr0').stdout).toContain('inet 192.168.122.1/24 brd 192.168.122.255 scope global virbr0');
    expect(h.run('ip link show virbr0').stdout).toContain('NO-CARRIER');
    booted(h);
    expect(h.run('ip link show vnet0').stdout).toContain('master virbr0');
    expect(h.run('iptables -t nat -S LIBVIRT_PRT').stdout).toContain('-A LIBVIRT_PRT -s 192.168.122.0/24 ! -d 192.168.122.0/24 -j MASQUERADE');
    expect(h.run('cat /proc/sys/net/ipv4/ip_forward').stdout).toBe('1\n');
    h.hv.destroy('web1');
    expect(h.run('ip link show vnet0').stderr).toContain('does not exist');
  });

  it('uses CPU on the host while booting: the VMM is runnable and is charged CPU time', () => {
    const h = vmTestHost();
    define(h);
    h.hv.start('web1');
    const pid = h.hv.state.vms.web1?.vmmPid as number;
    expect(h.k.proc(pid)?.state).toBe('R');
    h.advance(10_000);
    expect(h.k.proc(pid)?.cpuUsageUsec).toBeGreaterThan(0);
    h.advance(BOOT_MS);
    expect(h.k.proc(pid)?.state).toBe('S');
  });

  it('killing the VMM on the host crashes the VM: the guest dies with it', () => {
    const h = vmTestHost();
    booted(h);
    const pid = h.hv.state.vms.web1?.vmmPid as number;
    const r = h.run(`kill -9 ${pid}`);
    expect(r.exitCode).toBe(0);
    expect(h.hv.status('web1')).toBe('off');
    expect(h.hv.guest('web1')).toBeNull();
    expect(logOf(h).some((e) => e.type === 'vm.vmmStopped' && e.reason === 'crashed')).toBe(true);
  });

  it('the OOM killer picks a VMM when the host runs out of memory', () => {
    const h = vmTestHost();
    for (const n of ['a', 'b', 'c', 'd']) define(h, n, 2048);
    for (const n of ['a', 'b', 'c']) expect(h.hv.start(n).ok).toBe(true);
    const r = h.hv.start('d');
    // 8 GiB host: the fourth 2 GiB guest does not fit. All four VMMs are the same size; the
    // OOM killer takes the higher PID on a tie, the new one, so its start fails.
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe("internal error: QEMU unexpectedly closed the monitor (vm='d'): Killed");
    expect(['a', 'b', 'c', 'd'].map((n) => h.hv.status(n))).toEqual(['booting', 'booting', 'booting', 'defined']);
    const killed = logOf(h).find((e) => e.type === 'cgroup.oomKilled') as VmLogged;
    expect(killed.path).toBe('/');
    expect(killed.cgroup).toBe('/machine.slice/machine-qemu\\x2d4\\x2dd.scope/libvirt/emulator');
  });
});

describe('the guest is a separate kernel', () => {
  it('has its own hostname, kernel release, memory, CPUs and process table', () => {
    const h = vmTestHost();
    booted(h);
    const vm = h.hv.vm('web1');
    expect(vm?.run('hostname').stdout).toBe('web1\n');
    expect(vm?.kernel()?.state.machine.release).toBe('5.15.0-105-generic');
    expect(h.hv.vm('nope')).toBeNull();
    expect(h.hv.run('web1', 'hostname').stdout).toBe('web1\n');
    expect(h.run('hostname').stdout).toBe('docker-host\n');
    expect(h.hv.run('web1', 'uname -r').stdout).toBe('5.15.0-105-generic\n');
    expect(h.run('uname -r').stdout).toBe('6.1.0-37-amd64\n');
    expect(h.hv.run('web1', 'nproc').stdout).toBe('2\n');
    expect(h.hv.run('web1', 'free -m').stdout).toMatch(/Mem:\s+2048 /);
    expect(h.hv.run('web1', 'cat /etc/os-release').stdout).toContain('PRETTY_NAME="Ubuntu 22.04.4 LTS"');
    const guestPs = h.hv.run('web1', 'ps -ef').stdout;
    expect(guestPs).toContain('/lib/systemd/systemd-networkd');
    expect(guestPs).toMatch(/^root\s+1\s+0 /m);
  });

  it('a process started in the guest is not in the host\u2019s process table; only the VMM is', () => {
    const h = vmTestHost();
    booted(h);
    const g = h.hv.guest('web1') as LinuxGuest;
    const hostPidsBefore = Object.keys(h.k.state.proc.byPid).length;
    h.hv.run('web1', 'sleep 1000 &');
    const inGuest = Object.values(g.kernel.state.proc.byPid).filter((p) => p.comm === 'sleep');
    expect(inGuest).toHaveLength(1);
    expect(Object.values(h.k.state.proc.byPid).some((p) => p.comm === 'sleep')).toBe(false);
    expect(Object.keys(h.k.state.proc.byPid).length).toBe(hostPidsBefore);
    expect(h.run('ps -e').stdout).not.toContain('sleep');
    expect(g.kernel).not.toBe(h.k);
    expect(g.kernel.state.ns.byInum).not.toBe(h.k.state.ns.byInum);
  });

  it('gets its address from libvirt\u2019s dnsmasq and reaches the internet through the host', () => {
    const h = vmTestHost();
    booted(h);
    expect(h.hv.run('web1', 'ip -4 addr show enp1s0').stdout).toContain('inet 192.168.122.2/24');
    expect(h.hv.run('web1', 'ip route').stdout).toContain('default via 192.168.122.1 dev enp1s0 proto dhcp src 192.168.122.2 metric 100');
    expect(h.hv.run('web1', 'ping -c 1 8.8.8.8').exitCode).toBe(0);
    expect(h.run('virsh domifaddr web1').stdout).toContain('192.168.122.2/24');
  });

  it('a sleep inside the guest moves the host\u2019s clock too (one timeline)', () => {
    const h = vmTestHost();
    booted(h);
    const g = h.hv.guest('web1') as LinuxGuest;
    const host0 = h.k.uptimeMs;
    const guest0 = g.uptimeMs();
    h.hv.run('web1', 'sleep 5');
    expect(g.uptimeMs() - guest0).toBe(5000);
    expect(h.k.uptimeMs - host0).toBe(5000);
  });

  it('its clock stops while paused', () => {
    const h = vmTestHost();
    booted(h);
    const g = h.hv.guest('web1') as LinuxGuest;
    expect(h.hv.suspend('web1').ok).toBe(true);
    const t = g.uptimeMs();
    h.advance(10_000);
    expect(g.uptimeMs()).toBe(t);
    expect(h.hv.run('web1', 'true').exitCode).toBe(255);
    h.hv.resume('web1');
    h.advance(1000);
    expect(g.uptimeMs()).toBe(t + 1000);
  });
});

describe('stopping', () => {
  it('shutdown takes the guest\u2019s shutdown time, then the VMM exits and memory is released', () => {
    const h = vmTestHost();
    define(h);
    const before = rootMemoryCurrent(h);
    h.hv.start('web1');
    h.advance(BOOT_MS);
    h.hv.shutdown('web1');
    expect(vmStatus(h.hv.state.vms.web1?.lifecycle.value ?? 'off')).toBe('shuttingDown');
    h.advance(UBUNTU.shutdownMs - 1);
    expect(h.hv.status('web1')).toBe('shuttingDown');
    h.advance(1);
    expect(h.hv.status('web1')).toBe('off');
    expect(h.hv.state.vms.web1?.vmmPid).toBeNull();
    expect(rootMemoryCurrent(h)).toBe(before);
    expect(h.k.state.cgroup.byPath['/machine.slice/machine-qemu\\x2d1\\x2dweb1.scope']).toBeUndefined();
  });

  it('managedsave writes guest memory to disk, frees host RAM, and start resumes the same guest', () => {
    const h = vmTestHost();
    booted(h);
    h.hv.run('web1', 'echo hello > /root/note');
    const before = h.hv.guest('web1');
    expect(h.hv.managedSave('web1').ok).toBe(true);
    expect(h.hv.status('web1')).toBe('saved');
    expect(h.run('ls /var/lib/libvirt/qemu/save').stdout).toBe('web1.save\n');
    expect(h.hv.state.vms.web1?.vmmPid).toBeNull();
    expect(h.hv.start('web1').ok).toBe(true);
    expect(h.hv.status('web1')).toBe('running');
    expect(h.hv.guest('web1')).toBe(before);
    expect(h.hv.run('web1', 'cat /root/note').stdout).toBe('hello\n');
    expect(h.run('ls /var/lib/libvirt/qemu/save').stdout).toBe('');
  });

  it('undefining a running VM makes it transient: it disappears when it stops, its disk stays', () => {
    const h = vmTestHost();
    booted(h);
    h.hv.undefine('web1', false);
    expect(h.hv.status('web1')).toBe('running');
    h.hv.destroy('web1');
    expect(h.hv.state.vms.web1).toBeUndefined();
    expect(h.run('ls /var/lib/libvirt/images').stdout).toBe('web1.qcow2\n');
  });
});

describe('type 1 (bare metal): the host is dom0', () => {
  it('guest RAM comes from the hypervisor, not from dom0; dom0 runs only a device model', () => {
    const h = vmTestHost({ config: { type: 1 } });
    define(h);
    const before = rootMemoryCurrent(h);
    h.hv.start('web1');
    const grew = rootMemoryCurrent(h) - before;
    expect(grew).toBeLessThan(64 * MiB);
    const p = h.k.proc(h.hv.state.vms.web1?.vmmPid as number);
    expect(p?.argv.slice(0, 3)).toEqual(['/usr/lib/xen/bin/qemu-system-i386', '-xen-domid', '1']);
    expect(h.run('virsh list').stdout).toContain(' 0    Domain-0   running');
    expect(h.hv.state.modules.map((m) => m.name)).toContain('xen_privcmd');
  });

  it('refuses a guest that does not fit in the hypervisor\u2019s free memory', () => {
    const h = vmTestHost({ config: { type: 1, physicalMemBytes: 12 * 1024 * MiB } });
    define(h, 'big', 6 * 1024);
    const r = h.hv.start('big');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe("internal error: libxenlight failed to create new domain 'big'");
  });
});

describe('a Windows guest', () => {
  it('has its own NT kernel identity and a minimal cmd', () => {
    const h = vmTestHost();
    define(h, 'win1', 4096, 'win2k22');
    h.hv.start('win1');
    h.advance(bootTotalMs(GUEST_OSES.win2k22));
    expect(h.hv.status('win1')).toBe('running');
    expect(h.hv.run('win1', 'ver').stdout).toBe('\nMicrosoft Windows [Version 10.0.20348.2340]\n');
    expect(h.hv.run('win1', 'hostname').stdout).toMatch(/^WIN-[A-Z0-9]{11}\n$/);
    const tl = h.hv.run('win1', 'tasklist').stdout;
    expect(tl.split('\n').slice(1, 3)).toEqual([
      'Image Name                     PID Session Name        Session#    Mem Usage',
      '========================= ======== ================ =========== ============',
    ]);
    expect(tl).toMatch(/^System\s+4 Services\s+0\s+148 K$/m);
    const docker = h.hv.run('win1', 'docker run mcr.microsoft.com/windows/servercore:ltsc2022');
    expect(docker.exitCode).toBe(9009);
    expect(docker.stderr).toBe("'docker' is not recognized as an internal or external command,\noperable program or batch file.\n");
  });
});

describe('snapshot and restore', () => {
  it('brings back VM state and the guest kernels', () => {
    const h = vmTestHost();
    booted(h);
    h.hv.run('web1', 'echo kept > /root/f');
    const snap = JSON.parse(JSON.stringify(h.hv.snapshot()));
    h.hv.run('web1', 'rm /root/f');
    h.hv.restore(snap);
    expect(h.hv.status('web1')).toBe('running');
    expect(h.hv.run('web1', 'cat /root/f').stdout).toBe('kept\n');
    expect(h.hv.run('web1', 'hostname').stdout).toBe('web1\n');
  });

  it('is deterministic: the same seed gives the same UUIDs, MACs and addresses', () => {
    const a = vmTestHost({ seed: 7 });
    const b = vmTestHost({ seed: 7 });
    booted(a);
    booted(b);
    expect(a.hv.state.vms.web1?.uuid).toBe(b.hv.state.vms.web1?.uuid);
    expect(a.hv.state.vms.web1?.nic).toEqual(b.hv.state.vms.web1?.nic);
    expect(a.hv.run('web1', 'ps -ef').stdout).toBe(b.hv.run('web1', 'ps -ef').stdout);
  });
});

describe('Docker inside a VM', () => {
  it('a container in the guest runs on the guest kernel, and the host never sees it', () => {
    const h = vmTestHost({ guestDocker: true });
    h.hv.define({ name: 'dk', memoryMiB: 2048, vcpus: 2, diskGB: 20, os: 'ubuntu22.04' });
    h.hv.start('dk');
    h.advance(BOOT_MS);
    const vm = h.hv.vm('dk');
    const r = vm?.run('docker run --rm alpine uname -r');
    expect(r?.exitCode).toBe(0);
    expect(r?.stdout).toBe('5.15.0-105-generic\n');
    expect(h.run('uname -r').stdout).toBe('6.1.0-37-amd64\n');
    vm?.run('docker run -d --name web nginx');
    expect(vm?.run('docker ps --format {{.Names}}').stdout).toBe('web\n');
    const guestNginx = Object.values(vm?.kernel()?.state.proc.byPid ?? {}).filter((p) => p.comm === 'nginx');
    expect(guestNginx.length).toBeGreaterThan(0);
    expect(guestNginx.every((p) => p.containerId !== null)).toBe(true);
    expect(Object.values(h.k.state.proc.byPid).some((p) => p.comm === 'nginx')).toBe(false);
  });

  it('keeps the guest engine across snapshot and restore', () => {
    const h = vmTestHost({ guestDocker: true });
    h.hv.define({ name: 'dk', memoryMiB: 2048, vcpus: 2, diskGB: 20, os: 'debian12' });
    h.hv.start('dk');
    h.advance(bootTotalMs(GUEST_OSES.debian12));
    h.hv.run('dk', 'docker run -d --name web nginx');
    const snap = JSON.parse(JSON.stringify(h.hv.snapshot()));
    h.hv.run('dk', 'docker rm -f web');
    expect(h.hv.run('dk', 'docker ps -a --format {{.Names}}').stdout).toBe('');
    h.hv.restore(snap);
    expect(h.hv.run('dk', 'docker ps --format {{.Names}}').stdout).toBe('web\n');
  });
});

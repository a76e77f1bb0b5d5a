import { describe, expect, it } from 'vitest';
import { vmTestHost, type VmTestHost } from './testkit.ts';
import { GUEST_OSES, bootTotalMs } from './guest-os.ts';

const BOOT_MS = bootTotalMs(GUEST_OSES['debian12']);
const IMAGE = '/var/lib/libvirt/images/web.qcow2';

function booted(h: VmTestHost): void {
  const r = h.hv.define({ name: 'web', memoryMiB: 1024, vcpus: 1, diskGB: 10, os: 'debian12' });
  if (!r.ok) throw new Error(r.error.message);
  reboot(h);
}

function reboot(h: VmTestHost): void {
  expect(h.hv.start('web').ok).toBe(true);
  h.advance(BOOT_MS);
  expect(h.hv.status('web')).toBe('running');
}

function powerOff(h: VmTestHost): void {
  h.hv.shutdown('web');
  h.advance(GUEST_OSES['debian12'].shutdownMs);
  expect(h.hv.status('web')).toBe('off');
}

describe('a guest\u2019s disk', () => {
  it('keeps files written in the guest across shutdown and start; memory (/run, processes) starts afresh', () => {
    const h = vmTestHost();
    booted(h);
    h.hv.run('web', 'mkdir -p /srv/app; echo v1 > /srv/app/config; echo gone > /run/scratch; sleep 1000 &');
    const kernelBefore = h.hv.vm('web')?.kernel();
    powerOff(h);
    reboot(h);
    expect(h.hv.vm('web')?.kernel()).not.toBe(kernelBefore);
    expect(h.hv.run('web', 'cat /srv/app/config')).toMatchObject({ stdout: 'v1\n', exitCode: 0 });
    expect(h.hv.run('web', 'cat /run/scratch').exitCode).not.toBe(0);
    expect(h.hv.run('web', 'pgrep sleep').stdout).toBe('');
    // The new kernel keeps numbering inodes after the disk's.
    h.hv.run('web', 'echo v2 > /srv/app/other');
    expect(h.hv.run('web', 'cat /srv/app/config /srv/app/other').stdout).toBe('v1\nv2\n');
  });

  it('keeps them across destroy (pulling the plug) and start, and deletions too', () => {
    const h = vmTestHost();
    booted(h);
    h.hv.run('web', 'echo kept > /root/a; echo x > /root/b');
    powerOff(h);
    reboot(h);
    h.hv.run('web', 'rm /root/b');
    h.hv.destroy('web');
    reboot(h);
    expect(h.hv.run('web', 'ls /root').stdout).toBe('a\n');
  });

  it('is the image file on the host: a fresh image for a new domain, gone with --remove-all-storage', () => {
    const h = vmTestHost();
    booted(h);
    h.hv.run('web', 'echo old > /root/a');
    h.hv.destroy('web');
    expect(h.hv.state.disks[IMAGE]).toBeDefined();
    expect(h.run('virsh undefine web --remove-all-storage').exitCode).toBe(0);
    expect(h.hv.state.disks[IMAGE]).toBeUndefined();
    booted(h);
    expect(h.hv.run('web', 'cat /root/a').exitCode).not.toBe(0);
  });

  it('the image grows on the host by what the guest wrote; qemu-img shows virtual vs disk size', () => {
    const h = vmTestHost();
    booted(h);
    const size = () => Number(h.run(`stat -c %s ${IMAGE}`).stdout.trim());
    const base = size();
    expect(base).toBe(GUEST_OSES['debian12'].diskBytes);
    h.hv.run('web', 'dd if=/dev/zero of=/root/blob bs=1M count=8');
    powerOff(h);
    expect(size() - base).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    const info = h.run(`qemu-img info ${IMAGE}`).stdout.split('\n');
    expect(info.slice(0, 4)).toEqual([`image: ${IMAGE}`, 'file format: qcow2', 'virtual size: 10 GiB (10737418240 bytes)', 'disk size: 1.61 GiB']);
  });

  it('qemu-img refuses an image a running VM holds unless -U', () => {
    const h = vmTestHost();
    booted(h);
    const r = h.run(`qemu-img info ${IMAGE}`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`qemu-img: Could not open '${IMAGE}': Failed to get shared "write" lock\nIs another process using the image [${IMAGE}]?\n`);
    expect(h.run(`qemu-img info -U ${IMAGE}`).exitCode).toBe(0);
    expect(h.run('qemu-img info /nope.qcow2').stderr).toBe("qemu-img: Could not open '/nope.qcow2': Could not open '/nope.qcow2': No such file or directory\n");
  });

  it('survives a snapshot and restore of the host', () => {
    const h = vmTestHost();
    booted(h);
    h.hv.run('web', 'echo before-snapshot > /root/s');
    powerOff(h);
    const snap = JSON.parse(JSON.stringify(h.hv.snapshot()));
    const k = JSON.parse(JSON.stringify(h.k.state));
    reboot(h);
    h.hv.run('web', 'echo after > /root/s');
    h.hv.destroy('web');
    h.k.state = k;
    h.hv.restore(snap);
    reboot(h);
    expect(h.hv.run('web', 'cat /root/s').stdout).toBe('before-snapshot\n');
  });

  it('a missing image stops the start, as libvirt reports it', () => {
    const h = vmTestHost();
    booted(h);
    h.hv.destroy('web');
    h.run(`rm ${IMAGE}`);
    const r = h.run('virsh start web');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`error: Failed to start domain 'web'\nerror: Cannot access storage file '${IMAGE}' (as uid:64055, gid:994): No such file or directory\n`);
  });
});

describe('what the machine says about itself', () => {
  it('the host: vmx and ept in cpuinfo, kvm modules in lsmod, systemd-detect-virt none; the guest: hypervisor, kvm', () => {
    const h = vmTestHost();
    expect(h.run("grep -m1 -o -w 'vmx\\|ept' /proc/cpuinfo | sort -u").stdout).toBe('ept\nvmx\n');
    expect(h.run('lsmod').stdout).toMatch(/^Module {18}Size {2}Used by\n/);
    expect(h.run('lsmod').stdout).toContain('\nkvm_intel             380928  0\nkvm                  1142784  1 kvm_intel\n');
    expect(h.run('systemd-detect-virt')).toMatchObject({ stdout: 'none\n', exitCode: 1 });
    booted(h);
    expect(h.hv.run('web', 'systemd-detect-virt')).toMatchObject({ stdout: 'kvm\n', exitCode: 0 });
    expect(h.hv.run('web', 'grep -c -w hypervisor /proc/cpuinfo').stdout).toBe('1\n');
    expect(h.hv.run('web', 'lsmod').stdout).not.toContain('kvm');
  });

  it('without VT-x: no vmx in cpuinfo and no kvm modules', () => {
    const h = vmTestHost({ config: { assist: { vtx: false, ept: false } } });
    expect(h.run('grep -c -w vmx /proc/cpuinfo').stdout).toBe('0\n');
    expect(h.run('lsmod').stdout).not.toContain('kvm');
    expect(h.run('ls /dev/kvm').exitCode).not.toBe(0);
  });

  it('systemd-detect-virt says docker where /.dockerenv exists, and -v still sees the machine', () => {
    const h = vmTestHost();
    h.run('touch /.dockerenv');
    expect(h.run('systemd-detect-virt').stdout).toBe('docker\n');
    expect(h.run('systemd-detect-virt -v').stdout).toBe('none\n');
    expect(h.run('systemd-detect-virt -c').stdout).toBe('docker\n');
  });
});

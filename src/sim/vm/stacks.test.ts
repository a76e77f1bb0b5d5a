import { describe, expect, it } from 'vitest';
import { vmTestHost } from './testkit.ts';
import { illustrativeStacks, stacksModel } from './stacks.ts';
import { GUEST_OSES, bootTotalMs } from './guest-os.ts';
import { lsmodText, modulesFor, procModulesText } from './host-setup.ts';
import { DEFAULT_HYPERVISOR } from './types.ts';
import type { LinuxGuest } from './guest-linux.ts';

describe('stacksModel', () => {
  it('shows each VM with its own kernel and apps, and the host kernel once', () => {
    const h = vmTestHost();
    h.hv.define({ name: 'web1', memoryMiB: 1024, vcpus: 1, diskGB: 10, os: 'ubuntu22.04' });
    h.hv.start('web1');
    h.advance(bootTotalMs(GUEST_OSES['ubuntu22.04']));
    h.hv.run('web1', 'sleep 600 &');
    const m = stacksModel(h.k, h.hv);
    expect(m.hostKernel.release).toBe('6.1.0-37-amd64');
    expect(m.hypervisor?.type).toBe(2);
    expect(m.vms).toHaveLength(1);
    expect(m.vms[0]).toMatchObject({ name: 'web1', status: 'running', kernel: '5.15.0-105-generic', kernelFamily: 'linux', apps: [{ name: 'sleep', processes: 1 }] });
    expect(m.vms[0]?.vmmPid).toBe(h.hv.state.vms.web1?.vmmPid);
    expect(m.vms[0]?.guestProcesses).toBe(Object.keys((h.hv.guest('web1') as LinuxGuest).kernel.state.proc.byPid).length);
    expect(m.illustrative).toBe(false);
  });

  it('an illustration deploys one app both ways', () => {
    const m = illustrativeStacks('nginx', 2);
    expect(m.vms.map((v) => v.apps[0]?.name)).toEqual(['nginx', 'nginx']);
    expect(m.containers.map((c) => c.name)).toEqual(['nginx', 'nginx']);
    expect(m.illustrative).toBe(true);
  });
});

describe('kernel modules', () => {
  it('lsmod and /proc/modules list kvm with its vendor module as user', () => {
    const mods = modulesFor(DEFAULT_HYPERVISOR);
    expect(lsmodText(mods)).toContain('\nkvm                  1142784  1 kvm_intel\n');
    expect(lsmodText(mods).split('\n')[0]).toBe('Module                  Size  Used by');
    expect(procModulesText(mods)).toContain('kvm 1142784 1 kvm_intel, Live 0x0000000000000000\n');
    expect(modulesFor({ ...DEFAULT_HYPERVISOR, cpuVendor: 'amd' }).map((m) => m.name)).toContain('kvm_amd');
  });
});

describe('the seams for Docker inside a VM', () => {
  it('hands each Linux guest, once up, to onGuestReady, with the extra programs in its registry', () => {
    const ready: string[] = [];
    const extra = { id: 'docker-in-guest', main: () => ({ exit: 0 }) };
    const h = vmTestHost({ onGuestReady: (name, g) => ready.push(`${name}:${g.kernel.state.machine.hostname}`), guestPrograms: [extra as never] });
    h.hv.define({ name: 'dk', memoryMiB: 1024, vcpus: 1, diskGB: 10, os: 'debian12' });
    h.hv.start('dk');
    h.advance(bootTotalMs(GUEST_OSES.debian12));
    expect(ready).toEqual(['dk:dk']);
    expect(Object.prototype.hasOwnProperty.call((h.hv.guest('dk') as LinuxGuest).ul.registry, 'docker-in-guest')).toBe(true);
  });
});

describe('assistNotes', () => {
  it('says what VT-x and EPT change, citing the figures', async () => {
    const { assistNotes } = await import('./assists.ts');
    const full = assistNotes({ vtx: true, ept: true });
    expect(full.map((n) => n.area)).toEqual(['cpu', 'mmu', 'io']);
    expect(full[1]?.figure?.source).toBe('VMW-EPT');
    expect(full[2]?.figure?.source).toBe('FELTER');
    const none = assistNotes({ vtx: false, ept: false });
    expect(none[0]?.text).toContain('TCG');
    expect(none[0]?.figure?.kind).toBe('illustrative');
    expect(assistNotes({ vtx: true, ept: false })[1]?.text).toContain('shadow page tables');
  });
});

describe('stacksModel with Docker inside a VM', () => {
  it('shows both layers: the guest kernel, and containers of the guest\u2019s own Docker above it', () => {
    const h = vmTestHost({ guestDocker: true });
    h.hv.define({ name: 'dk', memoryMiB: 2048, vcpus: 2, diskGB: 20, os: 'ubuntu22.04' });
    h.hv.start('dk');
    h.advance(bootTotalMs(GUEST_OSES['ubuntu22.04']));
    h.hv.run('dk', 'docker run -d --name web nginx');
    const vm = stacksModel(h.k, h.hv).vms[0];
    expect(vm?.docker).toBe(true);
    expect(vm?.apps.map((a) => a.name)).toContain('nginx (container)');
    expect(stacksModel(h.k, h.hv).containers).toEqual([]);
  });
});

describe('stacksModel, both sides live', () => {
  it('lists a container started on the host beside the VMs', () => {
    const h = vmTestHost();
    h.run('docker run -d --name web nginx');
    const m = stacksModel(h.k, h.hv);
    expect(m.runtime?.label).toBe('dockerd → containerd → runc');
    expect(m.containers.map((c) => c.name)).toEqual(['nginx']);
    expect(m.containers[0]?.processes).toBeGreaterThanOrEqual(2);
  });
});

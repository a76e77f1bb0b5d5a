import { describe, expect, it } from 'vitest';
import { bootKernel } from '../../boot.ts';
import { boot, must } from '../../process/testkit.ts';
import { readFile, readdir } from '../vfs/ops-read.ts';
import { machineCpu, withHardware, type LoadedModule } from './hardware.ts';

const KVM: LoadedModule[] = [
  { name: 'kvm_intel', size: 380928, usedBy: [] },
  { name: 'kvm', size: 1142784, usedBy: ['kvm_intel'] },
  { name: 'irqbypass', size: 16384, usedBy: ['kvm'] },
];

function withCpu(assist: { vtx: boolean; ept: boolean }, vendor: 'intel' | 'amd' = 'intel', hv: 'kvm' | null = null, modules: LoadedModule[] = []) {
  return bootKernel({ seed: 1, machine: withHardware({ cpus: 2 }, { cpu: machineCpu(vendor, assist, hv), modules }) });
}

function flags(text: string): string[] {
  return (/^flags\t\t: (.*)$/m.exec(text)?.[1] ?? '').split(' ');
}

describe('/proc/cpuinfo and virtualization', () => {
  it('a bare-metal Intel host with VT-x and EPT shows vmx and ept, and no hypervisor flag', () => {
    const cpu = must(readFile(withCpu({ vtx: true, ept: true }), 1, '/proc/cpuinfo'));
    expect(flags(cpu)).toEqual(expect.arrayContaining(['vmx', 'ept', 'vpid']));
    expect(flags(cpu)).not.toContain('hypervisor');
    expect(cpu).toContain('vendor_id\t: GenuineIntel\n');
    expect(cpu.match(/^vmx flags\t: .*\bept\b/gm)?.length).toBe(2);
    expect(cpu.match(/^processor\t: \d+$/gm)).toEqual(['processor\t: 0', 'processor\t: 1']);
  });

  it('VT-x switched off: neither vmx nor ept, and no vmx flags line', () => {
    const cpu = must(readFile(withCpu({ vtx: false, ept: true }), 1, '/proc/cpuinfo'));
    expect(flags(cpu)).not.toContain('vmx');
    expect(flags(cpu)).not.toContain('ept');
    expect(cpu).not.toContain('vmx flags');
  });

  it('VT-x without EPT: vmx but no ept (KVM falls back to shadow page tables)', () => {
    const f = flags(must(readFile(withCpu({ vtx: true, ept: false }), 1, '/proc/cpuinfo')));
    expect(f).toContain('vmx');
    expect(f).not.toContain('ept');
  });

  it('AMD: svm and npt', () => {
    const f = flags(must(readFile(withCpu({ vtx: true, ept: true }, 'amd'), 1, '/proc/cpuinfo')));
    expect(f).toEqual(expect.arrayContaining(['svm', 'npt']));
    expect(f).not.toContain('vmx');
  });

  it('a KVM guest\u2019s vCPU carries the hypervisor flag and no vmx', () => {
    const f = flags(must(readFile(withCpu({ vtx: false, ept: false }, 'intel', 'kvm'), 1, '/proc/cpuinfo')));
    expect(f).toContain('hypervisor');
    expect(f).not.toContain('vmx');
  });
});

describe('/proc/modules', () => {
  it('lists the loaded modules as "name size refcount users, state address"', () => {
    const k = withCpu({ vtx: true, ept: true }, 'intel', null, KVM);
    expect(readFile(k, 1, '/proc/modules')).toBe(
      'kvm_intel 380928 0 - Live 0x0000000000000000\n' + 'kvm 1142784 1 kvm_intel, Live 0x0000000000000000\n' + 'irqbypass 16384 1 kvm, Live 0x0000000000000000\n',
    );
    expect(must(readdir(k, 1, '/proc')).map((e) => e.name)).toContain('modules');
  });

  it('is empty on a machine that declares no modules', () => {
    const { k } = boot();
    expect(readFile(k, 1, '/proc/modules')).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { createHost } from '../../sim/host/host.ts';
import { check, ctxOf, freshHost, sh } from './testkit.ts';

describe('vm', () => {
  it('says so on a host without a hypervisor', () => {
    expect(check({ vm: { name: 'vm1' } }, ctxOf(freshHost()))).toBe('this host has no hypervisor');
  });

  it('follows a domain from booting to running and shut off', () => {
    const h = createHost({ seed: 1, vms: true });
    expect(check({ vm: {} }, ctxOf(h))).toBe('no virtual machine is defined yet');
    sh(h, 'virt-install --name vm1 --memory 1024 --disk size=10 --os-variant debian12 --import --noautoconsole');
    expect(check({ vm: { name: 'vm1', state: 'running' } }, ctxOf(h))).toBe('vm1 is booting');
    h.advance(60_000);
    expect(check({ vm: { name: 'vm1', state: 'running', os: 'debian12', memory: '1G' } }, ctxOf(h))).toBe(true);
    expect(check({ vm: { name: 'vm1', memory: '512M' } }, ctxOf(h))).toBe('vm1 is running');
    sh(h, 'virsh destroy vm1');
    expect(check({ vm: { name: 'vm1', state: 'shut off' } }, ctxOf(h))).toBe(true);
    expect(check({ vm: { name: 'web' } }, ctxOf(h))).toBe('no virtual machine named web');
  });
});

/**
 * The VM views rendered on the server (svelte/server): what a screen reader
 * gets, live from a host with VMs, without a browser. The browser test of
 * the side-by-side view belongs in test/browser once the lead mounts it.
 */

import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import StacksView from './StacksView.svelte';
import DensityView from './DensityView.svelte';
import VmProcessesView from './VmProcessesView.svelte';
import { vmTestHost } from '../../sim/vm/testkit.ts';
import { GUEST_OSES, bootTotalMs } from '../../sim/vm/guest-os.ts';

function text(html: string): string {
  return html.replace(/<!--[^>]*-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

function hostWithVm() {
  const h = vmTestHost();
  h.hv.define({ name: 'web1', memoryMiB: 1024, vcpus: 1, diskGB: 10, os: 'ubuntu22.04' });
  h.hv.start('web1');
  h.advance(bootTotalMs(GUEST_OSES['ubuntu22.04']));
  return h;
}

describe('StacksView', () => {
  it('counts the kernels and names the guest kernel and the VMM process', () => {
    const h = hostWithVm();
    const t = text(render(StacksView, { props: { host: { kernel: h.k } as never, hv: h.hv } }).body);
    expect(t).toContain('left, 1 virtual machine, so 2 kernels in all');
    expect(t).toContain('its own Linux kernel 5.15.0-105-generic');
    expect(t).toContain(`on the host it is one process, PID ${h.hv.state.vms.web1?.vmmPid}`);
    expect(t).toContain('Host kernel 6.1.0-37-amd64: the only kernel on this side');
  });

  it('shows the illustration when nothing runs yet', () => {
    const h = vmTestHost();
    const t = text(render(StacksView, { props: { host: { kernel: h.k } as never, hv: h.hv } }).body);
    expect(t).toContain('Illustration: left, 3 virtual machines, so 4 kernels in all');
  });
});

describe('DensityView', () => {
  it('cites every start figure and labels the general-purpose VM boot as illustrative', () => {
    const t = text(render(DensityView, { props: {} }).body);
    expect(t).toContain('20–60 s illustrative: no primary source HOKSTAD');
    expect(t).toContain('≤125 ms spec FC-SPEC');
    expect(t).toContain('568 ms measured KHAN');
    expect(t).toContain('Fit on this host 6 (limited by memory) — 4 do not fit');
    expect(t).toContain('As VMs: 2 servers');
    expect(t).toContain('As containers: 1 server');
  });
});

describe('VmProcessesView', () => {
  it('shows the VMM as one host process and the guest\u2019s own tree under it', () => {
    const h = hostWithVm();
    const t = text(render(VmProcessesView, { props: { host: { kernel: h.k } as never, hv: h.hv } }).body);
    expect(t).toContain(`host PID ${h.hv.state.vms.web1?.vmmPid}: qemu-system-x86`);
    expect(t).toContain('CPU 0/KVM');
    expect(t).toMatch(/Guest kernel 5\.15\.0-105-generic: \d+ processes the host's ps does not list/);
    expect(t).toContain('1 /sbin/init');
  });
});

describe('VmView', () => {
  it('fits the views registry (ViewProps) and opens on the stacks', async () => {
    const { default: VmView } = await import('./VmView.svelte');
    const h = hostWithVm();
    const playback = { version: 0, reduced: true } as never;
    const t = text(render(VmView, { props: { host: { kernel: h.k, vm: h.hv } as never, playback, selection: null, onselect: () => {} } }).body);
    expect(t).toContain('Stacks Density Inside VMs');
    expect(t).toContain('left, 1 virtual machine, so 2 kernels in all');
  });
});

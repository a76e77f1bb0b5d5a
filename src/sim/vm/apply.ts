/**
 * The only writer of VmState: applies one VM event (deterministic; copies what
 * it keeps out of the event, so the log never aliases live state).
 */

import type { VmState } from './types.ts';
import type { VmEvent } from './events.ts';
import { clonePlain } from '../kernel/plain.ts';

export function applyVmEvent(s: VmState, e: VmEvent): void {
  switch (e.type) {
    case 'vm.hypervisorInstalled':
      s.installed = true;
      s.config = clonePlain(e.config);
      s.modules = clonePlain(e.modules);
      s.daemons = { ...e.daemons };
      return;
    case 'vm.defined':
      s.vms[e.vm.name] = clonePlain(e.vm);
      // A new domain's image is freshly created: nothing of an older disk at that path.
      if (s.disks) delete s.disks[e.vm.disk.path];
      if (!s.order.includes(e.vm.name)) s.order.push(e.vm.name);
      return;
    case 'vm.undefined': {
      delete s.vms[e.name];
      s.order = s.order.filter((n) => n !== e.name);
      return;
    }
    case 'vm.lifecycleChanged': {
      const vm = s.vms[e.name];
      if (vm) vm.lifecycle = clonePlain(e.lifecycle);
      return;
    }
    case 'vm.vmmStarted': {
      const vm = s.vms[e.name];
      if (!vm) return;
      vm.id = e.id;
      vm.vmmPid = e.pid;
      vm.threads = clonePlain(e.threads);
      vm.nic.tap = e.tap;
      vm.accel = e.accel;
      s.nextId = Math.max(s.nextId, e.id + 1);
      if (e.tap) {
        const n = Number(e.tap.replace(/^vnet/, ''));
        if (Number.isFinite(n)) s.nextTap = Math.max(s.nextTap, n + 1);
      }
      return;
    }
    case 'vm.vmmStopped': {
      const vm = s.vms[e.name];
      if (!vm) return;
      vm.id = null;
      vm.vmmPid = null;
      vm.threads = [];
      vm.nic.tap = null;
      if (e.reason !== 'saved') vm.guestClock = null;
      return;
    }
    case 'vm.leaseGranted': {
      s.network.leases[e.mac] = e.ip;
      const last = Number(e.ip.split('.')[3]);
      if (Number.isFinite(last)) s.network.nextHost = Math.max(s.network.nextHost, last + 1);
      const vm = s.vms[e.name];
      if (vm) vm.nic.ip = e.ip;
      return;
    }
    case 'vm.guestClockSet': {
      const vm = s.vms[e.name];
      if (vm) vm.guestClock = e.clock ? { ...e.clock } : null;
      return;
    }
    case 'vm.saveFileChanged': {
      const vm = s.vms[e.name];
      if (vm) vm.saveFile = e.path;
      return;
    }
    case 'vm.diskWritten':
      // Snapshots taken before disks were modelled have no `disks`.
      (s.disks ??= {})[e.path] = clonePlain(e.disk);
      return;
    case 'vm.diskErased':
      if (s.disks) delete s.disks[e.path];
      return;
  }
}

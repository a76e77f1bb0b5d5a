/**
 * libvirtd's side of /run/libvirt/libvirt-sock: each request from virsh or
 * virt-install mapped to the hypervisor's operations, answered with libvirt's
 * error wording.
 *
 * Models: the remote driver's calls virsh uses (virConnectListAllDomains,
 * virDomainLookupByName/ID/UUID, virDomainCreate, virDomainShutdown,
 * virDomainDestroy, virDomainSuspend/Resume, virDomainManagedSave,
 * virDomainUndefineFlags, virDomainDefineXML, virDomainOpenConsole,
 * virConnectListAllNetworks).
 * SIMPLIFICATIONS: the console stream is synchronous: each batch of
 * keystrokes returns what the guest printed; attaching puts the caller's
 * terminal in raw mode (what virsh's tcsetattr(cfmakeraw) does), through the
 * userland's terminal table, for want of a termios call in the program API.
 */

import type { Hypervisor } from './hypervisor.ts';
import { isActive, vmStatus } from './vm.machine.ts';
import { isGuestOsId } from './guest-os.ts';
import { noDomain, virErr, type VirRequest, type VirResponse } from './libvirt-api.ts';

function isReq(r: unknown): r is VirRequest {
  return typeof r === 'object' && r !== null && typeof (r as { op?: unknown }).op === 'string';
}

export function handleRequest(hv: Hypervisor, req: unknown): VirResponse {
  if (!isReq(req)) return virErr('VIR_ERR_INTERNAL_ERROR', 'internal error: malformed request');
  switch (req.op) {
    case 'list':
      return { ok: true, hvType: hv.state.config.type, domains: hv.list().map((v) => hv.view(v)) };
    case 'lookup': {
      const vm = hv.lookup(req.name);
      return vm ? { ok: true, domain: hv.view(vm) } : noDomain(req.name);
    }
    case 'capabilities':
      return { ok: true, kvm: hv.kvmAvailable };
    case 'net.list': {
      const n = hv.state.network;
      return { ok: true, networks: hv.state.installed ? [{ name: n.name, bridge: n.bridge, active: true, autostart: true, persistent: true }] : [] };
    }
    case 'define': {
      if (!isGuestOsId(req.spec.os)) return virErr('VIR_ERR_OPERATION_FAILED', `operation failed: unknown OS '${req.spec.os}'`);
      const r = hv.define(req.spec);
      return r.ok ? { ok: true, domain: hv.view(r.vm) } : { ok: false, error: r.error };
    }
    case 'start':
      return hv.start(req.name);
    case 'shutdown':
      return hv.shutdown(req.name);
    case 'destroy':
      return hv.destroy(req.name);
    case 'suspend':
      return hv.suspend(req.name);
    case 'resume':
      return hv.resume(req.name);
    case 'managedsave':
      return hv.managedSave(req.name);
    case 'undefine':
      return hv.undefine(req.name, req.removeStorage);
    case 'console.attach': {
      const vm = hv.lookup(req.name);
      if (!vm) return noDomain(req.name);
      if (!isActive(vmStatus(vm.lifecycle.value))) return virErr('VIR_ERR_OPERATION_INVALID', 'The domain is not running');
      hv.ul.tty(req.tty).raw = true;
      const c = hv.guest(vm.name)?.ready ? hv.attachConsole(vm.name) : null;
      return { ok: true, output: c ? c.attach() : '' };
    }
    case 'console.input': {
      const vm = hv.lookup(req.name);
      if (!vm || !isActive(vmStatus(vm.lifecycle.value))) return { ok: true, ended: true, output: '' };
      // A guest still booting prints nothing a shell could read yet; its console opens once it is up.
      if (!hv.guest(vm.name)?.ready) return { ok: true, output: '' };
      let c = hv.consoleOf(vm.name);
      let pre = '';
      if (!c) {
        c = hv.attachConsole(vm.name);
        pre = c ? c.attach() : '';
      }
      return { ok: true, output: pre + (c ? c.input(req.data) : '') };
    }
    case 'console.detach': {
      const vm = hv.lookup(req.name);
      if (vm) hv.detachConsole(vm.name);
      hv.ul.tty(req.tty).raw = false;
      return { ok: true };
    }
  }
}

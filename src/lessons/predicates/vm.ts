/**
 * The `vm` predicate: a virtual machine (a libvirt domain) exists on the host,
 * optionally in a given state ("running" once its guest has booted, "booting",
 * "paused", "shut off", as `virsh list` and the VM model call them) and with a
 * given guest OS or memory size.
 */

import type { PredicateDef, Verdict } from './types.ts';
import { vmStatus, type VmStatus } from '../../sim/vm/vm.machine.ts';
import { parseSize } from './values.ts';

const STATES = ['defined', 'booting', 'running', 'paused', 'saved', 'shut off'] as const;

function stateName(st: VmStatus): string {
  return st === 'off' ? 'shut off' : st === 'shuttingDown' ? 'running' : st;
}

export const vmPredicate: PredicateDef = {
  args: { name: 'string', state: STATES, os: 'string', memory: 'size' },
  describe(a) {
    const parts = [a.name !== undefined ? `a virtual machine named ${String(a.name)}` : 'a virtual machine'];
    if (a.os !== undefined) parts.push(`running ${String(a.os)}`);
    if (a.memory !== undefined) parts.push(`with ${String(a.memory)} of memory`);
    if (a.state !== undefined) parts.push(`that is ${String(a.state)}`);
    return parts.join(' ');
  },
  evaluate(a, ctx): Verdict {
    const vm = ctx.vm;
    if (!vm?.installed) return 'this host has no hypervisor';
    const all = vm.order.map((n) => vm.vms[n]).filter((v) => v !== undefined);
    const named = a.name === undefined ? all : all.filter((v) => v.name === String(a.name));
    if (named.length === 0) return a.name === undefined ? 'no virtual machine is defined yet' : `no virtual machine named ${String(a.name)}`;
    const mem = a.memory === undefined ? null : parseSize(a.memory);
    const ok = named.filter((v) => {
      if (a.os !== undefined && v.os !== String(a.os)) return false;
      if (mem !== null && v.memoryMiB * 1024 * 1024 !== mem) return false;
      if (a.state !== undefined && stateName(vmStatus(v.lifecycle.value)) !== a.state) return false;
      return true;
    });
    if (ok.length > 0) return true;
    const v = named[0]!;
    return `${v.name} is ${stateName(vmStatus(v.lifecycle.value))}`;
  },
};

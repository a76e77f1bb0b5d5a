/**
 * Reaching into a running VM from the host: a command at a root shell in the
 * guest (as `ssh root@guest cmd` would), a handle on one VM for lessons and
 * tests, and the guest's serial console as `virsh console` attaches to it.
 *
 * Models: libvirt's console stream (virDomainOpenConsole): one client at a
 * time per console; a new client replaces the old one (virsh console
 * --force), and the stream ends when the VMM stops.
 * SIMPLIFICATIONS: `run` needs no network path or credentials: it types into
 * the guest's root login session directly.
 */

import type { Kernel } from '../kernel/kernel.ts';
import type { Guest, GuestConsole } from './guest.ts';
import { LinuxGuest } from './guest-linux.ts';
import type { VmStatus } from './vm.machine.ts';
import type { Hypervisor } from './hypervisor.ts';

export interface VmHandle {
  name: string;
  status(): VmStatus;
  /** Run a command line in the guest's root shell (the VM must be running). */
  run(line: string): { stdout: string; stderr: string; exitCode: number };
  guest(): Guest | null;
  /** The guest's kernel instance (Linux guests), for views and lesson checks. */
  kernel(): Kernel | null;
}

/** Run a command line in a running guest (as root, like `ssh root@guest`). */
export function runInGuest(hv: Hypervisor, name: string, line: string): { stdout: string; stderr: string; exitCode: number } {
  const g = hv.rt.guests[name];
  if (!g || hv.status(name) !== 'running') return { stdout: '', stderr: `domain '${name}' is not running\n`, exitCode: 255 };
  return g.run(line);
}

/** A handle on one VM: `hv.vm('web1').run('hostname')`. */
export function vmHandle(hv: Hypervisor, name: string): VmHandle | null {
  const rec = hv.lookup(name);
  if (!rec) return null;
  const n = rec.name;
  return {
    name: n,
    status: () => hv.status(n),
    run: (line) => runInGuest(hv, n, line),
    guest: () => hv.guest(n),
    kernel: () => {
      const g = hv.guest(n);
      return g instanceof LinuxGuest ? g.kernel : null;
    },
  };
}

/** Attach a new client to the guest's serial console (detaching the previous one). */
export function attachConsole(hv: Hypervisor, name: string): GuestConsole | null {
  const g = hv.rt.guests[name];
  if (!g) return null;
  hv.rt.consoles[name]?.detach();
  const c = g.console();
  hv.rt.consoles[name] = c;
  return c;
}

export function detachConsole(hv: Hypervisor, name: string): void {
  hv.rt.consoles[name]?.detach();
  delete hv.rt.consoles[name];
}

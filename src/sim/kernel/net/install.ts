/**
 * The net module's reactions to other modules (wired by whoever boots the kernel).
 *
 * Models: network_namespaces(7): when a network namespace is freed, its
 * virtual devices are destroyed, and destroying one end of a veth pair
 * destroys the other (so the host-side vethXXXX of a container disappears);
 * a process's sockets close when it exits.
 * SIMPLIFICATIONS:
 * - The dying namespace's own record is already gone (ns.destroyed applied
 *   first); the hook finds peers by scanning the other namespaces' veths.
 */

import type { Kernel, KernelHooks } from '../kernel.ts';
import { closeSocketsOf } from './socket.ts';

/** net.linkDeleted for every veth whose peer lived in the destroyed netns `inum`. */
export function destroyPeersOf(k: Kernel, inum: number): void {
  for (const ns of Object.values(k.state.net.byNs)) {
    for (const l of Object.values(ns.links)) {
      if (l.kind !== 'veth' || !l.peer || l.peer.netns !== inum) continue;
      k.emit({ type: 'net.linkDeleted', netns: ns.inum, ifindex: l.ifindex, ifname: l.name, peer: null, reason: 'peerNetnsDestroyed' });
    }
  }
}

export function installNet(hooks: KernelHooks): void {
  hooks.nsDestroyed.push((k, ns) => {
    if (ns.type === 'net') destroyPeersOf(k, ns.inum);
  });
  hooks.processExited.push((k, p) => closeSocketsOf(k, p.pid));
}

/**
 * Freeing namespaces that lost their last reference (namespaces(7) "Namespace lifetime").
 *
 * Models: a namespace lives while a process is in it (a PID namespace: while a
 * process, zombies included, has a PID in it) or something else holds it (a
 * bind-mounted /proc/PID/ns file, `ip netns add`, a child namespace, a
 * pid_for_children link). When the last goes, the namespace is freed, which
 * may in turn free its owning user namespace and its parent.
 * SIMPLIFICATIONS:
 * - The initial namespaces are never freed.
 */

import type { Kernel } from '../kernel.ts';
import type { NsInum } from '../ids.ts';
import { NS_TYPES } from './types.ts';
import { nsAt } from './by-inum.ts';

function isInitial(k: Kernel, inum: NsInum): boolean {
  const init = k.state.ns.initial;
  for (const t of NS_TYPES) if (init[t] === inum) return true;
  return false;
}

/**
 * If the namespace has no processes and no holds, emit `ns.destroyed`, run the
 * nsDestroyed hooks, then look at the namespaces it held. Call it after anything
 * that drops a reference (a process leaving, an `ns.held` with a negative delta).
 * Returns whether it was destroyed.
 */
export function releaseNsIfUnused(k: Kernel, inum: NsInum): boolean {
  const ns = nsAt(k.state, inum);
  if (!ns || ns.procCount > 0 || ns.holds > 0 || isInitial(k, inum)) return false;
  k.emit({ type: 'ns.destroyed', inum, nsType: ns.type });
  for (const h of k.hooks.nsDestroyed) h(k, ns);
  if (ns.owner !== null) releaseNsIfUnused(k, ns.owner);
  if ((ns.type === 'pid' || ns.type === 'user') && ns.parent !== null && ns.parent !== ns.owner) {
    releaseNsIfUnused(k, ns.parent);
  }
  return true;
}

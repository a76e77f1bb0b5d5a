/**
 * The adapter from a simulated host to the read-only PredicateCtx that goals
 * are evaluated on. Files are read through the kernel's VFS as a given process
 * sees them (path resolution in its mount namespace and root); reads have no
 * side effects.
 */

import type { Host } from '../sim/host/host.ts';
import type { LoggedEvent } from '../sim/events.ts';
import { readFile, stat } from '../sim/kernel/fs/index.ts';
import { isErr } from '../sim/kernel/errno.ts';
import type { PredicateCtx } from './predicates/types.ts';

export function hostCtx(host: Host, events: readonly LoggedEvent[]): PredicateCtx {
  const k = host.kernel;
  return {
    kernel: k.state,
    engine: host.engine?.state ?? null,
    vm: host.vm?.state ?? null,
    events,
    read(path, pid = 1) {
      if (!k.state.proc.byPid[pid]) return null;
      const r = readFile(k, pid, path);
      return isErr(r) ? null : r;
    },
    exists(path, pid = 1, anyType = false) {
      if (!k.state.proc.byPid[pid]) return false;
      const s = stat(k, pid, path);
      if (isErr(s)) return false;
      return anyType || s.type === 'dir';
    },
  };
}

/**
 * Changing a process's own capability sets: capset(2), prctl(PR_CAPBSET_DROP),
 * prctl(PR_CAP_AMBIENT) (capabilities(7) "Programmatically adjusting capability sets").
 *
 * Models: permitted can only shrink; effective must stay within permitted;
 * inheritable may only gain capabilities that are permitted (or any with
 * CAP_SETPCAP) and never beyond the bounding set; ambient must lie within both
 * permitted and inheritable (and loses what leaves them); dropping from the
 * bounding set needs CAP_SETPCAP; a bounding capability, once dropped, is gone.
 * SIMPLIFICATIONS:
 * - One call sets all the sets at once (runc's order of calls is not needed).
 * - No securebits (SECBIT_NO_CAP_AMBIENT_RAISE and friends).
 */

import type { Kernel } from '../kernel.ts';
import { sysErr, type SysError } from '../errno.ts';
import { nsCapable } from './capable.ts';
import { capAnd, capAndNot, capOr, hasCap, type CapMask, type CapSets } from './caps.ts';
import { refuse } from './denied.ts';

const subset = (a: CapMask, b: CapMask) => capAndNot(a, b) === 0;

/** prctl(PR_CAPBSET_DROP) for every capability in `mask`. Needs CAP_SETPCAP. */
export function dropBounding(k: Kernel, pid: number, mask: CapMask): true | SysError {
  const p = k.state.proc.byPid[pid];
  if (!p || p.state === 'Z') return sysErr('ESRCH');
  if (!nsCapable(k, p, 'CAP_SETPCAP', p.ns.user)) return refuse(k, p, 'CAP_SETPCAP', 'prctl(PR_CAPBSET_DROP)');
  const bounding = capAndNot(p.caps.bounding, mask);
  if (bounding !== p.caps.bounding) k.emit({ type: 'process.capsChanged', pid, caps: Object.assign({}, p.caps, { bounding }) });
  return true;
}

/**
 * capset(2) plus the ambient and bounding prctls, applied together. Sets left
 * out keep their value (ambient is trimmed to permitted ∩ inheritable).
 */
export function setCaps(k: Kernel, pid: number, sets: Partial<CapSets>): true | SysError {
  const p = k.state.proc.byPid[pid];
  if (!p || p.state === 'Z') return sysErr('ESRCH');
  const old = p.caps;
  const setpcap = hasCap(old.effective, 'CAP_SETPCAP') && nsCapable(k, p, 'CAP_SETPCAP', p.ns.user);
  const bounding = sets.bounding ?? old.bounding;
  if (bounding !== old.bounding && (!subset(bounding, old.bounding) || !setpcap)) return sysErr('EPERM');
  const permitted = sets.permitted ?? old.permitted;
  const effective = sets.effective ?? capAnd(old.effective, permitted);
  const inheritable = sets.inheritable ?? old.inheritable;
  if (!subset(permitted, old.permitted)) return sysErr('EPERM');
  if (!subset(effective, permitted)) return sysErr('EPERM');
  if (!setpcap && !subset(inheritable, capOr(old.inheritable, old.permitted))) return sysErr('EPERM');
  if (!subset(inheritable, capOr(old.inheritable, bounding))) return sysErr('EPERM');
  const allowedAmbient = capAnd(permitted, inheritable);
  if (sets.ambient !== undefined && !subset(sets.ambient, allowedAmbient)) return sysErr('EPERM');
  const ambient = capAnd(sets.ambient ?? old.ambient, allowedAmbient);
  const caps: CapSets = { effective, permitted, inheritable, bounding, ambient };
  if (caps.effective !== old.effective || caps.permitted !== old.permitted || caps.inheritable !== old.inheritable || caps.bounding !== old.bounding || caps.ambient !== old.ambient) {
    k.emit({ type: 'process.capsChanged', pid, caps });
  }
  return true;
}

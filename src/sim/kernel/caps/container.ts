/**
 * The capability sets Docker gives a container (moby daemon/pkg/oci/caps/utils.go
 * TweakCapabilities, defaults.go).
 *
 * Models: names are case-insensitive and may omit `CAP_`; `ALL` is allowed.
 * With `--cap-add ALL`: every capability minus the dropped ones; else with
 * `--cap-drop ALL`: exactly the added ones; else Docker's 14 defaults minus
 * drops plus adds. `--privileged` gives all 41. Unknown names are rejected with
 * the daemon's message: `invalid CapAdd: unknown capability: "CAP_CHPASS"`.
 * The container's process gets the result as bounding, permitted and effective
 * set; inheritable and ambient stay empty (Docker 20.10.14+).
 * SIMPLIFICATIONS:
 * - No per-platform capability list: all 41 are known.
 */

import { CAP_FULL, CAPABILITIES, DOCKER_DEFAULT_CAPS, capAndNot, capOr, maskOf, type CapMask, type CapName, type CapSets } from './caps.ts';

export interface ContainerCapOptions {
  capAdd?: string[];
  capDrop?: string[];
  privileged?: boolean;
}

/** NormalizeLegacyCapabilities: "all" → "ALL", "net_admin" → "CAP_NET_ADMIN". */
function normalize(s: string): string {
  const up = s.toUpperCase();
  if (up === 'ALL') return 'ALL';
  return up.startsWith('CAP_') ? up : `CAP_${up}`;
}

function toMask(names: string[], field: 'CapAdd' | 'CapDrop'): { mask: CapMask; all: boolean } | string {
  let mask = 0;
  let all = false;
  for (const raw of names) {
    const n = normalize(raw);
    if (n === 'ALL') {
      all = true;
      continue;
    }
    if (!(CAPABILITIES as readonly string[]).includes(n)) return `invalid ${field}: unknown capability: "${n}"`;
    mask = capOr(mask, maskOf([n as CapName]));
  }
  return { mask, all };
}

/** Docker's default set as a mask (a constant, computed once). */
const DOCKER_DEFAULT_MASK: CapMask = maskOf(DOCKER_DEFAULT_CAPS);

/** The container's capability sets, or the daemon's error text for an unknown capability. */
export function capSetsForContainer(opts: ContainerCapOptions): CapSets | string {
  const add = toMask(opts.capAdd ?? [], 'CapAdd');
  if (typeof add === 'string') return add;
  const drop = toMask(opts.capDrop ?? [], 'CapDrop');
  if (typeof drop === 'string') return drop;
  let caps: CapMask;
  if (opts.privileged) caps = CAP_FULL;
  else if (add.all) caps = capAndNot(CAP_FULL, drop.mask);
  else if (drop.all) caps = add.mask;
  else caps = capOr(capAndNot(DOCKER_DEFAULT_MASK, drop.mask), add.mask);
  return { effective: caps, permitted: caps, bounding: caps, inheritable: 0, ambient: 0 };
}

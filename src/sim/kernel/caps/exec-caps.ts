/**
 * Capabilities across execve (capabilities(7) "Transformation of capabilities during execve()").
 *
 * Models the kernel's rules for a file without file capabilities or set-user-ID bit:
 *   P'(ambient)   = P(ambient)
 *   P'(permitted) = P(ambient), or for root (real or effective UID 0 in the
 *                   process's user namespace) P(bounding) | P(inheritable) | P(ambient)
 *   P'(effective) = P'(permitted) if the effective UID is root, else P'(ambient)
 *   P'(inheritable), P'(bounding) unchanged
 * So root keeps its bounding set and a non-root user keeps only the ambient set:
 * `USER 1000` in a container has no effective capabilities.
 * SIMPLIFICATIONS:
 * - No file capabilities. A set-user-ID-root file (process/exec.ts) makes the
 *   effective UID root before these rules apply, so it gets the root sets.
 * - No SECBIT_NOROOT.
 */

import { capOr, type CapSets } from './caps.ts';

/** The capability sets after execve of an ordinary file. */
export function capsAfterExecve(caps: CapSets, ruidIsRoot: boolean, euidIsRoot: boolean): CapSets {
  const permitted = ruidIsRoot || euidIsRoot ? capOr(capOr(caps.bounding, caps.inheritable), caps.ambient) : caps.ambient;
  return {
    permitted,
    effective: euidIsRoot ? permitted : caps.ambient,
    inheritable: caps.inheritable,
    bounding: caps.bounding,
    ambient: caps.ambient,
  };
}

/**
 * UID and GID mappings of user namespaces (user_namespaces(7), /proc/PID/uid_map).
 *
 * Models: each line `inside outside count` maps IDs of a user namespace to IDs
 * of its parent; a map can be written once; unmapped IDs show as the overflow
 * ID 65534; the rules for who may write which map; /proc/PID/uid_map as read
 * from the namespace itself (outside IDs relative to the parent) or from
 * elsewhere (relative to the reader's namespace).
 * SIMPLIFICATIONS:
 * - Credentials hold kernel IDs (those of the initial user namespace), as the
 *   kernel's kuid_t does; maps are stored as written (outside = parent's IDs) and
 *   translated level by level (nesting is shallow).
 * - /proc/PID/setgroups is not modelled: an unprivileged gid_map write is
 *   accepted as if "deny" had been written first.
 * - The line limit is 340 (Linux 4.15+).
 */

import type { Kernel } from '../kernel.ts';
import type { NsInum } from '../ids.ts';
import { sysErr, type SysError } from '../errno.ts';
import type { IdMapRange, UserNamespace } from './types.ts';
import { nsCapable } from '../caps/capable.ts';
import { refuse } from '../caps/denied.ts';
import { nsAt } from './by-inum.ts';

/** /proc/sys/kernel/overflowuid and overflowgid. */
export const OVERFLOW_ID = 65534;
/** Lines a map may have (Linux 4.15+). */
export const MAX_MAP_LINES = 340;
const ID_LIMIT = 4294967295; // (u32)-1 is never a valid ID

function userNs(k: Kernel, inum: NsInum | null): UserNamespace | undefined {
  if (inum === null) return undefined;
  const ns = nsAt(k.state, inum);
  return ns?.type === 'user' ? ns : undefined;
}

function mapOf(ns: UserNamespace, which: 'uid' | 'gid'): IdMapRange[] | null {
  return which === 'uid' ? ns.uidMap : ns.gidMap;
}

/** Kernel ID → ID as seen inside `userNs` (null if unmapped). */
function toNs(k: Kernel, inum: NsInum, kid: number, which: 'uid' | 'gid'): number | null {
  const ns = userNs(k, inum);
  if (!ns) return null;
  if (ns.parent === null) return kid;
  const inParent = toNs(k, ns.parent, kid, which);
  if (inParent === null) return null;
  for (const r of mapOf(ns, which) ?? []) {
    if (inParent >= r.outside && inParent - r.outside < r.count) return r.inside + (inParent - r.outside);
  }
  return null;
}

/** ID inside `userNs` → kernel ID (null if unmapped). */
function fromNs(k: Kernel, inum: NsInum, id: number, which: 'uid' | 'gid'): number | null {
  let ns = userNs(k, inum);
  let cur = id;
  while (ns && ns.parent !== null) {
    let next: number | null = null;
    for (const r of mapOf(ns, which) ?? []) {
      if (cur >= r.inside && cur - r.inside < r.count) {
        next = r.outside + (cur - r.inside);
        break;
      }
    }
    if (next === null) return null;
    cur = next;
    ns = userNs(k, ns.parent);
  }
  return ns ? cur : null;
}

/** A kernel UID or GID as seen inside a user namespace, or null if it has no mapping there. */
export function idToNs(k: Kernel, userNsInum: NsInum, kid: number, which: 'uid' | 'gid'): number | null {
  return toNs(k, userNsInum, kid, which);
}

/** How a kernel UID looks inside a user namespace: 65534 (overflowuid) if unmapped. */
export function mapUidToNs(k: Kernel, userNsInum: NsInum, kuid: number): number {
  return toNs(k, userNsInum, kuid, 'uid') ?? OVERFLOW_ID;
}

/** How a kernel GID looks inside a user namespace: 65534 (overflowgid) if unmapped. */
export function mapGidToNs(k: Kernel, userNsInum: NsInum, kgid: number): number {
  return toNs(k, userNsInum, kgid, 'gid') ?? OVERFLOW_ID;
}

/** The kernel UID behind a UID of a user namespace, or null if it has no mapping. */
export function mapUidFromNs(k: Kernel, userNsInum: NsInum, uid: number): number | null {
  return fromNs(k, userNsInum, uid, 'uid');
}

/** The kernel GID behind a GID of a user namespace, or null if it has no mapping. */
export function mapGidFromNs(k: Kernel, userNsInum: NsInum, gid: number): number | null {
  return fromNs(k, userNsInum, gid, 'gid');
}

/** Is every ID in [first, first+count) mapped in `ns` (as an inside ID)? */
function rangeMapped(ns: UserNamespace, which: 'uid' | 'gid', first: number, count: number): boolean {
  if (ns.parent === null) return first + count <= ID_LIMIT;
  const ranges = [...(mapOf(ns, which) ?? [])].sort((a, b) => a.inside - b.inside);
  let next = first;
  const end = first + count;
  for (const r of ranges) {
    if (r.inside > next) break;
    if (r.inside + r.count > next) next = r.inside + r.count;
    if (next >= end) return true;
  }
  return next >= end;
}

function overlaps(a: IdMapRange[], key: 'inside' | 'outside'): boolean {
  const s = [...a].sort((x, y) => x[key] - y[key]);
  for (let i = 1; i < s.length; i++) {
    const prev = s[i - 1]!;
    if (prev[key] + prev.count > s[i]![key]) return true;
  }
  return false;
}

/**
 * Write /proc/TARGET/uid_map or gid_map (user_namespaces(7) "Defining user and
 * group ID mappings"). The writer must be in the target's user namespace or its
 * parent and hold CAP_SETUID/CAP_SETGID in the target's namespace; without that
 * capability in the parent namespace only the namespace's owner may write, and
 * only one line of count 1 mapping its own effective ID. EPERM if the map was written before; EINVAL for a malformed map.
 */
export function writeIdMap(
  k: Kernel,
  writerPid: number,
  targetPid: number,
  which: 'uid' | 'gid',
  ranges: IdMapRange[],
): true | SysError {
  const w = k.state.proc.byPid[writerPid];
  const t = k.state.proc.byPid[targetPid];
  if (!w || w.state === 'Z' || !t || t.state === 'Z') return sysErr('ESRCH');
  const ns = userNs(k, t.ns.user);
  if (!ns) return sysErr('ESRCH');
  if (ns.parent === null || mapOf(ns, which) !== null) return sysErr('EPERM');
  const parent = userNs(k, ns.parent);
  if (!parent) return sysErr('EPERM');

  if (ranges.length === 0 || ranges.length > MAX_MAP_LINES) return sysErr('EINVAL');
  for (const r of ranges) {
    if (![r.inside, r.outside, r.count].every((n) => Number.isInteger(n) && n >= 0)) return sysErr('EINVAL');
    if (r.count === 0 || r.inside + r.count > ID_LIMIT || r.outside + r.count > ID_LIMIT) return sysErr('EINVAL');
  }
  if (overlaps(ranges, 'inside') || overlaps(ranges, 'outside')) return sysErr('EINVAL');

  if (w.ns.user !== ns.inum && w.ns.user !== parent.inum) return sysErr('EPERM');
  const cap = which === 'uid' ? 'CAP_SETUID' : 'CAP_SETGID';
  if (!nsCapable(k, w, cap, ns.inum)) return refuse(k, w, cap, `write ${which}_map`);
  for (const r of ranges) if (!rangeMapped(parent, which, r.outside, r.count)) return sysErr('EPERM');

  if (!nsCapable(k, w, cap, parent.inum)) {
    // Unprivileged: the namespace's owner maps exactly its own effective ID (as the parent sees it), once.
    const own = which === 'uid' ? w.cred.euid : w.cred.egid;
    const ownInParent = toNs(k, parent.inum, own, which);
    const only = ranges[0]!;
    if (ns.ownerUid !== w.cred.euid || ranges.length !== 1 || only.count !== 1 || only.outside !== ownInParent) {
      return refuse(k, w, cap, `write ${which}_map`);
    }
  }
  k.emit({ type: 'ns.idMapWritten', inum: ns.inum, which, map: ranges.map((r) => ({ ...r })) });
  return true;
}

/**
 * The lines of /proc/PID/uid_map (or gid_map) for user namespace `userNsInum`,
 * as a process in `readerUserNs` reads them (`%10u %10u %10u`). The initial
 * namespace shows `0 0 4294967295`; a namespace whose map is unwritten shows nothing.
 */
export function idMapLines(k: Kernel, userNsInum: NsInum, which: 'uid' | 'gid', readerUserNs: NsInum): string[] {
  const ns = userNs(k, userNsInum);
  if (!ns) return [];
  const map = mapOf(ns, which) ?? [];
  // The kernel shows outside IDs relative to the reader's namespace, or to the
  // parent when the reader is inside the namespace itself.
  const lower = readerUserNs === ns.inum && ns.parent !== null ? ns.parent : readerUserNs;
  const pad = (n: number) => String(n).padStart(10, ' ');
  return map.map((r) => {
    let outside = r.outside;
    if (ns.parent !== null && lower !== ns.parent) {
      const kid = fromNs(k, ns.parent, r.outside, which);
      outside = kid === null ? OVERFLOW_ID : (toNs(k, lower, kid, which) ?? OVERFLOW_ID);
    }
    return `${pad(r.inside)} ${pad(outside)} ${pad(r.count)}`;
  });
}

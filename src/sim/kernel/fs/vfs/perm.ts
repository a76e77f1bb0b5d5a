/**
 * File permission checks and capabilities relative to user namespaces.
 *
 * Models: generic_permission() (owner/group/other bits, CAP_DAC_OVERRIDE,
 * CAP_DAC_READ_SEARCH), capable_wrt_inode_uidgid() (a capability counts for an
 * inode only if its owner is mapped in the caller's user namespace),
 * ns_capable() (a capability held in a user namespace applies to everything
 * that namespace owns and to its descendants; the owner of a child namespace
 * has every capability in it), and uid/gid translation through uid_map/gid_map
 * (user_namespaces(7), capabilities(7), path_resolution(7)).
 * SIMPLIFICATIONS: no ACLs, no LSMs, no fsuid-vs-euid subtleties beyond using fsuid/fsgid.
 */

import type { Kernel } from '../../kernel.ts';
import type { Process } from '../../process/types.ts';
import type { CapName } from '../../caps/caps.ts';
import { nsCapable as capNsCapable } from '../../caps/capable.ts';
import { idToNs, mapGidFromNs, mapUidFromNs } from '../../ns/idmap.ts';
import { nsInum } from '../../ids.ts';
import { nsAt } from '../../ns/by-inum.ts';

export const MAY_EXEC = 1;
export const MAY_WRITE = 2;
export const MAY_READ = 4;

/** The overflow uid/gid shown for unmapped ids (/proc/sys/kernel/overflowuid). */
export const OVERFLOW_ID = 65534;

export interface Owned {
  mode: number;
  uid: number;
  gid: number;
  type: string;
}

/** Kernel id → id as seen in user namespace `inum`; -1 if unmapped. */
export function idInNs(k: Kernel, inum: number, kid: number, which: 'uid' | 'gid'): number {
  if (inum === k.state.ns.initial.user) return kid;
  return idToNs(k, nsInum(inum), kid, which) ?? -1;
}

/** Like idInNs but unmapped ids become 65534 (from_kuid_munged). */
export function idInNsMunged(k: Kernel, inum: number, kid: number, which: 'uid' | 'gid'): number {
  const v = idInNs(k, inum, kid, which);
  return v < 0 ? OVERFLOW_ID : v;
}

/** Id as named inside user namespace `inum` → kernel id; -1 if unmapped (make_kuid). */
export function kidFromNs(k: Kernel, inum: number, id: number, which: 'uid' | 'gid'): number {
  if (inum === k.state.ns.initial.user) return id;
  const v = which === 'uid' ? mapUidFromNs(k, nsInum(inum), id) : mapGidFromNs(k, nsInum(inum), id);
  return v ?? -1;
}

/** ns_capable(): does `p` hold `cap` in user namespace `target` (caps/capable.ts)? */
export function nsCapable(k: Kernel, p: Process, cap: CapName, target: number): boolean {
  return capNsCapable(k, p, cap, nsInum(target));
}

/** capable(): the capability in the initial user namespace. */
export function capableInit(k: Kernel, p: Process, cap: CapName): boolean {
  return nsCapable(k, p, cap, k.state.ns.initial.user);
}

/** The user namespace owning another namespace (e.g. a mount or UTS namespace). */
export function ownerOf(k: Kernel, inum: number): number {
  const ns = nsAt(k.state, inum);
  return ns?.owner ?? k.state.ns.initial.user;
}

/** capable_wrt_inode_uidgid(): cap in p's user ns and the inode's owner mapped there. */
export function capableWrtInode(k: Kernel, p: Process, cap: CapName, ino: Owned): boolean {
  if (!nsCapable(k, p, cap, p.ns.user)) return false;
  return idInNs(k, p.ns.user, ino.uid, 'uid') >= 0 && idInNs(k, p.ns.user, ino.gid, 'gid') >= 0;
}

export function inGroup(p: Process, gid: number): boolean {
  return p.cred.fsgid === gid || p.cred.groups.includes(gid);
}

/** generic_permission(): may p access an inode with `mask` (MAY_READ|MAY_WRITE|MAY_EXEC)? */
export function mayAccess(k: Kernel, p: Process, ino: Owned, mask: number): boolean {
  let bits: number;
  if (p.cred.fsuid === ino.uid) bits = (ino.mode >> 6) & 7;
  else if (inGroup(p, ino.gid)) bits = (ino.mode >> 3) & 7;
  else bits = ino.mode & 7;
  if ((bits & mask) === mask) return true;
  const isDir = ino.type === 'dir';
  // CAP_DAC_OVERRIDE: everything, except exec of a file with no x bit at all.
  if (!(mask & MAY_EXEC) || isDir || ino.mode & 0o111) {
    if (capableWrtInode(k, p, 'CAP_DAC_OVERRIDE', ino)) return true;
  }
  // CAP_DAC_READ_SEARCH: read files, read and search directories.
  if (isDir ? !(mask & MAY_WRITE) : mask === MAY_READ) {
    if (capableWrtInode(k, p, 'CAP_DAC_READ_SEARCH', ino)) return true;
  }
  return false;
}

/** inode_owner_or_capable(): the owner, or CAP_FOWNER over the inode. */
export function ownerOrCapable(k: Kernel, p: Process, ino: Owned): boolean {
  return p.cred.fsuid === ino.uid || capableWrtInode(k, p, 'CAP_FOWNER', ino);
}

/**
 * Changing inode attributes: chmod(2), chown(2), utimensat(2), touch(1), setxattr(2).
 *
 * Models: chmod only by the owner or with CAP_FOWNER (EPERM otherwise), the
 * setgid bit dropped when the caller is not in the file's group and lacks
 * CAP_FSETID; chown of the owner needs CAP_CHOWN, the owner may change the
 * group to one of its own groups; chown clears setuid/setgid on executables;
 * ids are given as the caller's user namespace names them (EINVAL if unmapped);
 * setting times to "now" needs write permission, explicit times ownership;
 * on an overlay each of these copies the file up first.
 * SIMPLIFICATIONS: no ACLs; xattrs only in the trusted.* and user.* spaces, with
 * trusted.* needing CAP_SYS_ADMIN.
 */

import type { Kernel } from '../../kernel.ts';
import type { Process } from '../../process/types.ts';
import { sysErr, isErr, type SysError } from '../../errno.ts';
import { resolveFrame, walk, type Frame } from './resolve.ts';
import { nodeAttr, realIno, type Attr } from './node.ts';
import { capableWrtInode, inGroup, kidFromNs, mayAccess, MAY_WRITE, ownerOrCapable, capableInit } from './perm.ts';
import { isReadOnly, nowMs, procOf, whereOf } from './ctx.ts';
import { copyUp } from '../overlay-write.ts';
import { writeFile } from './ops-write.ts';
import { refuse } from '../../caps/denied.ts';

interface Target {
  p: Process;
  f: Frame;
  a: Attr;
}

function target(k: Kernel, pid: number, path: string, follow: boolean): Target | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const f = resolveFrame(k, p, path, follow);
  if (isErr(f)) return f;
  const a = nodeAttr(k, f.node, p);
  if (!a) return sysErr('ENOENT');
  return { p, f, a };
}

/** The inode to change: the real one, or the overlay's upper copy (copied up now). */
function inoToChange(k: Kernel, t: Target): { ino: number; sb: number; overlay?: number } | SysError {
  const n = t.f.node;
  if (n.k === 's' || n.k === 'n') return sysErr('EPERM');
  if (isReadOnly(k, t.f)) return sysErr('EROFS');
  if (n.k === 'o') {
    const up = n.upper ?? copyUp(k, n.sb, n.rel, whereOf(t.p.ns.mnt, t.f));
    if (isErr(up)) return up;
    const i = k.state.fs.inodes[up];
    return i ? { ino: up, sb: i.sb, overlay: n.sb } : sysErr('EIO');
  }
  const ino = realIno(n);
  const i = ino === null ? undefined : k.state.fs.inodes[ino];
  return i && ino !== null ? { ino, sb: i.sb } : sysErr('EIO');
}

type AttrChange = { mode?: number; uid?: number; gid?: number; atimeMs?: number; mtimeMs?: number; xattrs?: Record<string, string> };

function emitAttr(k: Kernel, t: Target, w: { ino: number; sb: number; overlay?: number }, ch: AttrChange): void {
  const ev = { type: 'fs.attrChanged' as const, sb: w.sb, ino: w.ino, ...ch, at: whereOf(t.p.ns.mnt, t.f) };
  k.emit(w.overlay !== undefined ? Object.assign({}, ev, { overlay: w.overlay }) : ev);
}

/** chmod(2). */
export function chmod(k: Kernel, pid: number, path: string, mode: number): true | SysError {
  const t = target(k, pid, path, true);
  if (isErr(t)) return t;
  if (t.f.node.k === 's') return isReadOnly(k, t.f) ? sysErr('EROFS') : sysErr('EPERM');
  if (isReadOnly(k, t.f)) return sysErr('EROFS');
  if (!ownerOrCapable(k, t.p, t.a)) return refuse(k, t.p, 'CAP_FOWNER', 'chmod');
  let m = mode & 0o7777;
  if (m & 0o2000 && t.a.type !== 'dir' && !inGroup(t.p, t.a.gid) && !capableWrtInode(k, t.p, 'CAP_FSETID', t.a)) m &= ~0o2000;
  const w = inoToChange(k, t);
  if (isErr(w)) return w;
  emitAttr(k, t, w, { mode: m });
  return true;
}

/** chown(2)/lchown(2): uid/gid as the caller's user namespace names them; -1 leaves one unchanged. */
export function chown(k: Kernel, pid: number, path: string, uid: number, gid: number, opts: { follow?: boolean } = {}): true | SysError {
  const t = target(k, pid, path, opts.follow ?? true);
  if (isErr(t)) return t;
  if (isReadOnly(k, t.f)) return sysErr('EROFS');
  const kuid = uid === -1 ? t.a.uid : kidFromNs(k, t.p.ns.user, uid, 'uid');
  const kgid = gid === -1 ? t.a.gid : kidFromNs(k, t.p.ns.user, gid, 'gid');
  if (kuid < 0 || kgid < 0) return sysErr('EINVAL');
  const chownOk = capableWrtInode(k, t.p, 'CAP_CHOWN', t.a);
  if (kuid !== t.a.uid && !chownOk) return refuse(k, t.p, 'CAP_CHOWN', 'chown');
  if (kgid !== t.a.gid && !chownOk && !(t.p.cred.fsuid === t.a.uid && inGroup(t.p, kgid))) return refuse(k, t.p, 'CAP_CHOWN', 'chown');
  const w = inoToChange(k, t);
  if (isErr(w)) return w;
  const ch: AttrChange = { uid: kuid, gid: kgid };
  if (t.a.type === 'file' && t.a.mode & 0o111 && t.a.mode & 0o6000) ch.mode = t.a.mode & ~0o6000;
  emitAttr(k, t, w, ch);
  return true;
}

/** utimensat(2): no times = set both to now. */
export function utimes(k: Kernel, pid: number, path: string, times: { atimeMs?: number; mtimeMs?: number } = {}): true | SysError {
  const t = target(k, pid, path, true);
  if (isErr(t)) return t;
  if (isReadOnly(k, t.f)) return sysErr('EROFS');
  const explicit = times.atimeMs !== undefined || times.mtimeMs !== undefined;
  if (explicit ? !ownerOrCapable(k, t.p, t.a) : !ownerOrCapable(k, t.p, t.a) && !mayAccess(k, t.p, t.a, MAY_WRITE)) {
    return sysErr(explicit ? 'EPERM' : 'EACCES');
  }
  const w = inoToChange(k, t);
  if (isErr(w)) return w;
  const now = nowMs(k);
  emitAttr(k, t, w, { atimeMs: times.atimeMs ?? now, mtimeMs: times.mtimeMs ?? now });
  return true;
}

/** touch(1): create an empty file, or set its times to now. */
export function touch(k: Kernel, pid: number, path: string, mode = 0o644): true | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const r = walk(k, p, path, { follow: true });
  if (isErr(r)) return r;
  if (!r.child) {
    const n = writeFile(k, pid, path, '', { create: true, excl: true, mode });
    return isErr(n) ? n : true;
  }
  return utimes(k, pid, path);
}

/** setxattr(2) in the trusted.* (CAP_SYS_ADMIN) or user.* (write permission) namespaces. */
export function setxattr(k: Kernel, pid: number, path: string, name: string, value: string): true | SysError {
  const t = target(k, pid, path, true);
  if (isErr(t)) return t;
  if (name.startsWith('trusted.')) {
    if (!capableInit(k, t.p, 'CAP_SYS_ADMIN')) return refuse(k, t.p, 'CAP_SYS_ADMIN', 'setxattr');
  } else if (name.startsWith('user.')) {
    if (!mayAccess(k, t.p, t.a, MAY_WRITE)) return sysErr('EACCES');
  } else return sysErr('EOPNOTSUPP');
  const w = inoToChange(k, t);
  if (isErr(w)) return w;
  const cur = k.state.fs.inodes[w.ino]?.xattrs ?? {};
  emitAttr(k, t, w, { xattrs: { ...cur, [name]: value } });
  return true;
}

/** getxattr(2); ENODATA is reported as EOPNOTSUPP's neighbour ENOENT here. */
export function getxattr(k: Kernel, pid: number, path: string, name: string): string | SysError {
  const t = target(k, pid, path, true);
  if (isErr(t)) return t;
  const ino = realIno(t.f.node);
  const v = ino === null ? undefined : k.state.fs.inodes[ino]?.xattrs?.[name];
  return v ?? sysErr('ENOENT');
}

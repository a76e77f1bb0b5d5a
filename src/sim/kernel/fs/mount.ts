/**
 * mount(2) and umount2(2) for a process.
 *
 * Models: CAP_SYS_ADMIN in the user namespace owning the caller's mount
 * namespace (EPERM otherwise); new filesystems (tmpfs, proc, sysfs, cgroup2,
 * overlay, devpts, mqueue, devtmpfs, ext4 by device), bind mounts of files or
 * directories (recursive with `recursive`), remount with new per-mount flags
 * (without MS_BIND also making the superblock read-only or writable: a new
 * superblock mounted MS_RDONLY is read-only itself), mounts onto and from O_PATH
 * descriptors (MountOpts.targetFd/sourceFd, as mounting /proc/self/fd/N), a
 * per-mount device name when it differs from the superblock's source,
 * propagation changes (private, shared, slave, unbindable, and their r*
 * recursive forms); umount: EINVAL if not a mountpoint, EBUSY with submounts
 * or a process's cwd/root inside (unless lazy, MNT_DETACH, which removes the
 * whole subtree).
 * In a mount namespace owned by another user namespace (rootless containers)
 * only FS_USERNS_MOUNT filesystems (tmpfs, proc, sysfs, devpts, mqueue,
 * overlay, cgroup2) and bind mounts are allowed.
 * SIMPLIFICATIONS: no MS_MOVE; no locked mounts; a remount changes no filesystem options; flags for
 * a bind mount are applied at once (util-linux does a second remount call).
 */

import type { Kernel } from '../kernel.ts';
import type { Process } from '../process/types.ts';
import { sysErr, isErr, type SysError } from '../errno.ts';
import type { Mount } from './types.ts';
import { resolveFrame, crossMounts, type DirFd, type Frame } from './vfs/resolve.ts';
import type { PathFd } from './vfs/dirfd.ts';
import type { FsEvent } from './events.ts';
import { nodeMeta } from './vfs/node.ts';
import { nsCapable, ownerOf } from './vfs/perm.ts';
import { procOf } from './vfs/ctx.ts';
import { isUnder, joinAbs, relTo } from './vfs/path.ts';
import { superblockFor } from './superblock.ts';
import { attachPropagating, detachPropagating, detachTreePropagating, type NewMount } from './propagate.ts';
import { hasChildMounts, mountTree } from './lazy-copy.ts';
import { refuse } from '../caps/denied.ts';
import { mntnsOf } from './mntns-table.ts';

export interface MountOpts {
  /** mount -o flags: ro, rw, nosuid, nodev, noexec, noatime, relatime, remount, private, rshared... */
  flags?: string[];
  /** Filesystem-specific data, e.g. "lowerdir=a:b,upperdir=u,workdir=w" or "size=64m,mode=755". */
  data?: string;
  bind?: boolean;
  /** With bind: rbind. With a propagation flag: apply to every submount. */
  recursive?: boolean;
  /** The target is relative to this open directory (mount(2) onto /proc/self/fd/N of an fd opened there, as runc does). */
  at?: DirFd | null;
  /** The target itself as an O_PATH descriptor (mount onto /proc/self/fd/N): no walk of `target`. */
  targetFd?: PathFd;
  /** With bind: the source as an O_PATH descriptor (runc binds /dev/null opened once over each masked file). */
  sourceFd?: PathFd;
}

/** Per-mount flags in the order show_mnt_opts() prints them. */
export const MNT_FLAG_ORDER = ['ro', 'nosuid', 'nodev', 'noexec', 'noatime', 'nodiratime', 'relatime', 'nosymfollow'] as const;

/** Filesystems that may be mounted in a mount namespace owned by a non-initial user namespace (FS_USERNS_MOUNT). */
const FS_USERNS_MOUNT = new Set(['tmpfs', 'proc', 'sysfs', 'devpts', 'mqueue', 'overlay', 'cgroup2']);

const PROPAGATION_FLAGS = new Set(['private', 'shared', 'slave', 'unbindable', 'rprivate', 'rshared', 'rslave', 'runbindable']);

/** Normalise mount -o flags onto `base` (the current flags; relatime by default). */
export function normFlags(flags: readonly string[], base: readonly string[] = ['relatime']): string[] {
  const s = new Set(base);
  for (const f of flags) {
    switch (f) {
      case 'rw':
        s.delete('ro');
        break;
      case 'suid':
        s.delete('nosuid');
        break;
      case 'dev':
        s.delete('nodev');
        break;
      case 'exec':
        s.delete('noexec');
        break;
      case 'atime':
      case 'strictatime':
        s.delete('noatime');
        s.delete('relatime');
        break;
      case 'noatime':
        s.delete('relatime');
        s.add('noatime');
        break;
      case 'relatime':
        s.delete('noatime');
        s.add('relatime');
        break;
      default:
        if ((MNT_FLAG_ORDER as readonly string[]).includes(f)) s.add(f);
    }
  }
  return MNT_FLAG_ORDER.filter((f) => s.has(f));
}

function canMount(k: Kernel, p: Process): boolean {
  return nsCapable(k, p, 'CAP_SYS_ADMIN', ownerOf(k, p.ns.mnt));
}

function isMountRoot(k: Kernel, f: Frame): boolean {
  return k.state.fs.mounts[f.m]?.point === f.path;
}

/** All mounts below `id` in the tree, parents before children. */
export function descendants(k: Kernel, id: number): number[] {
  return mountTree(k.state.fs, id).slice(1);
}

function changePropagation(k: Kernel, ns: number, id: number, flag: string, recursive: boolean): true {
  const kind = flag.replace(/^r(?=private|shared|slave|unbindable)/, '') as 'private' | 'shared' | 'slave' | 'unbindable';
  k.emit({ type: 'fs.propagationChanged', ns, mountId: id, recursive: recursive || flag.startsWith('r'), propagation: kind });
  return true;
}

/** A bind mount; `sameAs` is the source already found: an O_PATH descriptor, or the target's walk when the source names the same path (runc's readonlyPath binds a path onto itself). */
function bindMount(k: Kernel, p: Process, source: string, target: Frame, opts: MountOpts, sameAs: Frame | null): true | SysError {
  const fs = k.state.fs;
  const sf = sameAs ?? resolveFrame(k, p, source, true);
  if (isErr(sf)) return sf;
  const sa = nodeMeta(k, sf.node, p);
  const ta = nodeMeta(k, target.node, p);
  if (!sa || !ta) return sysErr('ENOENT');
  if ((sa.type === 'dir') !== (ta.type === 'dir')) return sysErr('ENOTDIR');
  const sm = fs.mounts[sf.m];
  if (!sm) return sysErr('EINVAL');
  if (sm.unbindable) return sysErr('EINVAL');
  const n = sf.node;
  const root = n.k === 'o' || n.k === 's' ? n.rel : joinAbs(sm.root, relTo(sf.path, sm.point));
  const rootIno = n.k === 'i' ? n.ino : 0;
  const nm: NewMount = { sb: sm.sb, root, rootIno, flags: normFlags(opts.flags ?? [], sm.flags) };
  if (sm.devname !== undefined) nm.devname = sm.devname;
  // rbind copies the source's tree as it was before the copy is attached (copy_tree() then attach):
  // binding a directory onto itself must not copy the new mount a second time.
  const below = opts.recursive && sa.type === 'dir' ? descendants(k, sm.id) : [];
  const newId = attachPropagating(k, target.m, target.path, nm);
  if (below.length === 0) return true;
  // rbind: copy the submounts below the source, in mount order.
  const map = new Map<number, number>([[sm.id, newId]]);
  for (const cid of below) {
    const c = fs.mounts[cid];
    if (!c || c.unbindable || !isUnder(c.point, sf.path)) continue;
    const parent = map.get(c.parent);
    if (parent === undefined) continue;
    const point = joinAbs(target.path, relTo(c.point, sf.path));
    const cm: NewMount = { sb: c.sb, root: c.root, rootIno: c.rootIno, flags: [...c.flags] };
    if (c.devname !== undefined) cm.devname = c.devname;
    const copy = attachPropagating(k, parent, point, cm);
    map.set(cid, copy);
  }
  return true;
}

/** mount(2). `source` is a device/name for new filesystems, a path for bind mounts. */
export function mount(k: Kernel, pid: number, source: string, target: string, fstype: string, opts: MountOpts = {}): true | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  if (!canMount(k, p)) return refuse(k, p, 'CAP_SYS_ADMIN', 'mount');
  const r = opts.targetFd ? opts.targetFd.frame : resolveFrame(k, p, target, true, opts.at);
  if (isErr(r)) return r;
  const tf = crossMounts(k, r, p);
  const flags = opts.flags ?? [];
  const prop = flags.find((f) => PROPAGATION_FLAGS.has(f));
  if (prop) {
    if (!isMountRoot(k, tf)) return sysErr('EINVAL');
    return changePropagation(k, p.ns.mnt, tf.m, prop, !!opts.recursive);
  }
  if (flags.includes('remount')) {
    if (!isMountRoot(k, tf)) return sysErr('EINVAL');
    const m = k.state.fs.mounts[tf.m] as Mount;
    const nf = normFlags(flags.filter((f) => f !== 'remount' && f !== 'bind'), m.flags);
    const e: Extract<FsEvent, { type: 'fs.mountFlagsChanged' }> = { type: 'fs.mountFlagsChanged', ns: p.ns.mnt, mountId: m.id, flags: nf };
    if (!flags.includes('bind')) e.sbRo = nf.includes('ro');
    k.emit(e);
    return true;
  }
  if (opts.bind || flags.includes('bind') || flags.includes('rbind')) {
    const same = opts.sourceFd ? opts.sourceFd.frame : source === target && opts.at === undefined && !opts.targetFd ? r : null;
    // Field by field (Object.assign copies each field through V8's slow path).
    const bo: MountOpts = { flags: flags.filter((f) => f !== 'bind' && f !== 'rbind'), data: opts.data, bind: true, recursive: opts.recursive || flags.includes('rbind'), at: opts.at, targetFd: opts.targetFd, sourceFd: opts.sourceFd };
    return bindMount(k, p, source, tf, bo, same);
  }
  const ta = nodeMeta(k, tf.node, p);
  if (!ta) return sysErr('ENOENT');
  if (ta.type !== 'dir') return sysErr('ENOTDIR');
  if (ownerOf(k, p.ns.mnt) !== k.state.ns.initial.user && !FS_USERNS_MOUNT.has(fstype)) return sysErr('EPERM');
  // MS_RDONLY on a new mount makes a new superblock read-only too (SB_RDONLY); an existing one (ext4, cgroup2) keeps its state.
  const sb = superblockFor(k, p, fstype, source, opts.data, flags.includes('ro'));
  if (isErr(sb)) return sb;
  const nm: NewMount = { sb: sb.id, root: sb.root, rootIno: sb.rootIno, flags: normFlags(flags) };
  if (source !== k.state.fs.sbs[sb.id]?.source) nm.devname = source;
  attachPropagating(k, tf.m, tf.path, nm);
  return true;
}

/** umount2(2): `lazy` is MNT_DETACH. */
export function umount(k: Kernel, pid: number, target: string, opts: { lazy?: boolean } = {}): true | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  if (!canMount(k, p)) return refuse(k, p, 'CAP_SYS_ADMIN', 'umount2');
  const r = resolveFrame(k, p, target, true);
  if (isErr(r)) return r;
  const f = crossMounts(k, r, p);
  const fs = k.state.fs;
  const m = fs.mounts[f.m];
  if (!m || m.point !== f.path) return sysErr('EINVAL');
  if (mntnsOf(fs, m.ns)?.root === m.id) return sysErr('EINVAL');
  const below = hasChildMounts(fs, m.id);
  if (!opts.lazy) {
    if (below) return sysErr('EBUSY');
    for (const q of Object.values(k.state.proc.byPid)) {
      if (q.ns.mnt !== m.ns || q.state === 'Z') continue;
      if (isUnder(q.cwd, m.point) || isUnder(q.root, m.point)) return sysErr('EBUSY');
    }
    detachPropagating(k, m.id, false);
    return true;
  }
  if (!below) detachPropagating(k, m.id, true);
  else detachTreePropagating(k, m.id);
  return true;
}

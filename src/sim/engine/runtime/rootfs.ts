/**
 * The container's root filesystem as runc's init prepares it
 * (runc libcontainer/rootfs_linux.go prepareRootfs, finalizeRootfs), all as
 * calls into the kernel model from the init process, inside its new mount
 * namespace:
 *   mount --make-rslave /; bind the rootfs onto itself; the default mounts
 *   (/proc, /dev tmpfs, /dev/pts, /sys ro, /sys/fs/cgroup ro, /dev/mqueue,
 *   /dev/shm); device nodes and /dev symlinks; bind mounts of
 *   /etc/resolv.conf, /etc/hostname and /etc/hosts from the container's
 *   directory; volumes (the volumes area); /sbin/docker-init for --init;
 *   pivot_root(".", "."), old root made rslave and detached; masked paths
 *   (/dev/null over files, a read-only tmpfs over directories), read-only
 *   paths (bound read-only onto themselves) and --read-only.
 * Before pivot_root, paths in the rootfs are resolved from the rootfs opened
 * once, as the root of those walks (runc's securejoin/openat2 with
 * RESOLVE_IN_ROOT, then a mount onto /proc/self/fd/N): a symlink in the image
 * cannot lead a mount, a device or a bind out of the rootfs.
 * SIMPLIFICATIONS:
 * - No /dev/console bind for -t; the spec's mount options are applied at once.
 * - A missing mountpoint is created in the rootfs (as runc does), which shows
 *   in the upper layer if the image lacks it.
 */

import type { Kernel } from '../../kernel/kernel.ts';
import { isErr, type SysError } from '../../kernel/errno.ts';
import { mount, umount } from '../../kernel/fs/mount.ts';
import { pivotRoot } from '../../kernel/fs/pivot.ts';
import { chdir } from '../../kernel/fs/vfs/ops-cwd.ts';
import { lstat, stat } from '../../kernel/fs/vfs/ops-read.ts';
import { mkdirAll, mknod, symlink, writeFile } from '../../kernel/fs/vfs/ops-write.ts';
import { openDir, openPath, type DirFd } from '../../kernel/fs/vfs/dirfd.ts';
import { DEFAULT_DEVICES, DEV_SYMLINKS, type SpecMount } from './spec.ts';

export interface BindSpec {
  source: string;
  destination: string;
  readonly?: boolean;
}

export interface RootfsPlan {
  /** Host path of the rootfs (the overlay's merged directory). */
  rootfs: string;
  mounts: SpecMount[];
  /** /etc/hostname, /etc/hosts, /etc/resolv.conf binds from the container directory. */
  binds: BindSpec[];
  maskedPaths: readonly string[];
  readonlyPaths: readonly string[];
  readonlyRootfs: boolean;
  /** Host path of docker-init to bind at /sbin/docker-init (--init), or null. */
  initBinary: string | null;
  /** Mount volumes before pivot_root, as process `pid`, with targets resolved in the rootfs opened as `root`. */
  mountVolumes?: (pid: number, root: DirFd) => string | null;
}

function why(what: string, e: SysError): string {
  return `${what}: ${e.errno}`;
}

function ensureDir(k: Kernel, pid: number, path: string, at: DirFd | null): SysError | null {
  const s = stat(k, pid, path, at);
  if (!isErr(s)) return null;
  const r = mkdirAll(k, pid, path, 0o755, at);
  return isErr(r) ? r : null;
}

function ensureFile(k: Kernel, pid: number, path: string, at: DirFd | null): SysError | null {
  const s = lstat(k, pid, path, at);
  if (!isErr(s)) return null;
  const cut = path.lastIndexOf('/');
  const dir = cut < 0 ? '.' : path.slice(0, cut) || '/';
  const d = ensureDir(k, pid, dir, at);
  if (d) return d;
  const r = writeFile(k, pid, path, '', { mode: 0o755 }, at);
  return isErr(r) ? r : null;
}

/**
 * One mount of the spec. `inFresh`: the destination lies in a tmpfs this
 * spec mounted just before (/dev/pts, /dev/shm and /dev/mqueue in /dev), so
 * its mountpoint is certainly missing.
 */
function mountSpec(k: Kernel, pid: number, root: DirFd, m: SpecMount, inFresh: boolean): string | null {
  // With RESOLVE_IN_ROOT an absolute destination is resolved from the rootfs.
  const target = m.destination;
  const opts = { flags: m.flags, at: root, ...(m.data !== undefined ? { data: m.data } : {}) };
  // runc's MkdirAll then mount(2); elsewhere the mountpoint is made only when the mount finds it
  // missing (the same events, one walk fewer when it is there, as in an image it mostly is).
  if (inFresh) {
    const d = mkdirAll(k, pid, target, 0o755, root);
    if (isErr(d)) return why(`error creating mountpoint ${m.destination}`, d);
  }
  let r = mount(k, pid, m.source, target, m.type, opts);
  if (isErr(r) && r.errno === 'ENOENT' && !inFresh) {
    // The mount found it missing: MkdirAll makes it (and any missing parent), no stat first.
    const d = mkdirAll(k, pid, target, 0o755, root);
    if (isErr(d)) return why(`error creating mountpoint ${m.destination}`, d);
    r = mount(k, pid, m.source, target, m.type, opts);
  }
  return isErr(r) ? why(`error mounting "${m.source}" to rootfs at "${m.destination}"`, r) : null;
}

function makeDevices(k: Kernel, pid: number, root: DirFd): string | null {
  for (const d of DEFAULT_DEVICES) {
    const path = `/dev/${d.name}`;
    const r = mknod(k, pid, path, 'chardev', 0o666, [d.major, d.minor], root);
    if (!isErr(r)) continue;
    if (r.errno === 'EPERM') {
      // In a user namespace mknod is refused: runc bind-mounts the host's device instead.
      const f = ensureFile(k, pid, path, root);
      if (f) return why(`error creating device ${d.name}`, f);
      const b = mount(k, pid, `/dev/${d.name}`, path, '', { bind: true, at: root });
      if (isErr(b)) return why(`error binding device ${d.name}`, b);
    } else if (r.errno !== 'EEXIST') return why(`error creating device ${d.name}`, r);
  }
  for (const [target, name] of DEV_SYMLINKS) {
    const r = symlink(k, pid, target, `/dev/${name}`, root);
    if (isErr(r) && r.errno !== 'EEXIST') return why(`error creating /dev/${name}`, r);
  }
  return null;
}

function bindOne(k: Kernel, pid: number, root: DirFd, b: BindSpec): string | null {
  const target = b.destination;
  const opts = { bind: true, flags: b.readonly ? ['ro'] : [], at: root };
  let r = mount(k, pid, b.source, target, '', opts);
  if (isErr(r) && r.errno === 'ENOENT') {
    // The source or the mountpoint is missing: runc's createIfNotExists makes the mountpoint after the source's kind.
    const srcStat = stat(k, pid, b.source);
    if (isErr(srcStat)) return why(`error mounting "${b.source}" to rootfs at "${b.destination}"`, srcStat);
    const t = srcStat.type === 'dir' ? ensureDir(k, pid, target, root) : ensureFile(k, pid, target, root);
    if (t) return why(`error creating mountpoint ${b.destination}`, t);
    r = mount(k, pid, b.source, target, '', opts);
  }
  return isErr(r) ? why(`error mounting "${b.source}" to rootfs at "${b.destination}"`, r) : null;
}

function pivot(k: Kernel, pid: number, rootfs: string): string | null {
  let r: true | SysError = chdir(k, pid, rootfs);
  if (isErr(r)) return why('chdir to rootfs', r);
  r = pivotRoot(k, pid, '.', '.');
  if (isErr(r)) return why('pivot_root', r);
  r = mount(k, pid, '', '.', '', { flags: ['rslave'] });
  if (isErr(r)) return why('make old root rslave', r);
  r = umount(k, pid, '.', { lazy: true });
  if (isErr(r)) return why('unmount old root', r);
  r = chdir(k, pid, '/');
  return isErr(r) ? why('chdir to /', r) : null;
}

/**
 * runc's readonlyPath and maskPath, after pivot_root and in that order
 * (standard_init_linux.go): read-only paths bound onto themselves; then a
 * read-only tmpfs over each masked directory and /dev/null bound over each
 * masked file. Missing paths are skipped (ENOENT). /dev/null and each target
 * are opened once with O_PATH and mounted through their descriptors, as newer
 * runc releases do; the mounts made are those of runc's older bind-then-tmpfs
 * attempts (a failed mount(2) changes nothing). Not modelled: newer runc's
 * check that /dev/null really is the 1:3 character device.
 */
function maskAndProtect(k: Kernel, pid: number, masked: readonly string[], readonly: readonly string[]): string | null {
  for (const p of readonly) {
    const r = mount(k, pid, p, p, '', { bind: true, recursive: true, flags: ['ro', 'nosuid', 'nodev', 'noexec'] });
    if (isErr(r) && r.errno !== 'ENOENT') return why(`can't make "${p}" read-only`, r);
  }
  if (masked.length === 0) return null;
  const devNull = openPath(k, pid, '/dev/null');
  if (isErr(devNull)) return why("can't open /dev/null", devNull);
  for (const p of masked) {
    const t = openPath(k, pid, p);
    if (isErr(t) && t.errno === 'ENOENT') continue;
    const r = isErr(t) ? t : t.type === 'dir' ? mount(k, pid, 'tmpfs', p, 'tmpfs', { flags: ['ro'], targetFd: t }) : mount(k, pid, '/dev/null', p, '', { bind: true, sourceFd: devNull, targetFd: t });
    if (isErr(r)) return why(`can't mask path ${p}`, r);
  }
  return null;
}

/** Build the container's root filesystem from the init process `pid`. Returns an error text or null. */
export function prepareContainerRootfs(k: Kernel, pid: number, plan: RootfsPlan): string | null {
  const { rootfs } = plan;
  let r: true | SysError = mount(k, pid, '', '/', '', { flags: ['rslave'] });
  if (isErr(r)) return why('make / rslave', r);
  r = mount(k, pid, rootfs, rootfs, '', { bind: true, recursive: true });
  if (isErr(r)) return why(`error mounting rootfs ${rootfs}`, r);
  // The rootfs opened once (after its bind onto itself, so below that mount), as the root of the walks until pivot_root.
  const root = openDir(k, pid, rootfs, { inRoot: true });
  if (isErr(root)) return why(`error opening rootfs ${rootfs}`, root);
  const fresh: string[] = [];
  for (const m of plan.mounts) {
    const dir = m.destination.slice(0, m.destination.lastIndexOf('/'));
    const e = mountSpec(k, pid, root, m, fresh.includes(dir));
    if (e) return e;
    if (m.type === 'tmpfs') fresh.push(m.destination);
  }
  const dev = makeDevices(k, pid, root);
  if (dev) return dev;
  for (const b of plan.binds) {
    const e = bindOne(k, pid, root, b);
    if (e) return e;
  }
  if (plan.initBinary) {
    const e = bindOne(k, pid, root, { source: plan.initBinary, destination: '/sbin/docker-init', readonly: true });
    if (e) return e;
  }
  const v = plan.mountVolumes?.(pid, root) ?? null;
  if (v) return v;
  const p = pivot(k, pid, rootfs);
  if (p) return p;
  const m = maskAndProtect(k, pid, plan.maskedPaths, plan.readonlyPaths);
  if (m) return m;
  if (plan.readonlyRootfs) {
    const ro = mount(k, pid, '', '/', '', { flags: ['remount', 'bind', 'ro'] });
    if (isErr(ro)) return why('remount / read-only', ro);
  }
  return null;
}

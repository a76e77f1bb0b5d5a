/**
 * Making superblocks for mount(2): tmpfs, proc, sysfs, cgroup2, devpts,
 * mqueue, devtmpfs, ext4 and overlay, with the options /proc/mounts shows.
 *
 * Models: each tmpfs/devpts/overlay/proc mount gets a fresh superblock with an
 * anonymous device number (0:N); a proc superblock belongs to the mounter's
 * PID namespace; sysfs has one superblock per network namespace and mqueue one
 * per IPC namespace, made by the namespace's first mount and shared by every
 * later one from inside it (a --network host container's /sys is the host's
 * 0:20); a new superblock made by a read-only mount (MS_RDONLY) is read-only
 * itself;
 * cgroup2, devtmpfs and an ext4 partition have one superblock however often
 * they are mounted. Option strings follow each filesystem's show_options()
 * (tmpfs prints size= only when given and mode= unless 1777).
 * SIMPLIFICATIONS: tmpfs size limits are shown but not enforced; overlay
 * layers must be directories on inode filesystems; workdir emptiness unchecked.
 */

import { inodeOn } from './apply-inode.ts';
import type { Kernel } from '../kernel.ts';
import type { Process } from '../process/types.ts';
import { sysErr, isErr, type SysError } from '../errno.ts';
import type { FsType, Inode, OverlayLayer, Superblock } from './types.ts';
import { devSbKey, nsSbKey, superblockRecord } from './types.ts';
import { resolveFrame } from './vfs/resolve.ts';
import { nodeAttr } from './vfs/node.ts';
import { nowMs } from './vfs/ctx.ts';
import { halfRamKb } from './rootfs.ts';
import { nsAt } from '../ns/by-inum.ts';

/** A superblock ready to be mounted: existing (id) or new (emitted when attached). */
export interface SbChoice {
  id: number;
  /** Root path within the superblock for the new mount. */
  root: string;
  rootIno: number;
}

function parseData(data: string | undefined): Array<[string, string | null]> {
  if (!data) return [];
  return data
    .split(',')
    .filter(Boolean)
    .map((kv) => {
      const i = kv.indexOf('=');
      return i < 0 ? [kv, null] : [kv.slice(0, i), kv.slice(i + 1)];
    });
}

/** "64m" → 65536 (KiB); "50%" of RAM. */
function sizeKb(k: Kernel, v: string): number | null {
  const m = /^(\d+)([kKmMgG%]?)$/.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  switch (m[2]) {
    case 'k':
    case 'K':
      return n;
    case 'm':
    case 'M':
      return n * 1024;
    case 'g':
    case 'G':
      return n * 1024 * 1024;
    case '%':
      return Math.floor((k.state.machine.memTotalBytes / 1024) * (n / 100));
    default:
      return Math.ceil(n / 1024);
  }
}

function emitSb(k: Kernel, sb: Omit<Superblock, 'id' | 'dev' | 'refs' | 'usedBytes' | 'inodeCount'>, rootInode: Omit<Inode, 'sb'> | null): SbChoice {
  const fs = k.state.fs;
  const id = fs.nextSb;
  const rootIno = rootInode ? fs.nextIno : 0;
  const full = superblockRecord(sb, id, [0, fs.nextAnonMinor], rootIno, 0, 0);
  k.emit({ type: 'fs.superblockCreated', sb: full, rootInode: rootInode ? inodeOn(rootInode, id) : null });
  return { id, root: '/', rootIno };
}

function dirInode(k: Kernel, mode: number, uid: number, gid: number): Omit<Inode, 'sb'> {
  const t = nowMs(k);
  return { type: 'dir', mode, uid, gid, size: 4096, nlink: 2, atimeMs: t, mtimeMs: t, ctimeMs: t, entries: {} };
}

function tmpfs(k: Kernel, source: string, data: string | undefined, fstype: FsType, ro: boolean, ipcNs?: number): SbChoice | SysError {
  let size: number | null = null;
  let mode = 0o1777;
  let uid = 0;
  let gid = 0;
  for (const [key, v] of parseData(data)) {
    if (key === 'size' && v !== null) {
      size = sizeKb(k, v);
      if (size === null) return sysErr('EINVAL');
    } else if (key === 'mode' && v !== null) mode = parseInt(v, 8);
    else if (key === 'uid' && v !== null) uid = Number(v);
    else if (key === 'gid' && v !== null) gid = Number(v);
    if (Number.isNaN(mode) || Number.isNaN(uid) || Number.isNaN(gid)) return sysErr('EINVAL');
  }
  const opts: string[] = [];
  if (size !== null) opts.push(`size=${size}k`);
  if (mode !== 0o1777) opts.push(`mode=${mode.toString(8).padStart(3, '0')}`);
  if (uid) opts.push(`uid=${uid}`);
  if (gid) opts.push(`gid=${gid}`);
  if (fstype === 'tmpfs') opts.push('inode64');
  const sizeBytes = (size ?? halfRamKb(k.state.machine)) * 1024;
  const sb = { fstype, source, options: opts.join(','), ro, root: 0, sizeBytes };
  return emitSb(k, ipcNs === undefined ? sb : Object.assign(sb, { ipcNs }), dirInode(k, mode, uid, gid));
}

function devpts(k: Kernel, source: string, data: string | undefined, ro: boolean): SbChoice | SysError {
  const d = new Map(parseData(data));
  const gid = d.get('gid');
  // fsparam_u32oct: an octal number (else EINVAL); devpts_show_options() prints it as "%03o" ("0620" shows as 620).
  const octal = (key: string, dflt: number): number | null => {
    if (!d.has(key)) return dflt;
    const v = d.get(key);
    return v && /^[0-7]+$/.test(v) ? parseInt(v, 8) & 0o7777 : null;
  };
  const mode = octal('mode', 0o600);
  const ptmxMode = octal('ptmxmode', 0);
  if (mode === null || ptmxMode === null) return sysErr('EINVAL');
  const o3 = (n: number): string => n.toString(8).padStart(3, '0');
  const opts = [gid ? `gid=${gid}` : null, `mode=${o3(mode)}`, `ptmxmode=${o3(ptmxMode)}`].filter(Boolean);
  const choice = emitSb(k, { fstype: 'devpts', source, options: opts.join(','), ro, root: 0, sizeBytes: 0 }, dirInode(k, 0o755, 0, 0));
  const t = nowMs(k);
  const ino = k.state.fs.nextIno;
  k.emit({
    type: 'fs.created',
    sb: choice.id,
    dir: choice.rootIno,
    name: 'ptmx',
    ino,
    inode: { sb: choice.id, type: 'chardev', mode: ptmxMode, uid: 0, gid: 0, size: 0, nlink: 1, atimeMs: t, mtimeMs: t, ctimeMs: t, rdev: [5, 2] },
    at: { ns: 0, mount: 0, path: '/ptmx' },
  });
  return choice;
}

function layerOf(k: Kernel, p: Process, path: string): { layer: OverlayLayer; sb: number } | SysError {
  const f = resolveFrame(k, p, path, true);
  if (isErr(f)) return f;
  const a = nodeAttr(k, f.node, p);
  if (!a) return sysErr('ENOENT');
  if (a.type !== 'dir') return sysErr('ENOTDIR');
  if (f.node.k !== 'i') return sysErr('EINVAL');
  const i = k.state.fs.inodes[f.node.ino];
  return i ? { layer: { ino: f.node.ino, path }, sb: i.sb } : sysErr('ENOENT');
}

function overlay(k: Kernel, p: Process, source: string, data: string | undefined, ro: boolean): SbChoice | SysError {
  const d = new Map(parseData(data));
  const lowerdir = d.get('lowerdir');
  if (!lowerdir) return sysErr('EINVAL');
  const lower: OverlayLayer[] = [];
  for (const path of lowerdir.split(':')) {
    if (!path) return sysErr('EINVAL');
    const l = layerOf(k, p, path);
    if (isErr(l)) return l;
    lower.push(l.layer);
  }
  if (lower.length > 500) return sysErr('EINVAL');
  const upperdir = d.get('upperdir');
  const workdir = d.get('workdir');
  let upper: OverlayLayer | null = null;
  let work: OverlayLayer | null = null;
  let sizeBytes = 0;
  if (upperdir) {
    if (!workdir) return sysErr('EINVAL');
    const u = layerOf(k, p, upperdir);
    if (isErr(u)) return u;
    const w = layerOf(k, p, workdir);
    if (isErr(w)) return w;
    if (u.sb !== w.sb) return sysErr('EINVAL');
    upper = u.layer;
    work = w.layer;
    sizeBytes = k.state.fs.sbs[u.sb]?.sizeBytes ?? 0;
  }
  const shown = (data ?? '').split(',').filter(Boolean);
  if (!shown.some((o) => o === 'userxattr' || o === 'nouserxattr')) shown.push('nouserxattr');
  return emitSb(k, { fstype: 'overlay', source, options: shown.join(','), ro: ro || upper === null, root: 0, sizeBytes, lower, upper, work }, null);
}

/** The superblock under `key` in devSbs (sharedSbKey: a device's, or a namespace's sysfs or mqueue), if it is there. */
function sharedSb(k: Kernel, key: string): SbChoice | null {
  const id = k.state.fs.devSbs[key];
  const sb = id === undefined ? undefined : k.state.fs.sbs[id];
  return sb ? { id: sb.id, root: '/', rootIno: sb.root } : null;
}

/** The superblock a new (non-bind) mount of `fstype` uses; emits fs.superblockCreated for fresh ones. */
export function superblockFor(k: Kernel, p: Process, fstype: string, source: string, data: string | undefined, ro = false): SbChoice | SysError {
  switch (fstype) {
    case 'tmpfs':
      return tmpfs(k, source, data, 'tmpfs', ro);
    case 'mqueue':
      return sharedSb(k, nsSbKey('mqueue', p.ns.ipc)) ?? tmpfs(k, source, 'mode=1777', 'mqueue', ro, p.ns.ipc);
    case 'devpts':
      return devpts(k, source, data, ro);
    case 'proc':
      return emitSb(k, { fstype: 'proc', source, options: '', ro, root: 0, sizeBytes: 0, pidNs: p.pidNs }, null);
    case 'sysfs':
      return sharedSb(k, nsSbKey('sysfs', p.ns.net)) ?? emitSb(k, { fstype: 'sysfs', source, options: '', ro, root: 0, sizeBytes: 0, netNs: p.ns.net }, null);
    case 'overlay':
      return overlay(k, p, source, data, ro);
    case 'cgroup2':
    case 'devtmpfs':
    case 'ext4': {
      const c = sharedSb(k, devSbKey(fstype, source));
      if (!c) return sysErr(fstype === 'ext4' ? 'ENOENT' : 'ENODEV');
      if (fstype !== 'cgroup2') return c;
      const cg = nsAt(k.state, p.ns.cgroup);
      return { id: c.id, root: cg?.type === 'cgroup' ? cg.root : '/', rootIno: c.rootIno };
    }
    default:
      return sysErr('ENODEV');
  }
}

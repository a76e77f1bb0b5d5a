/**
 * The host's filesystems at boot: the ext4 root on /dev/sda1 and the mounts
 * systemd has made by the time a shell runs (as on a Debian 12 host).
 *
 * Models: /proc/self/mountinfo of a freshly booted Debian 12 VM: /sys, /proc,
 * /dev (devtmpfs "udev"), /dev/pts, /run, / (ext4), /dev/shm, /run/lock,
 * /sys/fs/cgroup (cgroup2) and /dev/mqueue, each shared (systemd makes / rshared),
 * with the mount ids, peer groups and anonymous device numbers of such a host.
 * SIMPLIFICATIONS: no securityfs, pstore, bpf, debugfs, tracefs, hugetlbfs,
 * fusectl, configfs or autofs mounts; no /boot/efi.
 */

import type { MachineInfo } from '../state.ts';
import type { FsState, Mount, Superblock, FsType } from './types.ts';
import { sharedSbKey, INITIAL_IPC_NS, INITIAL_MNT_NS, INITIAL_NET_NS, INITIAL_PID_NS } from './types.ts';
import { buildTree, type TreeSpec } from './tree.ts';
import { DEV_SPEC, INSTALL_EPOCH_MS, rootfsSpec } from './rootfs-files.ts';
import { addInode } from './apply-inode.ts';
import { attachMount } from './apply-mount.ts';
import { idTable } from '../id-table.ts';
import { mntnsTable } from './mntns-table.ts';

/** Size of the root disk partition (df shows 40G). */
export const ROOT_DISK_BYTES = 41152736 * 1024;

/** Bytes used on / by files the model does not list (a minimal Debian 12 install is about 1.9 GB). */
export const UNMODELLED_ROOT_BYTES = 1_850_000_000;

/** tmpfs default size: half of RAM, in KiB (as tmpfs shows "size=...k"). */
export function halfRamKb(machine: MachineInfo): number {
  return Math.floor(machine.memTotalBytes / 2048);
}

interface SbInit {
  id: number;
  fstype: FsType;
  source: string;
  options: string;
  dev: [number, number];
  spec?: TreeSpec;
  rootMode?: number;
  sizeBytes: number;
  extra?: Partial<Superblock>;
}

interface MountInit {
  id: number;
  parent: number;
  point: string;
  parentPoint: string;
  sb: number;
  flags: string[];
  shared: number;
}

export function createRootFs(machine: MachineInfo): FsState {
  const fs: FsState = {
    sbs: idTable(),
    nextSb: 1,
    inodes: idTable(),
    nextIno: 2,
    mounts: idTable(),
    nextMountId: 31,
    nextPeerGroup: 15,
    nextAnonMinor: 40,
    mntns: {},
    at: idTable(),
    devSbs: {},
    peers: {},
    slaves: {},
    lazy: {},
  };
  const memKb = Math.floor(machine.memTotalBytes / 1024);
  const runKb = Math.floor(memKb / 10);
  const sbs: SbInit[] = [
    { id: 1, fstype: 'ext4', source: '/dev/sda1', options: 'errors=remount-ro', dev: [8, 1], spec: rootfsSpec(machine.hostname), sizeBytes: ROOT_DISK_BYTES },
    {
      id: 2,
      fstype: 'devtmpfs',
      source: 'udev',
      options: `size=${halfRamKb(machine)}k,nr_inodes=${Math.floor(memKb / 8)},mode=755,inode64`,
      dev: [0, 5],
      spec: DEV_SPEC,
      sizeBytes: halfRamKb(machine) * 1024,
    },
    { id: 3, fstype: 'sysfs', source: 'sysfs', options: '', dev: [0, 20], sizeBytes: 0, extra: { netNs: INITIAL_NET_NS } },
    { id: 4, fstype: 'proc', source: 'proc', options: '', dev: [0, 21], sizeBytes: 0, extra: { pidNs: INITIAL_PID_NS } },
    {
      id: 5,
      fstype: 'devpts',
      source: 'devpts',
      options: 'gid=5,mode=620,ptmxmode=000',
      dev: [0, 22],
      spec: { ptmx: { dev: 'char', major: 5, minor: 2, mode: 0 } },
      sizeBytes: 0,
    },
    {
      id: 6,
      fstype: 'tmpfs',
      source: 'tmpfs',
      options: `size=${runKb}k,mode=755,inode64`,
      dev: [0, 23],
      spec: { lock: { dir: true, mode: 0o1777 }, user: { dir: true }, systemd: { dir: true }, mount: { dir: true }, 'utmp': '' },
      sizeBytes: runKb * 1024,
    },
    { id: 7, fstype: 'tmpfs', source: 'tmpfs', options: 'inode64', dev: [0, 24], spec: {}, rootMode: 0o1777, sizeBytes: halfRamKb(machine) * 1024 },
    { id: 8, fstype: 'tmpfs', source: 'tmpfs', options: 'size=5120k,inode64', dev: [0, 25], spec: {}, rootMode: 0o1777, sizeBytes: 5120 * 1024 },
    { id: 9, fstype: 'cgroup2', source: 'cgroup2', options: 'nsdelegate,memory_recursiveprot', dev: [0, 26], sizeBytes: 0 },
    { id: 10, fstype: 'mqueue', source: 'mqueue', options: '', dev: [0, 18], spec: {}, rootMode: 0o1777, sizeBytes: 0, extra: { ipcNs: INITIAL_IPC_NS } },
  ];
  for (const s of sbs) {
    let root = 0;
    if (s.spec) {
      const t = buildTree(s.spec, { sb: s.id, firstIno: fs.nextIno, timeMs: INSTALL_EPOCH_MS, rootMode: s.rootMode });
      root = t.root;
      fs.sbs[s.id] = mkSb(s, root);
      for (const [ino, i] of Object.entries(t.inodes)) addInode(fs, Number(ino), i);
    } else {
      fs.sbs[s.id] = mkSb(s, 0);
    }
  }
  fs.nextSb = sbs.length + 1;
  for (const s of sbs) {
    const key = sharedSbKey({ ...s, ...s.extra } as Superblock);
    if (key) fs.devSbs[key] ??= s.id;
  }
  // The files of a real install this model leaves out (libraries, docs, locales) still take disk space.
  (fs.sbs[1] as Superblock).usedBytes += UNMODELLED_ROOT_BYTES;
  const ms: MountInit[] = [
    { id: 21, parent: 26, point: '/sys', parentPoint: '/', sb: 3, flags: ['nosuid', 'nodev', 'noexec', 'relatime'], shared: 7 },
    { id: 22, parent: 26, point: '/proc', parentPoint: '/', sb: 4, flags: ['nosuid', 'nodev', 'noexec', 'relatime'], shared: 12 },
    { id: 23, parent: 26, point: '/dev', parentPoint: '/', sb: 2, flags: ['nosuid', 'relatime'], shared: 2 },
    { id: 24, parent: 23, point: '/dev/pts', parentPoint: '/dev', sb: 5, flags: ['nosuid', 'noexec', 'relatime'], shared: 3 },
    { id: 25, parent: 26, point: '/run', parentPoint: '/', sb: 6, flags: ['nosuid', 'nodev', 'noexec', 'relatime'], shared: 5 },
    { id: 26, parent: 1, point: '/', parentPoint: '/', sb: 1, flags: ['relatime'], shared: 1 },
    { id: 27, parent: 23, point: '/dev/shm', parentPoint: '/dev', sb: 7, flags: ['nosuid', 'nodev'], shared: 4 },
    { id: 28, parent: 25, point: '/run/lock', parentPoint: '/run', sb: 8, flags: ['nosuid', 'nodev', 'noexec', 'relatime'], shared: 6 },
    { id: 29, parent: 21, point: '/sys/fs/cgroup', parentPoint: '/sys', sb: 9, flags: ['nosuid', 'nodev', 'noexec', 'relatime'], shared: 9 },
    { id: 30, parent: 23, point: '/dev/mqueue', parentPoint: '/dev', sb: 10, flags: ['nosuid', 'nodev', 'noexec', 'relatime'], shared: 14 },
  ];
  mntnsTable.put(fs.mntns, INITIAL_MNT_NS, { root: 26, order: [] });
  for (const m of ms) {
    const sb = fs.sbs[m.sb] as Superblock;
    const mount: Mount = {
      id: m.id,
      ns: INITIAL_MNT_NS,
      parent: m.parent,
      point: m.point,
      mp: m.point === '/' ? '/' : m.point.slice(m.parentPoint === '/' ? 0 : m.parentPoint.length),
      sb: m.sb,
      root: '/',
      rootIno: sb.root,
      flags: m.flags,
      shared: m.shared,
      master: 0,
    };
    attachMount(fs, mount);
  }
  return fs;
}

function mkSb(s: SbInit, root: number): Superblock {
  return {
    id: s.id,
    fstype: s.fstype,
    source: s.source,
    options: s.options,
    ro: false,
    dev: s.dev,
    root,
    refs: 0,
    sizeBytes: s.sizeBytes,
    usedBytes: 0,
    inodeCount: 0,
    ...s.extra,
  };
}

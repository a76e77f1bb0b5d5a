/**
 * A VM's virtual disk: what the guest wrote to its root filesystem belongs to
 * the disk image, not to the running guest kernel, so it survives a power
 * cycle (virsh shutdown / destroy, then start) while everything in memory
 * (processes, /tmp on tmpfs, /run) is gone.
 *
 * Models: the image file on the host (/var/lib/libvirt/images/NAME.qcow2, a
 * qcow2 whose header records the virtual size: `qemu-img info` shows it beside
 * the disk size the file takes) and the guest's ext4 root filesystem on it:
 * at power-off its superblock and inodes are what the disk holds; at the next
 * boot the guest kernel mounts them as its root.
 * SIMPLIFICATIONS:
 * - The disk's contents are kept as the guest's root-superblock inodes in
 *   VmState (VmState.disks, by image path), not as bytes in the host file; the
 *   host file's size grows by what the guest added (qcow2 allocates on write).
 * - They are put in place when the guest kernel boots, before its init runs,
 *   the way a snapshot is restored (not replayed as fs events).
 * - No page cache: everything written is on the disk at once (a destroy loses
 *   nothing); Windows guests' disks are not modelled.
 * - The qcow2 header (format, virtual size) is the image's xattrs
 *   (trusted.qcow2.*), as the file has no bytes to hold it.
 */

import type { Kernel } from '../kernel/kernel.ts';
import type { Inode, Superblock } from '../kernel/fs/types.ts';
import { INITIAL_MNT_NS } from '../kernel/fs/types.ts';
import { clonePlain } from '../kernel/plain.ts';
import { copyInode } from '../kernel/fs/apply-inode.ts';
import { mntnsOf } from '../kernel/fs/mntns-table.ts';

/** What a guest's disk holds: its root filesystem's superblock and inodes (by number). */
export interface GuestDisk {
  sb: Superblock;
  inodes: Record<number, Inode>;
  /** The guest kernel's next inode number when the disk was written (new files number after it). */
  nextIno: number;
  /** Bytes the root filesystem used when freshly installed (to size the image's growth). */
  baseUsedBytes: number;
}

/** xattrs of the image file holding the qcow2 header's fields. */
export const QCOW2_VSIZE_XATTR = 'trusted.qcow2.virtual_size';
export const QCOW2_FORMAT_XATTR = 'trusted.qcow2.format';

/** The superblock mounted at / in the kernel's initial mount namespace. */
function rootSuperblock(k: Kernel): Superblock | undefined {
  const fs = k.state.fs;
  const t = mntnsOf(fs, INITIAL_MNT_NS);
  const m = t ? fs.mounts[t.root] : undefined;
  return m ? fs.sbs[m.sb] : undefined;
}

/** The root filesystem as it stands (power-off writes this to the disk). */
export function captureDisk(k: Kernel, baseUsedBytes: number): GuestDisk | null {
  const sb = rootSuperblock(k);
  if (!sb || sb.root === 0) return null;
  const inodes: Record<number, Inode> = {};
  const all = k.state.fs.inodes;
  for (const key in all) {
    const n = all[key as unknown as number];
    if (n && n.sb === sb.id) inodes[key as unknown as number] = clonePlain(n);
  }
  return { sb: clonePlain(sb), inodes, nextIno: k.state.fs.nextIno, baseUsedBytes };
}

/** Bytes the root filesystem uses now (for the image's growth). */
export function rootUsedBytes(k: Kernel): number {
  return rootSuperblock(k)?.usedBytes ?? 0;
}

/**
 * Mount the disk's contents as the freshly booted guest kernel's root
 * filesystem: its root inodes are replaced with the disk's. Returns false (and
 * changes nothing) if the disk does not fit this kernel's root (another layout).
 */
export function loadDisk(k: Kernel, d: GuestDisk): boolean {
  const fs = k.state.fs;
  const sb = rootSuperblock(k);
  if (!sb || sb.id !== d.sb.id || sb.root !== d.sb.root || !d.inodes[d.sb.root]) return false;
  // An inode number this kernel already gave another filesystem would clash (not expected: boots number alike).
  for (const key in d.inodes) {
    const cur = fs.inodes[key as unknown as number];
    if (cur && cur.sb !== sb.id) return false;
  }
  for (const key in fs.inodes) {
    const n = fs.inodes[key as unknown as number];
    if (n && n.sb === sb.id) delete fs.inodes[key as unknown as number];
  }
  for (const key in d.inodes) {
    const ino = key as unknown as number;
    fs.inodes[ino] = copyInode(d.inodes[ino] as Inode);
  }
  fs.sbs[sb.id] = { ...clonePlain(d.sb), refs: sb.refs };
  fs.nextIno = Math.max(fs.nextIno, d.nextIno);
  return true;
}

/**
 * The filesystem layer of the simulated kernel: VFS path resolution, inode
 * filesystems (ext4, tmpfs, devtmpfs), overlayfs, procfs, sysfs, cgroupfs,
 * mount namespaces, mount propagation and pivot_root (see types.ts for the model).
 * This file only re-exports the module's public API.
 */

export type * from './types.ts';
export { createInitialFsState, INITIAL_MNT_NS, isWhiteout, OPAQUE_XATTR } from './types.ts';
export type { FsEvent, FsWhere } from './events.ts';
export { applyFsEvent } from './apply.ts';

export { stat, lstat, readFile, readdir, readlink, access, exists, isDir, realpath, checkExec, readNode, F_OK, R_OK, W_OK, X_OK, BINARY_PLACEHOLDER } from './vfs/ops-read.ts';
export { writeFile, writeNode, truncate, mkdir, mkdirAll, mknod, symlink, link, type WriteOpts } from './vfs/ops-write.ts';
export { unlink, rmdir, rename } from './vfs/ops-remove.ts';
export { chmod, chown, utimes, touch, setxattr, getxattr } from './vfs/ops-attr.ts';
export { chdir, chroot, getcwd } from './vfs/ops-cwd.ts';
export { walk, resolveFrame, type Frame, type Resolved } from './vfs/resolve.ts';
export { modeString, encodeDev, S_IFMT, type Stat } from './vfs/ctx.ts';
export type { DirEntry } from './vfs/synth.ts';

export { mount, umount, normFlags, type MountOpts } from './mount.ts';
export { pivotRoot } from './pivot.ts';
export { mountTable, mountEntries, formatMountinfo, formatMounts, type MountEntry } from './mountinfo.ts';
export { overlayLayers, diffUpper, diffLayers, type Change, type OverlayLayersView } from './overlay.ts';
export { buildTree, type TreeSpec, type TreeEntry, type BuiltTree } from './tree.ts';
export { populateTree, diffPaths } from './populate.ts';
export { USR_BIN, USR_SBIN, OS_RELEASE } from './rootfs-files.ts';
export { readDevice, writeDevice } from './devfs.ts';

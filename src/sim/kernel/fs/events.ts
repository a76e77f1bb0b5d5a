/**
 * Events of the fs module (past tense; applied by applyFsEvent).
 *
 * Every event that touches a file names the superblock and inode it changed
 * and, in `at`, how the caller reached it: mount namespace, mount id and the
 * path in that namespace. A view can animate a copy-up from `fromLayer` to the
 * upper directory; a lesson can check "a copy-up happened in container x" by
 * its overlay superblock or mount.
 */

import type { Inode, Mount, Propagation, Superblock } from './types.ts';
import type { TreeGraft, TreeTemplate } from './tree-template.ts';

/** How the caller named the object: mount namespace, mount id, canonical path in that namespace. */
export interface FsWhere {
  ns: number;
  mount: number;
  path: string;
}

export type FsEvent =
  /** A new inode linked into a directory (open O_CREAT, mkdir, mknod, symlink); `replaced`: an overlay whiteout it takes the place of. */
  | { type: 'fs.created'; sb: number; dir: number; name: string; ino: number; inode: Inode; at: FsWhere; overlay?: number; replaced?: number | null }
  /** Hard link: another name for an existing inode. */
  | { type: 'fs.linked'; sb: number; dir: number; name: string; ino: number; at: FsWhere; overlay?: number }
  /** Data written: replaced ("write"), appended, or cut/extended to `size` ("truncate"). */
  | {
      type: 'fs.fileWritten';
      sb: number;
      ino: number;
      how: 'write' | 'append' | 'truncate';
      data: string;
      size: number;
      bytes: number;
      at: FsWhere;
      overlay?: number;
    }
  /** A name removed (unlink, rmdir); the inode goes when its last link does. */
  | { type: 'fs.removed'; sb: number; dir: number; name: string; ino: number; at: FsWhere; overlay?: number }
  | {
      type: 'fs.renamed';
      sb: number;
      fromDir: number;
      fromName: string;
      toDir: number;
      toName: string;
      ino: number;
      /** Inode that the target name held and lost, if any. */
      replaced: number | null;
      from: FsWhere;
      to: FsWhere;
      overlay?: number;
    }
  | {
      type: 'fs.attrChanged';
      sb: number;
      ino: number;
      mode?: number;
      uid?: number;
      gid?: number;
      atimeMs?: number;
      mtimeMs?: number;
      xattrs?: Record<string, string>;
      at: FsWhere;
      overlay?: number;
    }
  /** overlayfs copied a lower object into the upper directory (parents first). */
  | {
      type: 'fs.copiedUp';
      overlay: number;
      at: FsWhere;
      /** Path inside the overlay. */
      path: string;
      fromLayer: number;
      lowerIno: number;
      upperSb: number;
      dir: number;
      name: string;
      ino: number;
      inode: Inode;
    }
  /** overlayfs hid a lower entry with a whiteout (0/0 char device) in the upper directory. */
  | {
      type: 'fs.whiteoutCreated';
      overlay: number;
      at: FsWhere;
      path: string;
      upperSb: number;
      dir: number;
      name: string;
      ino: number;
      inode: Inode;
      /** Upper inode the whiteout replaces (a copied-up file or an upper directory), if any. */
      replaced: number | null;
    }
  /** overlayfs made a directory over a whiteout: opaque, so the lower one stays hidden. */
  | {
      type: 'fs.opaqueDirCreated';
      overlay: number;
      at: FsWhere;
      path: string;
      upperSb: number;
      dir: number;
      name: string;
      ino: number;
      inode: Inode;
      replaced: number | null;
    }
  /**
   * Many inodes at once under `dir` (an image layer unpacked): `name` is a new
   * directory, inode `root`, holding `tree` (and `graft` inside it) as inodes
   * root, root + 1, ... (tree-template.ts), stamped `timeMs`.
   */
  | { type: 'fs.treeCreated'; sb: number; dir: number; name: string; root: number; tree: TreeTemplate; graft?: TreeGraft; timeMs: number; at: FsWhere }
  /** A new superblock; `rootInode` is its root directory (inode number sb.root) for inode filesystems. */
  | { type: 'fs.superblockCreated'; sb: Superblock; rootInode: Inode | null }
  /** A mount attached; `propagatedFrom` names the mount whose event it copies (mount propagation). */
  | { type: 'fs.mounted'; ns: number; mountId: number; mount: Mount; target: string; fstype: string; source: string; propagatedFrom?: number }
  /**
   * A mount detached. With `submounts` (umount2 MNT_DETACH of a mount with
   * mounts below it) the whole tree went at once: the mount and `submounts`
   * mounts under it.
   */
  | { type: 'fs.unmounted'; ns: number; mountId: number; target: string; lazy: boolean; propagatedFrom?: number; submounts?: number }
  | {
      type: 'fs.mountFlagsChanged';
      ns: number;
      mountId: number;
      flags: string[];
      /** A remount without MS_BIND reconfigures the superblock too: read-only or writable (reconfigure_super). */
      sbRo?: boolean;
    }
  /**
   * mount --make-{private,shared,slave,unbindable} on `mountId`; `recursive`
   * (the r* forms): on every mount below it too. The new peer groups and
   * masters follow from the table (applyFsEvent works them out).
   */
  | { type: 'fs.propagationChanged'; ns: number; mountId: number; recursive: boolean; propagation: Propagation }
  /** pivot_root(2): `newRoot` is the namespace's root mount; `oldRoot` now sits at `putOld`. */
  | { type: 'fs.rootPivoted'; ns: number; pid: number; newRoot: number; oldRoot: number; putOld: string; newRootPath: string; putOldMount: number };

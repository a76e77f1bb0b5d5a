/**
 * applyFsEvent: the only writer of KernelState.fs.
 *
 * Reacts to the fs module's own events and to mount-namespace lifetimes:
 * ns.created (type mnt, with `from`) copies the source table with new mount
 * ids; ns.destroyed drops the table and frees superblocks nothing else mounts
 * (a container's tmpfs, its overlay, its proc). Copies what it stores.
 */

import type { KernelState } from '../state.ts';
import type { SimEvent } from '../../events.ts';
import type { FsState } from './types.ts';
import { sharedSbKey, superblockRecord } from './types.ts';
import { addInode, dropLink, freeTree, linkInto, unlinkFrom, writeData } from './apply-inode.ts';
import { unpackInto } from './tree-template.ts';
import { attachMount, changeTreePropagation, copyNamespace, detachMount, detachTree, dropNamespace, pivotMounts } from './apply-mount.ts';
import { settleFrom } from './lazy-copy.ts';
import { nsAt } from '../ns/by-inum.ts';

function nowOf(s: KernelState): number {
  return s.clock.bootEpochMs + s.clock.uptimeMs;
}

/** Replace whatever `name` holds in `dir` (a whiteout, a copied-up file, an upper dir) and link a new inode. */
function replaceAndLink(fs: FsState, dir: number, name: string, replaced: number | null, ino: number, now: number): void {
  if (replaced !== null) {
    unlinkFrom(fs, dir, name, now);
    const r = fs.inodes[replaced];
    if (r?.type === 'dir') freeTree(fs, replaced);
    else dropLink(fs, replaced, now);
  }
  linkInto(fs, dir, name, ino, now);
}

export function applyFsEvent(s: KernelState, e: SimEvent): void {
  const fs = s.fs;
  switch (e.type) {
    case 'fs.created':
      addInode(fs, e.ino, e.inode);
      replaceAndLink(fs, e.dir, e.name, e.replaced ?? null, e.ino, nowOf(s));
      return;
    case 'fs.linked': {
      const i = fs.inodes[e.ino];
      if (!i) return;
      i.nlink++;
      i.ctimeMs = nowOf(s);
      linkInto(fs, e.dir, e.name, e.ino, nowOf(s));
      return;
    }
    case 'fs.fileWritten':
      writeData(fs, e.ino, e.how, e.data, e.size, nowOf(s));
      return;
    case 'fs.removed': {
      const ino = unlinkFrom(fs, e.dir, e.name, nowOf(s));
      if (ino !== undefined) dropLink(fs, ino, nowOf(s));
      return;
    }
    case 'fs.renamed': {
      const now = nowOf(s);
      if (e.replaced !== null) {
        unlinkFrom(fs, e.toDir, e.toName, now);
        dropLink(fs, e.replaced, now);
      }
      const ino = unlinkFrom(fs, e.fromDir, e.fromName, now);
      if (ino !== undefined) linkInto(fs, e.toDir, e.toName, ino, now);
      const i = ino !== undefined ? fs.inodes[ino] : undefined;
      if (i) i.ctimeMs = now;
      return;
    }
    case 'fs.attrChanged': {
      const i = fs.inodes[e.ino];
      if (!i) return;
      if (e.mode !== undefined) i.mode = e.mode;
      if (e.uid !== undefined) i.uid = e.uid;
      if (e.gid !== undefined) i.gid = e.gid;
      if (e.atimeMs !== undefined) i.atimeMs = e.atimeMs;
      if (e.mtimeMs !== undefined) i.mtimeMs = e.mtimeMs;
      if (e.xattrs !== undefined) i.xattrs = { ...e.xattrs };
      i.ctimeMs = nowOf(s);
      return;
    }
    case 'fs.copiedUp':
      addInode(fs, e.ino, e.inode);
      linkInto(fs, e.dir, e.name, e.ino, nowOf(s));
      return;
    case 'fs.whiteoutCreated':
    case 'fs.opaqueDirCreated':
      addInode(fs, e.ino, e.inode);
      replaceAndLink(fs, e.dir, e.name, e.replaced, e.ino, nowOf(s));
      return;
    case 'fs.treeCreated': {
      const now = nowOf(s);
      unpackInto(fs, e);
      const d = fs.inodes[e.dir];
      if (!d) return;
      const old = d.entries && Object.prototype.hasOwnProperty.call(d.entries, e.name) ? d.entries[e.name] : undefined;
      if (old !== undefined) replaceAndLink(fs, e.dir, e.name, old, e.root, now);
      else linkInto(fs, e.dir, e.name, e.root, now);
      return;
    }
    case 'fs.superblockCreated': {
      const s0 = e.sb;
      const sb = superblockRecord(s0, s0.id, [s0.dev[0], s0.dev[1]], s0.root, s0.usedBytes, s0.inodeCount);
      fs.sbs[sb.id] = sb;
      const key = sharedSbKey(sb);
      if (key) fs.devSbs[key] ??= sb.id;
      if (sb.id >= fs.nextSb) fs.nextSb = sb.id + 1;
      if (sb.dev[0] === 0 && sb.dev[1] >= fs.nextAnonMinor) fs.nextAnonMinor = sb.dev[1] + 1;
      if (e.rootInode) addInode(fs, sb.root, e.rootInode);
      return;
    }
    case 'fs.mounted':
      attachMount(fs, e.mount);
      return;
    case 'fs.unmounted':
      if (e.submounts !== undefined) detachTree(fs, e.mountId);
      else detachMount(fs, e.mountId);
      return;
    case 'fs.mountFlagsChanged': {
      const m = fs.mounts[e.mountId];
      if (m) settleFrom(fs, m.ns);
      if (m) m.flags = [...e.flags];
      const sb = m && e.sbRo !== undefined ? fs.sbs[m.sb] : undefined;
      // An overlay without an upper directory stays read-only whatever the remount says.
      if (sb) sb.ro = e.sbRo === true || (sb.fstype === 'overlay' && !sb.upper);
      return;
    }
    case 'fs.propagationChanged':
      changeTreePropagation(fs, e.mountId, e.recursive, e.propagation);
      return;
    case 'fs.rootPivoted': {
      const n = fs.mounts[e.newRoot];
      const r = fs.mounts[e.oldRoot];
      const y = fs.mounts[e.putOldMount];
      // new_root takes the old root's place; the old root hangs at put_old (relative to the mount holding it).
      if (n && r && y) pivotMounts(fs, e.ns, n, r, y, e.putOld);
      return;
    }
    case 'ns.created':
      if (e.ns.type === 'mnt' && e.from !== undefined) {
        const src = nsAt(s, e.from);
        copyNamespace(fs, e.from, e.ns.inum, !!src && src.owner !== e.ns.owner);
      }
      return;
    case 'ns.destroyed':
      if (e.nsType === 'mnt') dropNamespace(fs, e.inum);
      return;
    default:
      return;
  }
}

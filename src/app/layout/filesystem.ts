/**
 * Layout data of the Filesystem view: a mount namespace's mount table (as
 * /proc/PID/mountinfo lists it) and, for an overlay mount, its stack
 * (overlayfs: lowerdirs read-only, upperdir writable, merged view on top;
 * Documentation/filesystems/overlayfs.rst): what each layer holds, which
 * upper entries are whiteouts (char 0/0) or opaque directories, and which
 * layer each merged entry comes from. Pure reads of the kernel state.
 */

import type { Kernel } from '../../sim/kernel/kernel.ts';
import type { FsState, Inode } from '../../sim/kernel/fs/types.ts';
import { isWhiteout, OPAQUE_XATTR } from '../../sim/kernel/fs/types.ts';
import { mountEntries } from '../../sim/kernel/fs/mountinfo.ts';
import type { ImagesState } from '../../sim/engine/images/types.ts';

export interface MountRow {
  id: number;
  parent: number;
  point: string;
  fstype: string;
  source: string;
  options: string;
  /** "shared:1", "master:3", "private". */
  propagation: string;
  sb: number;
  readOnly: boolean;
}

/** The mounts of `pid`'s mount namespace, as that process sees them (mountinfo order). */
export function mountRows(k: Kernel, pid: number): MountRow[] {
  const p = k.state.proc.byPid[pid];
  if (!p) return [];
  return mountEntries(k, p, p).map((e) => ({
    id: e.id,
    parent: e.parent,
    point: e.point,
    fstype: e.fstype,
    source: e.source,
    options: e.options,
    propagation: e.optional.length > 0 ? e.optional.join(' ') : 'private',
    sb: e.sb,
    readOnly: e.readOnly,
  }));
}

export interface LayerEntry {
  /** Path inside the layer without a leading slash: "etc/nginx/nginx.conf". */
  path: string;
  type: Inode['type'];
  whiteout: boolean;
  opaque: boolean;
  /** Merged view only: the layer the entry comes from ('upper' or the lower's index). */
  from?: 'upper' | number;
}

export interface LayerBox {
  role: 'upper' | 'lower';
  /** Index among the lowerdirs (0 = top), or -1 for the upper. */
  index: number;
  /** The directory as given at mount time. */
  path: string;
  ino: number;
  entries: LayerEntry[];
  /** Entries not listed (beyond the cap). */
  more: number;
}

export interface OverlayStack {
  sb: number;
  merged: LayerEntry[];
  mergedMore: number;
  upper: LayerBox | null;
  lowers: LayerBox[];
}

function entryOf(fs: FsState, path: string, ino: number): LayerEntry | null {
  const i = fs.inodes[ino];
  if (!i) return null;
  return { path, type: i.type, whiteout: isWhiteout(i), opaque: i.type === 'dir' && i.xattrs?.[OPAQUE_XATTR] === 'y' };
}

/** Top-level entries of a directory, in directory order. */
function listTop(fs: FsState, dirIno: number, max: number): { entries: LayerEntry[]; more: number } {
  const dir = fs.inodes[dirIno];
  const names = Object.keys(dir?.entries ?? {});
  const entries: LayerEntry[] = [];
  for (const name of names.slice(0, max)) {
    const e = entryOf(fs, name, dir?.entries?.[name] ?? -1);
    if (e) entries.push(e);
  }
  return { entries, more: Math.max(0, names.length - max) };
}

/** Every entry below a directory, depth first (an upper layer is small: what the container changed). */
function listDeep(fs: FsState, dirIno: number, max: number): { entries: LayerEntry[]; more: number } {
  const entries: LayerEntry[] = [];
  let total = 0;
  const walk = (ino: number, prefix: string, depth: number) => {
    const dir = fs.inodes[ino];
    if (!dir?.entries || depth > 32) return;
    for (const [name, child] of Object.entries(dir.entries)) {
      const path = prefix ? `${prefix}/${name}` : name;
      const e = entryOf(fs, path, child);
      if (!e) continue;
      total++;
      if (entries.length < max) entries.push(e);
      if (e.type === 'dir') walk(child, path, depth + 1);
    }
  };
  walk(dirIno, '', 0);
  return { entries, more: total - entries.length };
}

/** The stack of overlay superblock `sbId`, or null if it is not an overlay. */
export function overlayStack(fs: FsState, sbId: number, max = 40): OverlayStack | null {
  const sb = fs.sbs[sbId];
  if (!sb || sb.fstype !== 'overlay') return null;
  const lowers: LayerBox[] = (sb.lower ?? []).map((l, index) => ({ role: 'lower', index, path: l.path, ino: l.ino, ...listTop(fs, l.ino, max) }));
  const upper: LayerBox | null = sb.upper ? { role: 'upper', index: -1, path: sb.upper.path, ino: sb.upper.ino, ...listDeep(fs, sb.upper.ino, max) } : null;

  // The merged root: upper first, then each lower top-down; a whiteout hides the name below it.
  const merged = new Map<string, LayerEntry>();
  const hidden = new Set<string>();
  const layers: Array<{ from: 'upper' | number; ino: number }> = [
    ...(sb.upper ? [{ from: 'upper' as const, ino: sb.upper.ino }] : []),
    ...(sb.lower ?? []).map((l, i) => ({ from: i, ino: l.ino })),
  ];
  for (const layer of layers) {
    const dir = fs.inodes[layer.ino];
    for (const [name, ino] of Object.entries(dir?.entries ?? {})) {
      if (merged.has(name) || hidden.has(name)) continue;
      const e = entryOf(fs, name, ino);
      if (!e) continue;
      if (e.whiteout) {
        hidden.add(name);
        continue;
      }
      merged.set(name, { ...e, from: layer.from });
    }
  }
  const all = [...merged.values()];
  return { sb: sbId, merged: all.slice(0, max), mergedMore: Math.max(0, all.length - max), upper, lowers };
}

/** A layer directory's short label: "/var/lib/docker/overlay2/3f2a…/diff" → "3f2a…/diff". */
export function layerLabel(path: string): string {
  const parts = path.split('/').filter(Boolean);
  if (parts.length <= 2) return path;
  const tail = parts.slice(-2);
  if (tail[0] && tail[0].length > 16) tail[0] = `${tail[0].slice(0, 12)}…`;
  return tail.join('/');
}

/**
 * Names for Docker's overlay2 directories: "l/<shortid>" and "<cache-id>/diff"
 * of an image layer become "image layer 3 of nginx:latest (5363cf450075)";
 * a container's "-init" layer and read-write layer get their roles.
 */
export function dockerLayerNames(images: ImagesState | null | undefined): (path: string) => string | null {
  if (!images) return () => null;
  const byKey = new Map<string, string>();
  const usedBy = new Map<string, string>();
  for (const img of Object.values(images.images)) {
    const tag = img.repoTags[0] ?? img.id.slice(7, 19);
    img.diffIds.forEach((d, i) => {
      if (!usedBy.has(d)) usedBy.set(d, `image layer ${i + 1} of ${tag}`);
    });
  }
  for (const l of Object.values(images.layers)) {
    const label = `${usedBy.get(l.diffId) ?? 'image layer'} (${l.diffId.replace(/^sha256:/, '').slice(0, 12)})`;
    byKey.set(l.shortId, label);
    byKey.set(l.cacheId, label);
  }
  for (const m of Object.values(images.mounts)) {
    byKey.set(m.initShortId, "the container's init layer (/etc/hosts, /etc/resolv.conf, /.dockerenv)");
    byKey.set(`${m.mountId}-init`, "the container's init layer (/etc/hosts, /etc/resolv.conf, /.dockerenv)");
    byKey.set(m.shortId, "the container's read-write layer");
    byKey.set(m.mountId, "the container's read-write layer");
  }
  return (path) => {
    const parts = path.split('/').filter(Boolean);
    for (const p of parts.reverse()) {
      const hit = byKey.get(p);
      if (hit) return hit;
    }
    return null;
  };
}

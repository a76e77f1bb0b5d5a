/**
 * OverlayFS, read side: the merged view of an upper and lower directories
 * (Documentation/filesystems/overlayfs.rst).
 *
 * Models: lookups that try upper then each lowerdir left to right (left-most on
 * top); a name found as a non-directory hides everything below it; directories
 * of the same name merge; whiteouts (character devices 0/0) hide the name in
 * layers below; an opaque directory (trusted.overlay.opaque=y) hides the
 * contents of the lower directories of that name; readdir lists upper, then
 * lowers, skipping duplicates and whiteouts. Also `overlayLayers` for views and
 * `diffUpper` (the A/C/D list `docker diff` prints).
 * SIMPLIFICATIONS: layers must be directories on a disk-like filesystem (no
 * nested overlays); st_ino is the real inode's number and st_dev the overlay's;
 * no redirect_dir, metacopy, index or xino.
 */

import type { Kernel } from '../kernel.ts';
import type { Inode, Superblock } from './types.ts';
import { entryOf, isWhiteout, OPAQUE_XATTR } from './types.ts';
import { joinPath } from './vfs/path.ts';
import type { OvlNode } from './vfs/node.ts';

export function isOpaque(i: Inode | undefined): boolean {
  return !!i && i.type === 'dir' && i.xattrs?.[OPAQUE_XATTR] === 'y';
}

/** The overlay's root node: upperdir and every lowerdir merged. */
export function ovlRoot(sb: Superblock): OvlNode {
  const lower = sb.lower ?? [];
  return {
    k: 'o',
    sb: sb.id,
    rel: '/',
    upper: sb.upper ? sb.upper.ino : null,
    lowers: lower.map((l) => l.ino),
    layers: lower.map((_, i) => i),
  };
}

/** The real inode at the top of an overlay node (upper if present, else the top-most lower). */
export function ovlTop(n: OvlNode): number {
  const t = n.upper ?? n.lowers[0];
  if (t === undefined) throw new Error('overlay node without any layer');
  return t;
}

/** Look `name` up in a merged directory; null if absent or whited out. */
export function ovlLookup(k: Kernel, dir: OvlNode, name: string): OvlNode | null {
  const ind = k.state.fs.inodes;
  const rel = joinPath(dir.rel, name);
  let upper: number | null = null;
  let upperIsDir = false;
  if (dir.upper !== null) {
    const ud = ind[dir.upper];
    const c = ud ? entryOf(ud, name) : undefined;
    if (c !== undefined) {
      const ci = ind[c];
      if (!ci || isWhiteout(ci)) return null;
      if (ci.type !== 'dir') return { k: 'o', sb: dir.sb, rel, upper: c, lowers: [], layers: [] };
      upper = c;
      upperIsDir = true;
      if (isOpaque(ci)) return { k: 'o', sb: dir.sb, rel, upper: c, lowers: [], layers: [] };
    }
  }
  // The lower directories merged here, collected before any array is made: a lookup usually finds one
  // or two, and an array grown by push from empty allocates room for 17.
  let n = 0;
  let l0 = 0;
  let i0 = 0;
  let l1 = 0;
  let i1 = 0;
  // Further lower directories and the layers they come from (rare: an image of three layers or more).
  let moreLowers: number[] | null = null;
  let moreLayers: number[] | null = null;
  for (let i = 0; i < dir.lowers.length; i++) {
    const ld = ind[dir.lowers[i] as number];
    const c = ld ? entryOf(ld, name) : undefined;
    if (c === undefined) continue;
    const ci = ind[c];
    if (!ci || isWhiteout(ci)) break;
    if (ci.type !== 'dir') {
      if (n === 0 && !upperIsDir) {
        return { k: 'o', sb: dir.sb, rel, upper: null, lowers: [c], layers: [dir.layers[i] as number] };
      }
      break;
    }
    if (n === 0) {
      l0 = c;
      i0 = i;
    } else if (n === 1) {
      l1 = c;
      i1 = i;
    } else {
      (moreLowers ??= []).push(c);
      (moreLayers ??= []).push(dir.layers[i] as number);
    }
    n++;
    if (isOpaque(ci)) break;
  }
  if (upper === null && n === 0) return null;
  if (n === 0) return { k: 'o', sb: dir.sb, rel, upper, lowers: [], layers: [] };
  if (n === 1) return { k: 'o', sb: dir.sb, rel, upper, lowers: [l0], layers: [dir.layers[i0] as number] };
  const lowers = [l0, l1];
  const layers = [dir.layers[i0] as number, dir.layers[i1] as number];
  return { k: 'o', sb: dir.sb, rel, upper, lowers: moreLowers ? lowers.concat(moreLowers) : lowers, layers: moreLayers ? layers.concat(moreLayers) : layers };
}

/** Names of a merged directory with the inode that provides each, upper first. */
export function ovlReaddir(k: Kernel, dir: OvlNode): Array<{ name: string; ino: number }> {
  const ind = k.state.fs.inodes;
  const seen = new Set<string>();
  const out: Array<{ name: string; ino: number }> = [];
  const take = (d: Inode | undefined): void => {
    if (!d?.entries) return;
    for (const [name, ino] of Object.entries(d.entries)) {
      if (seen.has(name)) continue;
      seen.add(name);
      if (!isWhiteout(ind[ino])) out.push({ name, ino });
    }
  };
  if (dir.upper !== null) take(ind[dir.upper]);
  for (const l of dir.lowers) take(ind[l]);
  return out;
}

export interface OverlayLayersView {
  sb: number;
  lower: Array<{ index: number; path: string; ino: number }>;
  upper: { path: string; ino: number } | null;
  work: { path: string; ino: number } | null;
  readOnly: boolean;
}

/** The layers of an overlay superblock, lowerdirs top first, for views. */
export function overlayLayers(k: Kernel, sbId: number): OverlayLayersView | null {
  const sb = k.state.fs.sbs[sbId];
  if (!sb || sb.fstype !== 'overlay') return null;
  return {
    sb: sb.id,
    lower: (sb.lower ?? []).map((l, index) => ({ index, path: l.path, ino: l.ino })),
    upper: sb.upper ? { path: sb.upper.path, ino: sb.upper.ino } : null,
    work: sb.work ? { path: sb.work.path, ino: sb.work.ino } : null,
    readOnly: sb.ro,
  };
}

export interface Change {
  kind: 'A' | 'C' | 'D';
  path: string;
}

/**
 * What `docker diff` reports for an overlay: walk the upper directory; a whiteout is
 * D, a name that also exists in a lower layer is C, a new one is A (and is not
 * descended into); directories that exist below and were touched are C.
 * Sorted by path, as the daemon returns them.
 */
export function diffUpper(k: Kernel, sbId: number): Change[] {
  const sb = k.state.fs.sbs[sbId];
  if (!sb || sb.fstype !== 'overlay' || !sb.upper) return [];
  return diffLayers(k, sb.upper.ino, (sb.lower ?? []).map((l) => l.ino));
}

/** docker diff from the directories alone (a stopped container's overlay is not mounted): upper and lower inodes, top first. */
export function diffLayers(k: Kernel, upperIno: number, lowerInos: readonly number[]): Change[] {
  const ind = k.state.fs.inodes;
  const out: Change[] = [];
  const walk = (upperDir: number, lowers: number[], rel: string): void => {
    const ud = ind[upperDir];
    if (!ud?.entries) return;
    for (const [name, ino] of Object.entries(ud.entries)) {
      const path = joinPath(rel, name);
      const ui = ind[ino];
      if (!ui) continue;
      const below = lowers.map((l) => {
        const ld = ind[l];
        return ld ? entryOf(ld, name) : undefined;
      });
      const existsBelow = below.some((b) => b !== undefined && !isWhiteout(ind[b]));
      if (isWhiteout(ui)) {
        if (existsBelow) out.push({ kind: 'D', path });
        continue;
      }
      if (!existsBelow) {
        out.push({ kind: 'A', path });
        continue;
      }
      out.push({ kind: 'C', path });
      if (ui.type !== 'dir') continue;
      const lowerDirs = below.filter((b): b is number => b !== undefined && ind[b]?.type === 'dir');
      if (isOpaque(ui)) {
        // Everything that was below is gone: the lower names not re-added are deleted.
        const ld = lowerDirs[0] !== undefined ? ind[lowerDirs[0]] : undefined;
        for (const n of Object.keys(ld?.entries ?? {})) {
          if (entryOf(ui, n) === undefined) out.push({ kind: 'D', path: joinPath(path, n) });
        }
        walk(ino, [], path);
      } else walk(ino, lowerDirs, path);
    }
  };
  walk(upperIno, [...lowerInos], '/');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

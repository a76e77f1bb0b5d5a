/**
 * Mount ids for the copies copy_mnt_ns() makes, given back when the copies go.
 *
 * Models: Linux numbers mounts from an IDA (mnt_alloc_id), which hands out the
 * lowest free id, so the ids of a namespace's copies (each `docker run` copies
 * the host's whole mount table, then runc detaches the copies after
 * pivot_root) are used again by the next copy, and mount ids stay near the
 * number of live mounts. Here the copies of one copy_mnt_ns() take one block
 * of ids (its first id is the hidden parent's, the copy of the source's i-th
 * mount has first + 1 + i, as lazy-copy.ts reserves them); when the block's
 * last copy and last unmade copy are gone, its ids are free for a later
 * block, all but the first: the hidden parent (the rootfs copy the
 * namespace's root hangs from, mountinfo's parent id of "/") lives as long as
 * the namespace, and its id goes back when the namespace goes. A block comes
 * from the lowest free range that holds it, else from the top. Other mounts
 * take nextMountId, above every live mount's id; a freed range at the top
 * lowers it.
 * SIMPLIFICATIONS:
 * - A single unmounted copy, or any other mount, does not give its id back
 *   (a `docker run --rm` loop still moves nextMountId up by the container's
 *   own ~24 mounts each time). That keeps each namespace's mounts in
 *   ascending id order, which is the order mountinfo lists them in (Linux
 *   keeps that order in a list, or since 6.8 by the never-reused
 *   mnt_id_unique).
 * - A block is made a quarter larger than its copies, so that the host's
 *   table of mounts, which grows by two with each container, still fits the
 *   freed block of the containers before; the spare ids are never used. The
 *   ids a block too small for later copies held stay free for smaller ones.
 * Without this, ids grew with the square of the number of containers started
 * (535,531 after 1,000, with 24,010 mounts live; now 34,059), and the mount
 * tables, arrays indexed by id (id-table.ts), became too sparse for V8 to keep
 * as arrays.
 */

import type { FsState } from './types.ts';
import { mntnsOf } from './mntns-table.ts';

/** How many ids a block for `n` ids takes when it comes from the top. */
function capacityFor(n: number): number {
  return n + (n >> 2);
}

/** The free ranges, [start, end) pairs in ascending order; made on first use (older snapshots lack them). */
function freeRanges(fs: FsState): number[] {
  return (fs.freeMountIds ??= []);
}

function newBlock(fs: FsState, start: number, cap: number, ns: number): void {
  const seq = fs.mountBlockSeq ?? 0;
  fs.mountBlockSeq = seq + 1;
  (fs.mountIdBlocks ??= {})[start] = { cap, refs: 0, ns, seq };
}

/**
 * Take a block of ids for the copy (namespace `ns`) of a namespace with `n`
 * mounts, plus its hidden parent: returns the block's first id (the hidden
 * parent's). The block holds one reference per copy made and per unmade copy
 * list (see refMountBlock); the caller takes the first ones.
 */
export function allocMountBlock(fs: FsState, n: number, ns: number): number {
  const need = n + 1;
  const free = freeRanges(fs);
  for (let i = 0; i < free.length; i += 2) {
    const start = free[i] as number;
    const end = free[i + 1] as number;
    if (end - start < need) continue;
    const cap = Math.min(end - start, capacityFor(need));
    if (start + cap === end) free.splice(i, 2);
    else free[i] = start + cap;
    newBlock(fs, start, cap, ns);
    return start;
  }
  const start = fs.nextMountId;
  const cap = capacityFor(need);
  fs.nextMountId = start + cap;
  newBlock(fs, start, cap, ns);
  return start;
}

/** Is there a block of copies' ids whose first id is `blk` (absent for copies restored from older snapshots)? */
export function isMountBlock(fs: FsState, blk: number): boolean {
  return fs.mountIdBlocks?.[blk] !== undefined;
}

/** The order blocks were taken in (copy_mnt_ns() calls), for making unmade copies in the order eager copies were made. */
export function mountBlockSeq(fs: FsState, blk: number): number {
  return fs.mountIdBlocks?.[blk]?.seq ?? -1;
}

/**
 * One more (or, with -1, one fewer) copy or unmade-copy list holds block
 * `blk`; when the last one goes, its ids are freed, but for the hidden
 * parent's while the namespace lives (releaseNsBlock frees that one).
 */
export function refMountBlock(fs: FsState, blk: number, delta: 1 | -1): void {
  const b = fs.mountIdBlocks?.[blk];
  if (!b) return;
  b.refs += delta;
  if (b.refs > 0) return;
  if (mntnsOf(fs, b.ns) !== undefined) {
    if (b.cap > 1) freeRange(fs, blk + 1, blk + b.cap);
    b.cap = 1;
    return;
  }
  delete (fs.mountIdBlocks as Record<number, unknown>)[blk];
  freeRange(fs, blk, blk + b.cap);
}

/** Namespace `ns`, made by copy_mnt_ns() with block `blk`, is gone: so is its hidden parent, and with it the block. */
export function releaseNsBlock(fs: FsState, blk: number): void {
  const b = fs.mountIdBlocks?.[blk];
  if (!b || b.refs > 0) return;
  delete (fs.mountIdBlocks as Record<number, unknown>)[blk];
  freeRange(fs, blk, blk + b.cap);
}

/** Give back the ids [start, end): merged with the free ranges beside it; a range at the top lowers nextMountId. */
function freeRange(fs: FsState, start: number, end: number): void {
  const free = freeRanges(fs);
  let i = 0;
  while (i < free.length && (free[i] as number) < start) i += 2;
  // Merge with the range before (ending at start) and the one after (starting at end).
  if (i > 0 && free[i - 1] === start) {
    start = free[i - 2] as number;
    i -= 2;
    free.splice(i, 2);
  }
  if (i < free.length && free[i] === end) {
    end = free[i + 1] as number;
    free.splice(i, 2);
  }
  if (end >= fs.nextMountId) {
    fs.nextMountId = start;
    return;
  }
  free.splice(i, 0, start, end);
}

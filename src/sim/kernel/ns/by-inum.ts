/**
 * Namespaces by inode number: KernelState.ns.byInum read through a Map beside
 * it (table-index.ts), since inode numbers of 4026531840 and up make V8 hash
 * every plain lookup with SipHash. applyNsEvent writes the table through
 * nsTable only.
 */

import type { Namespace } from './types.ts';
import { TableIndex } from '../table-index.ts';

export const nsTable = new TableIndex<Namespace>();

/** The namespace with inode number `inum` (what the table byInum holds at inum). */
export function nsAt(s: { ns: { byInum: Record<number, Namespace> } }, inum: number): Namespace | undefined {
  return nsTable.get(s.ns.byInum, inum);
}

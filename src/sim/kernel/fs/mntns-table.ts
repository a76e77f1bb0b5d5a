/**
 * The mount tables of the mount namespaces by namespace inode number
 * (FsState.mntns), read and written through a Map beside the table
 * (table-index.ts): namespace inode numbers of 4026531840 and up make V8 hash
 * every plain lookup with SipHash, and every path walk starts with one.
 */

import type { FsState, MountNsTable } from './types.ts';
import { TableIndex } from '../table-index.ts';

export const mntnsTable = new TableIndex<MountNsTable>();

/** The mount table of namespace `ns` (what fs.mntns holds at ns). */
export function mntnsOf(fs: FsState, ns: number): MountNsTable | undefined {
  return mntnsTable.get(fs.mntns, ns);
}

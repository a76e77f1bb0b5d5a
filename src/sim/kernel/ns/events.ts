/** Events of the namespace module (applied by applyNsEvent). */

import type { Namespace, IdMapRange } from './types.ts';
import type { NsInum } from '../ids.ts';

export type NsEvent =
  /** `from`: the namespace it was copied from (a new mnt ns copies its mount table, a new uts ns its names). */
  | { type: 'ns.created'; ns: Namespace; from?: NsInum }
  /** The last process and holder left: the namespace is gone. */
  | { type: 'ns.destroyed'; inum: NsInum; nsType: Namespace['type'] }
  | { type: 'ns.held'; inum: NsInum; delta: number }
  | { type: 'ns.idMapWritten'; inum: NsInum; which: 'uid' | 'gid'; map: IdMapRange[] }
  | { type: 'ns.hostnameSet'; inum: NsInum; hostname: string }
  | { type: 'ns.domainnameSet'; inum: NsInum; domainname: string }
  | { type: 'ns.pidInitDied'; inum: NsInum };

/**
 * What every view component takes: the host it shows, the playback of that
 * host's events, the current selection and a callback to change it. Views
 * keep no global state; two views of two hosts on one page share nothing.
 */

import type { Host } from '../../sim/host/host.ts';
import type { CapSets } from '../../sim/kernel/caps/caps.ts';
import type { Playback } from '../playback/playback.svelte.ts';
import type { Denial } from '../model/denials.ts';
import type { OnSelect, Selection } from '../model/selection.ts';

/** A denial as the app recorded it: with the refused process's capability sets when known. */
export interface DenialRecord extends Denial {
  /** Increasing id, for keyed lists. */
  id: number;
  caps: CapSets | null;
  comm: string | null;
  /** The refused process was in a user namespace of its own (its capabilities count only there). */
  ownUserNs: boolean;
}

export interface ViewProps {
  host: Host;
  playback: Playback;
  selection: Selection | null;
  onselect: OnSelect;
  denials?: readonly DenialRecord[];
}

/** Events of the engine's volumes slice (past tense; applied by applyVolumesEvent). */

import type { ContainerMount, VolumeRecord } from './types.ts';

export type VolumesEvent =
  | { type: 'volume.created'; volume: VolumeRecord }
  | { type: 'volume.removed'; name: string }
  /** A container's mounts were resolved (at container create): it now uses these volumes. */
  | { type: 'volume.referenced'; containerId: string; names: string[]; mounts: ContainerMount[] }
  /** A container was removed: it no longer holds its volumes. */
  | { type: 'volume.released'; containerId: string }
  /** A volume was mounted into a running container (bind mount of its _data). */
  | { type: 'volume.mounted'; containerId: string; name: string; destination: string };

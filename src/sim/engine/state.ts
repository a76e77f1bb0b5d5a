/**
 * dockerd's state as plain data: what the daemon keeps in memory and under
 * /var/lib/docker. One slice per area, each written only by its apply function.
 */

import type { ContainersState } from './containers/types.ts';
import type { ImagesState } from './images/types.ts';
import type { NetworkState } from './network/types.ts';
import type { VolumesState } from './volumes/types.ts';
import type { SystemState } from './system/types.ts';

export interface EngineState {
  containers: ContainersState;
  images: ImagesState;
  network: NetworkState;
  volumes: VolumesState;
  system: SystemState;
}

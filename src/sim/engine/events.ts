/** Events of the Docker engine (dockerd, containerd, runc), past tense, e.g. `container.stateChanged`. */

import type { ContainersEvent } from './containers/events.ts';
import type { ImagesEvent } from './images/events.ts';
import type { NetworkEvent } from './network/events.ts';
import type { VolumesEvent } from './volumes/events.ts';
import type { SystemEvent } from './system/events.ts';

export type EngineEvent = ContainersEvent | ImagesEvent | NetworkEvent | VolumesEvent | SystemEvent;

/** Events of the engine's system slice (applied by applySystemEvent). */

import type { DockerEvent, SystemState } from './types.ts';

export type SystemEvent =
  /** An entry for `docker events` (container create/start/die, image pull, network connect ...). */
  | { type: 'system.eventRecorded'; event: DockerEvent }
  /** dockerd started serving /var/run/docker.sock. */
  | { type: 'system.daemonStarted'; pid: number; containerdPid: number | null; id: string; startedAtMs: number }
  | { type: 'system.daemonStopped' }
  | { type: 'system.configChanged'; usernsRemap: SystemState['daemon']['usernsRemap'] };

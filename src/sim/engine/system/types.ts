/**
 * The daemon-wide state of dockerd: whether it runs (and as which host PID),
 * its engine ID, and the in-memory ring of events `docker events` reads
 * (moby daemon/events: the last 256 events are kept for --since queries).
 *
 * SIMPLIFICATIONS: one daemon per host; no daemon.json beyond the fields here.
 */

/** One event as GET /events streams it (moby api/types/events.Message). */
export interface DockerEvent {
  /** Deprecated mirror fields, still sent for container and image events. */
  status?: string;
  id?: string;
  from?: string;
  Type: 'container' | 'image' | 'network' | 'volume' | 'daemon' | 'plugin' | 'builder';
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  scope: 'local';
  /** Unix seconds and nanoseconds of the virtual wall clock. */
  time: number;
  timeNano: number;
}

/** moby keeps this many events in memory for `docker events --since`. */
export const EVENTS_RING_SIZE = 256;

export interface SystemState {
  events: DockerEvent[];
  daemon: {
    running: boolean;
    /** Host PID of the dockerd process serving /var/run/docker.sock. */
    pid: number | null;
    /** Host PID of containerd (the shims' parent before they are orphaned). */
    containerdPid: number | null;
    /** Engine ID shown by docker info (a UUID, /var/lib/docker/engine-id). */
    id: string;
    startedAtMs: number | null;
    /** `userns-remap` in daemon.json: container root maps to this range (null: off). */
    usernsRemap: { uid: number; gid: number; size: number } | null;
  };
}

export function createInitialSystemState(): SystemState {
  return { events: [], daemon: { running: false, pid: null, containerdPid: null, id: '', startedAtMs: null, usernsRemap: null } };
}

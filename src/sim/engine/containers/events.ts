/**
 * Events of the engine's containers slice (past tense; applied by
 * applyContainersEvent). They also land in the host's event log, so a view can
 * show a container being created, its init starting, its state changing.
 */

import type { LifecycleSnapshot } from './container.machine.ts';
import type {
  Attachment,
  ContainerRecord,
  ContainerRuntime,
  ContainerStateJSON,
  ExecRecord,
  HealthRuntime,
  HealthState,
  HostConfig,
  LogEntry,
  MountPoint,
  NetworkSettings,
  TaskInfo,
} from './types.ts';

/** Runtime fields that change together (never `lifecycle`, `task` or `attachments`, which have their own events). */
export type RuntimePatch = Partial<Pick<ContainerRuntime, 'rootfs' | 'rootfsMounted' | 'cleanupPending' | 'restartDueMs' | 'startedAtMs' | 'finishedAtMs'>>;

export type ContainersEvent =
  | { type: 'container.created'; container: ContainerRecord }
  /** The lifecycle moved (or State fields changed): the new .State, lifecycle snapshot and RestartCount. */
  | { type: 'container.stateChanged'; id: string; state: ContainerStateJSON; lifecycle: LifecycleSnapshot; restartCount: number }
  /** runc created the task: its init and shim exist. */
  | { type: 'container.taskCreated'; id: string; task: TaskInfo }
  /** The task was deleted (the shim reaped the init and went away). */
  | { type: 'container.taskDeleted'; id: string }
  | { type: 'container.runtimeChanged'; id: string; patch: RuntimePatch }
  | { type: 'container.pathsSet'; id: string; paths: Pick<ContainerRecord, 'ResolvConfPath' | 'HostnamePath' | 'HostsPath' | 'LogPath'> }
  | { type: 'container.renamed'; id: string; oldName: string; name: string }
  | { type: 'container.updated'; id: string; hostConfig: Partial<HostConfig> }
  | { type: 'container.networkSettingsChanged'; id: string; settings: NetworkSettings }
  /** `docker network connect|disconnect` of a stopped container: the endpoints it gets at its next start. */
  | { type: 'container.endpointsChanged'; id: string; endpoints: Record<string, Record<string, unknown>> }
  | { type: 'container.mountsChanged'; id: string; mounts: MountPoint[] }
  /** Output of the container's process, as the json-file driver records it. */
  | { type: 'container.logged'; id: string; entries: LogEntry[] }
  | { type: 'container.attached'; id: string; attachment: Attachment }
  /** What attached clients are still owed changed (output held back, or sent). */
  | { type: 'container.attachmentsChanged'; id: string; attachments: Attachment[] }
  /** The clients of stopped containers still being sent held output. */
  | { type: 'container.drainingChanged'; draining: Attachment[] }
  /** Attached clients' streams were closed (the container exited or was removed). */
  | { type: 'container.attachmentsClosed'; id: string; remaining: Attachment[] }
  | { type: 'container.ptyChanged'; id: string; pty: string | null }
  | { type: 'container.stdinChanged'; id: string; stdin: { pipe: number; held: boolean } | null }
  | { type: 'container.waiterAdded'; id: string; pipe: number; condition: 'not-running' | 'next-exit' | 'removed' }
  /** Waiters were answered (their pipes got the status and were closed). */
  | { type: 'container.waitersAnswered'; id: string; remaining: Array<{ pipe: number; condition: 'not-running' | 'next-exit' | 'removed' }> }
  | { type: 'container.removed'; id: string }
  /** The health monitor moved: .State.Health (null: none) and its timer (null: stopped). */
  | { type: 'container.healthChanged'; id: string; health: HealthState | null; rt: HealthRuntime | null }
  /** An exec instance was dropped (a finished health probe). */
  | { type: 'container.execRemoved'; id: string }
  | { type: 'container.execCreated'; exec: ExecRecord }
  | { type: 'container.execChanged'; id: string; patch: Partial<Pick<ExecRecord, 'Running' | 'ExitCode' | 'Pid'>> & { rt?: Partial<ExecRecord['rt']> } };

/**
 * dockerd's container records as plain data: what `docker inspect` shows
 * (moby api/types/container: ContainerJSON, Config, HostConfig, State) plus the
 * daemon's runtime bookkeeping for each container (its lifecycle state, the
 * host PIDs of its init and shim, its cgroup and namespaces, stdio and log).
 *
 * Models: moby's container.Container and its on-disk config.v2.json /
 * hostconfig.json, keyed by the 64-hex ID, with the name index ("/name" → id).
 * SIMPLIFICATIONS:
 * - One record per container; json-file log lines are kept in the engine state
 *   (and also appended to <id>-json.log on the host's disk).
 * - HostConfig keeps the fields this simulator uses or shows; unknown request
 *   fields are dropped.
 */

import type { LifecycleSnapshot } from './container.machine.ts';

/** The seven values of .State.Status (moby api/types/container/state.go). */
export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface HealthState {
  Status: 'starting' | 'healthy' | 'unhealthy' | 'none';
  FailingStreak: number;
  Log: Array<{ Start: string; End: string; ExitCode: number; Output: string }>;
}

export interface ContainerStateJSON {
  Status: ContainerStatus;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
  Health?: HealthState;
}

export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** Container Config (the image-independent part of `docker inspect` .Config). */
export interface ContainerConfig {
  Hostname: string;
  Domainname: string;
  User: string;
  AttachStdin: boolean;
  AttachStdout: boolean;
  AttachStderr: boolean;
  ExposedPorts?: Record<string, Record<string, never>>;
  Tty: boolean;
  OpenStdin: boolean;
  StdinOnce: boolean;
  Env: string[];
  Cmd: string[] | null;
  Healthcheck?: HealthConfig;
  Image: string;
  Volumes: Record<string, Record<string, never>> | null;
  WorkingDir: string;
  Entrypoint: string[] | null;
  OnBuild: string[] | null;
  Labels: Record<string, string>;
  StopSignal?: string;
  StopTimeout?: number;
}

export interface RestartPolicy {
  Name: '' | 'no' | 'always' | 'on-failure' | 'unless-stopped';
  MaximumRetryCount: number;
}

export interface PortBinding {
  HostIp: string;
  HostPort: string;
}

export interface MountSpec {
  Type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image';
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: Record<string, unknown>;
  VolumeOptions?: Record<string, unknown>;
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

export interface HostConfig {
  Binds: string[] | null;
  ContainerIDFile: string;
  LogConfig: { Type: string; Config: Record<string, string> };
  NetworkMode: string;
  PortBindings: Record<string, PortBinding[] | null>;
  RestartPolicy: RestartPolicy;
  AutoRemove: boolean;
  VolumeDriver: string;
  VolumesFrom: string[] | null;
  ConsoleSize: [number, number];
  CapAdd: string[] | null;
  CapDrop: string[] | null;
  CgroupnsMode: string;
  Dns: string[];
  DnsOptions: string[];
  DnsSearch: string[];
  ExtraHosts: string[] | null;
  GroupAdd: string[] | null;
  IpcMode: string;
  Cgroup: string;
  Links: string[] | null;
  OomScoreAdj: number;
  PidMode: string;
  Privileged: boolean;
  PublishAllPorts: boolean;
  ReadonlyRootfs: boolean;
  SecurityOpt: string[] | null;
  Tmpfs?: Record<string, string>;
  UTSMode: string;
  UsernsMode: string;
  ShmSize: number;
  Runtime: string;
  Isolation: string;
  CpuShares: number;
  Memory: number;
  NanoCpus: number;
  CgroupParent: string;
  BlkioWeight: number;
  CpuPeriod: number;
  CpuQuota: number;
  CpusetCpus: string;
  CpusetMems: string;
  Devices: unknown[];
  MemoryReservation: number;
  MemorySwap: number;
  MemorySwappiness: number | null;
  OomKillDisable: boolean | null;
  PidsLimit: number | null;
  Ulimits: unknown[];
  Mounts?: MountSpec[];
  MaskedPaths: string[] | null;
  ReadonlyPaths: string[] | null;
  Init?: boolean | null;
}

/** One entry of .Mounts in `docker inspect`. */
export interface MountPoint {
  Type: string;
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

/** .NetworkSettings; the network helper's attachContainer fills the endpoints. */
export interface NetworkSettings {
  Bridge: string;
  SandboxID: string;
  SandboxKey: string;
  Ports: Record<string, PortBinding[] | null>;
  HairpinMode: boolean;
  LinkLocalIPv6Address: string;
  LinkLocalIPv6PrefixLen: number;
  SecondaryIPAddresses: null;
  SecondaryIPv6Addresses: null;
  EndpointID: string;
  Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway: string;
  MacAddress: string;
  Networks: Record<string, Record<string, unknown>>;
}

/** One json-file log line: {"log":"hi\n","stream":"stdout","time":"..."} (time as ms here). */
export interface LogEntry {
  stream: 'stdout' | 'stderr';
  log: string;
  /** Virtual wall-clock time, ms since the epoch. */
  timeMs: number;
}

/** The kernel objects of a running task (set by runc create, cleared when the task is deleted). */
export interface TaskInfo {
  initPid: number;
  shimPid: number;
  /** Namespace inode numbers of the init (mnt, pid, net, uts, ipc, cgroup, user). */
  ns: Record<'mnt' | 'pid' | 'net' | 'uts' | 'ipc' | 'cgroup' | 'user', number>;
  /** The container's stdio: a pts for -t, else capture buffers for stdout/stderr (stdin: ContainerRuntime.stdin). */
  tty: string | null;
  outCap: number | null;
  errCap: number | null;
  /** stdout and stderr together in write order (absent in records made before it existed). */
  mixCap?: number | null;
  /** memory.events oom_kill of the container's cgroup when the task started. */
  oomBaseline: number;
  /** Virtual uptime (ms) when the process started. */
  startedUptimeMs: number;
}

/** An attached client (docker run / start -a / attach): pipes the daemon writes the container's output to. */
export interface Attachment {
  /** stdout, or with `mux` both streams in stdcopy frames. */
  out: number;
  /** stderr; null with `mux`. */
  err: number | null;
  /** One multiplexed stream (a client without a TTY that asked for it). */
  mux?: boolean;
  /** Output the client's pipes had no room for yet (deliver.ts). */
  pendingOut?: string;
  pendingErr?: string;
  stdin: number | null;
  /** Close the pipes only once the container has been removed (docker run --rm waits for that). */
  untilRemoved: boolean;
}

/** The health monitor's timer: the next probe (virtual uptime ms), or the probe running now. */
export interface HealthRuntime {
  dueMs: number | null;
  probe: { execId: string; start: string; deadlineMs: number } | null;
}

/** dockerd's bookkeeping beside the inspect data. */
export interface ContainerRuntime {
  lifecycle: LifecycleSnapshot;
  /** The image reference as the user gave it (ps IMAGE column, events `from`). */
  imageRef: string;
  /** Kernel event sequence number at creation: orders containers created in the same millisecond. */
  createdSeq: number;
  /** /system.slice/docker-<id>.scope */
  cgroup: string;
  /** The overlay dirs from the image store, once prepared. */
  rootfs: { lowerdirs: string[]; upperdir: string; workdir: string; merged: string } | null;
  rootfsMounted: boolean;
  task: TaskInfo | null;
  attachments: Attachment[];
  /** The container's pseudo-terminal with -t (allocated at attach or start, kept until the task is deleted). */
  pty: string | null;
  /** The container's stdin pipe with -i (no -t): `held` while the daemon keeps its write end (StdinOnce hands it to the first client). */
  stdin: { pipe: number; held: boolean } | null;
  /** Clients waiting (POST /containers/{id}/wait) for a condition: the answer is written to their pipe. */
  waiters: Array<{ pipe: number; condition: 'not-running' | 'next-exit' | 'removed' }>;
  /** The exited task still has to be deleted (shim reaped, cgroup and mounts cleaned). */
  cleanupPending: boolean;
  /** When a restart (policy) is due, virtual uptime ms. */
  restartDueMs: number | null;
  /** The health-check monitor while the container runs (absent or null: none). */
  health?: HealthRuntime | null;
  /** Wall-clock ms of the last start and finish (for ps "Up 3 seconds", "Exited (0) 2 minutes ago"). */
  startedAtMs: number | null;
  finishedAtMs: number | null;
}

export interface ContainerRecord {
  Id: string;
  Created: string;
  Path: string;
  Args: string[];
  State: ContainerStateJSON;
  /** Image ID "sha256:<64>". */
  Image: string;
  ResolvConfPath: string;
  HostnamePath: string;
  HostsPath: string;
  LogPath: string;
  Name: string;
  RestartCount: number;
  Driver: string;
  Platform: string;
  MountLabel: string;
  ProcessLabel: string;
  AppArmorProfile: string;
  ExecIDs: string[] | null;
  HostConfig: HostConfig;
  GraphDriver: { Data: Record<string, string> | null; Name: string };
  Mounts: MountPoint[];
  Config: ContainerConfig;
  NetworkSettings: NetworkSettings;
  /** Endpoint configs asked for at create (NetworkingConfig.EndpointsConfig). */
  EndpointsConfig: Record<string, Record<string, unknown>>;
  rt: ContainerRuntime;
}

/** An exec instance (docker exec): moby's exec.Config. */
export interface ExecRecord {
  ID: string;
  Running: boolean;
  ExitCode: number | null;
  ProcessConfig: { tty: boolean; entrypoint: string; arguments: string[]; privileged: boolean; user?: string };
  OpenStdin: boolean;
  OpenStderr: boolean;
  OpenStdout: boolean;
  CanRemove: boolean;
  ContainerID: string;
  DetachKeys: string;
  Pid: number;
  rt: {
    env: string[];
    workingDir: string;
    /** Host PID of the exec'd process once started. */
    pid: number | null;
    tty: string | null;
    /** Pipes handed to the client at start: output, errors, input, and one that closes when every holder exits. */
    out: number | null;
    err: number | null;
    stdin: number | null;
    done: number | null;
    started: boolean;
    /** Without -t: the buffers the process writes (stdout, stderr, both in order), drained to the client's pipes. */
    outCap?: number | null;
    errCap?: number | null;
    mixCap?: number | null;
    /** The client's `out` pipe carries both streams in stdcopy frames. */
    mux?: boolean;
    /** Output read from the process that did not fit in the client's pipes yet. */
    pendingOut?: string;
    pendingErr?: string;
  };
}

export interface ContainersState {
  byId: Record<string, ContainerRecord>;
  /** "/name" → container ID. */
  names: Record<string, string>;
  /** Host PID of a running task's init → container ID (the exit hook's O(1) lookup). */
  byInitPid: Record<number, string>;
  execs: Record<string, ExecRecord>;
  /** Host PID of a running exec → exec ID. */
  byExecPid: Record<number, string>;
  /** json-file log lines per container (the most recent ones: logs.ts LOG_KEEP_LINES, LOG_KEEP_BYTES). */
  logs: Record<string, LogEntry[]>;
  /** Bytes of the kept log lines per container. */
  logBytes?: Record<string, number>;
  /** Containers with attachments that hold undelivered output (deliver.ts). */
  pendingIds?: Record<string, true>;
  /** Clients of stopped or removed containers still being sent what was held for them. */
  draining?: Attachment[];
}

export function createInitialContainersState(): ContainersState {
  return { byId: {}, names: {}, byInitPid: {}, execs: {}, byExecPid: {}, logs: {}, pendingIds: {}, draining: [] };
}

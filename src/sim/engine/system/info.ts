/**
 * What dockerd reports about itself: GET /_ping's headers, GET /version
 * (Docker Engine - Community 28.2.2 with containerd 1.7.27, runc 1.2.5 and
 * docker-init 0.19.0) and GET /info (moby api/types/system.Info): container
 * counts by state, images, the overlay2 driver on ext4, the systemd cgroup
 * driver on cgroup v2, the host's kernel, OS, CPUs, memory and name, the
 * engine ID, the registry configuration.
 * SIMPLIFICATIONS: NFd and NGoroutines are plausible constants; no plugins
 * beyond the built-in ones; no swarm.
 */

import type { Engine } from '../engine.ts';
import { rfc3339Nano } from './time.ts';

export const ENGINE_VERSION = '28.2.2';
export const API_VERSION = '1.50';
export const MIN_API_VERSION = '1.24';
const GIT_COMMIT = '45873be';
const GO_VERSION = 'go1.24.3';
const BUILD_TIME = '2025-05-30T12:07:26.000000000+00:00';
const CONTAINERD = { version: '1.7.27', commit: '05044ec0a9a75232cad458027ca83437aae3f4da' };
const RUNC = { version: '1.2.5', commit: 'v1.2.5-0-g59923ef' };
const INIT = { version: '0.19.0', commit: 'de40ad0' };

/** The headers of GET/HEAD /_ping. */
export function pingHeaders(): Record<string, string> {
  return {
    'Api-Version': API_VERSION,
    'Builder-Version': '2',
    'Cache-Control': 'no-cache, no-store, must-revalidate',
    'Content-Type': 'text/plain; charset=utf-8',
    'Docker-Experimental': 'false',
    OSType: 'linux',
    Pragma: 'no-cache',
    Server: `Docker/${ENGINE_VERSION} (linux)`,
    Swarm: 'inactive',
  };
}

export function versionBody(engine: Engine): Record<string, unknown> {
  const kernel = engine.k.state.machine.release;
  return {
    Platform: { Name: 'Docker Engine - Community' },
    Components: [
      {
        Name: 'Engine',
        Version: ENGINE_VERSION,
        Details: { ApiVersion: API_VERSION, Arch: 'amd64', BuildTime: BUILD_TIME, Experimental: 'false', GitCommit: GIT_COMMIT, GoVersion: GO_VERSION, KernelVersion: kernel, MinAPIVersion: MIN_API_VERSION, Os: 'linux' },
      },
      { Name: 'containerd', Version: CONTAINERD.version, Details: { GitCommit: CONTAINERD.commit } },
      { Name: 'runc', Version: RUNC.version, Details: { GitCommit: RUNC.commit } },
      { Name: 'docker-init', Version: INIT.version, Details: { GitCommit: INIT.commit } },
    ],
    Version: ENGINE_VERSION,
    ApiVersion: API_VERSION,
    MinAPIVersion: MIN_API_VERSION,
    GitCommit: GIT_COMMIT,
    GoVersion: GO_VERSION,
    Os: 'linux',
    Arch: 'amd64',
    KernelVersion: kernel,
    BuildTime: BUILD_TIME,
  };
}

function countImages(engine: Engine): number {
  const st = engine.state.images as unknown as { images?: Record<string, unknown> };
  return st.images ? Object.keys(st.images).length : 0;
}

export function infoBody(engine: Engine): Record<string, unknown> {
  const m = engine.k.state.machine;
  let running = 0;
  let paused = 0;
  let stopped = 0;
  const all = Object.values(engine.state.containers.byId);
  for (const c of all) {
    if (c.State.Paused) paused++;
    else if (c.State.Running) running++;
    else stopped++;
  }
  return {
    ID: engine.state.system.daemon.id,
    Containers: all.length,
    ContainersRunning: running,
    ContainersPaused: paused,
    ContainersStopped: stopped,
    Images: countImages(engine),
    // The storage driver (images/driver.ts); vfs has no status lines (Status() returns nil).
    Driver: engine.state.images.driver ?? 'overlay2',
    DriverStatus: engine.state.images.driver
      ? []
      : [
          ['Backing Filesystem', 'extfs'],
          ['Supports d_type', 'true'],
          ['Using metacopy', 'false'],
          ['Native Overlay Diff', 'true'],
          ['userxattr', 'false'],
        ],
    Plugins: {
      Volume: ['local'],
      Network: ['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay'],
      Authorization: null,
      Log: ['awslogs', 'fluentd', 'gcplogs', 'gelf', 'journald', 'json-file', 'local', 'splunk', 'syslog'],
    },
    MemoryLimit: true,
    SwapLimit: true,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    IPv4Forwarding: true,
    Debug: false,
    NFd: 28 + all.length * 4,
    OomKillDisable: false,
    NGoroutines: 42 + running * 9,
    SystemTime: rfc3339Nano(engine.k.nowMs),
    LoggingDriver: 'json-file',
    CgroupDriver: 'systemd',
    CgroupVersion: '2',
    NEventsListener: 0,
    KernelVersion: m.release,
    OperatingSystem: 'Debian GNU/Linux 12 (bookworm)',
    OSVersion: '12',
    OSType: 'linux',
    Architecture: m.machine,
    IndexServerAddress: 'https://index.docker.io/v1/',
    RegistryConfig: {
      InsecureRegistryCIDRs: ['::1/128', '127.0.0.0/8'],
      IndexConfigs: { 'docker.io': { Name: 'docker.io', Mirrors: [], Secure: true, Official: true } },
      Mirrors: null,
    },
    NCPU: m.cpus,
    MemTotal: m.memTotalBytes,
    GenericResources: null,
    DockerRootDir: '/var/lib/docker',
    HttpProxy: '',
    HttpsProxy: '',
    NoProxy: '',
    Name: m.hostname,
    Labels: [],
    ExperimentalBuild: false,
    ServerVersion: ENGINE_VERSION,
    Runtimes: { 'io.containerd.runc.v2': { path: 'runc' }, runc: { path: 'runc' } },
    DefaultRuntime: 'runc',
    Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
    LiveRestoreEnabled: false,
    Isolation: '',
    InitBinary: 'docker-init',
    ContainerdCommit: { ID: CONTAINERD.commit },
    RuncCommit: { ID: RUNC.commit },
    InitCommit: { ID: INIT.commit },
    SecurityOptions: ['name=apparmor', 'name=seccomp,profile=builtin', 'name=cgroupns', ...(engine.state.system.daemon.usernsRemap ? ['name=userns'] : [])],
    CDISpecDirs: ['/etc/cdi', '/var/run/cdi'],
    Containerd: { Address: '/run/containerd/containerd.sock', Namespaces: { Containers: 'moby', Plugins: 'plugins.moby' } },
    FirewallBackend: { Driver: 'iptables' },
    Warnings: null,
  };
}

/**
 * The container configuration dockerd stores from a create request (moby
 * daemon/create.go, daemon/daemon_unix.go adaptContainerSettings,
 * daemon/images merge of the image config): HostConfig with the daemon's
 * defaults (in the key order `docker inspect` prints), Config merged with the
 * image's (Cmd and Entrypoint, Env by key, Labels, ExposedPorts, Volumes,
 * WorkingDir, User, StopSignal, Healthcheck), Path/Args, and NetworkSettings
 * before the first start.
 * SIMPLIFICATIONS: request fields not modelled here are dropped.
 */

import type { ContainerConfig, HealthConfig, HostConfig, NetworkSettings } from './types.ts';
import type { SeamImage } from './seams.ts';
import { DEFAULT_MASKED_PATHS, DEFAULT_READONLY_PATHS } from '../runtime/spec.ts';

type Obj = Record<string, unknown>;

function str(v: unknown, d = ''): string {
  return typeof v === 'string' ? v : d;
}
function num(v: unknown, d = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
}
function bool(v: unknown, d = false): boolean {
  return typeof v === 'boolean' ? v : d;
}
function strs(v: unknown): string[] | null {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null;
}
function obj(v: unknown): Obj | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null;
}

/** moby's merge of the image's HEALTHCHECK into the container's: unset (empty/zero) fields come from the image. */
function mergeHealthcheck(user: HealthConfig | null, image: HealthConfig | undefined): { Healthcheck?: HealthConfig } {
  if (!user) return image ? { Healthcheck: Object.assign({}, image, (image.Test ? { Test: [...image.Test] } : {})) } : {};
  const out: HealthConfig = { ...user };
  if (image) {
    if (!out.Test?.length && image.Test) out.Test = [...image.Test];
    for (const k of ['Interval', 'Timeout', 'StartPeriod', 'StartInterval', 'Retries'] as const) if (!out[k] && image[k]) out[k] = image[k];
  }
  return { Healthcheck: out };
}

/** HostConfig from a request, with adaptContainerSettings' defaults. */
export function hostConfigFrom(raw: unknown): HostConfig {
  const h = obj(raw) ?? {};
  const rp = obj(h.RestartPolicy) ?? {};
  const log = obj(h.LogConfig);
  const memory = num(h.Memory);
  const memorySwap = num(h.MemorySwap);
  const privileged = bool(h.Privileged);
  const network = str(h.NetworkMode);
  const pids = h.PidsLimit === null || h.PidsLimit === undefined ? null : num(h.PidsLimit);
  const out: HostConfig = {
    Binds: strs(h.Binds),
    ContainerIDFile: str(h.ContainerIDFile),
    LogConfig: { Type: str(log?.Type, 'json-file') || 'json-file', Config: (obj(log?.Config) as Record<string, string>) ?? {} },
    NetworkMode: network === '' || network === 'default' ? 'bridge' : network,
    PortBindings: (obj(h.PortBindings) as HostConfig['PortBindings']) ?? {},
    RestartPolicy: { Name: (str(rp.Name) || 'no') as HostConfig['RestartPolicy']['Name'], MaximumRetryCount: num(rp.MaximumRetryCount) },
    AutoRemove: bool(h.AutoRemove),
    VolumeDriver: str(h.VolumeDriver),
    VolumesFrom: strs(h.VolumesFrom),
    ConsoleSize: Array.isArray(h.ConsoleSize) && h.ConsoleSize.length === 2 ? [num(h.ConsoleSize[0]), num(h.ConsoleSize[1])] : [0, 0],
    CapAdd: strs(h.CapAdd),
    CapDrop: strs(h.CapDrop),
    CgroupnsMode: str(h.CgroupnsMode) || 'private',
    Dns: strs(h.Dns) ?? [],
    DnsOptions: strs(h.DnsOptions) ?? [],
    DnsSearch: strs(h.DnsSearch) ?? [],
    ExtraHosts: strs(h.ExtraHosts),
    GroupAdd: strs(h.GroupAdd),
    IpcMode: str(h.IpcMode) || 'private',
    Cgroup: str(h.Cgroup),
    Links: strs(h.Links),
    OomScoreAdj: num(h.OomScoreAdj),
    PidMode: str(h.PidMode),
    Privileged: privileged,
    PublishAllPorts: bool(h.PublishAllPorts),
    ReadonlyRootfs: bool(h.ReadonlyRootfs),
    SecurityOpt: strs(h.SecurityOpt),
    ...(obj(h.Tmpfs) ? { Tmpfs: obj(h.Tmpfs) as Record<string, string> } : {}),
    UTSMode: str(h.UTSMode),
    UsernsMode: str(h.UsernsMode),
    ShmSize: num(h.ShmSize) || 67108864,
    Runtime: str(h.Runtime) || 'runc',
    Isolation: str(h.Isolation),
    CpuShares: num(h.CpuShares),
    Memory: memory,
    NanoCpus: num(h.NanoCpus),
    CgroupParent: str(h.CgroupParent),
    BlkioWeight: num(h.BlkioWeight),
    CpuPeriod: num(h.CpuPeriod),
    CpuQuota: num(h.CpuQuota),
    CpusetCpus: str(h.CpusetCpus),
    CpusetMems: str(h.CpusetMems),
    Devices: Array.isArray(h.Devices) ? [...h.Devices] : [],
    MemoryReservation: num(h.MemoryReservation),
    MemorySwap: memory > 0 && memorySwap === 0 ? memory * 2 : memorySwap,
    MemorySwappiness: typeof h.MemorySwappiness === 'number' && h.MemorySwappiness !== -1 ? h.MemorySwappiness : null,
    // cgroup v2 has no oom_control: the daemon drops the flag.
    OomKillDisable: null,
    PidsLimit: pids !== null && pids > 0 ? pids : null,
    Ulimits: Array.isArray(h.Ulimits) ? [...h.Ulimits] : [],
    ...(Array.isArray(h.Mounts) ? { Mounts: h.Mounts as HostConfig['Mounts'] } : {}),
    MaskedPaths: privileged ? null : [...DEFAULT_MASKED_PATHS],
    ReadonlyPaths: privileged ? null : [...DEFAULT_READONLY_PATHS],
    ...(typeof h.Init === 'boolean' ? { Init: h.Init } : {}),
  };
  return out;
}

function envKey(e: string): string {
  const i = e.indexOf('=');
  return i < 0 ? e : e.slice(0, i);
}

/** The request's Config merged with the image's (daemon.mergeAndVerifyConfig / image merge). */
export function mergeConfig(body: Obj, img: SeamImage | null): ContainerConfig {
  const ic = img?.config ?? {};
  let entrypoint = strs(body.Entrypoint);
  // --entrypoint "" clears the image's entrypoint.
  if (entrypoint && entrypoint.length === 1 && entrypoint[0] === '') entrypoint = [];
  let cmd = strs(body.Cmd);
  if (!entrypoint || entrypoint.length === 0) {
    if (!cmd || cmd.length === 0) cmd = ic.Cmd ? [...ic.Cmd] : cmd;
    if (entrypoint === null) entrypoint = ic.Entrypoint ? [...ic.Entrypoint] : null;
  }
  const env = [...(ic.Env ?? [])];
  for (const e of strs(body.Env) ?? []) {
    const key = envKey(e);
    const i = env.findIndex((x) => envKey(x) === key);
    if (i >= 0) env[i] = e;
    else env.push(e);
  }
  const ports = { ...(ic.ExposedPorts ?? {}), ...((obj(body.ExposedPorts) as Record<string, Record<string, never>>) ?? {}) };
  const volumes = { ...(ic.Volumes ?? {}), ...((obj(body.Volumes) as Record<string, Record<string, never>>) ?? {}) };
  const cfg: ContainerConfig = {
    Hostname: str(body.Hostname),
    Domainname: str(body.Domainname),
    User: str(body.User) || ic.User || '',
    AttachStdin: bool(body.AttachStdin),
    AttachStdout: bool(body.AttachStdout),
    AttachStderr: bool(body.AttachStderr),
    ...(Object.keys(ports).length ? { ExposedPorts: ports } : {}),
    Tty: bool(body.Tty),
    OpenStdin: bool(body.OpenStdin),
    StdinOnce: bool(body.StdinOnce),
    Env: env,
    Cmd: cmd,
    ...mergeHealthcheck(obj(body.Healthcheck) as HealthConfig | null, ic.Healthcheck),
    Image: str(body.Image),
    Volumes: Object.keys(volumes).length ? volumes : null,
    WorkingDir: str(body.WorkingDir) || ic.WorkingDir || '',
    Entrypoint: entrypoint && entrypoint.length ? entrypoint : null,
    OnBuild: null,
    Labels: { ...(ic.Labels ?? {}), ...((obj(body.Labels) as Record<string, string>) ?? {}) },
    ...(str(body.StopSignal) || ic.StopSignal ? { StopSignal: str(body.StopSignal) || (ic.StopSignal as string) } : {}),
    ...(typeof body.StopTimeout === 'number' ? { StopTimeout: body.StopTimeout } : {}),
  };
  return cfg;
}

/** getEntrypointAndArgs: Path and Args of the container's process. */
export function pathAndArgs(cfg: ContainerConfig): { Path: string; Args: string[] } | null {
  const ep = cfg.Entrypoint ?? [];
  const cmd = cfg.Cmd ?? [];
  if (ep.length) return { Path: ep[0] as string, Args: [...ep.slice(1), ...cmd] };
  if (cmd.length) return { Path: cmd[0] as string, Args: cmd.slice(1) };
  return null;
}

/** Endpoint config as inspect shows it before the container is connected. */
export function idleEndpoint(cfg: Obj | undefined): Record<string, unknown> {
  return {
    IPAMConfig: cfg?.IPAMConfig ?? null,
    Links: cfg?.Links ?? null,
    Aliases: cfg?.Aliases ?? null,
    MacAddress: str(cfg?.MacAddress),
    DriverOpts: cfg?.DriverOpts ?? null,
    GwPriority: num(cfg?.GwPriority),
    NetworkID: '',
    EndpointID: '',
    Gateway: '',
    IPAddress: '',
    IPPrefixLen: 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: null,
  };
}

/** NetworkSettings of a container that has not started (or has stopped). */
export function idleNetworkSettings(networkMode: string, endpoints: Record<string, Record<string, unknown>>): NetworkSettings {
  const nets: Record<string, Record<string, unknown>> = {};
  const names = Object.keys(endpoints);
  const modeNet = networkMode.startsWith('container:') ? null : networkMode;
  if (modeNet && !names.includes(modeNet)) nets[modeNet] = idleEndpoint(undefined);
  for (const n of names) nets[n] = idleEndpoint(endpoints[n] as Obj);
  return {
    Bridge: '',
    SandboxID: '',
    SandboxKey: '',
    Ports: {},
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: '',
    Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    IPAddress: '',
    IPPrefixLen: 0,
    IPv6Gateway: '',
    MacAddress: '',
    Networks: nets,
  };
}

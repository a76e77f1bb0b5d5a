/**
 * docker run / create options into the ContainerCreate body (docker/cli
 * cli/command/container/opts.go parse()): Config, HostConfig and
 * NetworkingConfig with the Engine API's key names and the client-side
 * validation and error texts (ports, volumes, restart policy, --rm with
 * --restart, env files, health checks, security options, networks).
 * SIMPLIFICATIONS: devices are parsed as PATH[:PATH[:PERMS]] only; --gpus
 * and CDI devices are not turned into device requests.
 */

import type { Flags } from '../spec/types.ts';
import { flagBool, flagChanged, flagList, flagNum, flagStr } from '../spec/parse.ts';
import { convertToStandardNotation, parsePortRange, parsePortSpecs, sortedKeys, splitProtoPort } from './ports.ts';
import { parseMountSpec, type ApiMount } from './mount.ts';
import { parseVolumeSpec } from './volumes.ts';
import { readEnvFile, readLabelFile } from './envfile.ts';
import { endpointsConfig } from './network-opts.ts';
import { kvMap } from '../util/kv.ts';

export interface ContainerCreateBody {
  Config: Record<string, unknown>;
  HostConfig: Record<string, unknown>;
  NetworkingConfig: { EndpointsConfig: Record<string, unknown> };
}

export interface ConfigEnv {
  readFile(path: string): { data: string } | { error: string };
  env: Record<string, string>;
  /** [rows, cols] of stdout when it is a terminal. */
  consoleSize: [number, number];
}

export const MAC_RE = /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/;

/** opts.ParseRestartPolicy. */
export function parseRestartPolicy(policy: string): { Name: string; MaximumRetryCount: number } | { error: string } {
  if (policy === '') return { Name: '', MaximumRetryCount: 0 };
  const i = policy.indexOf(':');
  const k = i < 0 ? policy : policy.slice(0, i);
  const v = i < 0 ? '' : policy.slice(i + 1);
  if (i >= 0 && k === '') return { error: 'invalid restart policy format: no policy provided before colon' };
  let count = 0;
  if (v !== '') {
    if (!/^[+-]?\d+$/.test(v)) return { error: 'invalid restart policy format: maximum retry count must be an integer' };
    count = Number(v);
  }
  return { Name: k, MaximumRetryCount: count };
}

/** NormalizeCapability: upper case, CAP_ prefix (except ALL). */
export function normalizeCap(c: string): string {
  const u = c.trim().toUpperCase();
  return u === 'ALL' || u.startsWith('CAP_') ? u : `CAP_${u}`;
}


function parseSecurityOpts(list: string[]): string[] | { error: string } {
  for (const opt of list) {
    let i = opt.indexOf('=');
    let k = i < 0 ? opt : opt.slice(0, i);
    if (i < 0 && k !== 'no-new-privileges') {
      i = opt.indexOf(':');
      k = i < 0 ? opt : opt.slice(0, i);
    }
    const v = i < 0 ? '' : opt.slice(i + 1);
    if ((i < 0 || v === '') && k !== 'no-new-privileges') return { error: `Invalid --security-opt: ${JSON.stringify(opt)}` };
  }
  return list;
}

function durationOrUndef(ns: number): number | undefined {
  return ns === 0 ? undefined : ns;
}

/** Build the ContainerCreate body; `args` are IMAGE [COMMAND] [ARG...]. */
export function buildContainerConfig(f: Flags, args: string[], env: ConfigEnv, opts: { detach: boolean }): ContainerCreateBody | { error: string } {
  const attach = flagList(f, 'attach');
  let attachStdin = attach.includes('stdin');
  let attachStdout = attach.includes('stdout');
  let attachStderr = attach.includes('stderr');
  const mac = flagStr(f, 'mac-address');
  if (mac && !MAC_RE.test(mac)) return { error: `${mac} is not a valid mac address` };
  const stdin = flagBool(f, 'interactive');
  if (stdin) attachStdin = true;
  if (attach.length === 0) {
    attachStdout = true;
    attachStderr = true;
  }
  const swappiness = flagNum(f, 'memory-swappiness');
  if (swappiness !== -1 && (swappiness < 0 || swappiness > 100)) return { error: `invalid value: ${swappiness}. Valid memory swappiness range is 0-100` };

  // -v: binds (with a source) go to HostConfig.Binds, the rest are anonymous volumes.
  const binds: string[] = [];
  const volumes: Record<string, Record<string, never>> = {};
  for (const spec of flagList(f, 'volume')) {
    const v = parseVolumeSpec(spec);
    if ('error' in v) return v;
    if (v.source !== '') {
      if (!binds.includes(spec)) binds.push(spec);
    } else volumes[spec] = {};
  }
  const tmpfs: Record<string, string> = {};
  for (const t of flagList(f, 'tmpfs')) {
    const i = t.indexOf(':');
    tmpfs[i < 0 ? t : t.slice(0, i)] = i < 0 ? '' : t.slice(i + 1);
  }
  const cmd = args.slice(1);
  let entrypoint: string[] | null = null;
  if (flagStr(f, 'entrypoint') !== '') entrypoint = [flagStr(f, 'entrypoint')];
  else if (flagChanged(f, 'entrypoint')) entrypoint = [''];

  const std = convertToStandardNotation(flagList(f, 'publish'));
  if ('error' in std) return std;
  const ps = parsePortSpecs(std);
  if ('error' in ps) return ps;
  const exposed = new Set(ps.exposed);
  for (const e of flagList(f, 'expose')) {
    if (e.includes(':')) return { error: `invalid port format for --expose: ${e}` };
    const [proto, port] = splitProtoPort(e);
    const r = parsePortRange(port);
    if ('error' in r) return { error: `invalid range format for --expose: ${e}, error: ${r.error}` };
    for (let p = r[0]; p <= r[1]; p++) exposed.add(`${p}/${proto}`);
  }

  const devices: Array<Record<string, string>> = [];
  for (const d of flagList(f, 'device')) {
    const parts = d.split(':');
    if (parts.length > 3 || parts.some((p) => p === '')) return { error: `invalid device specification: ${d}` };
    const src = parts[0] as string;
    let dst = parts[1] ?? src;
    let perms = parts[2] ?? 'rwm';
    if (parts.length === 2 && /^[rwm]+$/.test(parts[1] as string)) {
      dst = src;
      perms = parts[1] as string;
    }
    devices.push({ PathOnHost: src, PathInContainer: dst, CgroupPermissions: perms });
  }

  const envList: string[] = [];
  for (const file of flagList(f, 'env-file')) {
    const r = readEnvFile(env.readFile, file, env.env);
    if ('error' in r) return r;
    envList.push(...r.lines);
  }
  envList.push(...flagList(f, 'env'));
  const labelList: string[] = [];
  for (const file of flagList(f, 'label-file')) {
    const r = readLabelFile(env.readFile, file);
    if ('error' in r) return r;
    labelList.push(...r.lines);
  }
  labelList.push(...flagList(f, 'label'));

  const pid = flagStr(f, 'pid');
  if (!(pid === '' || pid === 'host' || /^container:.+/.test(pid))) return { error: '--pid: invalid PID mode' };
  const uts = flagStr(f, 'uts');
  if (!(uts === '' || uts === 'host')) return { error: '--uts: invalid UTS mode' };
  const userns = flagStr(f, 'userns');
  if (!(userns === '' || userns === 'host' || userns === 'private')) return { error: '--userns: invalid USER mode' };
  const cgroupns = flagStr(f, 'cgroupns');
  if (!(cgroupns === '' || cgroupns === 'host' || cgroupns === 'private')) return { error: '--cgroupns: invalid CGROUP mode' };
  const restart = parseRestartPolicy(flagStr(f, 'restart'));
  if ('error' in restart) return restart;
  const logDriver = flagStr(f, 'log-driver');
  const logOpts = flagList(f, 'log-opt');
  if (logDriver === 'none' && logOpts.length) return { error: `invalid logging opts for driver ${logDriver}` };
  const sec = parseSecurityOpts(flagList(f, 'security-opt'));
  if ('error' in sec) return sec;
  let masked: string[] | null = null;
  let readonly: string[] | null = null;
  const securityOpt = sec.length ? sec.filter((o) => o !== 'systempaths=unconfined') : null;
  if (sec.includes('systempaths=unconfined')) {
    masked = [];
    readonly = [];
  }

  let health: Record<string, unknown> | undefined;
  const hcmd = flagStr(f, 'health-cmd');
  const hInterval = flagNum(f, 'health-interval');
  const hTimeout = flagNum(f, 'health-timeout');
  const hStart = flagNum(f, 'health-start-period');
  const hStartInt = flagNum(f, 'health-start-interval');
  const hRetries = flagNum(f, 'health-retries');
  const haveHealth = hcmd !== '' || hInterval !== 0 || hTimeout !== 0 || hStart !== 0 || hRetries !== 0 || hStartInt !== 0;
  if (flagBool(f, 'no-healthcheck')) {
    if (haveHealth) return { error: '--no-healthcheck conflicts with --health-* options' };
    health = { Test: ['NONE'] };
  } else if (haveHealth) {
    if (hInterval < 0) return { error: '--health-interval cannot be negative' };
    if (hTimeout < 0) return { error: '--health-timeout cannot be negative' };
    if (hRetries < 0) return { error: '--health-retries cannot be negative' };
    if (hStart < 0) return { error: '--health-start-period cannot be negative' };
    if (hStartInt < 0) return { error: '--health-start-interval cannot be negative' };
    health = {};
    if (hcmd) health.Test = ['CMD-SHELL', hcmd];
    for (const [k, v] of [['Interval', hInterval], ['Timeout', hTimeout], ['StartPeriod', hStart], ['StartInterval', hStartInt]] as const) {
      const d = durationOrUndef(v);
      if (d !== undefined) health[k] = d;
    }
    if (hRetries) health.Retries = hRetries;
  }

  const ulimits = flagList(f, 'ulimit').map((u) => {
    const [name, lim] = u.split('=') as [string, string];
    const [soft, hard] = lim.split(':');
    return { Name: name, Hard: Number(hard ?? soft), Soft: Number(soft) };
  });
  const mounts: ApiMount[] = [];
  for (const m of flagList(f, 'mount')) {
    const r = parseMountSpec(m);
    if ('value' in r) mounts.push(r.value);
  }

  const ep = endpointsConfig(f, mac);
  if ('error' in ep) return ep;

  const config: Record<string, unknown> = {
    Hostname: flagStr(f, 'hostname'),
    Domainname: flagStr(f, 'domainname'),
    User: flagStr(f, 'user'),
    AttachStdin: attachStdin,
    AttachStdout: attachStdout,
    AttachStderr: attachStderr,
  };
  if (exposed.size) config.ExposedPorts = Object.fromEntries([...exposed].sort().map((p) => [p, {}]));
  Object.assign(config, { Tty: flagBool(f, 'tty'), OpenStdin: stdin, StdinOnce: false, Env: envList.length ? envList : null, Cmd: cmd.length ? cmd : null });
  if (health) config.Healthcheck = health;
  Object.assign(config, { Image: args[0], Volumes: volumes, WorkingDir: flagStr(f, 'workdir'), Entrypoint: entrypoint, OnBuild: null, Labels: kvMap(labelList) });
  if (flagStr(f, 'stop-signal')) config.StopSignal = flagStr(f, 'stop-signal');
  if (flagChanged(f, 'stop-timeout')) config.StopTimeout = flagNum(f, 'stop-timeout');

  const hc: Record<string, unknown> = {
    Binds: binds.length ? binds : null,
    ContainerIDFile: flagStr(f, 'cidfile'),
    LogConfig: { Type: logDriver, Config: kvMap(logOpts) },
    NetworkMode: ep.networkMode,
    PortBindings: sortedKeys(ps.bindings),
    RestartPolicy: restart,
    AutoRemove: flagBool(f, 'rm'),
    VolumeDriver: flagStr(f, 'volume-driver'),
    VolumesFrom: flagList(f, 'volumes-from').length ? flagList(f, 'volumes-from') : null,
    ConsoleSize: env.consoleSize,
  };
  if (flagList(f, 'annotation').length) hc.Annotations = kvMap(flagList(f, 'annotation'));
  const list = (n: string) => (flagList(f, n).length ? flagList(f, n) : null);
  Object.assign(hc, {
    CapAdd: flagList(f, 'cap-add').length ? flagList(f, 'cap-add').map(normalizeCap) : null,
    CapDrop: flagList(f, 'cap-drop').length ? flagList(f, 'cap-drop').map(normalizeCap) : null,
    CgroupnsMode: cgroupns,
    Dns: flagList(f, 'dns'),
    DnsOptions: [...flagList(f, 'dns-option'), ...flagList(f, 'dns-opt')],
    DnsSearch: flagList(f, 'dns-search'),
    ExtraHosts: list('add-host'),
    GroupAdd: list('group-add'),
    IpcMode: flagStr(f, 'ipc'),
    Cgroup: '',
    Links: list('link'),
    OomScoreAdj: flagNum(f, 'oom-score-adj'),
    PidMode: pid,
    Privileged: flagBool(f, 'privileged'),
    PublishAllPorts: flagBool(f, 'publish-all'),
    ReadonlyRootfs: flagBool(f, 'read-only'),
    SecurityOpt: securityOpt,
  });
  if (flagList(f, 'storage-opt').length) hc.StorageOpt = kvMap(flagList(f, 'storage-opt'));
  if (Object.keys(tmpfs).length) hc.Tmpfs = tmpfs;
  Object.assign(hc, { UTSMode: uts, UsernsMode: userns, ShmSize: flagNum(f, 'shm-size') });
  if (flagList(f, 'sysctl').length) hc.Sysctls = kvMap(flagList(f, 'sysctl'));
  if (flagStr(f, 'runtime')) hc.Runtime = flagStr(f, 'runtime');
  Object.assign(hc, {
    Isolation: flagStr(f, 'isolation'),
    CpuShares: flagNum(f, 'cpu-shares'),
    Memory: flagNum(f, 'memory'),
    NanoCpus: flagNum(f, 'cpus'),
    CgroupParent: flagStr(f, 'cgroup-parent'),
    BlkioWeight: flagNum(f, 'blkio-weight'),
    BlkioWeightDevice: [],
    BlkioDeviceReadBps: [],
    BlkioDeviceWriteBps: [],
    BlkioDeviceReadIOps: [],
    BlkioDeviceWriteIOps: [],
    CpuPeriod: flagNum(f, 'cpu-period'),
    CpuQuota: flagNum(f, 'cpu-quota'),
    CpuRealtimePeriod: flagNum(f, 'cpu-rt-period'),
    CpuRealtimeRuntime: flagNum(f, 'cpu-rt-runtime'),
    CpusetCpus: flagStr(f, 'cpuset-cpus'),
    CpusetMems: flagStr(f, 'cpuset-mems'),
    Devices: devices,
    DeviceCgroupRules: list('device-cgroup-rule'),
    DeviceRequests: null,
  });
  if (flagNum(f, 'kernel-memory')) hc.KernelMemory = flagNum(f, 'kernel-memory');
  Object.assign(hc, {
    MemoryReservation: flagNum(f, 'memory-reservation'),
    MemorySwap: flagNum(f, 'memory-swap'),
    MemorySwappiness: swappiness,
    OomKillDisable: flagBool(f, 'oom-kill-disable'),
    PidsLimit: flagNum(f, 'pids-limit'),
    Ulimits: ulimits,
    CpuCount: flagNum(f, 'cpu-count'),
    CpuPercent: flagNum(f, 'cpu-percent'),
    IOMaximumIOps: flagNum(f, 'io-maxiops'),
    IOMaximumBandwidth: flagNum(f, 'io-maxbandwidth'),
  });
  if (mounts.length) hc.Mounts = mounts;
  Object.assign(hc, { MaskedPaths: masked, ReadonlyPaths: readonly });
  if (flagChanged(f, 'init')) hc.Init = flagBool(f, 'init');

  if (flagBool(f, 'rm') && restart.Name !== 'no' && restart.Name !== '') return { error: 'conflicting options: cannot specify both --restart and --rm' };
  if (stdin && attachStdin) config.StdinOnce = true;
  if (opts.detach) {
    config.AttachStdin = false;
    config.AttachStdout = false;
    config.AttachStderr = false;
    config.StdinOnce = false;
  }
  return { Config: config, HostConfig: hc, NetworkingConfig: { EndpointsConfig: ep.endpoints } };
}

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

/** A list flag's values, or null when it was not given. */
function listOrNull(f: Flags, name: string): string[] | null {
  const v = flagList(f, name);
  return v.length ? v : null;
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

  // Keys are set in the order docker's structs declare them (the body's JSON order).
  const config: Record<string, unknown> = {
    Hostname: flagStr(f, 'hostname'),
    Domainname: flagStr(f, 'domainname'),
    User: flagStr(f, 'user'),
    AttachStdin: attachStdin,
    AttachStdout: attachStdout,
    AttachStderr: attachStderr,
  };
  if (exposed.size) config.ExposedPorts = Object.fromEntries([...exposed].sort().map((p) => [p, {}]));
  config.Tty = flagBool(f, 'tty');
  config.OpenStdin = stdin;
  config.StdinOnce = false;
  config.Env = envList.length ? envList : null;
  config.Cmd = cmd.length ? cmd : null;
  if (health) config.Healthcheck = health;
  config.Image = args[0];
  config.Volumes = volumes;
  config.WorkingDir = flagStr(f, 'workdir');
  config.Entrypoint = entrypoint;
  config.OnBuild = null;
  config.Labels = kvMap(labelList);
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
    VolumesFrom: listOrNull(f, 'volumes-from'),
    ConsoleSize: env.consoleSize,
  };
  const annotations = flagList(f, 'annotation');
  if (annotations.length) hc.Annotations = kvMap(annotations);
  const capAdd = flagList(f, 'cap-add');
  const capDrop = flagList(f, 'cap-drop');
  hc.CapAdd = capAdd.length ? capAdd.map(normalizeCap) : null;
  hc.CapDrop = capDrop.length ? capDrop.map(normalizeCap) : null;
  hc.CgroupnsMode = cgroupns;
  hc.Dns = flagList(f, 'dns');
  hc.DnsOptions = [...flagList(f, 'dns-option'), ...flagList(f, 'dns-opt')];
  hc.DnsSearch = flagList(f, 'dns-search');
  hc.ExtraHosts = listOrNull(f, 'add-host');
  hc.GroupAdd = listOrNull(f, 'group-add');
  hc.IpcMode = flagStr(f, 'ipc');
  hc.Cgroup = '';
  hc.Links = listOrNull(f, 'link');
  hc.OomScoreAdj = flagNum(f, 'oom-score-adj');
  hc.PidMode = pid;
  hc.Privileged = flagBool(f, 'privileged');
  hc.PublishAllPorts = flagBool(f, 'publish-all');
  hc.ReadonlyRootfs = flagBool(f, 'read-only');
  hc.SecurityOpt = securityOpt;
  const storageOpts = flagList(f, 'storage-opt');
  if (storageOpts.length) hc.StorageOpt = kvMap(storageOpts);
  if (Object.keys(tmpfs).length) hc.Tmpfs = tmpfs;
  hc.UTSMode = uts;
  hc.UsernsMode = userns;
  hc.ShmSize = flagNum(f, 'shm-size');
  const sysctls = flagList(f, 'sysctl');
  if (sysctls.length) hc.Sysctls = kvMap(sysctls);
  if (flagStr(f, 'runtime')) hc.Runtime = flagStr(f, 'runtime');
  hc.Isolation = flagStr(f, 'isolation');
  hc.CpuShares = flagNum(f, 'cpu-shares');
  hc.Memory = flagNum(f, 'memory');
  hc.NanoCpus = flagNum(f, 'cpus');
  hc.CgroupParent = flagStr(f, 'cgroup-parent');
  hc.BlkioWeight = flagNum(f, 'blkio-weight');
  hc.BlkioWeightDevice = [];
  hc.BlkioDeviceReadBps = [];
  hc.BlkioDeviceWriteBps = [];
  hc.BlkioDeviceReadIOps = [];
  hc.BlkioDeviceWriteIOps = [];
  hc.CpuPeriod = flagNum(f, 'cpu-period');
  hc.CpuQuota = flagNum(f, 'cpu-quota');
  hc.CpuRealtimePeriod = flagNum(f, 'cpu-rt-period');
  hc.CpuRealtimeRuntime = flagNum(f, 'cpu-rt-runtime');
  hc.CpusetCpus = flagStr(f, 'cpuset-cpus');
  hc.CpusetMems = flagStr(f, 'cpuset-mems');
  hc.Devices = devices;
  hc.DeviceCgroupRules = listOrNull(f, 'device-cgroup-rule');
  hc.DeviceRequests = null;
  if (flagNum(f, 'kernel-memory')) hc.KernelMemory = flagNum(f, 'kernel-memory');
  hc.MemoryReservation = flagNum(f, 'memory-reservation');
  hc.MemorySwap = flagNum(f, 'memory-swap');
  hc.MemorySwappiness = swappiness;
  hc.OomKillDisable = flagBool(f, 'oom-kill-disable');
  hc.PidsLimit = flagNum(f, 'pids-limit');
  hc.Ulimits = ulimits;
  hc.CpuCount = flagNum(f, 'cpu-count');
  hc.CpuPercent = flagNum(f, 'cpu-percent');
  hc.IOMaximumIOps = flagNum(f, 'io-maxiops');
  hc.IOMaximumBandwidth = flagNum(f, 'io-maxbandwidth');
  if (mounts.length) hc.Mounts = mounts;
  hc.MaskedPaths = masked;
  hc.ReadonlyPaths = readonly;
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

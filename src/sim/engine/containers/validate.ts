/**
 * The daemon's checks of a create (or update) request before it makes a
 * container (moby daemon/container.go verifyContainerSettings,
 * daemon/daemon_unix.go verifyPlatformContainerSettings and
 * verifyPlatformContainerResources, api/types/container validateRestartPolicy).
 * Each error is the daemon's text; all are 400 (errdefs.InvalidParameter).
 * SIMPLIFICATIONS: no blkio, device, ulimit or sysctl checks.
 */

import type { ContainerConfig, HostConfig } from './types.ts';
import { capSetsForContainer } from '../../kernel/caps/container.ts';
import { signalNumber } from '../../kernel/signals.ts';
import { parseCpuList } from '../../kernel/cgroup/parse.ts';

/** linuxMinMemory: 6 MB. */
export const MIN_MEMORY = 6 * 1024 * 1024;

const POLICIES = ['no', 'always', 'on-failure', 'unless-stopped'];

export function validateRestartPolicy(p: { Name: string; MaximumRetryCount: number }): string | null {
  const name = p.Name === '' ? 'no' : p.Name;
  if (!POLICIES.includes(name)) return `invalid restart policy: unknown policy '${p.Name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`;
  if (p.MaximumRetryCount < 0) return 'invalid restart policy: maximum retry count cannot be negative';
  if (name !== 'on-failure' && p.MaximumRetryCount !== 0) return `invalid restart policy: maximum retry count can only be used with 'on-failure'`;
  return null;
}

/** moby/sys/signal.ParseSignal's error for a bad --stop-signal. */
export function parseStopSignal(s: string): number | string {
  const n = /^[0-9]+$/.test(s) ? Number(s) : signalNumber(s.toUpperCase().replace(/^SIG/, 'SIG'));
  if (n === null || n === 0 || !Number.isInteger(n) || n > 64) return `Invalid signal: ${s}`;
  return n;
}

export interface ResourceCheck {
  ncpu: number;
  /** For docker update: the current limits the new ones combine with. */
  current?: Pick<HostConfig, 'Memory' | 'MemorySwap' | 'MemoryReservation'>;
}

/** Memory and CPU checks shared by create and update. */
export function validateResources(h: Partial<HostConfig>, o: ResourceCheck): string | null {
  const mem = h.Memory ?? 0;
  const swap = h.MemorySwap ?? 0;
  if (mem !== 0 && mem < MIN_MEMORY) return 'Minimum memory limit allowed is 6MB';
  if (mem > 0 && swap > 0 && swap < mem) return 'Minimum memoryswap limit should be larger than memory limit, see usage';
  if (mem === 0 && swap > 0 && !(o.current && o.current.Memory > 0)) return 'You should always set the Memory limit when using Memoryswap limit, see usage';
  if (h.MemorySwappiness != null && h.MemorySwappiness !== -1 && (h.MemorySwappiness < 0 || h.MemorySwappiness > 100)) {
    return `Invalid value: ${h.MemorySwappiness}, valid memory swappiness range is 0-100`;
  }
  const res = h.MemoryReservation ?? 0;
  if (mem > 0 && res > 0 && mem < res) return 'Minimum memory limit can not be less than memory reservation limit, see usage';
  if (res !== 0 && res < MIN_MEMORY) return 'Minimum memory reservation allowed is 6MB';
  const nano = h.NanoCpus ?? 0;
  if (nano > 0 && (h.CpuPeriod ?? 0) > 0) return 'Conflicting options: Nano CPUs and CPU Period cannot both be set';
  if (nano > 0 && (h.CpuQuota ?? 0) > 0) return 'Conflicting options: Nano CPUs and CPU Quota cannot both be set';
  if (nano < 0 || (nano > 0 && (nano < 1e7 || nano > o.ncpu * 1e9))) {
    return `Range of CPUs is from 0.01 to ${o.ncpu}.00, as there are only ${o.ncpu} CPUs available`;
  }
  if ((h.CpuPeriod ?? 0) !== 0 && ((h.CpuPeriod ?? 0) < 1000 || (h.CpuPeriod ?? 0) > 1000000)) return 'CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)';
  if ((h.CpuQuota ?? 0) > 0 && (h.CpuQuota ?? 0) < 1000) return 'CPU cfs quota can not be less than 1ms (i.e. 1000)';
  if ((h.CpuShares ?? 0) < 0) return 'invalid CPU shares: must be a positive integer';
  if (h.CpusetCpus) {
    const cpus = parseCpuList(h.CpusetCpus);
    const avail = `0-${o.ncpu - 1}`;
    if (cpus === null) return `Invalid value ${h.CpusetCpus} for cpuset cpus`;
    if (cpus.some((c) => c >= o.ncpu)) return `Requested CPUs are not available - requested ${h.CpusetCpus}, available: ${avail}`;
  }
  return null;
}

/** verifyContainerSettings for create. */
export function validateCreate(cfg: ContainerConfig, h: HostConfig, ncpu: number): string | null {
  if (cfg.WorkingDir && !cfg.WorkingDir.startsWith('/')) return `the working directory '${cfg.WorkingDir}' is invalid, it needs to be an absolute path`;
  if (cfg.StopSignal) {
    const s = parseStopSignal(cfg.StopSignal);
    if (typeof s === 'string') return s;
  }
  if (cfg.StopTimeout !== undefined && cfg.StopTimeout !== null && cfg.StopTimeout < -1) return `invalid stop timeout: ${cfg.StopTimeout}`;
  const rp = validateRestartPolicy(h.RestartPolicy);
  if (rp) return rp;
  if (h.AutoRemove && h.RestartPolicy.Name !== 'no' && h.RestartPolicy.Name !== '') return "can't create 'AutoRemove' container with restart policy";
  const r = validateResources(h, { ncpu });
  if (r) return r;
  if (h.ShmSize < 0) return 'SHM size can not be less than 0';
  if (h.OomScoreAdj < -1000 || h.OomScoreAdj > 1000) return `Invalid value ${h.OomScoreAdj}, range for oom score adj is [-1000, 1000]`;
  const caps = capSetsForContainer({ capAdd: h.CapAdd ?? [], capDrop: h.CapDrop ?? [], privileged: h.Privileged });
  if (typeof caps === 'string') return caps;
  for (const o of h.SecurityOpt ?? []) {
    const key = o.split(/[=:]/)[0] ?? '';
    if (!['no-new-privileges', 'seccomp', 'apparmor', 'label', 'systempaths', 'writable-cgroups'].includes(key)) return `invalid --security-opt 2: "${o}"`;
  }
  if (h.UsernsMode && h.UsernsMode !== 'host') return `invalid USER mode: ${h.UsernsMode}`;
  if (h.PidMode && h.PidMode !== 'host' && !h.PidMode.startsWith('container:')) return `invalid PID mode: ${h.PidMode}`;
  if (h.IpcMode && !['', 'private', 'shareable', 'host', 'none'].includes(h.IpcMode) && !h.IpcMode.startsWith('container:')) return `invalid IPC mode: ${h.IpcMode}`;
  if (h.UTSMode && h.UTSMode !== 'host') return `invalid UTS mode: ${h.UTSMode}`;
  if (h.CgroupnsMode && !['private', 'host'].includes(h.CgroupnsMode)) return `invalid cgroup namespace mode: ${h.CgroupnsMode}`;
  if (h.NetworkMode.startsWith('container:') && cfg.Hostname) return 'conflicting options: hostname and the network mode';
  return null;
}

/**
 * The OCI runtime spec dockerd hands to containerd and runc for a container
 * (moby daemon/oci_linux.go createSpec, daemon/pkg/oci/defaults.go), reduced
 * to what runc does with it here: which namespaces to create or join, the
 * mounts of the default spec, masked and read-only paths, capabilities, the
 * process (args, env, cwd, user, terminal) and the cgroup.
 *
 * SIMPLIFICATIONS:
 * - No seccomp or AppArmor profiles (security-opt values other than
 *   no-new-privileges are accepted and kept, not enforced).
 * - The time namespace is shared with the host (Docker 28 did not create one).
 */

import type { ContainerRecord } from '../containers/types.ts';
import type { NsType } from '../../kernel/ns/types.ts';

/** How one namespace type is set up: a new one, the host's, or another container's. */
export type NsPlan = { kind: 'new' } | { kind: 'host' } | { kind: 'container'; ref: string };

export interface SpecMount {
  destination: string;
  type: string;
  source: string;
  flags: string[];
  data?: string;
}

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** moby daemon/pkg/oci/defaults.go (Docker 28). */
export const DEFAULT_MASKED_PATHS: readonly string[] = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/interrupts',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];

export const DEFAULT_READONLY_PATHS: readonly string[] = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** "container:<name or id>" → the reference, else null. */
export function containerRef(mode: string): string | null {
  return mode.startsWith('container:') ? mode.slice('container:'.length) : null;
}

function modePlan(mode: string, hostWord = 'host'): NsPlan {
  const ref = containerRef(mode);
  if (ref !== null) return { kind: 'container', ref };
  return mode === hostWord ? { kind: 'host' } : { kind: 'new' };
}

/** The namespace of each type, per HostConfig (oci_linux.go WithNamespaces). */
export function namespacePlan(c: ContainerRecord, usernsRemap: boolean): Record<Exclude<NsType, 'time'>, NsPlan> {
  const h = c.HostConfig;
  const net = h.NetworkMode;
  return {
    mnt: { kind: 'new' },
    pid: modePlan(h.PidMode),
    net: modePlan(net),
    ipc: modePlan(h.IpcMode),
    uts: h.UTSMode === 'host' ? { kind: 'host' } : { kind: 'new' },
    cgroup: h.CgroupnsMode === 'host' ? { kind: 'host' } : { kind: 'new' },
    user: usernsRemap && h.UsernsMode !== 'host' && !h.Privileged && net !== 'host' && h.PidMode !== 'host' ? { kind: 'new' } : { kind: 'host' },
  };
}

/** The mounts of Docker's default spec, in order (before the container's own binds and volumes). */
export function defaultMounts(c: ContainerRecord): SpecMount[] {
  const priv = c.HostConfig.Privileged;
  const shmKb = Math.floor((c.HostConfig.ShmSize || 67108864) / 1024);
  return [
    { destination: '/proc', type: 'proc', source: 'proc', flags: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', flags: ['nosuid', 'strictatime'], data: 'mode=755,size=65536k' },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', flags: ['nosuid', 'noexec'], data: 'newinstance,ptmxmode=0666,mode=0620,gid=5' },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', flags: priv ? ['nosuid', 'noexec', 'nodev'] : ['nosuid', 'noexec', 'nodev', 'ro'] },
    { destination: '/sys/fs/cgroup', type: 'cgroup2', source: 'cgroup', flags: priv ? ['nosuid', 'noexec', 'nodev', 'relatime'] : ['ro', 'nosuid', 'noexec', 'nodev', 'relatime'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', flags: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', flags: ['nosuid', 'noexec', 'nodev'], data: `mode=1777,size=${shmKb}k` },
  ];
}

/** Character devices runc creates in the container's /dev (libcontainer/specconv AllowedDevices). */
export const DEFAULT_DEVICES: ReadonlyArray<{ name: string; major: number; minor: number }> = [
  { name: 'null', major: 1, minor: 3 },
  { name: 'zero', major: 1, minor: 5 },
  { name: 'full', major: 1, minor: 7 },
  { name: 'random', major: 1, minor: 8 },
  { name: 'urandom', major: 1, minor: 9 },
  { name: 'tty', major: 5, minor: 0 },
];

/** /dev symlinks runc makes (setupDevSymlinks, setupPtmx). */
export const DEV_SYMLINKS: ReadonlyArray<[string, string]> = [
  ['/proc/self/fd', 'fd'],
  ['/proc/self/fd/0', 'stdin'],
  ['/proc/self/fd/1', 'stdout'],
  ['/proc/self/fd/2', 'stderr'],
  ['pts/ptmx', 'ptmx'],
];

/** The process's argv: Entrypoint + Cmd (Path + Args in inspect), behind docker-init with --init. */
export function processArgs(c: ContainerRecord, withInit: boolean): string[] {
  const argv = [c.Path, ...c.Args];
  return withInit ? ['/sbin/docker-init', '--', ...argv] : argv;
}

function setEnv(list: string[], entry: string): string[] {
  const key = entry.split('=')[0] ?? '';
  const out = list.filter((e) => (e.split('=')[0] ?? '') !== key);
  out.push(entry);
  return out;
}

/** container.CreateDaemonEnvironment: PATH, HOSTNAME, TERM for a tty, then Config.Env (runc adds HOME if unset). */
export function processEnv(c: ContainerRecord): Record<string, string> {
  let list = [`PATH=${DEFAULT_PATH}`, `HOSTNAME=${c.Config.Hostname}`];
  if (c.Config.Tty) list.push('TERM=xterm');
  for (const e of c.Config.Env) list = setEnv(list, e.includes('=') ? e : `${e}=`);
  const env: Record<string, string> = {};
  for (const e of list) {
    const i = e.indexOf('=');
    env[e.slice(0, i)] = e.slice(i + 1);
  }
  return env;
}

/** Does `--security-opt no-new-privileges[:true]` apply? */
export function noNewPrivileges(c: ContainerRecord): boolean {
  return (c.HostConfig.SecurityOpt ?? []).some((o) => o === 'no-new-privileges' || o === 'no-new-privileges:true' || o === 'no-new-privileges=true');
}

/** The cgroup (systemd driver): /system.slice/docker-<id>.scope, or under --cgroup-parent. */
export function cgroupPathFor(c: ContainerRecord): string {
  const parent = c.HostConfig.CgroupParent;
  if (!parent) return `/system.slice/docker-${c.Id}.scope`;
  if (parent.endsWith('.slice')) return `/${parent.replace(/^\//, '')}/docker-${c.Id}.scope`;
  return `${parent.startsWith('/') ? parent : `/${parent}`}/${c.Id}`;
}

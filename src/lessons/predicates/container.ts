/**
 * Predicates on Docker containers, read from dockerd's records (what
 * `docker inspect` shows): `container` (one named container and its settings)
 * and `containers` (how many match).
 */

import type { ContainerRecord, ContainerStatus } from '../../sim/engine/containers/types.ts';
import type { PredicateCtx, PredicateDef, Verdict } from './types.ts';
import { findContainer, containerName } from './lookup.ts';
import { asStrings, capName, countOk, describeCount, familiar, parseSize, toCount } from './values.ts';

export const CONTAINER_STATES: readonly ContainerStatus[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

/** Host ports published by the container: "8080" and "8080:80/tcp" keys. */
function publishedPorts(c: ContainerRecord): Array<{ host: string; container: string; proto: string }> {
  const out: Array<{ host: string; container: string; proto: string }> = [];
  const running = c.NetworkSettings?.Ports ?? {};
  const source = Object.values(running).some((b) => b && b.length > 0) ? running : (c.HostConfig.PortBindings ?? {});
  for (const [key, binds] of Object.entries(source)) {
    const [cport = '', proto = 'tcp'] = key.split('/');
    for (const b of binds ?? []) if (b.HostPort) out.push({ host: b.HostPort, container: cport, proto });
  }
  return out;
}

function portMatches(spec: string, ports: ReturnType<typeof publishedPorts>): boolean {
  // "8080", "8080:80", "8080/udp", "8080:80/tcp"
  const [left = '', proto] = spec.split('/');
  const [host, cport] = left.includes(':') ? left.split(':') : [left, undefined];
  return ports.some((p) => p.host === host && (cport === undefined || p.container === cport) && (proto === undefined || p.proto === proto));
}

function cpusOf(c: ContainerRecord): number {
  const h = c.HostConfig;
  if (h.NanoCpus) return h.NanoCpus / 1e9;
  if (h.CpuQuota > 0) return h.CpuQuota / (h.CpuPeriod || 100000);
  return 0;
}

function networksOf(c: ContainerRecord): string[] {
  return [c.HostConfig.NetworkMode, ...Object.keys(c.NetworkSettings?.Networks ?? {})];
}

function imageMatches(c: ContainerRecord, want: string): boolean {
  const refs = [c.Config.Image, c.rt.imageRef].filter(Boolean).map(familiar);
  return refs.includes(familiar(want)) || c.Image === want || c.Image.replace(/^sha256:/, '').startsWith(want);
}

interface MountArg {
  target?: string;
  source?: string;
  type?: string;
}

/** Every settings check of a container; returns why it fails or true. */
function checkSettings(c: ContainerRecord, a: Record<string, unknown>): Verdict {
  const name = containerName(c);
  const st = c.State.Status;
  if (a.state !== undefined && st !== a.state) return `container ${name} is ${st}, not ${String(a.state)}`;
  if (a.running !== undefined && (st === 'running') !== a.running) return `container ${name} is ${st}`;
  if (a.image !== undefined && !imageMatches(c, String(a.image))) return `container ${name} runs ${c.Config.Image}, not ${String(a.image)}`;
  for (const p of asStrings(a.publishes)) if (!portMatches(p, publishedPorts(c))) return `container ${name} does not publish port ${p}`;
  if (a.oomKilled !== undefined && c.State.OOMKilled !== a.oomKilled) return a.oomKilled ? `container ${name} was not OOM-killed` : `container ${name} was OOM-killed`;
  if (a.exitCode !== undefined && (st === 'running' || c.State.ExitCode !== a.exitCode)) return `container ${name} has not exited with code ${String(a.exitCode)}`;
  if (a.memory !== undefined && c.HostConfig.Memory !== parseSize(a.memory)) return `container ${name} has memory limit ${c.HostConfig.Memory || 'none'}, not ${String(a.memory)}`;
  if (a.cpus !== undefined && Math.abs(cpusOf(c) - Number(a.cpus)) > 1e-9) return `container ${name} may use ${cpusOf(c) || 'all'} CPUs, not ${String(a.cpus)}`;
  if (a.cpuShares !== undefined && c.HostConfig.CpuShares !== a.cpuShares) return `container ${name} has CPU shares ${c.HostConfig.CpuShares || 'default'}, not ${String(a.cpuShares)}`;
  const added = asStrings(c.HostConfig.CapAdd).map(capName);
  for (const cap of asStrings(a.capAdd).map(capName)) if (!added.includes(cap) && !added.includes('CAP_ALL')) return `container ${name} was not started with --cap-add ${cap.replace(/^CAP_/, '')}`;
  const dropped = asStrings(c.HostConfig.CapDrop).map(capName);
  for (const cap of asStrings(a.capDrop).map(capName)) if (!dropped.includes(cap) && !dropped.includes('CAP_ALL')) return `container ${name} was not started with --cap-drop ${cap.replace(/^CAP_/, '')}`;
  if (a.privileged !== undefined && c.HostConfig.Privileged !== a.privileged) return `container ${name} is ${c.HostConfig.Privileged ? '' : 'not '}privileged`;
  if (a.network !== undefined && !networksOf(c).includes(String(a.network))) return `container ${name} is not on network ${String(a.network)}`;
  if (a.restart !== undefined && (c.HostConfig.RestartPolicy.Name || 'no') !== a.restart) return `container ${name} has restart policy ${c.HostConfig.RestartPolicy.Name || 'no'}`;
  if (a.hostname !== undefined && c.Config.Hostname !== a.hostname) return `container ${name} has hostname ${c.Config.Hostname}`;
  if (a.user !== undefined && c.Config.User !== String(a.user)) return `container ${name} runs as user ${c.Config.User || 'root'}`;
  if (a.pidMode !== undefined && c.HostConfig.PidMode !== a.pidMode) return `container ${name} has --pid ${c.HostConfig.PidMode || 'private'}`;
  if (a.readOnly !== undefined && c.HostConfig.ReadonlyRootfs !== a.readOnly) return `container ${name} has a ${c.HostConfig.ReadonlyRootfs ? 'read-only' : 'writable'} root filesystem`;
  for (const env of asStrings(a.env)) {
    const hit = env.includes('=') ? c.Config.Env.includes(env) : c.Config.Env.some((e) => e.startsWith(`${env}=`));
    if (!hit) return `container ${name} has no environment variable ${env}`;
  }
  if (a.mount !== undefined) {
    const m = a.mount as MountArg;
    const ok = (c.Mounts ?? []).some(
      (mp) =>
        (m.target === undefined || mp.Destination === m.target) &&
        (m.type === undefined || mp.Type === m.type) &&
        (m.source === undefined || mp.Source === m.source || mp.Name === m.source),
    );
    if (!ok) return `container ${name} has no mount ${JSON.stringify(m)}`;
  }
  return true;
}

export const containerPredicate: PredicateDef = {
  args: {
    name: 'string',
    exists: 'boolean',
    state: CONTAINER_STATES,
    running: 'boolean',
    image: 'string',
    publishes: 'strings',
    oomKilled: 'boolean',
    exitCode: 'number',
    memory: 'size',
    cpus: 'number',
    cpuShares: 'number',
    capAdd: 'strings',
    capDrop: 'strings',
    privileged: 'boolean',
    network: 'string',
    restart: ['no', 'always', 'on-failure', 'unless-stopped'],
    hostname: 'string',
    user: 'scalar',
    pidMode: 'string',
    readOnly: 'boolean',
    env: 'strings',
    mount: 'map',
  },
  required: [['name']],
  validate(a) {
    if (a.mount !== undefined) {
      const bad = Object.keys(a.mount as object).find((k) => !['target', 'source', 'type'].includes(k));
      if (bad) return `mount: unknown field "${bad}" (expected target, source, type)`;
    }
    if (a.exists === false && Object.keys(a).some((k) => k !== 'name' && k !== 'exists')) return 'exists: false cannot be combined with other fields';
    return null;
  },
  describe(a) {
    const name = String(a.name);
    if (a.exists === false) return `no container named ${name} exists`;
    const parts: string[] = [];
    if (a.state) parts.push(`is ${String(a.state)}`);
    if (a.running === true) parts.push('is running');
    if (a.image) parts.push(`runs image ${String(a.image)}`);
    for (const p of asStrings(a.publishes)) parts.push(`publishes port ${p}`);
    if (a.oomKilled === true) parts.push('was OOM-killed');
    if (a.exitCode !== undefined) parts.push(`exited with code ${String(a.exitCode)}`);
    if (a.memory !== undefined) parts.push(`has a memory limit of ${String(a.memory)}`);
    if (a.cpus !== undefined) parts.push(`may use ${String(a.cpus)} CPUs`);
    if (a.cpuShares !== undefined) parts.push(`has ${String(a.cpuShares)} CPU shares`);
    for (const c of asStrings(a.capAdd)) parts.push(`was given ${capName(c)}`);
    for (const c of asStrings(a.capDrop)) parts.push(`had ${capName(c)} dropped`);
    if (a.privileged === true) parts.push('is privileged');
    if (a.network) parts.push(`is on network ${String(a.network)}`);
    if (a.restart) parts.push(`has restart policy ${String(a.restart)}`);
    if (a.hostname) parts.push(`has hostname ${String(a.hostname)}`);
    if (a.mount) parts.push(`mounts ${JSON.stringify(a.mount)}`);
    for (const e of asStrings(a.env)) parts.push(`has ${e} in its environment`);
    return `a container named ${name} exists${parts.length ? ' and ' + parts.join(', ') : ''}`;
  },
  evaluate(a, ctx: PredicateCtx): Verdict {
    const name = String(a.name);
    const c = findContainer(ctx, name);
    if (a.exists === false) return c ? `container ${name} still exists` : true;
    if (!c) return `there is no container named ${name}`;
    return checkSettings(c, a);
  },
};

export const containersPredicate: PredicateDef = {
  args: { count: 'count', state: CONTAINER_STATES, image: 'string', network: 'string' },
  required: [['count']],
  describe(a) {
    const c = toCount(a.count) ?? {};
    const what = [a.state ? String(a.state) : '', 'container(s)', a.image ? `from ${String(a.image)}` : '', a.network ? `on network ${String(a.network)}` : '']
      .filter(Boolean)
      .join(' ');
    return `${describeCount(c)} ${what}`;
  },
  evaluate(a, ctx) {
    const all = Object.values(ctx.engine?.containers.byId ?? {});
    const n = all.filter(
      (c) =>
        (a.state === undefined || c.State.Status === a.state) &&
        (a.image === undefined || imageMatches(c, String(a.image))) &&
        (a.network === undefined || networksOf(c).includes(String(a.network))),
    ).length;
    const want = toCount(a.count) ?? {};
    return countOk(n, want) ? true : `there are ${n} such containers, want ${describeCount(want)}`;
  },
};

/**
 * Starting a container (moby daemon/start.go containerStart, containerd
 * task Create + Start, runc create + start):
 *   dockerd mounts the container's overlay (image layers + its upper dir) at
 *   .../merged in the host's mount namespace and writes the container's
 *   directory; containerd starts a shim; runc creates the task (namespaces,
 *   cgroup, network, rootfs, pivot_root, hostname, capabilities, user);
 *   the state becomes `running` with the init's host PID; `runc start` execs
 *   the command (behind docker-init with --init).
 * A failure leaves the container as it was, with .State.Error and an exit
 * code of 127 (command not found), 126 (permission denied) or 128, answered
 * with Docker 28's wording ("failed to create task for container: ...").
 */

import type { Engine } from '../engine.ts';
import type { ContainerRecord } from './types.ts';
import type { NsType } from '../../kernel/ns/types.ts';
import { isErr } from '../../kernel/errno.ts';
import { linkSet } from '../../kernel/net/link.ts';
import { mount } from '../../kernel/fs/mount.ts';
import { mkdirAll } from '../../kernel/fs/vfs/ops-write.ts';
import { capSetsForContainer } from '../../kernel/caps/container.ts';
import { fullCapSets } from '../../kernel/caps/caps.ts';
import { getCgroup } from '../../kernel/cgroup/ops.ts';
import { daemonActor, containerdActor } from './actor.ts';
import { seamsOf } from './seams.ts';
import { findContainer, isRecord, eventAttrs } from './lookup.ts';
import { transition, patchState } from './state.ts';
import { containerDir, containerPaths, defaultHosts, fileExists, writeDaemonFile } from './files.ts';
import { ensurePty, ensureStdin, releaseContainerPty } from './clients.ts';
import { initHealth } from './health.ts';
import { listenTty, drainContainer, noteTaskCaptures } from './output.ts';
import { recordEvent } from '../system/events-log.ts';
import { createdStamp } from './clock.ts';
import { deleteTask, unmountRootfs } from './exit.ts';
import { ensureRuntime } from './hooks.ts';
import { spawnShim, stopShim } from '../runtime/shim.ts';
import { runcCreate, type CreatePlan } from '../runtime/runc-create.ts';
import { containerStdio } from '../runtime/stdio.ts';
import { destroyContainerCgroup } from '../runtime/cgroups.ts';
import { DEFAULT_MASKED_PATHS, DEFAULT_READONLY_PATHS, defaultMounts, namespacePlan, noNewPrivileges, processArgs, processEnv, type NsPlan } from '../runtime/spec.ts';
import { sysctlSet } from '../../kernel/net/sysctl.ts';
import type { DirFd } from '../../kernel/fs/vfs/dirfd.ts';

/** The network sysctls dockerd puts in every container's spec unless HostConfig.Sysctls sets them. */
const DEFAULT_NET_SYSCTLS: ReadonlyArray<[string, string]> = [
  ['net.ipv4.ip_unprivileged_port_start', '0'],
  ['net.ipv4.ping_group_range', '0 2147483647'],
];

export type StartResult = { ok: true } | { status: number; message: string };

const WRAP = 'failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ';

const JOIN_WORDS: Partial<Record<NsType, string>> = { net: 'network', pid: 'PID', ipc: 'IPC' };

/** The running containers whose namespaces this one joins (container:<x> modes). */
function resolveJoins(engine: Engine, c: ContainerRecord, plan: Record<string, NsPlan>): Partial<Record<NsType, number>> | { status: number; message: string } {
  const joins: Partial<Record<NsType, number>> = {};
  for (const [type, p] of Object.entries(plan) as Array<[NsType, NsPlan]>) {
    if (p.kind !== 'container') continue;
    const other = findContainer(engine, p.ref);
    if (!isRecord(other)) return { status: other.status, message: other.message };
    const word = JOIN_WORDS[type] ?? type;
    if (other.Id === c.Id) return { status: 400, message: `cannot join own ${word === 'network' ? 'network' : word}` };
    if (other.rt.lifecycle.value === 'restarting') return { status: 409, message: `Container ${other.Id} is restarting, wait until the container is running` };
    const t = other.rt.task;
    if (!t || (other.rt.lifecycle.value !== 'running' && other.rt.lifecycle.value !== 'paused')) {
      return { status: 409, message: `cannot join ${word} of a non running container: ${other.Id}` };
    }
    joins[type] = t.initPid;
  }
  return joins;
}

export function mountRootfs(engine: Engine, c: ContainerRecord): string | null {
  const r = c.rt.rootfs;
  if (!r) return 'the container has no root filesystem';
  if (c.rt.rootfsMounted) return null;
  // vfs: the rootfs is a plain directory (runc bind-mounts it onto itself), nothing to mount here.
  if (!r.lowerdirs.length) return null;
  const pid = daemonActor(engine);
  const opts = { data: `lowerdir=${r.lowerdirs.join(':')},upperdir=${r.upperdir},workdir=${r.workdir}` };
  // merged/ usually exists (the layer store made it): make it only when the mount finds it missing
  // (mount(2) fails with ENOENT before it changes anything).
  let m = mount(engine.k, pid, 'overlay', r.merged, 'overlay', opts);
  if (isErr(m) && m.errno === 'ENOENT') {
    mkdirAll(engine.k, pid, r.merged, 0o710);
    m = mount(engine.k, pid, 'overlay', r.merged, 'overlay', opts);
  }
  if (isErr(m)) return `error mounting overlay at ${r.merged}: ${m.errno}`;
  engine.emit({ type: 'container.runtimeChanged', id: c.Id, patch: { rootfsMounted: true } });
  return null;
}

/** Make the container's directory and files (first start: the inspect paths appear). */
function writeContainerFiles(engine: Engine, c: ContainerRecord): void {
  const paths = containerPaths(c.Id);
  // First start: the directory and its files are new (dockerd's MkdirAll, then the files).
  const first = !c.LogPath;
  if (first) {
    engine.emit({ type: 'container.pathsSet', id: c.Id, paths });
    mkdirAll(engine.k, daemonActor(engine), containerDir(c.Id), 0o710);
  }
  writeDaemonFile(engine, paths.HostnamePath, `${c.Config.Hostname}\n`);
  if (first || !fileExists(engine, paths.LogPath)) writeDaemonFile(engine, paths.LogPath, '', 0o640);
}

/** Files a network-less start still needs (no network area, or modes it does not handle). */
function writeNetworkFallbackFiles(engine: Engine, c: ContainerRecord): void {
  const paths = containerPaths(c.Id);
  if (!fileExists(engine, paths.HostsPath)) writeDaemonFile(engine, paths.HostsPath, defaultHosts(c.Config.Hostname, null));
  if (!fileExists(engine, paths.ResolvConfPath)) writeDaemonFile(engine, paths.ResolvConfPath, '# Generated by Docker Engine.\n# This file can be edited; Docker Engine will not make further changes once it\n# has been modified.\n\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n');
}

function exitCodeFor(msg: string): { code: number; status: number } {
  const m = msg.toLowerCase();
  if (m.includes('executable file not found') || m.includes('no such file or directory')) return { code: 127, status: 400 };
  if (m.includes('permission denied')) return { code: 126, status: 400 };
  return { code: 128, status: 500 };
}

/** What a failed start undoes: the shim (a pid, or its error), the cgroup, the stdio runc was given. */
interface StartUndo {
  shim: number | string;
  cgroup: string;
  stdio: ReturnType<typeof containerStdio>;
}

/** A start that failed: undo what it did, record .State.Error and the exit code, answer the error. */
function failStart(engine: Engine, id: string, u: StartUndo, message: string, status?: number): StartResult {
  const k = engine.k;
  const ul = engine.ul;
  const stdio = u.stdio;
  if (typeof u.shim === 'number') stopShim(k, u.shim);
  destroyContainerCgroup(k, u.cgroup);
  if (stdio.tty) {
    const cur = engine.state.containers.byId[id];
    if (cur) releaseContainerPty(engine, cur);
  }
  if (stdio.outCap !== null) ul.takeCapture(stdio.outCap);
  if (stdio.errCap !== null) ul.takeCapture(stdio.errCap);
  if (stdio.mixCap !== null) ul.takeCapture(stdio.mixCap);
  seamsOf(engine).detachContainer(engine, id);
  unmountRootfs(engine, id);
  const cur = engine.state.containers.byId[id];
  const ec = exitCodeFor(message);
  if (cur) patchState(engine, cur, { Error: message, ExitCode: ec.code });
  return { status: status ?? ec.status, message };
}

/**
 * What runc calls back into dockerd for during `runc create` (volume mounts before pivot_root,
 * the network once the init's namespace exists). Methods bound per start rather than closures.
 */
class RuncHooks {
  netError: { message: string; status: number } | null = null;

  constructor(
    readonly engine: Engine,
    readonly c: ContainerRecord,
    /** The container has its own network namespace. */
    readonly netNew: boolean,
  ) {}

  mountVolumes(initPid: number, root: DirFd): string | null {
    const engine = this.engine;
    const c = this.c;
    const r = seamsOf(engine).mountVolumes(engine, c.Id, initPid, {
      rootfs: (c.rt.rootfs as { merged: string }).merged,
      at: root,
      binds: c.HostConfig.Binds ?? [],
      mounts: c.HostConfig.Mounts ?? [],
      tmpfs: c.HostConfig.Tmpfs ?? {},
      imageVolumes: Object.keys(c.Config.Volumes ?? {}),
      readonlyRootfs: c.HostConfig.ReadonlyRootfs,
    });
    if ('error' in r) return r.error;
    engine.emit({ type: 'container.mountsChanged', id: c.Id, mounts: r });
    return null;
  }

  attachNetwork(initPid: number): string | null {
    const engine = this.engine;
    const k = engine.k;
    const c = this.c;
    // Docker 20.10+ sets these in every container with its own network namespace (moby
    // daemon/oci_linux.go WithSysctls): unprivileged ping and binding low ports need no capability.
    if (this.netNew) for (const [name, value] of DEFAULT_NET_SYSCTLS) sysctlSet(k, initPid, name, value);
    const r = seamsOf(engine).attachContainer(engine, c.Id, initPid);
    if ('error' in r) {
      if (r.error !== 'no network') {
        this.netError = { message: r.error, status: r.status ?? 500 };
        return r.error;
      }
      // No network area: a bare namespace with lo up, and Docker's default files.
      if (this.netNew) linkSet(k, initPid, 'lo', { up: true });
      writeNetworkFallbackFiles(engine, c);
      return null;
    }
    engine.emit({ type: 'container.networkSettingsChanged', id: c.Id, settings: r.settings });
    if (!r.wroteFiles) writeNetworkFallbackFiles(engine, c);
    return null;
  }
}

/** Start container `c` (manual: docker start/run; else the restart manager). */
export function startContainer(engine: Engine, c0: ContainerRecord, manual: boolean): StartResult {
  ensureRuntime(engine);
  const k = engine.k;
  const ul = engine.ul;
  if (c0.rt.cleanupPending) deleteTask(engine, c0.Id, false);
  let c = engine.state.containers.byId[c0.Id] as ContainerRecord;
  const remap = engine.state.system.daemon.usernsRemap;
  const ns = namespacePlan(c, remap !== null);
  const joins = resolveJoins(engine, c, ns);
  if ('status' in joins) return joins as { status: number; message: string };
  const caps = c.HostConfig.Privileged ? fullCapSets() : capSetsForContainer({ capAdd: c.HostConfig.CapAdd ?? [], capDrop: c.HostConfig.CapDrop ?? [] });
  if (typeof caps === 'string') return { status: 400, message: caps };

  const mnt = mountRootfs(engine, c);
  if (mnt) return { status: 500, message: mnt };
  // For container:<x> networking the hostname and the /etc files are x's.
  const netRef = ns.net.kind === 'container' ? engine.state.containers.byId[(findContainer(engine, ns.net.ref) as ContainerRecord).Id] : null;
  writeContainerFiles(engine, c);
  c = engine.state.containers.byId[c.Id] as ContainerRecord;
  const filesOf = netRef ? containerPaths(netRef.Id) : containerPaths(c.Id);
  const hostname = netRef ? netRef.Config.Hostname : c.Config.Hostname;

  const stdinPipe = c.Config.OpenStdin && !c.Config.Tty ? ensureStdin(engine, c).pipe : null;
  const stdio = containerStdio(ul, { tty: c.Config.Tty ? ensurePty(engine, c) : null, stdinPipe });
  noteTaskCaptures(engine, c.Id, [stdio.outCap, stdio.errCap, stdio.mixCap]);
  const shim = spawnShim(k, ul, containerdActor(engine), c.Id);
  const undo: StartUndo = { shim, cgroup: c.rt.cgroup, stdio };
  if (typeof shim === 'string') return failStart(engine, c.Id, undo, shim, 500);

  const withInit = c.HostConfig.Init === true;
  const hooks = new RuncHooks(engine, c, ns.net.kind === 'new');
  const plan: CreatePlan = {
    id: c.Id,
    shimPid: shim,
    ns,
    joinPids: joins,
    cgroup: c.rt.cgroup,
    resources: c.HostConfig,
    rootfs: {
      rootfs: (c.rt.rootfs as { merged: string }).merged,
      mounts: defaultMounts(c),
      binds: [
        { source: filesOf.ResolvConfPath, destination: '/etc/resolv.conf' },
        { source: filesOf.HostnamePath, destination: '/etc/hostname' },
        { source: filesOf.HostsPath, destination: '/etc/hosts' },
      ],
      maskedPaths: c.HostConfig.MaskedPaths ?? (c.HostConfig.Privileged ? [] : DEFAULT_MASKED_PATHS),
      readonlyPaths: c.HostConfig.ReadonlyPaths ?? (c.HostConfig.Privileged ? [] : DEFAULT_READONLY_PATHS),
      readonlyRootfs: c.HostConfig.ReadonlyRootfs,
      initBinary: withInit ? '/usr/bin/docker-init' : null,
      mountVolumes: hooks.mountVolumes.bind(hooks),
    },
    hostname: ns.uts.kind === 'new' ? hostname : null,
    caps,
    user: c.Config.User,
    noNewPrivs: noNewPrivileges(c),
    cwd: c.Config.WorkingDir || '/',
    args: processArgs(c, withInit),
    env: processEnv(c),
    fds: stdio.fds,
    tty: stdio.tty,
    usernsMap: remap,
    attachNetwork: hooks.attachNetwork.bind(hooks),
  };
  const task = runcCreate(k, ul, plan);
  if ('error' in task) {
    const ne = hooks.netError;
    return ne ? failStart(engine, c.Id, undo, ne.message, ne.status) : failStart(engine, c.Id, undo, `${WRAP}${task.error}: unknown`);
  }

  const init = k.proc(task.initPid);
  if (!init) return failStart(engine, c.Id, undo, `${WRAP}init process vanished: unknown`);
  const cg = getCgroup(k, c.rt.cgroup);
  engine.emit({
    type: 'container.taskCreated',
    id: c.Id,
    task: {
      initPid: task.initPid,
      shimPid: shim,
      ns: { mnt: init.ns.mnt, pid: init.pidNs, net: init.ns.net, uts: init.ns.uts, ipc: init.ns.ipc, cgroup: init.ns.cgroup, user: init.ns.user },
      tty: stdio.tty,
      outCap: stdio.outCap,
      errCap: stdio.errCap,
      mixCap: stdio.mixCap,
      oomBaseline: cg?.memory.events.oom_kill ?? 0,
      startedUptimeMs: k.uptimeMs,
    },
  });
  if (stdio.tty) listenTty(engine, c.Id, stdio.tty);
  c = engine.state.containers.byId[c.Id] as ContainerRecord;
  const stamp = createdStamp(engine);
  const next = transition(engine, c, { type: 'START', manual }, { Pid: task.initPid, StartedAt: stamp.text, ExitCode: 0, Error: '', OOMKilled: false });
  if (!next) return failStart(engine, c.Id, undo, `${WRAP}container ${c.Id} cannot be started from state ${c.rt.lifecycle.value}: unknown`, 409);
  engine.emit({ type: 'container.runtimeChanged', id: c.Id, patch: { startedAtMs: stamp.ms, restartDueMs: null } });
  c = engine.state.containers.byId[c.Id] as ContainerRecord;
  recordEvent(engine, 'container', 'start', c.Id, eventAttrs(c));
  initHealth(engine, c.Id);
  // runc start: the init execs the container's command.
  const argv = plan.args;
  const err = ul.execInPlace(task.initPid, task.path, argv, task.env);
  if (err) ul.write(task.initPid, stdio.fds, 2, err.error);
  ul.drain();
  drainContainer(engine, c.Id);
  return { ok: true };
}

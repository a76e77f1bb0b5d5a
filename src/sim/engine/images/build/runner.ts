/**
 * A RUN step's build container: the step's command runs as a container over
 * the build's current layers, and the container's upper directory becomes
 * the step's layer.
 *
 * Models: BuildKit's runc executor with the docker driver (executor/runcexecutor):
 * a fresh container per RUN (new mount, PID, UTS, IPC and cgroup namespaces,
 * hostname "buildkitsandbox", Docker's default capabilities), its rootfs an
 * overlay of the build's layers plus a writable layer, stdout and stderr both
 * going to the build's progress output; then the writable layer's diff is
 * committed.
 * SIMPLIFICATIONS: the step shares the host's network namespace (BuildKit's
 * default is an isolated bridge-like network); the runtime is the containers
 * area's runc (runtime/runc-create.ts) started directly by the daemon (no shim;
 * the init is reaped by the daemon through PID 1); no cache mounts or secrets.
 */

import type { Engine } from '../../engine.ts';
import type { TreeSpec } from '../../../kernel/fs/tree.ts';
import type { FdTable } from '../../../userland/types.ts';
import { isErr } from '../../../kernel/errno.ts';
import { mount, umount } from '../../../kernel/fs/mount.ts';
import { reap } from '../../../kernel/process/exit.ts';
import { capSetsForContainer } from '../../../kernel/caps/container.ts';
import { runcCreate, type CreatePlan } from '../../runtime/runc-create.ts';
import { statusOf } from '../../../userland/userland.ts';
import { DEFAULT_MASKED_PATHS, DEFAULT_READONLY_PATHS } from '../../runtime/spec.ts';
import { prepareRootfsOver, removeRootfs } from '../container-fs.ts';
import { exportTree } from '../tree-export.ts';
import { diffTrees, newRandomId } from '../layers.ts';

export interface RunHandle {
  containerId: string;
  initPid: number;
  cap: number;
  /** Characters of the capture already handed out (the capture lives until cleanup). */
  seen?: number;
  merged: string;
  upperdir: string;
}

export interface RunSpec {
  chainId: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  user: string;
}

const BUILD_MOUNTS = [
  { destination: '/proc', type: 'proc', source: 'proc', flags: ['nosuid', 'noexec', 'nodev'] },
  { destination: '/dev', type: 'tmpfs', source: 'tmpfs', flags: ['nosuid', 'strictatime'], data: 'mode=755,size=65536k' },
  { destination: '/dev/pts', type: 'devpts', source: 'devpts', flags: ['nosuid', 'noexec'], data: 'newinstance,ptmxmode=0666,mode=0620,gid=5' },
  { destination: '/sys', type: 'sysfs', source: 'sysfs', flags: ['nosuid', 'noexec', 'nodev', 'ro'] },
  { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', flags: ['nosuid', 'noexec', 'nodev'] },
  { destination: '/dev/shm', type: 'tmpfs', source: 'shm', flags: ['nosuid', 'noexec', 'nodev'], data: 'mode=1777,size=65536k' },
];

/** Start the step's container and its command. */
export function startRun(engine: Engine, spec: RunSpec): RunHandle | { error: string } {
  const k = engine.k;
  const ul = engine.ul;
  const id = newRandomId(engine);
  const dirs = prepareRootfsOver(engine, spec.chainId, id);
  if ('error' in dirs) return dirs;
  // vfs: the step's root is a plain directory (no lowerdirs), nothing to mount.
  const m = dirs.lowerdirs.length ? mount(k, 1, 'overlay', dirs.merged, 'overlay', { data: `lowerdir=${dirs.lowerdirs.join(':')},upperdir=${dirs.upperdir},workdir=${dirs.workdir}` }) : null;
  if (m && isErr(m)) {
    removeRootfs(engine, id, false);
    return { error: `failed to mount rootfs: ${m.errno}` };
  }
  const cap = ul.newCapture();
  const fds: FdTable = { 0: { k: 'null' }, 1: { k: 'cap', id: cap }, 2: { k: 'cap', id: cap } };
  const caps = capSetsForContainer({});
  if (typeof caps === 'string') return { error: caps };
  const plan: CreatePlan = {
    id,
    shimPid: 1,
    ns: { mnt: { kind: 'new' }, pid: { kind: 'new' }, net: { kind: 'host' }, ipc: { kind: 'new' }, uts: { kind: 'new' }, cgroup: { kind: 'new' }, user: { kind: 'host' } },
    joinPids: {},
    cgroup: `/system.slice/docker-buildkit-${id.slice(0, 12)}.scope`,
    resources: { Memory: 0, MemorySwap: 0, MemoryReservation: 0, CpuShares: 0, NanoCpus: 0, CpuPeriod: 0, CpuQuota: 0, PidsLimit: null, CpusetCpus: '', CpusetMems: '' },
    rootfs: { rootfs: dirs.merged, mounts: BUILD_MOUNTS, binds: [], maskedPaths: DEFAULT_MASKED_PATHS, readonlyPaths: DEFAULT_READONLY_PATHS, readonlyRootfs: false, initBinary: null },
    hostname: 'buildkitsandbox',
    caps,
    user: spec.user,
    noNewPrivs: false,
    cwd: spec.cwd || '/',
    args: spec.args,
    env: spec.env,
    fds,
    tty: null,
    usernsMap: null,
    attachNetwork: null,
  };
  const task = runcCreate(k, ul, plan);
  const handle: RunHandle = { containerId: id, initPid: 0, cap, merged: dirs.merged, upperdir: dirs.upperdir };
  if ('error' in task) {
    cleanupRun(engine, handle);
    return { error: task.error };
  }
  handle.initPid = task.initPid;
  const err = ul.execInPlace(task.initPid, task.path, spec.args, task.env);
  if (err) ul.write(task.initPid, fds, 2, err.error);
  return handle;
}

export type RunPoll = { done: false; output: string } | { done: true; exitCode: number; output: string };

/** Has the step's command finished? Collects its output so far. */
export function pollRun(engine: Engine, h: RunHandle): RunPoll {
  const k = engine.k;
  const all = engine.ul.peekCapture(h.cap);
  const output = all.slice(h.seen ?? 0);
  h.seen = all.length;
  const p = k.proc(h.initPid);
  if (p && p.state !== 'Z') return { done: false, output };
  // The init's parent may already have reaped it (the userland reaps on SIGCHLD); its status is kept there.
  let exitCode = engine.ul.exitStatus[h.initPid] ?? 0;
  if (p) {
    exitCode = statusOf(p);
    reap(k, p.ppid, h.initPid);
  }
  return { done: true, exitCode, output };
}

/** The step's changes (its container's upper directory). */
export function runChanges(engine: Engine, h: RunHandle): TreeSpec {
  // vfs: the step's directory is a full copy; its changes are what differs from the -init copy.
  const t = h.merged === h.upperdir ? diffTrees(exportTree(engine, `${h.upperdir}-init`) ?? {}, exportTree(engine, h.upperdir) ?? {}) : (exportTree(engine, h.upperdir) ?? {});
  for (const p of ['etc/hosts', 'etc/hostname', 'etc/resolv.conf', '.dockerenv']) delete t[p];
  return t;
}

/** Unmount and remove the step's container layers. */
export function cleanupRun(engine: Engine, h: RunHandle): void {
  const p = engine.k.proc(h.initPid);
  if (h.initPid && p && p.state !== 'Z') engine.ul.kill(0, h.initPid, 9);
  engine.ul.takeCapture(h.cap);
  umount(engine.k, 1, h.merged, { lazy: true });
  removeRootfs(engine, h.containerId, false);
}

/**
 * `runc create` (libcontainer/container_linux.go, nsenter/nsexec.c,
 * standard_init_linux.go), forked by the shim:
 *   runc joins the namespaces the container shares with the host's other
 *   containers (setns, --pid/--network/--ipc container:x), creates the cgroup
 *   with its limits, then clones `runc init` with CLONE_NEW* for the rest,
 *   straight into the cgroup (so a new cgroup namespace is rooted there);
 *   writes the uid/gid maps of a new user namespace; the network is attached;
 *   the init builds the rootfs and pivots into it, sets the hostname, resolves
 *   the user, checks the command exists in the container's PATH, drops to the
 *   container's capabilities and credentials, and waits for `runc start`.
 *   runc itself exits; the init is re-parented to the shim (a subreaper).
 * SIMPLIFICATIONS: no exec fifo file; no seccomp; the command lookup happens
 * at create as in runc ≥ 1.1, with exec.LookPath's error texts.
 */

import type { Kernel } from '../../kernel/kernel.ts';
import type { Userland } from '../../userland/userland.ts';
import type { FdTable } from '../../userland/types.ts';
import { isErr, type SysError } from '../../kernel/errno.ts';
import { clone } from '../../kernel/process/clone.ts';
import { exitProcess, killProcess, reap } from '../../kernel/process/exit.ts';
import { setns } from '../../kernel/ns/setns.ts';
import { sethostname } from '../../kernel/ns/uts.ts';
import { writeIdMap } from '../../kernel/ns/idmap.ts';
import { CLONE_FLAGS, type NsType } from '../../kernel/ns/types.ts';
import type { CapSets } from '../../kernel/caps/caps.ts';
import { SIGKILL } from '../../kernel/signals.ts';
import { createContainerCgroup, type Resources } from './cgroups.ts';
import { prepareContainerRootfs, type RootfsPlan } from './rootfs.ts';
import { finalizeProcess } from './process-setup.ts';
import { resolveExecUser } from './user.ts';
import type { NsPlan } from './spec.ts';
import { refFds } from './stdio.ts';

export const RUNC_EXE = '/usr/bin/runc';
const RUNC_ROOT = '/var/run/docker/runtime-runc/moby';
const BUNDLES = '/run/containerd/io.containerd.runtime.v2.task/moby';

export interface CreatePlan {
  id: string;
  shimPid: number;
  ns: Record<Exclude<NsType, 'time'>, NsPlan>;
  /** Host PIDs of the containers whose namespaces are joined, by type. */
  joinPids: Partial<Record<NsType, number>>;
  cgroup: string;
  resources: Resources;
  rootfs: RootfsPlan;
  /** Hostname to set in a new UTS namespace (null: keep). */
  hostname: string | null;
  caps: CapSets;
  user: string;
  noNewPrivs: boolean;
  cwd: string;
  args: string[];
  env: Record<string, string>;
  fds: FdTable;
  tty: string | null;
  usernsMap: { uid: number; gid: number; size: number } | null;
  /** Connect the new network namespace (the init is in it); an error text stops the create. */
  attachNetwork: ((initPid: number) => string | null) | null;
}

export interface CreatedTask {
  initPid: number;
  /** The executable runc start will exec, as resolved in the container. */
  path: string;
  env: Record<string, string>;
}

export function runcArgv(id: string, cmd: 'create' | 'exec' | 'delete' | 'kill' | 'pause' | 'resume'): string[] {
  const base = [RUNC_EXE, '--root', RUNC_ROOT, '--log', `${BUNDLES}/${id}/log.json`, '--log-format', 'json'];
  if (cmd === 'create') return [...base, 'create', '--bundle', `${BUNDLES}/${id}`, '--pid-file', `${BUNDLES}/${id}/init.pid`, id];
  if (cmd === 'exec') return [...base, 'exec', '--process', `/tmp/runc-process${id.slice(0, 8)}`, '--detach', '--pid-file', `${BUNDLES}/${id}/exec.pid`, id];
  return [...base, cmd, id];
}

/** exec.LookPath's error for a failed lookup, as runc reports it. */
export function lookPathError(name: string, err: 'ENOENT' | 'EACCES' | 'EISDIR' | 'ENOEXEC'): string {
  if (err === 'EACCES') return `exec: "${name}": permission denied`;
  if (err === 'EISDIR') return `exec: "${name}": is a directory`;
  if (err === 'ENOEXEC') return `exec ${name}: exec format error`;
  return name.includes('/') ? `exec: "${name}": stat ${name}: no such file or directory` : `exec: "${name}": executable file not found in $PATH`;
}

/** Look the command up inside the container, as the process `pid` sees it. */
export function lookupCommand(ul: Userland, pid: number, name: string, env: Record<string, string>): { path: string } | { error: string } {
  const w = ul.which(pid, name, env.PATH);
  if ('error' in w) return { error: lookPathError(name, w.error) };
  const img = ul.loadImage(pid, w.path, [name]);
  if ('error' in img) return { error: lookPathError(w.path, img.error === 'EACCES' ? 'EACCES' : img.error === 'ENOENT' ? 'ENOENT' : 'ENOEXEC') };
  return { path: w.path };
}

function fail(k: Kernel, runc: number, init: number | null, error: string): { error: string } {
  if (init !== null && k.proc(init) && k.proc(init)?.state !== 'Z') killProcess(k, init, SIGKILL);
  if (k.proc(runc)?.state !== 'Z') exitProcess(k, runc, 1);
  return { error };
}

function sysText(what: string, e: SysError): string {
  return `${what}: ${e.errno}`;
}

/** Run `runc create` for a container from its shim. */
export function runcCreate(k: Kernel, ul: Userland, plan: CreatePlan): CreatedTask | { error: string } {
  const runc = clone(k, plan.shimPid, { comm: 'runc', exe: RUNC_EXE, argv: runcArgv(plan.id, 'create'), env: {}, program: { name: 'daemon', state: { fds: { 0: { k: 'null' }, 1: { k: 'null' }, 2: { k: 'null' } }, fl: 'gnu', s: null } } });
  if (isErr(runc)) return { error: sysText('runc create', runc) };
  const rpid = runc.pid as number;
  const r = (): void => {
    if (k.proc(rpid)?.state === 'Z') reap(k, plan.shimPid, rpid);
  };
  const out = createIn(k, ul, plan, rpid);
  r();
  return out;
}

function createIn(k: Kernel, ul: Userland, plan: CreatePlan, rpid: number): CreatedTask | { error: string } {
  for (const [type, pid] of Object.entries(plan.joinPids) as Array<[NsType, number]>) {
    const j = setns(k, rpid, pid, type);
    if (isErr(j)) return fail(k, rpid, null, sysText(`failed to join ${type} namespace`, j));
  }
  const cg = createContainerCgroup(k, rpid, plan.cgroup, plan.resources);
  if (typeof cg === 'string') return fail(k, rpid, null, cg);
  let flags = 0;
  for (const [type, p] of Object.entries(plan.ns) as Array<[NsType, NsPlan]>) if (p.kind === 'new') flags |= CLONE_FLAGS[type];
  const init = clone(k, rpid, {
    flags,
    comm: 'runc:[2:INIT]',
    exe: RUNC_EXE,
    argv: ['runc', 'init'],
    env: {},
    program: { name: 'runc-init', state: { fds: { ...plan.fds }, fl: 'gnu', s: null } },
    cgroup: plan.cgroup,
  });
  if (isErr(init)) return fail(k, rpid, null, sysText('failed to start container init', init));
  const ipid = init.pid as number;
  refFds(ul, plan.fds, 1);
  k.emit({ type: 'process.waitChanged', pid: ipid, wait: { kind: 'forever' }, state: 'S' });
  k.emit({ type: 'process.pgidChanged', pid: ipid, pgid: ipid, sid: ipid, tty: plan.tty });
  k.emit({ type: 'process.containerTagged', pid: ipid, containerId: plan.id });
  if (plan.tty) {
    const t = ul.tty(plan.tty);
    t.sid = ipid;
    t.fgPgid = ipid;
  }
  if (plan.usernsMap && plan.ns.user.kind === 'new') {
    const m = plan.usernsMap;
    for (const which of ['uid', 'gid'] as const) {
      const w = writeIdMap(k, rpid, ipid, which, [{ inside: 0, outside: which === 'uid' ? m.uid : m.gid, count: m.size }]);
      if (isErr(w)) return fail(k, rpid, ipid, sysText(`failed to write ${which}_map`, w));
    }
  }
  if (plan.attachNetwork) {
    const e = plan.attachNetwork(ipid);
    if (e) return fail(k, rpid, ipid, e);
  }
  const rf = prepareContainerRootfs(k, ipid, plan.rootfs);
  if (rf) return fail(k, rpid, ipid, rf);
  if (plan.hostname !== null && plan.ns.uts.kind === 'new') {
    const h = sethostname(k, ipid, plan.hostname);
    if (isErr(h)) return fail(k, rpid, ipid, sysText('sethostname', h));
  }
  const user = resolveExecUser(k, ipid, plan.user);
  if ('error' in user) return fail(k, rpid, ipid, user.error);
  const env = { ...plan.env };
  if (env.HOME === undefined) env.HOME = user.home;
  const name = plan.args[0] ?? '';
  const setup = finalizeProcess(k, ipid, { caps: plan.caps, user, noNewPrivs: plan.noNewPrivs, cwd: plan.cwd, createCwd: true });
  if (setup) return fail(k, rpid, ipid, setup);
  const found = lookupCommand(ul, ipid, name, env);
  if ('error' in found) return fail(k, rpid, ipid, found.error);
  // runc create returns; the init waits for `runc start` as a child of the shim.
  exitProcess(k, rpid, 0);
  return { initPid: ipid, path: found.path, env };
}

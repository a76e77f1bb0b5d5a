/**
 * Starting and ending a container's shim (containerd core/runtime/v2:
 * `containerd-shim-runc-v2 start` forks the long-lived shim, which calls
 * setsid and PR_SET_CHILD_SUBREAPER, and exits, so the shim is re-parented to
 * the host's init; the shim outlives containerd restarts and stays in
 * containerd.service's cgroup).
 *
 * SIMPLIFICATIONS: one shim per container (no grouping), no ttrpc socket file.
 */

import type { Kernel } from '../../kernel/kernel.ts';
import type { Userland } from '../../userland/userland.ts';
import type { ProcWrap } from '../../userland/types.ts';
import { isErr } from '../../kernel/errno.ts';
import { clone } from '../../kernel/process/clone.ts';
import { exitProcess, reap } from '../../kernel/process/exit.ts';
import { setChildSubreaper } from '../../kernel/process/prctl.ts';
import { CONTAINERD_SOCK } from './programs.ts';

export const SHIM_EXE = '/usr/bin/containerd-shim-runc-v2';

const NULL_FDS = { 0: { k: 'null' as const }, 1: { k: 'null' as const }, 2: { k: 'null' as const } };

function wrap(s: unknown = null): ProcWrap {
  return { fds: { ...NULL_FDS }, fl: 'gnu', s };
}

export function shimArgv(id: string): string[] {
  return [SHIM_EXE, '-namespace', 'moby', '-id', id, '-address', CONTAINERD_SOCK];
}

/** containerd starts the shim for container `id`: returns the shim's host PID, or an error text. */
export function spawnShim(k: Kernel, ul: Userland, containerdPid: number, id: string): number | string {
  const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
  const starter = clone(k, containerdPid, { comm: 'containerd-shim', exe: SHIM_EXE, argv: [...shimArgv(id), 'start'], env, program: { name: 'daemon', state: wrap() } });
  if (isErr(starter)) return `failed to start shim: ${starter.errno}`;
  const shim = clone(k, starter.pid, { comm: 'containerd-shim', exe: SHIM_EXE, argv: shimArgv(id), env, program: { name: 'containerd-shim-runc-v2', state: wrap() } });
  if (isErr(shim)) {
    exitProcess(k, starter.pid, 1);
    reap(k, containerdPid, starter.pid);
    return `failed to start shim: ${shim.errno}`;
  }
  k.emit({ type: 'process.pgidChanged', pid: shim.pid, pgid: shim.pid, sid: shim.pid, tty: null });
  setChildSubreaper(k, shim.pid, true);
  // `start` prints the socket address and exits: the shim is orphaned to the host's init.
  exitProcess(k, starter.pid, 0);
  const parent = k.proc(containerdPid);
  if (parent && parent.state !== 'Z' && k.proc(starter.pid)?.state === 'Z') reap(k, containerdPid, starter.pid);
  ul.runMain(shim.pid);
  return shim.pid;
}

/** The shim's task is deleted: it reaps what is left and exits (unless it is doing so itself). */
export function stopShim(k: Kernel, shimPid: number): void {
  const shim = k.proc(shimPid);
  if (!shim || shim.state === 'Z') return;
  for (const c of [...shim.children]) if (k.proc(c)?.state === 'Z') reap(k, shimPid, c);
  exitProcess(k, shimPid, 0);
}

/**
 * `runc exec` (libcontainer/setns_init_linux.go, nsenter): a new process in a
 * running container. runc, forked by the shim, joins every namespace of the
 * container's init with setns(2) (user first; pid only for its children), moves
 * into the container's cgroup, forks the process (which lands in the
 * container's PID namespace), and exits; the process is re-parented to the
 * shim. The process gets the container's capabilities (all of them with
 * --privileged), the user, working directory and environment of the exec, and
 * runs the command found in the container's PATH.
 * SIMPLIFICATIONS: no AppArmor/seccomp; the exec's stdio is pipes or a pts
 * handed to the client directly.
 */

import type { Kernel } from '../../kernel/kernel.ts';
import type { Userland } from '../../userland/userland.ts';
import type { FdTable } from '../../userland/types.ts';
import { isErr } from '../../kernel/errno.ts';
import { clone } from '../../kernel/process/clone.ts';
import { exitProcess, killProcess, reap } from '../../kernel/process/exit.ts';
import { setnsInum } from '../../kernel/ns/setns.ts';
import { moveToCgroup } from '../../kernel/cgroup/ops.ts';
import type { NsInum } from '../../kernel/ids.ts';
import type { CapSets } from '../../kernel/caps/caps.ts';
import { SIGKILL } from '../../kernel/signals.ts';
import { RUNC_EXE, lookupCommand, runcArgv } from './runc-create.ts';
import { finalizeProcess } from './process-setup.ts';
import { resolveExecUser } from './user.ts';
import { refFds } from './stdio.ts';

export interface ExecPlan {
  id: string;
  shimPid: number;
  initPid: number;
  cgroup: string;
  args: string[];
  env: Record<string, string>;
  user: string;
  cwd: string;
  caps: CapSets;
  noNewPrivs: boolean;
  fds: FdTable;
  tty: string | null;
}

const ORDER = ['user', 'ipc', 'uts', 'net', 'pid', 'mnt', 'cgroup'] as const;

/** Create and start an exec'd process: its host PID, or runc's error text. */
export function runcExec(k: Kernel, ul: Userland, plan: ExecPlan): { pid: number; path: string; env: Record<string, string> } | { error: string } {
  const init = k.proc(plan.initPid);
  if (!init || init.state === 'Z') return { error: `container ${plan.id} is not running` };
  const runc = clone(k, plan.shimPid, { comm: 'runc', exe: RUNC_EXE, argv: runcArgv(plan.id, 'exec'), env: {}, program: { name: 'daemon', state: { fds: { 0: { k: 'null' }, 1: { k: 'null' }, 2: { k: 'null' } }, fl: 'gnu', s: null } } });
  if (isErr(runc)) return { error: `runc exec: ${runc.errno}` };
  const rpid = runc.pid as number;
  const done = (proc: number | null, error: string): { error: string } => {
    if (proc !== null && k.proc(proc)?.state !== 'Z') killProcess(k, proc, SIGKILL);
    finish();
    if (proc !== null && k.proc(proc)?.state === 'Z' && k.proc(proc)?.ppid === plan.shimPid) reap(k, plan.shimPid, proc);
    return { error };
  };
  const finish = (): void => {
    if (k.proc(rpid)?.state !== 'Z') exitProcess(k, rpid, 0);
    if (k.proc(rpid)?.state === 'Z') reap(k, plan.shimPid, rpid);
  };
  for (const t of ORDER) {
    const inum = (t === 'pid' ? init.pidNs : init.ns[t]) as NsInum;
    const cur = k.proc(rpid);
    if (!cur) return done(null, 'runc exited');
    const have = t === 'pid' ? cur.pidNsForChildren : cur.ns[t];
    if (have === inum) continue;
    const r = setnsInum(k, rpid, inum, t);
    if (isErr(r)) return done(null, `failed to join ${t} namespace: ${r.errno}`);
  }
  const mv = moveToCgroup(k, rpid, plan.cgroup);
  if (isErr(mv)) return done(null, `failed to join cgroup ${plan.cgroup}: ${mv.errno}`);
  const proc = clone(k, rpid, { comm: 'runc:[2:INIT]', exe: RUNC_EXE, argv: ['runc', 'init'], env: {}, program: { name: 'runc-init', state: { fds: { ...plan.fds }, fl: 'gnu', s: null } } });
  if (isErr(proc)) return done(null, `failed to start process: ${proc.errno}`);
  const ppid = proc.pid as number;
  refFds(ul, plan.fds, 1);
  k.emit({ type: 'process.containerTagged', pid: ppid, containerId: plan.id });
  if (plan.tty) {
    k.emit({ type: 'process.pgidChanged', pid: ppid, pgid: ppid, sid: ppid, tty: plan.tty });
    const t = ul.tty(plan.tty);
    t.sid = ppid;
    t.fgPgid = ppid;
  }
  const user = resolveExecUser(k, ppid, plan.user);
  if ('error' in user) return done(ppid, user.error);
  const env = { ...plan.env };
  if (env.HOME === undefined) env.HOME = user.home;
  const setup = finalizeProcess(k, ppid, { caps: plan.caps, user, noNewPrivs: plan.noNewPrivs, cwd: plan.cwd, createCwd: false });
  if (setup) return done(ppid, setup);
  const found = lookupCommand(ul, ppid, plan.args[0] ?? '', env);
  if ('error' in found) return done(ppid, found.error);
  finish();
  return { pid: ppid, path: found.path, env };
}

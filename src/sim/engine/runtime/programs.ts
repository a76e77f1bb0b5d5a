/**
 * The runtime's own processes as userland programs:
 * - containerd-shim-runc-v2: one per running container, a child subreaper that
 *   reaps the container's init and exec processes and reports their exit to
 *   containerd over its socket (the ttrpc TaskExit event), then exits;
 * - runc init ("runc:[2:INIT]"): the container's PID 1 between `runc create`
 *   and `runc start`, waiting on its exec fifo;
 * - docker-init (tini, `docker run --init`): PID 1 that runs the command as
 *   its child, forwards signals to it, reaps orphans and exits with the
 *   child's status (tini.c).
 * SIMPLIFICATIONS: the shim's socket traffic is one call per reaped child;
 * tini forwards to the child only (no -g) and prints its fatal message for a
 * failed exec with the PID the child would have had.
 */

import type { Ctx, Outcome, ProgramDef } from '../../userland/types.ts';
import type { UnixSocketServer } from '../../kernel/kernel.ts';
import type { Userland } from '../../userland/userland.ts';
import { strerror } from '../../kernel/errno.ts';
import { pidNsRecord } from '../../kernel/process/pids.ts';

/** containerd's socket: the runtime port the shims talk to. */
export const CONTAINERD_SOCK = '/run/containerd/containerd.sock';

/** Messages a shim sends to containerd. */
export type ShimMessage = { type: 'reaped'; pid: number; status: number };

export const shimProgram: ProgramDef<null> = {
  id: 'containerd-shim-runc-v2',
  main: () => ({ block: 'child', pid: -1 }),
  resume(ctx, why) {
    if (why.kind === 'child') {
      const port = ctx.k.ports.unix[CONTAINERD_SOCK] as UnixSocketServer | undefined;
      const msg: ShimMessage = { type: 'reaped', pid: why.pid, status: why.status };
      const r = port?.request(msg, ctx.pid) as { exit?: boolean } | undefined;
      if (r?.exit) return { exit: 0 };
    }
    return { block: 'child', pid: -1 };
  },
};

/** runc init: waits for `runc start` (which execs the container's command in its place). */
export const runcInitProgram: ProgramDef<null> = {
  id: 'runc-init',
  main: () => ({ block: 'forever' }),
};

interface TiniState {
  child: number | null;
}

/** Signals tini forwards (every catchable one it sees in practice). */
const TINI_FORWARDS = [1, 2, 3, 10, 12, 14, 15, 28];

function tiniWait(): Outcome {
  return { block: 'child', pid: -1 };
}

export const dockerInitProgram: ProgramDef<TiniState> = {
  id: 'docker-init',
  catches: TINI_FORWARDS,
  main(ctx: Ctx<TiniState>) {
    const sep = ctx.argv.indexOf('--');
    const argv = sep >= 0 ? ctx.argv.slice(sep + 1) : ctx.argv.slice(1);
    if (argv.length === 0) {
      ctx.stderr.write('[FATAL tini (1)] No program specified\n');
      return { exit: 1 };
    }
    const child = ctx.ul.spawn(ctx.pid, { argv, env: ctx.env, fds: ctx.fds });
    if (typeof child !== 'number') {
      const p = ctx.k.proc(ctx.pid);
      const ns = p ? pidNsRecord(ctx.k, p.pidNs) : undefined;
      const errno = child.status === 127 ? 'ENOENT' : 'EACCES';
      ctx.stderr.write(`[FATAL tini (${ns?.nextPid ?? 2})] exec ${argv[0]} failed: ${strerror(errno)}\n`);
      return { exit: child.status };
    }
    ctx.state = { child };
    const c = ctx.k.proc(child);
    if (c?.state === 'Z') {
      const status = ctx.ul.reapChild(ctx.pid, child);
      if (status !== null) return { exit: status };
    }
    return tiniWait();
  },
  resume(ctx, why) {
    if (why.kind === 'child' && why.pid === ctx.state?.child) return { exit: why.status };
    return tiniWait();
  },
  onSignal(ctx, sig) {
    const child = ctx.state?.child;
    if (child != null) (ctx.ul as unknown as Userland).kill(ctx.pid, child, sig);
    return null;
  },
};

/** Programs of the runtime, for the userland's registry. */
export const RUNTIME_PROGRAMS = [shimProgram, runcInitProgram, dockerInitProgram] as unknown as ProgramDef<never>[];

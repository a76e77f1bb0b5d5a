/**
 * The Docker daemons as processes of the host: dockerd (serving the Engine
 * API on /var/run/docker.sock, srw-rw---- root:docker) and containerd (whose
 * socket the shims report to), started by systemd at boot (see
 * src/sim/userland/boot.ts, which spawns the programs 'dockerd' and
 * 'containerd').
 *
 * startDaemon(engine) is what dockerd does when it starts: wire the runtime
 * into the kernel, register the API socket in Kernel.ports and create the
 * socket file, set up the daemon's networking (docker0, iptables chains), and
 * arm its restart timers. The dockerd program calls it itself when its Engine
 * is reachable (through containerd's port), so `systemctl start docker` after a
 * stop works; the host calls it once at boot; a dockerd started by hand then
 * starts again the containers its restart policies bring back (restore, see
 * system/shutdown.ts). SIGTERM or SIGINT (systemctl stop docker) closes the
 * API at once (the CLI then says "Cannot connect to the Docker daemon ..."),
 * stops every running container as docker stop does, and exits when the last
 * one stopped (live-restore off, Docker's default).
 * As it starts, dockerd picks its storage driver (images/driver.ts): a
 * removed one (aufs, devicemapper) makes it exit 1 with Docker's error.
 * SIMPLIFICATIONS: SIGHUP only logs a `reload` event.
 */

import type { Engine } from './engine.ts';
import type { ApiRequest } from './api/types.ts';
import type { ProgramDef, Outcome } from '../userland/types.ts';
import { isErr } from '../kernel/errno.ts';
import { SIGHUP, SIGINT, SIGTERM } from '../kernel/signals.ts';
import { chown, mkdirAll, mknod, unlink, readFile, writeFile, lstat } from '../kernel/fs/index.ts';
import { hex } from '../host/rng.ts';
import { marker } from '../userland/install.ts';
import { ensureRuntime, engineOf } from './containers/hooks.ts';
import { scheduleRestartTimer } from './containers/exit.ts';
import { fireDueTimers, nextTimerDue } from './containers/timers.ts';
import { seamsOf } from './containers/seams.ts';
import { recordEvent } from './system/events-log.ts';
import { logLine, startWithDriver } from './images/driver.ts';
import { RUNTIME_PROGRAMS, CONTAINERD_SOCK } from './runtime/programs.ts';
import { beginShutdown, continueShutdown, nextShutdownWake, restoreContainers, type ShutdownState } from './system/shutdown.ts';

export const DOCKER_SOCK = '/var/run/docker.sock';
/** The docker group of the host's /etc/group (the socket's group). */
const DOCKER_GID = 992;

function findProgramPid(engine: Engine, program: string): number | null {
  for (const p of Object.values(engine.k.state.proc.byPid)) if (p.state !== 'Z' && p.program.name === program) return p.pid;
  return null;
}

function uuid(engine: Engine): string {
  const h = hex(engine.k.state.rng, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Make sure an executable on the host runs program `id` (the docker packages' binaries). */
function installBinary(engine: Engine, pid: number, path: string, id: string): void {
  if (!engine.ul.registry[id]) return;
  const want = marker(id);
  const cur = readFile(engine.k, pid, path);
  if (!isErr(cur) && cur === want) return;
  writeFile(engine.k, pid, path, want, { mode: 0o755 });
}

function makeSocket(engine: Engine, pid: number, path: string, gid: number): void {
  const dir = path.slice(0, path.lastIndexOf('/'));
  mkdirAll(engine.k, pid, dir, 0o755);
  if (!isErr(lstat(engine.k, pid, path))) unlink(engine.k, pid, path);
  mknod(engine.k, pid, path, 'socket', 0o660);
  chown(engine.k, pid, path, 0, gid);
}

/** dockerd starts: runtime hooks, the API socket, networking, restart timers. */
export function startDaemon(engine: Engine, dockerdPid: number | null = null): void {
  ensureRuntime(engine);
  const k = engine.k;
  const pid = dockerdPid ?? findProgramPid(engine, 'dockerd');
  const containerdPid = findProgramPid(engine, 'containerd');
  const actor = pid ?? 1;
  installBinary(engine, actor, '/usr/bin/docker-init', 'docker-init');
  installBinary(engine, actor, '/usr/bin/containerd-shim-runc-v2', 'containerd-shim-runc-v2');
  installBinary(engine, actor, '/usr/bin/dockerd', 'dockerd');
  installBinary(engine, actor, '/usr/bin/containerd', 'containerd');
  const id = engine.state.system.daemon.id || uuid(engine);
  engine.emit({ type: 'system.daemonStarted', pid: pid ?? 1, containerdPid, id, startedAtMs: k.nowMs });
  makeSocket(engine, actor, '/run/containerd/containerd.sock', 0);
  makeSocket(engine, actor, '/run/docker.sock', DOCKER_GID);
  k.ports.unix[DOCKER_SOCK] = { request: (req, callerPid) => engine.handle(req as ApiRequest, callerPid) };
  seamsOf(engine).setupDaemonNetworking(engine);
  scheduleRestartTimer(engine);
}

/** daemon.json settings that change how containers are made (`userns-remap`: container root maps to uid/gid..+size). */
export function configureDaemon(engine: Engine, cfg: { usernsRemap: { uid: number; gid: number; size: number } | null }): void {
  engine.emit({ type: 'system.configChanged', usernsRemap: cfg.usernsRemap ? { ...cfg.usernsRemap } : null });
}

/** The API closes (the first thing dockerd does when told to stop): the socket goes away. */
export function closeApi(engine: Engine): void {
  const k = engine.k;
  delete k.ports.unix[DOCKER_SOCK];
  const pid = engine.state.system.daemon.pid ?? 1;
  if (!isErr(lstat(k, pid, '/run/docker.sock'))) unlink(k, pid, '/run/docker.sock');
}

/** dockerd has stopped: the socket is gone and the daemon is down. */
export function stopDaemon(engine: Engine): void {
  closeApi(engine);
  engine.emit({ type: 'system.daemonStopped' });
}

function wake(engine: Engine | null): Outcome {
  const due = engine ? nextTimerDue(engine) : null;
  return due === null ? { block: 'forever' } : { block: 'timer', untilMs: due };
}

/** dockerd's own state: the containers it is still shutting down, once told to stop. */
interface DockerdState {
  shutdown: ShutdownState;
}

/** Wait for the containers being shut down, or exit when none is left. */
function awaitShutdown(ctx: { state: DockerdState | null; stderr: { write(s: string): void } }, engine: Engine, st: ShutdownState | null): Outcome {
  if (!st) {
    ctx.state = null;
    stopDaemon(engine);
    ctx.stderr.write(logLine(engine, 'Daemon shutdown complete'));
    return { exit: 0 };
  }
  ctx.state = { shutdown: st };
  return { block: 'timer', untilMs: nextShutdownWake(engine, st) };
}

/** /usr/bin/dockerd (ProgramDef 'dockerd'). */
export const dockerdProgram: ProgramDef<DockerdState | null> = {
  id: 'dockerd',
  catches: [SIGHUP, SIGINT, SIGTERM],
  main(ctx) {
    const engine = engineOf(ctx.k);
    const other = engine?.state.system.daemon.pid;
    if (engine && engine.state.system.daemon.running && ctx.k.ports.unix[DOCKER_SOCK] && other && other !== ctx.pid && ctx.k.proc(other)?.state !== 'Z' && ctx.k.proc(other)) {
      // A second dockerd by hand while one runs.
      ctx.stderr.write('failed to start daemon: pid file found, ensure docker is not running or delete /var/run/docker.pid\n');
      return { exit: 1 };
    }
    if (engine && (!engine.state.system.daemon.running || !ctx.k.ports.unix[DOCKER_SOCK])) {
      // The storage driver (daemon.json, --storage-driver): a removed or unknown one stops dockerd here.
      const d = startWithDriver(engine, ctx.argv);
      ctx.stderr.write(d.log);
      if (!d.ok) return { exit: 1 };
      startDaemon(engine, ctx.pid);
      restoreContainers(engine);
    }
    return wake(engine);
  },
  resume(ctx) {
    const engine = engineOf(ctx.k);
    if (engine && ctx.state) return awaitShutdown(ctx, engine, continueShutdown(engine, ctx.state.shutdown));
    if (engine) fireDueTimers(engine);
    return wake(engine);
  },
  onSignal(ctx, sig) {
    const engine = engineOf(ctx.k);
    if (sig === SIGHUP) {
      if (engine) recordEvent(engine, 'daemon', 'reload', engine.state.system.daemon.id, { name: ctx.k.state.machine.hostname });
      return null;
    }
    if (!engine) return { exit: 0 };
    // Already shutting down (a second ^C): keep waiting for the containers.
    if (ctx.state) return { block: 'timer', untilMs: nextShutdownWake(engine, ctx.state.shutdown) };
    // Go's names of the signals (os.Signal.String()).
    ctx.stderr.write(logLine(engine, `Processing signal '${sig === SIGINT ? 'interrupt' : 'terminated'}'`));
    closeApi(engine);
    return awaitShutdown(ctx, engine, beginShutdown(engine));
  },
};

/** /usr/bin/containerd (ProgramDef 'containerd'): the shims' parent; its socket is the runtime port. */
export const containerdProgram: ProgramDef<null> = {
  id: 'containerd',
  catches: [SIGTERM, SIGINT],
  main: () => ({ block: 'forever' }),
  onSignal: () => ({ exit: 0 }),
};

/** Every program of the Docker engine, for createUserland({ extraPrograms }). */
export const daemonPrograms = [dockerdProgram, containerdProgram, ...RUNTIME_PROGRAMS] as unknown as ProgramDef<never>[];

export { engineOf, CONTAINERD_SOCK };

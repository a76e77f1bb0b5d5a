/**
 * Choosing the storage driver when dockerd starts, and switching stores.
 *
 * Models: moby's daemon configuration (`storage-driver` in
 * /etc/docker/daemon.json or `--storage-driver`/`-s` on dockerd's command
 * line, both at once refused as "the following directives are specified
 * both as a flag and in the configuration file"), graphdriver.New (a
 * configured driver is tried as is: "[graphdriver] trying configured driver:
 * vfs"; aufs, devicemapper and overlay were removed in Docker 25 and fail
 * with "[graphdriver] ERROR: the aufs storage-driver has been deprecated and
 * removed; visit https://docs.docker.com/go/storage-driver/ for more
 * information"; unknown names fail with "driver not supported"; with no
 * choice, the one driver whose directory is not empty is used, "using prior
 * storage driver", and two such directories are refused: "/var/lib/docker
 * contains several valid graphdrivers: overlay2, vfs; cleanup or explicitly
 * choose storage driver (-s <DRIVER>)"), and the
 * per-driver stores: images live in image/<driver> and layers in <driver>/,
 * and containers made with another driver are not loaded (daemon.restore:
 * "cannot load container because it was created with another storage
 * driver"); switching back brings them back. (dockerd stopped its running
 * containers as it shut down, see system/shutdown.ts, so all of them go.)
 * SIMPLIFICATIONS: only overlay2 and vfs work; a container still running
 * because the previous dockerd was SIGKILLed (no shutdown) stays listed (as
 * with live-restore); a daemon.json that is not valid JSON is ignored.
 */

import type { Engine } from '../engine.ts';
import { DOCKER_ROOT, daemonPid, driverOf, readText } from './hostfs.ts';
import { readdir } from '../../kernel/fs/vfs/ops-read.ts';
import { isErr } from '../../kernel/errno.ts';
import { clonePlain } from '../../kernel/plain.ts';
import { deleteTask } from '../containers/exit.ts';
import type { ContainerRecord } from '../containers/types.ts';

export const DAEMON_JSON = '/etc/docker/daemon.json';
export const SUPPORTED_DRIVERS = ['overlay2', 'vfs'];
/** Drivers Docker 25+ removed (graphdriver.checkRemoved). */
export const REMOVED_DRIVERS = ['aufs', 'devicemapper', 'overlay'];

export type DriverChoice = { driver: string; log: string[] } | { error: string; log: string[] };

/** `--storage-driver X`, `--storage-driver=X`, `-s X`, `-sX` on dockerd's command line. */
export function driverFlag(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--storage-driver' || a === '-s') return argv[i + 1] ?? '';
    if (a.startsWith('--storage-driver=')) return a.slice('--storage-driver='.length);
    if (/^-s[^-]/.test(a)) return a.slice(2);
  }
  return null;
}

/** `storage-driver` of daemon.json (null if absent or unreadable). */
export function driverInConfig(engine: Engine): string | null {
  const text = readText(engine, DAEMON_JSON);
  if (text === null || !text.trim()) return null;
  try {
    const cfg = JSON.parse(text) as Record<string, unknown>;
    return typeof cfg['storage-driver'] === 'string' ? cfg['storage-driver'] : null;
  } catch {
    return null;
  }
}

function nonEmptyDir(engine: Engine, path: string): boolean {
  const r = readdir(engine.k, daemonPid(engine), path);
  return !isErr(r) && r.length > 0;
}

/** Which driver dockerd starts with, or the error it stops with (and what it logs first). */
export function chooseDriver(engine: Engine, argv: readonly string[]): DriverChoice {
  const flag = driverFlag(argv);
  const file = driverInConfig(engine);
  if (flag !== null && file !== null) {
    return { error: `unable to configure the Docker daemon with file ${DAEMON_JSON}: the following directives are specified both as a flag and in the configuration file: storage-driver: (from flag: ${flag}, from file: ${file})`, log: [] };
  }
  const name = flag ?? file;
  if (name === null || name === '') {
    // No choice made: a driver whose directory holds something is kept; more than one is refused.
    const prior = SUPPORTED_DRIVERS.filter((d) => nonEmptyDir(engine, `${DOCKER_ROOT}/${d}`));
    if (prior.length > 1) {
      return { error: `error initializing graphdriver: ${DOCKER_ROOT} contains several valid graphdrivers: ${[...prior].sort().join(', ')}; cleanup or explicitly choose storage driver (-s <DRIVER>)`, log: [] };
    }
    if (prior[0]) return { driver: prior[0], log: [`[graphdriver] using prior storage driver: ${prior[0]}`] };
    return { driver: 'overlay2', log: [] };
  }
  const log = [`[graphdriver] trying configured driver: ${name}`];
  if (REMOVED_DRIVERS.includes(name)) {
    return { error: `error initializing graphdriver: [graphdriver] ERROR: the ${name} storage-driver has been deprecated and removed; visit https://docs.docker.com/go/storage-driver/ for more information: ${name}`, log };
  }
  if (!SUPPORTED_DRIVERS.includes(name)) return { error: `error initializing graphdriver: driver not supported: ${name}`, log };
  return { driver: name, log };
}

/** Put the current driver's stores aside and bring back (or start empty) those of `to`. */
export function switchDriver(engine: Engine, to: string): void {
  const from = driverOf(engine);
  if (from === to) return;
  const cs = engine.state.containers;
  // Containers of the old driver that are not running leave with its stores (their exited tasks deleted first).
  const up = (c: ContainerRecord) => ['running', 'paused', 'restarting'].includes(c.rt.lifecycle.value);
  for (const c of Object.values(cs.byId)) if ((c.Driver || 'overlay2') === from && !up(c) && c.rt.cleanupPending) deleteTask(engine, c.Id, false);
  const leaving = Object.values(cs.byId).filter((c) => (c.Driver || 'overlay2') === from && !c.rt.task && !up(c));
  const records = leaving.map((c) => clonePlain({ record: c, logs: cs.logs[c.Id] ?? [] }));
  for (const c of leaving) engine.emit({ type: 'container.removed', id: c.Id });
  const back = engine.state.images.stashed?.[to]?.containers ?? [];
  engine.emit({ type: 'image.driverSwitched', from, to, containers: records });
  for (const r of back as Array<{ record: Parameters<typeof emitCreated>[1]; logs: unknown[] }>) emitCreated(engine, r.record, r.logs);
}

function emitCreated(engine: Engine, record: Engine['state']['containers']['byId'][string], logs: unknown[]): void {
  engine.emit({ type: 'container.created', container: record });
  if (logs.length) engine.emit({ type: 'container.logged', id: record.Id, entries: logs as never });
}

/** dockerd's log line (logrus text format) as it writes it to stderr: time="..." level=info msg="...". */
export function logLine(engine: Engine, msg: string, extra = ''): string {
  return `time="${new Date(engine.k.nowMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z')}" level=info msg="${msg}"${extra}\n`;
}

/**
 * What dockerd does about its storage driver as it starts: log, refuse (the
 * error it exits with, status 1), or switch stores. Returns the text it
 * writes to stderr (the unit's journal) and whether it may go on.
 */
export function startWithDriver(engine: Engine, argv: readonly string[]): { ok: boolean; log: string } {
  const choice = chooseDriver(engine, argv);
  let log = logLine(engine, 'Starting up');
  for (const l of choice.log) log += logLine(engine, l);
  if ('error' in choice) return { ok: false, log: `${log}failed to start daemon: ${choice.error}\n` };
  switchDriver(engine, choice.driver);
  log += logLine(engine, 'Loading containers: start.') + logLine(engine, 'Loading containers: done.');
  log += logLine(engine, 'Docker daemon', ` commit=45873be containerd-snapshotter=false storage-driver=${choice.driver} version=28.2.2`);
  log += logLine(engine, 'Daemon has completed initialization') + logLine(engine, 'API listen on /run/docker.sock');
  return { ok: true, log };
}

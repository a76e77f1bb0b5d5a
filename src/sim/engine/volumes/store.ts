/**
 * The volume store and the local driver (moby volume/service/store.go,
 * volume/local/local.go): creating a volume makes
 * /var/lib/docker/volumes/<name>/_data in the host's filesystem; removing
 * deletes it, refused while a container (running or not) uses the volume;
 * prune removes unused anonymous volumes (all unused ones with all=true,
 * API ≥ 1.42).
 *
 * Models: the local driver's name rule [a-zA-Z0-9][a-zA-Z0-9_.-]+, create of
 * an existing name returning the existing volume, anonymous volumes named by
 * 64 hex digits with the com.docker.volume.anonymous label, Labels and
 * Options null when none were given, Docker 28's error texts.
 * SIMPLIFICATIONS:
 * - No volume plugins; driver options are kept but not acted on.
 */

import type { Engine } from '../engine.ts';
import { mkdirAll } from '../../kernel/fs/index.ts';
import { daemonPid, newId, rfc3339 } from '../network/kops.ts';
import { ANONYMOUS_LABEL, VOLUMES_ROOT, dataPath, type VolumeRecord } from './types.ts';
import { removeTree, treeSize } from './tree.ts';
import { recordEvent } from '../system/events-log.ts';

export interface VolError {
  error: string;
  status: number;
}

export function isVolError(x: unknown): x is VolError {
  return typeof x === 'object' && x !== null && 'error' in x && 'status' in x;
}

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export interface CreateVolumeRequest {
  Name?: string;
  Driver?: string;
  DriverOpts?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

function nonEmpty(m: Record<string, string> | null | undefined): Record<string, string> | null {
  return m && Object.keys(m).length ? { ...m } : null;
}

/** POST /volumes/create (and the implicit creation for `-v name:/path`). */
export function createVolume(engine: Engine, req: CreateVolumeRequest, anonymous = false): VolumeRecord | VolError {
  const name = req.Name || newId(engine);
  const driver = req.Driver || 'local';
  if (driver !== 'local') return { error: `create ${name}: error looking up volume plugin ${driver}: plugin "${driver}" not found`, status: 404 };
  if (!NAME_RE.test(name)) {
    return { error: `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`, status: 400 };
  }
  const have = engine.state.volumes.volumes[name];
  if (have) return have;
  const pid = daemonPid(engine);
  mkdirAll(engine.k, pid, VOLUMES_ROOT, 0o701);
  mkdirAll(engine.k, pid, dataPath(name), 0o755);
  const labels = nonEmpty(req.Labels);
  const v: VolumeRecord = {
    Name: name,
    Driver: 'local',
    Mountpoint: dataPath(name),
    CreatedAt: rfc3339(engine),
    Labels: anonymous ? { ...(labels ?? {}), [ANONYMOUS_LABEL]: '' } : labels,
    Scope: 'local',
    Options: nonEmpty(req.DriverOpts),
    anonymous,
  };
  engine.emit({ type: 'volume.created', volume: v });
  recordEvent(engine, 'volume', 'create', name, { driver: 'local' });
  return engine.state.volumes.volumes[name] ?? v;
}

export function noSuchVolume(name: string): VolError {
  return { error: `get ${name}: no such volume`, status: 404 };
}

/** DELETE /volumes/{name}: in-use volumes are refused even with force (force only hides "no such volume"). */
export function removeVolume(engine: Engine, name: string, force = false): null | VolError {
  const v = engine.state.volumes.volumes[name];
  if (!v) return force ? null : noSuchVolume(name);
  const users = engine.state.volumes.refs[name] ?? [];
  if (users.length) return { error: `remove ${name}: volume is in use - [${users.join(' ')}]`, status: 409 };
  removeTree(engine.k, daemonPid(engine), `${VOLUMES_ROOT}/${name}`);
  engine.emit({ type: 'volume.removed', name });
  recordEvent(engine, 'volume', 'destroy', name, { driver: 'local' });
  return null;
}

/** Bytes stored in a volume (UsageData.Size). */
export function volumeSize(engine: Engine, name: string): number {
  return treeSize(engine.k, daemonPid(engine), dataPath(name));
}

/** The volume as the API shows it (api/types/volume.Volume field order). */
export function volumeJson(v: VolumeRecord): Record<string, unknown> {
  const sorted = (m: Record<string, string> | null) => (m === null ? null : Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]])));
  return { CreatedAt: v.CreatedAt, Driver: v.Driver, Labels: sorted(v.Labels), Mountpoint: v.Mountpoint, Name: v.Name, Options: sorted(v.Options), Scope: v.Scope };
}

function labelMatch(labels: Record<string, string> | null, want: string): boolean {
  const eq = want.indexOf('=');
  if (eq < 0) return !!labels && want in labels;
  return labels?.[want.slice(0, eq)] === want.slice(eq + 1);
}

const LIST_FILTERS = ['dangling', 'driver', 'label', 'name'];

/** Does volume `v` pass the `docker volume ls` filters? A string is the error for a bad filter. */
export function volumeMatches(engine: Engine, v: VolumeRecord, f: Record<string, string[]>): boolean | string {
  for (const k of Object.keys(f)) if (!LIST_FILTERS.includes(k)) return `invalid filter '${k}'`;
  const any = (k: string, pred: (x: string) => boolean) => !f[k]?.length || (f[k] ?? []).some(pred);
  const inUse = (engine.state.volumes.refs[v.Name] ?? []).length > 0;
  return any('name', (x) => v.Name.includes(x)) && any('driver', (x) => x === v.Driver) && any('label', (x) => labelMatch(v.Labels, x)) && any('dangling', (x) => (x === 'true' || x === '1') === !inUse);
}

/** POST /volumes/prune: unused anonymous volumes (all unused ones with all=true). */
export function pruneVolumes(engine: Engine, f: Record<string, string[]>): { VolumesDeleted: string[] | null; SpaceReclaimed: number } | VolError {
  for (const k of Object.keys(f)) if (!['all', 'label', 'label!'].includes(k)) return { error: `invalid filter '${k}'`, status: 400 };
  const all = (f.all ?? []).some((x) => x === 'true' || x === '1');
  const deleted: string[] = [];
  let space = 0;
  for (const name of [...engine.state.volumes.order]) {
    const v = engine.state.volumes.volumes[name];
    if (!v || (engine.state.volumes.refs[name] ?? []).length) continue;
    if (!all && !v.anonymous) continue;
    if (f.label && !f.label.every((l) => labelMatch(v.Labels, l))) continue;
    if (f['label!'] && f['label!'].some((l) => labelMatch(v.Labels, l))) continue;
    const size = volumeSize(engine, name);
    if (!removeVolume(engine, name)) {
      deleted.push(name);
      space += size;
    }
  }
  return { VolumesDeleted: deleted.length ? deleted : null, SpaceReclaimed: space };
}

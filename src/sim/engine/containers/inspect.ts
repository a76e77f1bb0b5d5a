/**
 * The container views the API returns: GET /containers/{id}/json (`docker
 * inspect`, keys in Docker's order) and GET /containers/json (`docker ps`:
 * Names, Image as the user gave it, Command, Created, Ports, State, Status
 * "Up 5 seconds" / "Exited (0) 2 minutes ago", HostConfig.NetworkMode,
 * NetworkSettings.Networks, Mounts; SizeRw/SizeRootFs with size=1), newest
 * first, running ones unless all=1, the last `limit` created.
 */

import type { Engine } from '../engine.ts';
import type { ApiResponse } from '../api/types.ts';
import { apiError, apiJson } from '../api/types.ts';
import type { ContainerRecord } from './types.ts';
import { humanDuration, ZERO_TIME } from '../system/time.ts';
import { withContainer } from './lookup.ts';
import { seamsOf } from './seams.ts';
import { listMatches, parseFilters, PS_FILTER_KEYS, validatePsFilters } from './filters.ts';

/** The inspect document (the record without the daemon's bookkeeping). */
export function inspectView(engine: Engine, c: ContainerRecord, withSize: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    Id: c.Id,
    Created: c.Created,
    Path: c.Path,
    Args: [...c.Args],
    State: { ...c.State },
    Image: c.Image,
    ResolvConfPath: c.ResolvConfPath,
    HostnamePath: c.HostnamePath,
    HostsPath: c.HostsPath,
    LogPath: c.LogPath,
    Name: c.Name,
    RestartCount: c.RestartCount,
    Driver: c.Driver,
    Platform: c.Platform,
    MountLabel: c.MountLabel,
    ProcessLabel: c.ProcessLabel,
    AppArmorProfile: c.AppArmorProfile,
    ExecIDs: c.ExecIDs ? [...c.ExecIDs] : null,
    HostConfig: structuredClone(c.HostConfig),
  };
  if (withSize) {
    const s = seamsOf(engine).containerSize(engine, c.Id);
    out.SizeRw = s.SizeRw;
    out.SizeRootFs = s.SizeRootFs;
  }
  out.GraphDriver = structuredClone(c.GraphDriver);
  out.Mounts = structuredClone(c.Mounts);
  out.Config = structuredClone(c.Config);
  out.NetworkSettings = structuredClone(c.NetworkSettings);
  return out;
}

/** State.String(): the STATUS column. */
export function statusText(engine: Engine, c: ContainerRecord): string {
  const now = engine.k.nowMs;
  const s = c.State;
  if (s.Running) {
    if (s.Paused) return `Up ${since(now, c.rt.startedAtMs)} (Paused)`;
    if (s.Restarting) return `Restarting (${s.ExitCode}) ${since(now, c.rt.finishedAtMs)} ago`;
    if (s.Health) return `Up ${since(now, c.rt.startedAtMs)} (${s.Health.Status === 'starting' ? 'health: starting' : s.Health.Status})`;
    return `Up ${since(now, c.rt.startedAtMs)}`;
  }
  if (s.Status === 'removing') return 'Removal In Progress';
  if (s.Dead) return 'Dead';
  if (s.StartedAt === ZERO_TIME) return 'Created';
  if (s.FinishedAt === ZERO_TIME) return '';
  return `Exited (${s.ExitCode}) ${since(now, c.rt.finishedAtMs)} ago`;
}

function since(now: number, t: number | null): string {
  return humanDuration(Math.max(0, now - (t ?? now)));
}

/** The number written in text[from, from + n) if all of it is digits, else -1. */
function digits(text: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Unix seconds of an RFC 3339 time (the record's Created), as Date.parse would
 * give, floored. "YYYY-MM-DDTHH:MM:SS[.frac]Z" is read field by field (a
 * thousand rows per docker ps); any other form goes to Date.parse.
 */
export function unixSeconds(text: string): number {
  const n = text.length;
  const ok =
    n >= 20 &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 84 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(n - 1) === 90 &&
    (n === 20 || (text.charCodeAt(19) === 46 && n > 21 && digits(text, 20, n - 21) >= 0));
  const y = ok ? digits(text, 0, 4) : -1;
  const fields = [digits(text, 5, 2), digits(text, 8, 2), digits(text, 11, 2), digits(text, 14, 2), digits(text, 17, 2)];
  // (Date.UTC reads years 0-99 as 1900-1999; out-of-range fields are Date.parse's to judge.)
  if (y < 100 || fields.some((f) => f < 0) || (fields[0] as number) < 1 || (fields[0] as number) > 12) return Math.floor(Date.parse(text) / 1000);
  const [mo, d, h, mi, sec] = fields as [number, number, number, number, number];
  // Days past the 28th (month lengths, leap years) and 24:00 are Date.parse's to judge too.
  if (d < 1 || d > 28 || h > 23 || mi > 59 || sec > 59) return Math.floor(Date.parse(text) / 1000);
  return Math.floor(Date.UTC(y, mo - 1, d, h, mi, sec) / 1000);
}

/** The COMMAND: Path and Args, args with a space single-quoted. */
export function commandText(c: ContainerRecord): string {
  if (c.Args.length === 0) return c.Path;
  return `${c.Path} ${c.Args.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')}`;
}

function portsOf(c: ContainerRecord): Array<Record<string, unknown>> {
  if (!c.State.Running) return [];
  const out: Array<Record<string, unknown>> = [];
  const ports = c.NetworkSettings.Ports ?? {};
  const exposed = Object.keys(c.Config.ExposedPorts ?? {});
  const bound = Object.keys(ports);
  if (exposed.length === 0 && bound.length === 0) return out;
  const keys = new Set([...exposed, ...bound]);
  for (const key of keys) {
    const [p = '0', type = 'tcp'] = key.split('/');
    const bindings = ports[key];
    if (!bindings || bindings.length === 0) out.push({ PrivatePort: Number(p), Type: type });
    else for (const b of bindings) out.push({ IP: b.HostIp || '0.0.0.0', PrivatePort: Number(p), PublicPort: Number(b.HostPort), Type: type });
  }
  return out;
}

/** The IMAGE column: the reference as given while it still names the container's image, else the image ID. */
function imageColumn(engine: Engine, c: ContainerRecord, cache: Map<string, string | null>): string {
  const ref = c.Config.Image;
  if (ref === c.Image) return ref;
  let id = cache.get(ref);
  if (id === undefined) {
    id = seamsOf(engine).resolveImage(engine, ref)?.id ?? null;
    cache.set(ref, id);
  }
  return id === c.Image ? ref : c.Image;
}

export function listEntry(engine: Engine, c: ContainerRecord, withSize: boolean, cache: Map<string, string | null> = new Map()): Record<string, unknown> {
  const e: Record<string, unknown> = {
    Id: c.Id,
    Names: [c.Name],
    Image: imageColumn(engine, c, cache),
    ImageID: c.Image,
    Command: commandText(c),
    Created: unixSeconds(c.Created),
    Ports: portsOf(c),
  };
  if (withSize) {
    const s = seamsOf(engine).containerSize(engine, c.Id);
    e.SizeRw = s.SizeRw;
    e.SizeRootFs = s.SizeRootFs;
  }
  e.Labels = { ...c.Config.Labels };
  e.State = c.State.Status;
  e.Status = statusText(engine, c);
  e.HostConfig = { NetworkMode: c.HostConfig.NetworkMode };
  // Shared with the record, not deep-copied per row: the response is read
  // (rendered or serialised) before the engine handles anything else.
  e.NetworkSettings = { Networks: c.NetworkSettings.Networks };
  e.Mounts = c.Mounts;
  return e;
}

function q1(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

function truthy(v: string | undefined): boolean {
  return v === '1' || v === 'true' || v === 'True';
}

/** GET /containers/json */
export function listRoute(engine: Engine, query: Record<string, string | string[]>): ApiResponse {
  const f = parseFilters(query.filters, PS_FILTER_KEYS);
  if ('error' in f) return apiError(400, f.error);
  const bad = validatePsFilters(engine, f.filters);
  if (bad) return apiError(400, bad);
  const limitRaw = q1(query.limit);
  const limit = limitRaw !== undefined && /^-?[0-9]+$/.test(limitRaw) ? Number(limitRaw) : -1;
  const all = truthy(q1(query.all)) || limit > 0 || (f.filters.status?.length ?? 0) > 0 || (f.filters.exited?.length ?? 0) > 0;
  const withSize = truthy(q1(query.size));
  const recs = Object.values(engine.state.containers.byId).sort((a, b) => b.rt.createdSeq - a.rt.createdSeq);
  const out: Array<Record<string, unknown>> = [];
  const cache = new Map<string, string | null>();
  const filtered = Object.keys(f.filters).length > 0;
  for (const c of recs) {
    if (limit > 0 && out.length >= limit) break;
    if (!all && !c.State.Running) continue;
    if (filtered && !listMatches(engine, c, f.filters)) continue;
    out.push(listEntry(engine, c, withSize, cache));
  }
  return apiJson(200, out);
}

/** GET /containers/{id}/json?size= */
export function inspectRoute(engine: Engine, idOrName: string, query: Record<string, string | string[]>): ApiResponse {
  return withContainer(engine, idOrName, (c) => apiJson(200, inspectView(engine, c, truthy(q1(query.size)))));
}

/**
 * The `filters` query parameter of GET /containers/json and POST
 * /containers/prune (moby api/types/filters, daemon/list.go): JSON of
 * {"key": {"value": true}} (or the legacy {"key": ["value"]}); unknown keys and
 * bad values are refused with the daemon's "invalid filter ..." errors.
 * Matching: id and name are regular expressions (so prefixes work), label is
 * key or key=value, status is the State.Status, exited the exit code, ancestor
 * the image or any image ID prefix, before/since compare creation order,
 * network/volume/publish/expose/until as Docker documents them.
 * SIMPLIFICATIONS: ancestor does not walk image parents; health is matched on
 * the status string only; is-task and isolation accept their values and match
 * nothing / everything.
 */

import type { Engine } from '../engine.ts';
import type { ContainerRecord } from './types.ts';
import { findContainer, isRecord } from './lookup.ts';
import { seamsOf } from './seams.ts';

export type Filters = Record<string, string[]>;

const STATUSES = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];

/** Parse `filters`, allowing only `allowed` keys. */
export function parseFilters(raw: string | string[] | undefined, allowed: readonly string[]): { filters: Filters } | { error: string } {
  const s = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (s === undefined || s === '') return { filters: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch {
    return { error: 'invalid filter: ' + s };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: 'invalid filter: ' + s };
  const out: Filters = {};
  for (const [key, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (!allowed.includes(key)) return { error: `invalid filter '${key}'` };
    const vals = Array.isArray(v) ? v.map(String) : typeof v === 'object' && v !== null ? Object.keys(v) : [String(v)];
    out[key] = vals;
  }
  return { filters: out };
}

export const PS_FILTER_KEYS = ['id', 'name', 'label', 'exited', 'status', 'ancestor', 'before', 'since', 'volume', 'network', 'publish', 'expose', 'health', 'isolation', 'is-task', 'until'];

/** Validate values of ps filters (status, exited, health, before/since). */
export function validatePsFilters(engine: Engine, f: Filters): string | null {
  for (const s of f.status ?? []) if (!STATUSES.includes(s)) return `invalid filter 'status=${s}'`;
  for (const e of f.exited ?? []) if (!/^-?[0-9]+$/.test(e)) return `invalid filter 'exited=${e}'`;
  for (const h of f.health ?? []) if (!['starting', 'healthy', 'unhealthy', 'none'].includes(h)) return `Unrecognised filter value for health: ${h}`;
  for (const key of ['before', 'since'] as const) {
    for (const ref of f[key] ?? []) {
      const r = findContainer(engine, ref);
      if (!isRecord(r)) return r.message;
    }
  }
  return null;
}

function regexMatch(pattern: string, s: string): boolean {
  try {
    return new RegExp(pattern).test(s);
  } catch {
    return s.includes(pattern);
  }
}

function labelMatch(labels: Record<string, string>, specs: string[], negate = false): boolean {
  return specs.every((l) => {
    const i = l.indexOf('=');
    const key = i < 0 ? l : l.slice(0, i);
    const ok = key in labels && (i < 0 || labels[key] === l.slice(i + 1));
    return negate ? !ok : ok;
  });
}

function createdMs(c: ContainerRecord): number {
  return Date.parse(c.Created);
}

/** Does a container pass every filter? */
export function listMatches(engine: Engine, c: ContainerRecord, f: Filters): boolean {
  if (f.id && !f.id.some((v) => regexMatch(v, c.Id))) return false;
  if (f.name && !f.name.some((v) => regexMatch(v, c.Name) || regexMatch(v, c.Name.slice(1)))) return false;
  if (f.label && !labelMatch(c.Config.Labels, f.label)) return false;
  if (f['label!'] && !labelMatch(c.Config.Labels, f['label!'], true)) return false;
  if (f.status && !f.status.includes(c.State.Status)) return false;
  if (f.exited && (c.State.Status !== 'exited' || !f.exited.includes(String(c.State.ExitCode)))) return false;
  if (f.health && !f.health.includes(c.State.Health?.Status ?? 'none')) return false;
  if (f.ancestor) {
    const ok = f.ancestor.some((a) => {
      if (a === c.Config.Image) return true;
      const bare = c.Image.replace(/^sha256:/, '');
      if (bare.startsWith(a.replace(/^sha256:/, ''))) return true;
      const img = seamsOf(engine).resolveImage(engine, a);
      return img !== null && img.id === c.Image;
    });
    if (!ok) return false;
  }
  for (const key of ['before', 'since'] as const) {
    for (const ref of f[key] ?? []) {
      const r = findContainer(engine, ref);
      if (!isRecord(r)) return false;
      if (key === 'before' && !(c.rt.createdSeq < r.rt.createdSeq)) return false;
      if (key === 'since' && !(c.rt.createdSeq > r.rt.createdSeq)) return false;
    }
  }
  if (f.until) {
    const limit = f.until.map((v) => untilMs(v, engine.k.nowMs)).filter((x): x is number => x !== null);
    if (limit.some((u) => createdMs(c) > u)) return false;
  }
  if (f.network && !f.network.some((n) => Object.keys(c.NetworkSettings.Networks).includes(n) || Object.values(c.NetworkSettings.Networks).some((e) => e.NetworkID === n))) return false;
  if (f.volume && !f.volume.some((v) => c.Mounts.some((m) => m.Name === v || m.Source === v || m.Destination === v))) return false;
  if (f.expose && !f.expose.some((p) => Object.keys(c.Config.ExposedPorts ?? {}).includes(p.includes('/') ? p : `${p}/tcp`))) return false;
  if (f.publish && !f.publish.some((p) => {
    const [port = '', proto = 'tcp'] = p.split('/');
    return Object.values(c.NetworkSettings.Ports ?? {}).some((bs) => (bs ?? []).some((b) => b.HostPort === port)) || Object.keys(c.NetworkSettings.Ports ?? {}).includes(`${port}/${proto}`);
  })) return false;
  if (f['is-task']) return f['is-task'].includes('false');
  return true;
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };

/** A Go duration ("10m", "1h30m") in ms, or null. */
export function goDurationMs(v: string): number | null {
  if (!/^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(v)) return null;
  let total = 0;
  for (const m of v.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * (UNITS[m[2] as string] ?? 0);
  return total;
}

/** timetypes.GetTimestamp: a Unix timestamp, an RFC 3339 time, or a Go duration before `now` (all in ms). */
export function untilMs(v: string, now: number): number | null {
  if (/^[0-9]+(\.[0-9]+)?$/.test(v)) return Number(v) * 1000;
  const d = goDurationMs(v);
  if (d !== null) return now - d;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

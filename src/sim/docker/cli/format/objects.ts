/**
 * Row contexts of docker history, network ls and volume ls
 * (cli/command/formatter/history.go, network/formatter.go,
 * volume/formatter.go): their columns, truncation, headers and JSON forms.
 */

import { goJson, RawJson } from '../template/index.ts';
import { goStruct } from './formatter.ts';
import { ago, ellipsis, truncateID } from './display.ts';
import { humanSizeWithPrecision } from './units.ts';

function jsonOf(ctx: object, keys: string[]): RawJson {
  const o: Record<string, unknown> = {};
  for (const k of keys) o[k] = (ctx as Record<string, () => unknown>)[k]?.();
  return new RawJson(goJson(o, { escapeHtml: true }));
}

function labelsString(l: Record<string, string> | null | undefined): string {
  const m = l ?? {};
  return Object.keys(m)
    .sort()
    .map((k) => `${k}=${m[k]}`)
    .join(',');
}

/** Go's time.Time.String() of an RFC 3339 API time, keeping its fraction: "2025-06-01 12:00:00.123456789 +0000 UTC". */
export function goTimeFromApi(s: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(s);
  if (!m) return s;
  const frac = (m[3] ?? '').replace(/0+$/, '').replace(/^\.$/, '');
  return `${m[1]} ${m[2]}${frac} +0000 UTC`;
}

// ---- history ---------------------------------------------------------------

export interface ApiHistoryItem {
  Id: string;
  Created: number;
  CreatedBy: string;
  Size: number;
  Comment: string;
  Tags?: string[] | null;
}

export const DEFAULT_HISTORY_TABLE = 'table {{.ID}}\\t{{.CreatedSince}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}';
export const NON_HUMAN_HISTORY_TABLE = 'table {{.ID}}\\t{{.CreatedAt}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}';

export function historyHeader(): object {
  return goStruct({ ID: 'IMAGE', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', CreatedBy: 'CREATED BY', Size: 'SIZE', Comment: 'COMMENT' }, 'formatter.SubHeaderContext');
}

function rfc3339(sec: number): string {
  return new Date(sec * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
}

export function historyContext(h: ApiHistoryItem, o: { trunc: boolean; human: boolean; nowMs: number }): object {
  const ctx = {
    ID: () => (o.trunc && h.Id !== '<missing>' ? truncateID(h.Id) : h.Id),
    CreatedAt: () => rfc3339(h.Created),
    CreatedSince: () => (o.human ? ago(o.nowMs, h.Created * 1000) : rfc3339(h.Created)),
    CreatedBy: () => {
      const s = h.CreatedBy.replace(/\t/g, ' ');
      return o.trunc ? ellipsis(s, 45) : s;
    },
    Size: () => (o.human ? humanSizeWithPrecision(h.Size, 3) : String(h.Size)),
    Comment: () => h.Comment,
    Tags: () => (h.Tags ?? []).join(', '),
    MarshalJSON: () => jsonOf(ctx, ['Comment', 'CreatedAt', 'CreatedBy', 'CreatedSince', 'ID', 'Size', 'Tags']),
  };
  return goStruct(ctx, '*formatter.historyContext');
}

// ---- networks --------------------------------------------------------------

export interface ApiNetwork {
  Name: string;
  Id: string;
  Created?: string;
  Scope: string;
  Driver: string;
  EnableIPv4?: boolean;
  EnableIPv6?: boolean;
  Internal?: boolean;
  Labels?: Record<string, string> | null;
}

export const DEFAULT_NETWORK_TABLE = 'table {{.ID}}\\t{{.Name}}\\t{{.Driver}}\\t{{.Scope}}';

export function networkHeader(): object {
  return goStruct(
    { ID: 'NETWORK ID', Name: 'NAME', Driver: 'DRIVER', Scope: 'SCOPE', IPv4: 'IPV4', IPv6: 'IPV6', Internal: 'INTERNAL', Labels: 'LABELS', CreatedAt: 'CREATED', Label: (n: string) => n },
    'formatter.SubHeaderContext',
  );
}

export function networkContext(n: ApiNetwork, o: { trunc: boolean }): object {
  const ctx = {
    ID: () => (o.trunc ? truncateID(n.Id) : n.Id),
    Name: () => n.Name,
    Driver: () => n.Driver,
    Scope: () => n.Scope,
    IPv4: () => String(n.EnableIPv4 ?? true),
    IPv6: () => String(!!n.EnableIPv6),
    Internal: () => String(!!n.Internal),
    Labels: () => labelsString(n.Labels),
    Label: (name: string) => n.Labels?.[name] ?? '',
    CreatedAt: () => goTimeFromApi(n.Created ?? ''),
    MarshalJSON: () => jsonOf(ctx, ['CreatedAt', 'Driver', 'ID', 'IPv4', 'IPv6', 'Internal', 'Labels', 'Name', 'Scope']),
  };
  return goStruct(ctx, '*network.networkContext');
}

// ---- volumes ---------------------------------------------------------------

export interface ApiVolume {
  Name: string;
  Driver: string;
  Mountpoint: string;
  CreatedAt?: string;
  Labels?: Record<string, string> | null;
  Scope?: string;
  Options?: Record<string, string> | null;
  UsageData?: { Size: number; RefCount: number } | null;
}

export const DEFAULT_VOLUME_TABLE = 'table {{.Driver}}\\t{{.Name}}';

export function volumeHeader(): object {
  return goStruct(
    {
      Name: 'VOLUME NAME',
      Driver: 'DRIVER',
      Scope: 'SCOPE',
      Mountpoint: 'MOUNTPOINT',
      Labels: 'LABELS',
      Links: 'LINKS',
      Size: 'SIZE',
      Group: 'GROUP',
      Availability: 'AVAILABILITY',
      Status: 'STATUS',
      Label: (n: string) => n,
    },
    'formatter.SubHeaderContext',
  );
}

export function volumeContext(v: ApiVolume): object {
  const ctx = {
    Name: () => v.Name,
    Driver: () => v.Driver,
    Scope: () => v.Scope ?? 'local',
    Mountpoint: () => v.Mountpoint,
    Labels: () => labelsString(v.Labels),
    Label: (name: string) => v.Labels?.[name] ?? '',
    Links: () => (v.UsageData ? String(v.UsageData.RefCount) : 'N/A'),
    Size: () => (v.UsageData && v.UsageData.Size >= 0 ? humanSizeWithPrecision(v.UsageData.Size, 3) : 'N/A'),
    Group: () => 'N/A',
    Availability: () => 'N/A',
    Status: () => 'N/A',
    MarshalJSON: () => jsonOf(ctx, ['Availability', 'Driver', 'Group', 'Labels', 'Links', 'Mountpoint', 'Name', 'Scope', 'Size', 'Status']),
  };
  return goStruct(ctx, '*volume.volumeContext');
}

/** A sort comparator in Docker's natural order of names (sortorder.NaturalLess). */
export function compareNatural(a: string, b: string): number {
  return naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0;
}

/** sortorder.NaturalLess: digits compared as numbers. */
export function naturalLess(a: string, b: string): boolean {
  const re = /(\d+|\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y) && Number(x) !== Number(y)) return Number(x) < Number(y);
    return x < y;
  }
  return pa.length < pb.length;
}

/**
 * Row contexts of docker history, network ls and volume ls
 * (cli/command/image/formatter_history.go, network/formatter.go,
 * formatter/volume.go): their Go fields as {{.}} prints them, columns,
 * truncation, headers and JSON forms.
 */

import { goJson, RawJson, typedSummary } from '../template/index.ts';
import { contextRow, goStruct, LazyField, rowMethods } from './formatter.ts';
import { ago, ellipsis, truncateID } from './display.ts';
import { humanSizeWithPrecision } from './units.ts';

function jsonOf(ctx: object, keys: string[]): RawJson {
  const o: Record<string, unknown> = {};
  for (const k of keys) o[k] = (ctx as Record<string, (() => unknown) | undefined>)[k]?.call(ctx);
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

const HIST = Symbol('image.historyContext row');
type HistRow = { [HIST]: { h: ApiHistoryItem; trunc: boolean; human: boolean; nowMs: number } };

/** The historyContext methods, the prototype of every row. */
const HISTORY_METHODS = rowMethods({
  ID(this: HistRow) {
    const { h, trunc } = this[HIST];
    return trunc && h.Id !== '<missing>' ? truncateID(h.Id) : h.Id;
  },
  CreatedAt(this: HistRow) {
    return rfc3339(this[HIST].h.Created);
  },
  CreatedSince(this: HistRow) {
    const { h, human, nowMs } = this[HIST];
    return human ? ago(nowMs, h.Created * 1000) : rfc3339(h.Created);
  },
  CreatedBy(this: HistRow) {
    const { h, trunc } = this[HIST];
    const s = h.CreatedBy.replace(/\t/g, ' ');
    return trunc ? ellipsis(s, 45) : s;
  },
  Size(this: HistRow) {
    const { h, human } = this[HIST];
    return human ? humanSizeWithPrecision(h.Size, 3) : String(h.Size);
  },
  Comment(this: HistRow) {
    return this[HIST].h.Comment;
  },
  MarshalJSON(this: HistRow) {
    // Docker 28's historyContext has no Tags method: the tags show only in {{.}} (its h field).
    return jsonOf(this, ['Comment', 'CreatedAt', 'CreatedBy', 'CreatedSince', 'ID', 'Size']);
  },
});

/** The image.HistoryResponseItem field, typed when first printed. */
const TYPED_H = new LazyField((r) => typedSummary('history', (r as HistRow)[HIST].h));

/** A *image.historyContext: Go fields {HeaderContext, trunc, human, h (the image.HistoryResponseItem)}, the methods on its prototype. */
export function historyContext(h: ApiHistoryItem, o: { trunc: boolean; human: boolean; nowMs: number }): object {
  const ctx = contextRow(HISTORY_METHODS, '*image.historyContext', { trunc: o.trunc, human: o.human, h: TYPED_H });
  (ctx as unknown as HistRow)[HIST] = { h, trunc: o.trunc, human: o.human, nowMs: o.nowMs };
  return ctx;
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

const NET = Symbol('network.networkContext row');
type NetRow = { [NET]: { n: ApiNetwork; trunc: boolean } };

/** The networkContext methods, the prototype of every row. */
const NETWORK_METHODS = rowMethods({
  ID(this: NetRow) {
    const { n, trunc } = this[NET];
    return trunc ? truncateID(n.Id) : n.Id;
  },
  Name(this: NetRow) {
    return this[NET].n.Name;
  },
  Driver(this: NetRow) {
    return this[NET].n.Driver;
  },
  Scope(this: NetRow) {
    return this[NET].n.Scope;
  },
  IPv4(this: NetRow) {
    return String(this[NET].n.EnableIPv4 ?? true);
  },
  IPv6(this: NetRow) {
    return String(!!this[NET].n.EnableIPv6);
  },
  Internal(this: NetRow) {
    return String(!!this[NET].n.Internal);
  },
  Labels(this: NetRow) {
    return labelsString(this[NET].n.Labels);
  },
  Label(this: NetRow, name: string) {
    return this[NET].n.Labels?.[name] ?? '';
  },
  CreatedAt(this: NetRow) {
    return goTimeFromApi(this[NET].n.Created ?? '');
  },
  MarshalJSON(this: NetRow) {
    return jsonOf(this, ['CreatedAt', 'Driver', 'ID', 'IPv4', 'IPv6', 'Internal', 'Labels', 'Name', 'Scope']);
  },
});

/** The network.Summary field, typed when first printed. */
const TYPED_N = new LazyField((r) => typedSummary('network', (r as NetRow)[NET].n));

/** A *network.networkContext: Go fields {HeaderContext, trunc, n (the network.Summary)}, the methods on its prototype. */
export function networkContext(n: ApiNetwork, o: { trunc: boolean }): object {
  const ctx = contextRow(NETWORK_METHODS, '*network.networkContext', { trunc: o.trunc, n: TYPED_N });
  (ctx as unknown as NetRow)[NET] = { n, trunc: o.trunc };
  return ctx;
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

const VOL = Symbol('formatter.volumeContext row');
type VolRow = { [VOL]: ApiVolume };

/** The volumeContext methods, the prototype of every row. */
const VOLUME_METHODS = rowMethods({
  Name(this: VolRow) {
    return this[VOL].Name;
  },
  Driver(this: VolRow) {
    return this[VOL].Driver;
  },
  Scope(this: VolRow) {
    return this[VOL].Scope ?? 'local';
  },
  Mountpoint(this: VolRow) {
    return this[VOL].Mountpoint;
  },
  Labels(this: VolRow) {
    return labelsString(this[VOL].Labels);
  },
  Label(this: VolRow, name: string) {
    return this[VOL].Labels?.[name] ?? '';
  },
  Links(this: VolRow) {
    const u = this[VOL].UsageData;
    return u ? String(u.RefCount) : 'N/A';
  },
  Size(this: VolRow) {
    const u = this[VOL].UsageData;
    return u && u.Size >= 0 ? humanSizeWithPrecision(u.Size, 3) : 'N/A';
  },
  Group() {
    return 'N/A';
  },
  Availability() {
    return 'N/A';
  },
  Status() {
    return 'N/A';
  },
  MarshalJSON(this: VolRow) {
    return jsonOf(this, ['Availability', 'Driver', 'Group', 'Labels', 'Links', 'Mountpoint', 'Name', 'Scope', 'Size', 'Status']);
  },
});

/** The volume.Volume field, typed when first printed. */
const TYPED_V = new LazyField((r) => typedSummary('volume', (r as VolRow)[VOL]));

/** A *formatter.volumeContext: Go fields {HeaderContext, v (the volume.Volume)}, the methods on its prototype. */
export function volumeContext(v: ApiVolume): object {
  const ctx = contextRow(VOLUME_METHODS, '*formatter.volumeContext', { v: TYPED_V });
  (ctx as unknown as VolRow)[VOL] = v;
  return ctx;
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

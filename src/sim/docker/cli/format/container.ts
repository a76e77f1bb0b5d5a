/**
 * docker ps rows: formatter.ContainerContext (cli/command/formatter/container.go)
 * over the Engine API's container summaries (GET /containers/json), with its
 * truncation rules, its header names and its JSON form.
 */

import { GO_TYPE, goJson, RawJson } from '../template/index.ts';
import { goStruct } from './formatter.ts';
import { ago, displayablePorts, ellipsis, goTimeString, stripNamePrefix, truncateID, type ApiPort } from './display.ts';
import { humanSizeWithPrecision } from './units.ts';
import { parseReference, familiarString } from '../util/reference.ts';

export interface ApiContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID?: string;
  Command: string;
  Created: number;
  Ports?: ApiPort[] | null;
  Labels?: Record<string, string> | null;
  State: string;
  Status: string;
  SizeRw?: number;
  SizeRootFs?: number;
  NetworkSettings?: { Networks?: Record<string, unknown> | null } | null;
  Mounts?: Array<{ Name?: string; Source?: string; Driver?: string }> | null;
}

export const DEFAULT_CONTAINER_TABLE = 'table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}';

/** The header of a label column: the last dotted part, "-" and "_" as spaces. */
export function labelHeader(name: string): string {
  const parts = name.split('.');
  return (parts[parts.length - 1] as string).replace(/[-_]/g, ' ');
}

export function containerHeader(): object {
  return goStruct(
    {
      ID: 'CONTAINER ID',
      Image: 'IMAGE',
      Command: 'COMMAND',
      CreatedAt: 'CREATED AT',
      RunningFor: 'CREATED',
      Ports: 'PORTS',
      State: 'STATE',
      Status: 'STATUS',
      Size: 'SIZE',
      Labels: 'LABELS',
      Names: 'NAMES',
      Mounts: 'MOUNTS',
      LocalVolumes: 'LOCAL VOLUMES',
      Networks: 'NETWORKS',
      Platform: 'PLATFORM',
      Label: (name: string) => labelHeader(name),
    },
    'formatter.SubHeaderContext',
  );
}

function imageColumn(c: ApiContainerSummary, trunc: boolean): string {
  if (!c.Image) return '<no image>';
  if (!trunc) return c.Image;
  const t = truncateID(c.ImageID ?? '');
  if (t && t === truncateID(c.Image)) return t;
  return familiarImage(c.Image);
}

/** The image as docker ps shows it (familiar name, no digest): a pure function of the string, memoised (every row of a thousand-container ps repeats a few images). */
const FAMILIAR = new Map<string, string>();

function familiarImage(image: string): string {
  const hit = FAMILIAR.get(image);
  if (hit !== undefined) return hit;
  const ref = parseReference(image);
  const out = 'error' in ref ? image : ref.digest ? familiarString(Object.assign({}, ref, { digest: undefined })) : familiarString(ref);
  if (FAMILIAR.size >= 256) FAMILIAR.clear();
  FAMILIAR.set(image, out);
  return out;
}

/** What one row's methods read (kept under a symbol: templates and JSON only see the methods). */
interface RowData {
  c: ApiContainerSummary;
  trunc: boolean;
  nowMs: number;
  labels: Record<string, string>;
}

const ROW = Symbol('formatter.ContainerContext row');
type Row = { [ROW]: RowData };

function row(self: unknown): RowData {
  return (self as Row)[ROW];
}

const JSON_FIELDS = ['Command', 'CreatedAt', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Names', 'Networks', 'Platform', 'Ports', 'RunningFor', 'Size', 'State', 'Status'];

/**
 * The ContainerContext methods, shared by every row (a row is a copy of this
 * table plus its data), so listing a thousand containers makes no closures.
 */
const CONTAINER_METHODS = {
  ID(this: Row) {
    const { c, trunc } = row(this);
    return trunc ? truncateID(c.Id) : c.Id;
  },
  Names(this: Row) {
    const { c, trunc } = row(this);
    const names = stripNamePrefix(c.Names ?? []);
    if (!trunc) return names.join(',');
    return names.find((n) => !n.includes('/')) ?? names[0] ?? '';
  },
  Image(this: Row) {
    const { c, trunc } = row(this);
    return imageColumn(c, trunc);
  },
  Command(this: Row) {
    const { c, trunc } = row(this);
    const q = JSON.stringify(trunc ? ellipsis(c.Command, 20) : c.Command);
    return q.includes('\\u') ? q.replace(/\\u([0-9a-f]{4})/g, '\\u$1') : q;
  },
  CreatedAt(this: Row) {
    return goTimeString(row(this).c.Created * 1000);
  },
  RunningFor(this: Row) {
    const { c, nowMs } = row(this);
    return ago(nowMs, c.Created * 1000);
  },
  Ports(this: Row) {
    return displayablePorts(row(this).c.Ports ?? []);
  },
  State(this: Row) {
    return row(this).c.State;
  },
  Status(this: Row) {
    return row(this).c.Status;
  },
  Size(this: Row) {
    const { c } = row(this);
    const rw = humanSizeWithPrecision(c.SizeRw ?? 0, 3);
    return (c.SizeRootFs ?? 0) > 0 ? `${rw} (virtual ${humanSizeWithPrecision(c.SizeRootFs ?? 0, 3)})` : rw;
  },
  Labels(this: Row) {
    const { labels } = row(this);
    return Object.keys(labels)
      .sort()
      .map((k) => `${k}=${labels[k]}`)
      .join(',');
  },
  Label(this: Row, name: string) {
    return row(this).labels[name] ?? '';
  },
  Mounts(this: Row) {
    const { c, trunc } = row(this);
    return (c.Mounts ?? [])
      .map((m) => {
        const name = m.Name ? m.Name : (m.Source ?? '');
        return trunc ? ellipsis(name, 15) : name;
      })
      .join(',');
  },
  LocalVolumes(this: Row) {
    return String((row(this).c.Mounts ?? []).filter((m) => m.Driver === 'local').length);
  },
  // Docker ranges over a Go map (random order); sorted here for determinism.
  Networks(this: Row) {
    return Object.keys(row(this).c.NetworkSettings?.Networks ?? {})
      .sort()
      .join(',');
  },
  Platform(this: Row) {
    return null;
  },
  MarshalJSON(this: Row) {
    const o: Record<string, unknown> = {};
    const self = this as unknown as Record<string, (() => unknown) | undefined>;
    for (const k of JSON_FIELDS) o[k] = self[k]?.call(this);
    return new RawJson(goJson(o, { escapeHtml: true }));
  },
};

/**
 * One row: the methods as own properties (templates and {{.}} list them) in
 * CONTAINER_METHODS' order, written out so that V8 gives every row one compact
 * shape (a spread copy costs about 1.8 KB a row; a thousand rows are one
 * docker ps). container.test.ts checks the two lists agree.
 */
function newRow(data: RowData): Record<string | symbol, unknown> {
  const m = CONTAINER_METHODS;
  const ctx: Record<string | symbol, unknown> = {
    ID: m.ID,
    Names: m.Names,
    Image: m.Image,
    Command: m.Command,
    CreatedAt: m.CreatedAt,
    RunningFor: m.RunningFor,
    Ports: m.Ports,
    State: m.State,
    Status: m.Status,
    Size: m.Size,
    Labels: m.Labels,
    Label: m.Label,
    Mounts: m.Mounts,
    LocalVolumes: m.LocalVolumes,
    Networks: m.Networks,
    Platform: m.Platform,
    MarshalJSON: m.MarshalJSON,
  };
  ctx[GO_TYPE] = '*formatter.ContainerContext';
  ctx[ROW] = data;
  return ctx;
}

/** The method names of a row, in order (for the test that keeps newRow and CONTAINER_METHODS in step). */
export const CONTAINER_METHOD_NAMES: readonly string[] = Object.keys(CONTAINER_METHODS);

/** A ContainerContext for one row of docker ps. */
export function containerContext(c: ApiContainerSummary, opts: { trunc: boolean; nowMs: number; used?: Set<string> }): object {
  // Symbol-keyed entries are invisible to templates, Object.keys and JSON; the Go type marks it a struct.
  const ctx = newRow({ c, trunc: opts.trunc, nowMs: opts.nowMs, labels: c.Labels ?? {} });
  const used = opts.used;
  if (used) {
    // docker's preprocessor: record which fields a template calls (FieldsUsed).
    for (const k of Object.keys(ctx)) {
      const fn = ctx[k] as (this: unknown, ...a: unknown[]) => unknown;
      if (k === 'MarshalJSON') continue;
      ctx[k] = fn.length
        ? function (this: unknown, a: unknown) {
            used.add(k);
            return fn.call(this, a);
          }
        : function (this: unknown) {
            used.add(k);
            return fn.call(this);
          };
    }
  }
  return ctx;
}

/**
 * docker ps rows: formatter.ContainerContext (cli/command/formatter/container.go)
 * over the Engine API's container summaries (GET /containers/json), with its
 * truncation rules, its header names and its JSON form.
 */

import { goJson, RawJson, typedSummary } from '../template/index.ts';
import { contextRow, goStruct, LazyField, rowMethods } from './formatter.ts';
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

/** struct{}{}: what FieldsUsed holds. */
const EMPTY_STRUCT = Object.freeze(goStruct({}, 'struct {}'));

const JSON_FIELDS = ['Command', 'CreatedAt', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Names', 'Networks', 'Platform', 'Ports', 'RunningFor', 'Size', 'State', 'Status'];

/**
 * The ContainerContext methods, shared by every row (they are its
 * prototype), so listing a thousand containers makes no closures.
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
    // docker records that the template shows sizes (its FieldsUsed map).
    (this as unknown as { FieldsUsed: Record<string, unknown> }).FieldsUsed.Size = EMPTY_STRUCT;
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

/** The methods of every row: the prototype of a ContainerContext. */
const CONTAINER_PROTO = rowMethods({ ...CONTAINER_METHODS });

/** The container.Summary field, typed when first printed. */
const TYPED_C = new LazyField((r) => typedSummary('container', row(r).c));

/** The method names of a row, in order. */
export const CONTAINER_METHOD_NAMES: readonly string[] = Object.keys(CONTAINER_METHODS);

/** The methods again, each recording its name in `used` when called (docker's preprocessing pass). */
function trackingMethods(used: Set<string>): object {
  const t = Object.create(CONTAINER_PROTO) as Record<string, unknown>;
  for (const k of CONTAINER_METHOD_NAMES) {
    const fn = (CONTAINER_METHODS as Record<string, (this: unknown, ...a: unknown[]) => unknown>)[k] as (this: unknown, ...a: unknown[]) => unknown;
    if (k === 'MarshalJSON') continue;
    t[k] = fn.length
      ? function (this: unknown, a: unknown) {
          used.add(k);
          return fn.call(this, a);
        }
      : function (this: unknown) {
          used.add(k);
          return fn.call(this);
        };
  }
  return t;
}

/**
 * A *formatter.ContainerContext for one row of docker ps: Go fields
 * {HeaderContext, trunc, c (the container.Summary), FieldsUsed} that {{.}}
 * prints, the methods on its prototype.
 */
export function containerContext(c: ApiContainerSummary, opts: { trunc: boolean; nowMs: number; used?: Set<string> }): object {
  const methods = opts.used ? trackingMethods(opts.used) : CONTAINER_PROTO;
  const ctx = contextRow(methods, '*formatter.ContainerContext', { trunc: opts.trunc, c: TYPED_C, FieldsUsed: {} });
  // Symbol-keyed: invisible to templates, Object.keys and JSON.
  (ctx as Row)[ROW] = { c, trunc: opts.trunc, nowMs: opts.nowMs, labels: c.Labels ?? {} };
  return ctx;
}

/**
 * docker ps rows: formatter.ContainerContext (cli/command/formatter/container.go)
 * over the Engine API's container summaries (GET /containers/json), with its
 * truncation rules, its header names and its JSON form.
 */

import { goJson, RawJson } from '../template/index.ts';
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
  const ref = parseReference(c.Image);
  if ('error' in ref || ref.digest) return 'error' in ref ? c.Image : familiarString({ ...ref, digest: undefined });
  return familiarString(ref);
}

/** A ContainerContext for one row of docker ps. */
export function containerContext(c: ApiContainerSummary, opts: { trunc: boolean; nowMs: number; used?: Set<string> }): object {
  const { trunc, nowMs } = opts;
  const labels = c.Labels ?? {};
  const ctx = {
    ID: () => (trunc ? truncateID(c.Id) : c.Id),
    Names: () => {
      const names = stripNamePrefix(c.Names ?? []);
      if (!trunc) return names.join(',');
      return names.find((n) => !n.includes('/')) ?? names[0] ?? '';
    },
    Image: () => imageColumn(c, trunc),
    Command: () => JSON.stringify(trunc ? ellipsis(c.Command, 20) : c.Command).replace(/\\u([0-9a-f]{4})/g, '\\u$1'),
    CreatedAt: () => goTimeString(c.Created * 1000),
    RunningFor: () => ago(nowMs, c.Created * 1000),
    Ports: () => displayablePorts(c.Ports ?? []),
    State: () => c.State,
    Status: () => c.Status,
    Size: () => {
      const rw = humanSizeWithPrecision(c.SizeRw ?? 0, 3);
      return (c.SizeRootFs ?? 0) > 0 ? `${rw} (virtual ${humanSizeWithPrecision(c.SizeRootFs ?? 0, 3)})` : rw;
    },
    Labels: () =>
      Object.keys(labels)
        .sort()
        .map((k) => `${k}=${labels[k]}`)
        .join(','),
    Label: (name: string) => labels[name] ?? '',
    Mounts: () =>
      (c.Mounts ?? [])
        .map((m) => {
          const name = m.Name ? m.Name : (m.Source ?? '');
          return trunc ? ellipsis(name, 15) : name;
        })
        .join(','),
    LocalVolumes: () => String((c.Mounts ?? []).filter((m) => m.Driver === 'local').length),
    // Docker ranges over a Go map (random order); sorted here for determinism.
    Networks: () => Object.keys(c.NetworkSettings?.Networks ?? {}).sort().join(','),
    Platform: () => null,
    MarshalJSON: () => {
      const o: Record<string, unknown> = {};
      for (const k of ['Command', 'CreatedAt', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Names', 'Networks', 'Platform', 'Ports', 'RunningFor', 'Size', 'State', 'Status']) {
        o[k] = (ctx as unknown as Record<string, () => unknown>)[k]?.();
      }
      return new RawJson(goJson(o, { escapeHtml: true }));
    },
  };
  const used = opts.used;
  if (used) {
    // docker's preprocessor: record which fields a template calls (FieldsUsed).
    for (const k of Object.keys(ctx) as Array<keyof typeof ctx>) {
      const fn = ctx[k] as (...a: unknown[]) => unknown;
      if (k === 'MarshalJSON') continue;
      (ctx as Record<string, unknown>)[k] = fn.length ? (a: unknown) => (used.add(k), fn(a)) : () => (used.add(k), fn());
    }
  }
  return goStruct(ctx, '*formatter.ContainerContext');
}

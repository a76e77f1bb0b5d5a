/**
 * docker system df (cli/command/formatter/disk_usage.go): the summary of
 * images, containers, local volumes and build cache (TOTAL, ACTIVE, SIZE,
 * RECLAIMABLE with an integer percentage), and -v's per-object tables.
 */

import { renderList, goStruct } from './formatter.ts';
import { tabwrite } from './tabwriter.ts';
import { humanSize, humanSizeWithPrecision } from './units.ts';
import { containerContext, type ApiContainerSummary } from './container.ts';
import { imageContext, imageRows, type ApiImageSummary } from './image.ts';
import type { ApiVolume } from './objects.ts';

interface DfBody {
  LayersSize?: number;
  Images?: ApiImageSummary[] | null;
  Containers?: ApiContainerSummary[] | null;
  Volumes?: ApiVolume[] | null;
  BuildCache?: Array<{ ID: string; Type: string; Size: number; InUse: boolean; Shared: boolean; CreatedAt?: string; LastUsedAt?: string; UsageCount?: number }> | null;
}

const SUMMARY = 'table {{.Type}}\\t{{.TotalCount}}\\t{{.Active}}\\t{{.Size}}\\t{{.Reclaimable}}';

function reclaim(r: number, total: number): string {
  return total > 0 ? `${humanSize(r)} (${Math.trunc((r * 100) / total)}%)` : humanSize(r);
}

function row(type: string, total: number, active: number, size: number, reclaimable: string): object {
  return goStruct({ Type: () => type, TotalCount: () => String(total), Active: () => String(active), Size: () => humanSize(size), Reclaimable: () => reclaimable }, '*formatter.diskUsageContext');
}

export function dfText(body: Record<string, unknown>, o: { verbose: boolean; format: string; nowMs: number }): { text: string } | { error: string } {
  const b = body as DfBody;
  const images = b.Images ?? [];
  const containers = b.Containers ?? [];
  const volumes = b.Volumes ?? [];
  const cache = b.BuildCache ?? [];
  if (o.verbose && !o.format) return { text: verbose(b, o.nowMs) };
  const layers = b.LayersSize ?? 0;
  let used = 0;
  for (const i of images) if ((i.Containers ?? 0) > 0 && i.Size !== -1 && i.SharedSize !== -1) used += i.Size - (i.SharedSize ?? 0);
  const cSize = containers.reduce((a, c) => a + (c.SizeRw ?? 0), 0);
  const cActive = containers.filter((c) => c.State === 'running' || c.State === 'paused' || c.State === 'restarting');
  const cReclaim = containers.filter((c) => !cActive.includes(c)).reduce((a, c) => a + (c.SizeRw ?? 0), 0);
  const vSize = volumes.reduce((a, v) => a + Math.max(0, v.UsageData?.Size ?? 0), 0);
  const vActive = volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0);
  const vReclaim = volumes.filter((v) => !vActive.includes(v)).reduce((a, v) => a + Math.max(0, v.UsageData?.Size ?? 0), 0);
  const bSize = cache.filter((x) => !x.Shared).reduce((a, x) => a + x.Size, 0);
  const bReclaim = cache.filter((x) => !x.Shared && !x.InUse).reduce((a, x) => a + x.Size, 0);
  const rows = [
    row('Images', images.length, images.filter((i) => (i.Containers ?? 0) > 0).length, layers, reclaim(layers - used, layers)),
    row('Containers', containers.length, cActive.length, cSize, reclaim(cReclaim, cSize)),
    row('Local Volumes', volumes.length, vActive.length, vSize, reclaim(vReclaim, vSize)),
    row('Build Cache', cache.length, cache.filter((x) => x.InUse).length, bSize, humanSize(bReclaim)),
  ];
  const header = goStruct({ Type: 'TYPE', TotalCount: 'TOTAL', Active: 'ACTIVE', Size: 'SIZE', Reclaimable: 'RECLAIMABLE' }, 'formatter.SubHeaderContext');
  return renderList(o.format || 'table', SUMMARY, rows, header);
}

function verbose(b: DfBody, nowMs: number): string {
  let out = 'Images space usage:\n\n';
  let t = 'REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE\tSHARED SIZE\tUNIQUE SIZE\tCONTAINERS\n';
  for (const i of b.Images ?? []) {
    for (const r of imageRows(i, false)) {
      const ctx = imageContext(i, r, { trunc: true, nowMs }) as Record<string, () => string>;
      const shared = i.SharedSize === undefined || i.SharedSize < 0 ? 'N/A' : humanSize(i.SharedSize);
      const unique = i.SharedSize === undefined || i.SharedSize < 0 ? 'N/A' : humanSize(i.Size - i.SharedSize);
      t += `${r[0]}\t${r[1]}\t${ctx.ID?.()}\t${ctx.CreatedSince?.()}\t${ctx.Size?.()}\t${shared}\t${unique}\t${i.Containers ?? 0}\n`;
    }
  }
  out += `${tabwrite(t)}\nContainers space usage:\n\n`;
  t = 'CONTAINER ID\tIMAGE\tCOMMAND\tLOCAL VOLUMES\tSIZE\tCREATED\tSTATUS\tNAMES\n';
  for (const c of b.Containers ?? []) {
    const ctx = containerContext(c, { trunc: true, nowMs }) as Record<string, () => string>;
    t += `${ctx.ID?.()}\t${ctx.Image?.()}\t${ctx.Command?.()}\t${ctx.LocalVolumes?.()}\t${humanSizeWithPrecision(c.SizeRw ?? 0, 3)}\t${ctx.RunningFor?.()}\t${ctx.Status?.()}\t${ctx.Names?.()}\n`;
  }
  out += `${tabwrite(t)}\nLocal Volumes space usage:\n\n`;
  t = 'VOLUME NAME\tLINKS\tSIZE\n';
  for (const v of b.Volumes ?? []) t += `${v.Name}\t${v.UsageData?.RefCount ?? 0}\t${humanSize(Math.max(0, v.UsageData?.Size ?? 0))}\n`;
  const cache = b.BuildCache ?? [];
  out += `${tabwrite(t)}\nBuild cache usage: ${humanSize(cache.reduce((a, x) => a + x.Size, 0))}\n\n`;
  t = 'CACHE ID\tCACHE TYPE\tSIZE\tCREATED\tLAST USED\tUSAGE\tSHARED\n';
  for (const x of cache) t += `${x.ID.slice(0, 12)}\t${x.Type}\t${humanSize(x.Size)}\t\t\t${x.UsageCount ?? 0}\t${x.Shared}\n`;
  return out + tabwrite(t);
}

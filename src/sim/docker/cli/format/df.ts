/**
 * docker system df (cli/command/formatter/disk_usage.go, docker 28.2): the
 * summary of images, containers, local volumes and build cache (TOTAL,
 * ACTIVE, SIZE, RECLAIMABLE with an integer percentage), and -v's per-object
 * tables. Templates run on the formatter's Go types, which print as structs:
 * a summary row is a *diskUsageImagesContext ({{.}} is "{{<nil>} 8311000
 * [0xc...]}": its HeaderContext and unexported fields, the API objects as
 * pointers) with the methods Type, TotalCount, Active, Size, Reclaimable;
 * -v with a --format other than "table" runs the template once on a
 * *diskUsageContext {Images, Containers, Volumes, BuildCache} of row contexts
 * (IDs not truncated), with no newline after. "raw" has its own templates.
 * Execution errors in the summary are "template parsing error: ...", as
 * docker's formatter.Context words them.
 * SIMPLIFICATIONS: heap addresses are fake but well formed; the build cache
 * raw template is docker's, unchecked against a daemon with a build cache.
 */

import { executeGoTemplate, goJson, GO_PTR, HEADER_FUNCS, ALL_FUNCS, RawJson, parseGoTemplate, type Template } from '../template/index.ts';
import { parseListFormat, goStruct } from './formatter.ts';
import { tabwrite } from './tabwriter.ts';
import { humanSize, humanSizeWithPrecision } from './units.ts';
import { containerContext, type ApiContainerSummary } from './container.ts';
import { imageContext, type ApiImageSummary } from './image.ts';
import { volumeContext, type ApiVolume } from './objects.ts';
import { ago, goTimeString, parseApiTime, truncateID } from './display.ts';
import { familiarName, parseReference } from '../util/reference.ts';

interface ApiBuildCache {
  ID: string;
  Parent?: string;
  Parents?: string[] | null;
  Type: string;
  Description?: string;
  Size: number;
  InUse: boolean;
  Shared: boolean;
  CreatedAt?: string;
  LastUsedAt?: string | null;
  UsageCount?: number;
}

interface DfBody {
  LayersSize?: number;
  Images?: ApiImageSummary[] | null;
  Containers?: ApiContainerSummary[] | null;
  Volumes?: ApiVolume[] | null;
  BuildCache?: ApiBuildCache[] | null;
}

const SUMMARY = 'table {{.Type}}\\t{{.TotalCount}}\\t{{.Active}}\\t{{.Size}}\\t{{.Reclaimable}}';
const RAW_SUMMARY = 'type: {{.Type}}\ntotal: {{.TotalCount}}\nactive: {{.Active}}\nsize: {{.Size}}\nreclaimable: {{.Reclaimable}}\n';
// NewDiskUsageFormat(raw, verbose): NewImageFormat(raw, false, true), NewContainerFormat(raw, false, true), NewVolumeFormat, NewBuildCacheFormat.
const RAW_VERBOSE =
  '{{range .Images}}type: Image\nrepository: {{ .Repository }}\ntag: {{.Tag}}\ndigest: {{.Digest}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n\n{{end -}}\n' +
  '{{range .Containers}}type: Container\ncontainer_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\nlabels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\nsize: {{.Size}}\n\n{{end -}}\n' +
  '{{range .Volumes}}type: Volume\nname: {{.Name}}\ndriver: {{.Driver}}\n\n{{end -}}\n' +
  '{{range .BuildCache}}type: Build Cache\nbuild_cache_id: {{.ID}}\nparent_id: {{.Parent}}\nbuild_cache_type: {{.CacheType}}\ndescription: {{.Description}}\ncreated_at: {{.CreatedAt}}\ncreated_since: {{.CreatedSince}}\nlast_used_at: {{.LastUsedAt}}\nlast_used_since: {{.LastUsedSince}}\nusage_count: {{.UsageCount}}\nin_use: {{.InUse}}\nshared: {{.Shared}}\n\n{{end -}}';

/** Fake heap addresses for the pointers a template can print. */
class Heap {
  private n = 0;
  addr(): string {
    return `0x${(0xc000200000 + this.n++ * 0x80).toString(16)}`;
  }
  /** Mark `o` as reached through a pointer (nested, it prints as the address). */
  ptr<T extends object>(o: T): T {
    Object.defineProperty(o, GO_PTR, { value: this.addr(), enumerable: false });
    return o;
  }
}

/** A value behind a pointer that templates only ever print as its address. */
function opaque(heap: Heap, v: unknown): object {
  return heap.ptr(goStruct({ v }, 'pointer'));
}

function reclaim(r: number, total: number): string {
  return total > 0 ? `${humanSize(r)} (${Math.trunc((r * 100) / total)}%)` : humanSize(r);
}

/**
 * One summary row: Go fields (HeaderContext, then the unexported ones) as
 * enumerable properties, the formatter's methods hidden beside them.
 */
function usageRow(heap: Heap, goType: string, fields: Record<string, unknown>, m: { type: string; total: number; active: number; size: number; reclaimable: string }): object {
  const o: Record<string, unknown> = { HeaderContext: goStruct({ Header: null }, 'formatter.HeaderContext'), ...fields };
  const methods: Record<string, () => unknown> = {
    Type: () => m.type,
    TotalCount: () => String(m.total),
    Active: () => String(m.active),
    Size: () => humanSize(m.size),
    Reclaimable: () => m.reclaimable,
    // formatter.MarshalJSON: the methods' results under their names, sorted.
    MarshalJSON: () => new RawJson(goJson({ Active: methods.Active?.(), Reclaimable: m.reclaimable, Size: humanSize(m.size), TotalCount: String(m.total), Type: m.type })),
  };
  for (const [k, f] of Object.entries(methods)) Object.defineProperty(o, k, { value: f, enumerable: false });
  return heap.ptr(goStruct(o, goType));
}

function summaryRows(b: DfBody, heap: Heap): object[] {
  const images = b.Images ?? [];
  const containers = b.Containers ?? [];
  const volumes = b.Volumes ?? [];
  const cache = b.BuildCache ?? [];
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
  const ptrs = (xs: unknown[]) => xs.map((x) => opaque(heap, x));
  return [
    usageRow(heap, '*formatter.diskUsageImagesContext', { totalSize: layers, images: ptrs(images) }, { type: 'Images', total: images.length, active: images.filter((i) => (i.Containers ?? 0) > 0).length, size: layers, reclaimable: reclaim(layers - used, layers) }),
    usageRow(heap, '*formatter.diskUsageContainersContext', { containers: ptrs(containers) }, { type: 'Containers', total: containers.length, active: cActive.length, size: cSize, reclaimable: reclaim(cReclaim, cSize) }),
    usageRow(heap, '*formatter.diskUsageVolumesContext', { volumes: ptrs(volumes) }, { type: 'Local Volumes', total: volumes.length, active: vActive.length, size: vSize, reclaimable: reclaim(vReclaim, vSize) }),
    usageRow(heap, '*formatter.diskUsageBuilderContext', { builderSize: bSize, buildCache: ptrs(cache) }, { type: 'Build Cache', total: cache.length, active: cache.filter((x) => x.InUse).length, size: bSize, reclaimable: humanSize(bReclaim) }),
  ];
}

/** The output, or an error (with what a -v template wrote before it failed). */
export type DfResult = { text: string } | { error: string; partial?: string };

export function dfText(body: Record<string, unknown>, o: { verbose: boolean; format: string; nowMs: number }): DfResult {
  const b = body as DfBody;
  const heap = new Heap();
  if (o.verbose) {
    if (!o.format || o.format === 'table') return { text: verboseTable(b, o.nowMs) };
    return verboseFormat(b, o.format, o.nowMs, heap);
  }
  let tmpl: Template;
  let table = false;
  if (o.format === 'raw') {
    const t = parseGoTemplate(RAW_SUMMARY);
    if ('error' in t) return { error: `template parsing error: ${t.error}` };
    tmpl = t;
  } else {
    const p = parseListFormat(o.format || 'table', SUMMARY);
    if ('error' in p) return p;
    tmpl = p.tmpl;
    table = p.table;
  }
  let out = '';
  for (const r of summaryRows(b, heap)) {
    const x = executeGoTemplate(tmpl, r, ALL_FUNCS);
    if ('error' in x) return { error: `template parsing error: ${x.error}` };
    out += `${x.text}\n`;
  }
  if (!table) return { text: out };
  const header = goStruct({ Type: 'TYPE', TotalCount: 'TOTAL', Active: 'ACTIVE', Size: 'SIZE', Reclaimable: 'RECLAIMABLE' }, 'formatter.SubHeaderContext');
  const h = executeGoTemplate(tmpl, header, { ...ALL_FUNCS, ...HEADER_FUNCS });
  return { text: tabwrite(`${'error' in h ? '' : h.text}\n${out}`) };
}

/** The repository and tag df shows for an image: its first tag only (verboseWrite). */
function firstTag(i: ApiImageSummary): [string, string] {
  const tags = i.RepoTags ?? [];
  const digests = i.RepoDigests ?? [];
  const dangling = (!tags.length && !digests.length) || (tags.length === 1 && tags[0] === '<none>:<none>' && digests.length === 1 && digests[0] === '<none>@<none>');
  if (!tags.length || dangling) return ['<none>', '<none>'];
  const r = parseReference(tags[0] as string);
  if ('error' in r || !r.tag) return ['<none>', '<none>'];
  return [familiarName(r), r.tag];
}

/** formatter.buildCacheContext (cli/command/formatter/buildcache.go). */
function buildCacheContext(x: ApiBuildCache, trunc: boolean, nowMs: number): object {
  const parent = x.Parents?.length ? x.Parents.join(', ') : (x.Parent ?? '');
  const ctx = {
    ID: () => `${trunc ? truncateID(x.ID) : x.ID}${x.InUse ? '*' : ''}`,
    Parent: () => (trunc ? truncateID(parent) : parent),
    CacheType: () => x.Type,
    Description: () => x.Description ?? '',
    Size: () => humanSizeWithPrecision(x.Size, 3),
    CreatedAt: () => goTimeString(parseApiTime(x.CreatedAt ?? '')),
    CreatedSince: () => ago(nowMs, parseApiTime(x.CreatedAt ?? '')),
    LastUsedAt: () => (x.LastUsedAt ? goTimeString(parseApiTime(x.LastUsedAt)) : ''),
    LastUsedSince: () => (x.LastUsedAt ? ago(nowMs, parseApiTime(x.LastUsedAt)) : ''),
    UsageCount: () => String(x.UsageCount ?? 0),
    InUse: () => String(x.InUse),
    Shared: () => String(x.Shared),
    MarshalJSON: () => {
      const o: Record<string, unknown> = {};
      for (const k of ['CacheType', 'CreatedAt', 'CreatedSince', 'Description', 'ID', 'InUse', 'LastUsedAt', 'LastUsedSince', 'Parent', 'Shared', 'Size', 'UsageCount']) o[k] = (ctx as unknown as Record<string, () => unknown>)[k]?.();
      return new RawJson(goJson(o));
    },
  };
  return goStruct(ctx, '*formatter.buildCacheContext');
}

/** The row contexts of -v (verboseWrite): IDs truncated only in the table. */
function verboseContexts(b: DfBody, trunc: boolean, nowMs: number) {
  return {
    Images: (b.Images ?? []).map((i) => {
      const [repo, tag] = firstTag(i);
      return imageContext(i, [repo, tag, ''], { trunc, nowMs });
    }),
    // Don't display the virtual size.
    Containers: (b.Containers ?? []).map((c) => containerContext({ ...c, SizeRootFs: 0 }, { trunc, nowMs })),
    Volumes: (b.Volumes ?? []).map((v) => volumeContext(v)),
    BuildCache: (b.BuildCache ?? []).map((x) => buildCacheContext(x, trunc, nowMs)),
  };
}

/** -v with a template: run once on a *diskUsageContext, written as it comes (no newline after). */
function verboseFormat(b: DfBody, format: string, nowMs: number, heap: Heap): DfResult {
  let f = format;
  if (f === 'raw') f = RAW_VERBOSE;
  else if (f.startsWith('table')) f = f.slice('table'.length);
  else if (f === 'json') f = '{{json .}}';
  f = f.replace(/^ +| +$/g, '').replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  const t = parseGoTemplate(f);
  if ('error' in t) return { error: `template parsing error: ${t.error}` };
  const ctx = verboseContexts(b, false, nowMs);
  for (const list of Object.values(ctx)) for (const c of list) heap.ptr(c);
  const duc = heap.ptr(goStruct(ctx, '*formatter.diskUsageContext'));
  const x = executeGoTemplate(t, duc, ALL_FUNCS);
  return 'error' in x ? { error: x.error, partial: x.partial ?? '' } : { text: x.text };
}

function verboseTable(b: DfBody, nowMs: number): string {
  const ctx = verboseContexts(b, true, nowMs);
  const call = (o: object, k: string): string => String((o as Record<string, () => unknown>)[k]?.() ?? '');
  const cols = (o: object, ks: string[]) => `${ks.map((k) => call(o, k)).join('\t')}\n`;
  let out = 'Images space usage:\n\n';
  let t = 'REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE\tSHARED SIZE\tUNIQUE SIZE\tCONTAINERS\n';
  for (const c of ctx.Images) t += cols(c, ['Repository', 'Tag', 'ID', 'CreatedSince', 'Size', 'SharedSize', 'UniqueSize', 'Containers']);
  out += `${tabwrite(t)}\nContainers space usage:\n\n`;
  t = 'CONTAINER ID\tIMAGE\tCOMMAND\tLOCAL VOLUMES\tSIZE\tCREATED\tSTATUS\tNAMES\n';
  for (const c of ctx.Containers) t += cols(c, ['ID', 'Image', 'Command', 'LocalVolumes', 'Size', 'RunningFor', 'Status', 'Names']);
  out += `${tabwrite(t)}\nLocal Volumes space usage:\n\n`;
  t = 'VOLUME NAME\tLINKS\tSIZE\n';
  for (const v of b.Volumes ?? []) t += `${v.Name}\t${v.UsageData?.RefCount ?? 0}\t${humanSize(Math.max(0, v.UsageData?.Size ?? 0))}\n`;
  out += `${tabwrite(t)}\nBuild cache usage: ${humanSize((b.BuildCache ?? []).reduce((a, x) => a + x.Size, 0))}\n\n`;
  t = 'CACHE ID\tCACHE TYPE\tSIZE\tCREATED\tLAST USED\tUSAGE\tSHARED\n';
  for (const c of ctx.BuildCache) t += cols(c, ['ID', 'CacheType', 'Size', 'CreatedSince', 'LastUsedSince', 'UsageCount', 'Shared']);
  return out + tabwrite(t);
}

/**
 * docker images rows: formatter.imageContext (cli/command/formatter/image.go)
 * over the API's image summaries: one row per repository:tag (and per digest
 * with --digests), "<none>" for dangling images, sizes with 3 significant
 * digits, "N/A" for counts the daemon did not compute.
 */

import { goJson, RawJson, typedSummary } from '../template/index.ts';
import { contextRow, goStruct, LazyField, rowMethods } from './formatter.ts';
import { ago, goTimeString, truncateID } from './display.ts';
import { humanSize, humanSizeWithPrecision } from './units.ts';
import { familiarName, parseReference } from '../util/reference.ts';

export interface ApiImageSummary {
  Id: string;
  ParentId?: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created: number;
  Size: number;
  SharedSize?: number;
  VirtualSize?: number;
  Labels?: Record<string, string> | null;
  Containers?: number;
}

export const DEFAULT_IMAGE_TABLE = 'table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{.CreatedSince}}\\t{{.Size}}';
export const DIGEST_IMAGE_TABLE = 'table {{.Repository}}\\t{{.Tag}}\\t{{.Digest}}\\t{{.ID}}\\t{{.CreatedSince}}\\t{{.Size}}';

export function imageHeader(): object {
  return goStruct(
    {
      ID: 'IMAGE ID',
      Repository: 'REPOSITORY',
      Tag: 'TAG',
      Digest: 'DIGEST',
      CreatedSince: 'CREATED',
      CreatedAt: 'CREATED AT',
      Size: 'SIZE',
      Containers: 'CONTAINERS',
      VirtualSize: 'VIRTUAL SIZE',
      SharedSize: 'SHARED SIZE',
      UniqueSize: 'UNIQUE SIZE',
    },
    'formatter.SubHeaderContext',
  );
}

function isDangling(i: ApiImageSummary): boolean {
  const tags = i.RepoTags ?? [];
  const digests = i.RepoDigests ?? [];
  if (!tags.length && !digests.length) return true;
  return tags.length === 1 && tags[0] === '<none>:<none>' && digests.length === 1 && digests[0] === '<none>@<none>';
}

/** The rows one image gives: [repository, tag, digest]. Repositories in order of first appearance. */
export function imageRows(i: ApiImageSummary, showDigests: boolean): Array<[string, string, string]> {
  if (isDangling(i)) return [['<none>', '<none>', '<none>']];
  const tags = new Map<string, string[]>();
  const digests = new Map<string, string[]>();
  for (const s of i.RepoTags ?? []) {
    const r = parseReference(s);
    if ('error' in r || !r.tag) continue;
    const n = familiarName(r);
    tags.set(n, [...(tags.get(n) ?? []), r.tag]);
  }
  for (const s of i.RepoDigests ?? []) {
    const r = parseReference(s);
    if ('error' in r || !r.digest) continue;
    const n = familiarName(r);
    digests.set(n, [...(digests.get(n) ?? []), r.digest]);
  }
  const rows: Array<[string, string, string]> = [];
  for (const [repo, ts] of tags) {
    const ds = showDigests ? (digests.get(repo) ?? []) : [];
    digests.delete(repo);
    for (const t of ts) {
      if (!ds.length) rows.push([repo, t, '<none>']);
      else for (const d of ds) rows.push([repo, t, d]);
    }
  }
  for (const [repo, ds] of digests) {
    if (showDigests) for (const d of ds) rows.push([repo, '<none>', d]);
    else rows.push([repo, '<none>', '']);
  }
  return rows;
}

/** What an image row's methods read (under a symbol: templates see the Go fields and the methods). */
interface ImageRow {
  i: ApiImageSummary;
  repo: string;
  tag: string;
  digest: string;
  trunc: boolean;
  nowMs: number;
}

const ROW = Symbol('formatter.imageContext row');
type Row = { [ROW]: ImageRow };

const na = (n: number | undefined, f: (n: number) => string) => (n === undefined || n === -1 ? 'N/A' : f(n));

/** The imageContext methods, the prototype of every row. */
const IMAGE_METHODS = rowMethods({
  ID(this: Row) {
    const { i, trunc } = this[ROW];
    return trunc ? truncateID(i.Id) : i.Id;
  },
  Repository(this: Row) {
    return this[ROW].repo;
  },
  Tag(this: Row) {
    return this[ROW].tag;
  },
  Digest(this: Row) {
    return this[ROW].digest;
  },
  CreatedSince(this: Row) {
    const { i, nowMs } = this[ROW];
    return i.Created ? ago(nowMs, i.Created * 1000) : 'N/A';
  },
  CreatedAt(this: Row) {
    return goTimeString(this[ROW].i.Created * 1000);
  },
  Size(this: Row) {
    return humanSizeWithPrecision(this[ROW].i.Size, 3);
  },
  Containers(this: Row) {
    return na(this[ROW].i.Containers, String);
  },
  VirtualSize(this: Row) {
    const { i } = this[ROW];
    return humanSize(i.VirtualSize ?? i.Size);
  },
  SharedSize(this: Row) {
    return na(this[ROW].i.SharedSize, (n) => humanSize(n));
  },
  UniqueSize(this: Row) {
    const { i } = this[ROW];
    return na(i.SharedSize, (n) => humanSize(i.Size - n));
  },
  MarshalJSON(this: Row) {
    const o: Record<string, unknown> = {};
    const self = this as unknown as Record<string, () => unknown>;
    for (const k of ['Containers', 'CreatedAt', 'CreatedSince', 'Digest', 'ID', 'Repository', 'SharedSize', 'Size', 'Tag', 'UniqueSize', 'VirtualSize']) o[k] = self[k]?.call(this);
    return new RawJson(goJson(o, { escapeHtml: true }));
  },
});

/** The image.Summary field, typed when first printed. */
const TYPED_I = new LazyField((r) => typedSummary('image', (r as Row)[ROW].i));

/**
 * A *formatter.imageContext: Go fields {HeaderContext, trunc, i (the
 * image.Summary), repo, tag, digest} that {{.}} prints, the methods on its
 * prototype.
 */
export function imageContext(i: ApiImageSummary, row: [string, string, string], opts: { trunc: boolean; nowMs: number }): object {
  const [repo, tag, digest] = row;
  const ctx = contextRow(IMAGE_METHODS, '*formatter.imageContext', { trunc: opts.trunc, i: TYPED_I, repo, tag, digest });
  (ctx as unknown as Row)[ROW] = { i, repo, tag, digest, trunc: opts.trunc, nowMs: opts.nowMs };
  return ctx;
}

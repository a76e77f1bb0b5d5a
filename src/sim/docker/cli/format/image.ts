/**
 * docker images rows: formatter.imageContext (cli/command/formatter/image.go)
 * over the API's image summaries: one row per repository:tag (and per digest
 * with --digests), "<none>" for dangling images, sizes with 3 significant
 * digits, "N/A" for counts the daemon did not compute.
 */

import { goJson, RawJson } from '../template/index.ts';
import { goStruct } from './formatter.ts';
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

export function imageContext(i: ApiImageSummary, row: [string, string, string], opts: { trunc: boolean; nowMs: number }): object {
  const [repo, tag, digest] = row;
  const na = (n: number | undefined, f: (n: number) => string) => (n === undefined || n === -1 ? 'N/A' : f(n));
  const ctx = {
    ID: () => (opts.trunc ? truncateID(i.Id) : i.Id),
    Repository: () => repo,
    Tag: () => tag,
    Digest: () => digest,
    CreatedSince: () => (i.Created ? ago(opts.nowMs, i.Created * 1000) : 'N/A'),
    CreatedAt: () => goTimeString(i.Created * 1000),
    Size: () => humanSizeWithPrecision(i.Size, 3),
    Containers: () => na(i.Containers, String),
    VirtualSize: () => humanSize(i.VirtualSize ?? i.Size),
    SharedSize: () => na(i.SharedSize, (n) => humanSize(n)),
    UniqueSize: () => na(i.SharedSize, (n) => humanSize(i.Size - n)),
    MarshalJSON: () => {
      const o: Record<string, unknown> = {};
      for (const k of ['Containers', 'CreatedAt', 'CreatedSince', 'Digest', 'ID', 'Repository', 'SharedSize', 'Size', 'Tag', 'UniqueSize', 'VirtualSize']) {
        o[k] = (ctx as unknown as Record<string, () => unknown>)[k]?.();
      }
      return new RawJson(goJson(o, { escapeHtml: true }));
    },
  };
  return goStruct(ctx, '*formatter.imageContext');
}

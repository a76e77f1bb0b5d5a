/**
 * docker images / docker image ls (cli/command/image/list.go): GET
 * /images/json (all, filters with reference=REPO[:TAG]) rendered through the
 * image formatter; --tree (experimental in 28) asks for manifests=1 and draws
 * format/image-tree.ts's tree, refusing the flags 28.2.2 does not combine with it.
 */

import type { CommandSpec } from '../spec/types.ts';
import type { CliCtx, CmdResult } from '../context.ts';
import { FORMAT_TABLE_USAGE, apiFail, fail } from './common.ts';
import { flagBool, flagList, flagStr } from '../spec/parse.ts';
import { filtersQuery } from '../api/client.ts';
import { renderList } from '../format/formatter.ts';
import { renderImageTree, type ApiImageSummaryWithManifests } from '../format/image-tree.ts';
import { DEFAULT_IMAGE_TABLE, DIGEST_IMAGE_TABLE, imageContext, imageHeader, imageRows, type ApiImageSummary } from '../format/image.ts';

export const imagesCmd: CommandSpec = {
  name: 'ls',
  use: 'ls [OPTIONS] [REPOSITORY[:TAG]]',
  short: 'List images',
  aliases: ['list'],
  aliasesLine: 'docker image ls, docker image list, docker images',
  args: { kind: 'max', n: 1 },
  flags: [
    { name: 'all', short: 'a', type: 'bool', usage: 'Show all images (default hides intermediate images)' },
    { name: 'digests', type: 'bool', usage: 'Show digests' },
    { name: 'filter', short: 'f', type: 'filter', usage: 'Filter output based on conditions provided' },
    { name: 'format', type: 'string', usage: FORMAT_TABLE_USAGE },
    { name: 'no-trunc', type: 'bool', usage: "Don't truncate output" },
    { name: 'quiet', short: 'q', type: 'bool', usage: 'Only show image IDs' },
    { name: 'tree', type: 'bool', usage: 'List multi-platform images as a tree (EXPERIMENTAL)' },
  ],
  execute: executeImages,
};

function executeImages(c: CliCtx): CmdResult {
  const f = c.flags;
  const filters = [...flagList(f, 'filter')];
  if (c.args[0]) filters.push(`reference=${c.args[0]}`);
  if (flagBool(f, 'tree')) return executeTree(c, filters);
  const r = c.api.get('/images/json', { all: flagBool(f, 'all') ? '1' : undefined, filters: filtersQuery(filters) });
  if (!r.ok) return apiFail(c, r);
  const digests = flagBool(f, 'digests');
  const quiet = flagBool(f, 'quiet');
  let format = flagStr(f, 'format');
  if (quiet) format = '{{.ID}}';
  else if (!format || format === 'table') format = digests ? DIGEST_IMAGE_TABLE : DEFAULT_IMAGE_TABLE;
  const trunc = !flagBool(f, 'no-trunc');
  const now = c.sys.nowMs();
  const showDigests = digests || /\.Digest\b/.test(format);
  const rows: object[] = [];
  for (const img of (r.body as ApiImageSummary[] | null) ?? []) for (const row of imageRows(img, showDigests)) rows.push(imageContext(img, row, { trunc, nowMs: now }));
  const out = renderList(format, DEFAULT_IMAGE_TABLE, rows, imageHeader());
  if ('error' in out) return fail(c, out.error);
  c.io.out(out.text);
  return 0;
}

/** list.go's --tree branch (runTree): the flags it refuses, in 28.2.2's order, then the tree. */
function executeTree(c: CliCtx, filters: string[]): CmdResult {
  const f = c.flags;
  if (flagBool(f, 'quiet')) return fail(c, '--quiet is not yet supported with --tree');
  if (flagBool(f, 'no-trunc')) return fail(c, '--no-trunc is not yet supported with --tree');
  if (flagBool(f, 'digests')) return fail(c, '--show-digest is not yet supported with --tree');
  if (flagStr(f, 'format')) return fail(c, '--format is not yet supported with --tree');
  const all = flagBool(f, 'all');
  const r = c.api.get('/images/json', { all: all ? '1' : undefined, filters: filtersQuery(filters), manifests: '1' });
  if (!r.ok) return apiFail(c, r);
  const tty = c.io.stdoutTty;
  c.io.out(renderImageTree((r.body as ApiImageSummaryWithManifests[] | null) ?? [], { all, tty, cols: tty ? (c.sys.termSize?.cols ?? null) : null }));
  return 0;
}

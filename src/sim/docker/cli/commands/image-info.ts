/**
 * docker history, image inspect and image prune (cli/command/image): the
 * layer history table (CREATED BY cut to 45 columns, "<missing>" IDs), -H=false
 * with RFC 3339 times and byte counts.
 */

import type { CommandSpec } from '../spec/types.ts';
import type { CliCtx, CmdResult } from '../context.ts';
import { FORMAT_TABLE_USAGE, FORMAT_JSON_USAGE, fail } from './common.ts';
import { flagBool, flagList, flagStr } from '../spec/parse.ts';
import { renderList } from '../format/formatter.ts';
import { DEFAULT_HISTORY_TABLE, NON_HUMAN_HISTORY_TABLE, historyContext, historyHeader, type ApiHistoryItem } from '../format/objects.ts';
import { inspectTyped } from './inspect.ts';
import { startPrune } from './prune.ts';

export const historyCmd: CommandSpec = {
  name: 'history',
  use: 'history [OPTIONS] IMAGE',
  short: 'Show the history of an image',
  aliasesLine: 'docker image history, docker history',
  args: { kind: 'exact', n: 1 },
  flags: [
    { name: 'format', type: 'string', usage: FORMAT_TABLE_USAGE },
    { name: 'human', short: 'H', type: 'bool', usage: 'Print sizes and dates in human readable format', defText: 'true' },
    { name: 'no-trunc', type: 'bool', usage: "Don't truncate output" },
    { name: 'platform', type: 'string', usage: 'Show history for the given platform. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")' },
    { name: 'quiet', short: 'q', type: 'bool', usage: 'Only show image IDs' },
  ],
  execute: executeHistory,
};

export const imageInspectCmd: CommandSpec = {
  name: 'inspect',
  use: 'inspect [OPTIONS] IMAGE [IMAGE...]',
  short: 'Display detailed information on one or more images',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'format', short: 'f', type: 'string', usage: FORMAT_JSON_USAGE },
    { name: 'platform', type: 'string', usage: "Inspect a specific platform of the multi-platform image.\nIf the image or the server is not multi-platform capable, the command will error out if the platform does not match.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)" },
  ],
  execute: executeImageInspect,
};

export const imagePruneCmd: CommandSpec = {
  name: 'prune',
  use: 'prune [OPTIONS]',
  short: 'Remove unused images',
  args: { kind: 'none' },
  flags: [
    { name: 'all', short: 'a', type: 'bool', usage: 'Remove all unused images, not just dangling ones' },
    { name: 'filter', type: 'filter', usage: 'Provide filter values (e.g. "until=<timestamp>")' },
    { name: 'force', short: 'f', type: 'bool', usage: 'Do not prompt for confirmation' },
  ],
  execute: executeImagePrune,
};

function executeHistory(c: CliCtx): CmdResult {
  const f = c.flags;
  const r = c.api.get(`/images/${c.args[0]}/history`, { platform: flagStr(f, 'platform') || undefined });
  if (!r.ok) return fail(c, r.error);
  const human = flagBool(f, 'human');
  let format = flagStr(f, 'format');
  if (flagBool(f, 'quiet')) format = '{{.ID}}';
  else if (!format || format === 'table') format = human ? DEFAULT_HISTORY_TABLE : NON_HUMAN_HISTORY_TABLE;
  const trunc = !flagBool(f, 'no-trunc');
  const now = c.sys.nowMs();
  const rows = ((r.body as ApiHistoryItem[] | null) ?? []).map((h) => historyContext(h, { trunc, human, nowMs: now }));
  const out = renderList(format, DEFAULT_HISTORY_TABLE, rows, historyHeader());
  if ('error' in out) return fail(c, out.error);
  c.io.out(out.text);
  return 0;
}

function executeImageInspect(c: CliCtx): CmdResult {
  return inspectTyped(c, 'image');
}

function executeImagePrune(c: CliCtx): CmdResult {
  const f = c.flags;
  return startPrune(c, { k: 'prune', kind: 'image', all: flagBool(f, 'all'), volumes: false, filters: flagList(f, 'filter'), answer: '' }, flagBool(f, 'force'));
}

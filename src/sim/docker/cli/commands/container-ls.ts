/**
 * docker ps / docker container ls (cli/command/container/list.go):
 * GET /containers/json with all, limit, size and filters, rendered through
 * the container formatter (table, -q, --no-trunc, --format).
 */

import type { CommandSpec } from '../spec/types.ts';
import type { CliCtx, CmdResult } from '../context.ts';
import { FORMAT_TABLE_USAGE, apiFail, fail } from './common.ts';
import { flagBool, flagChanged, flagList, flagNum, flagStr } from '../spec/parse.ts';
import { filtersQuery } from '../api/client.ts';
import { parseGoTemplate, executeGoTemplate } from '../template/index.ts';
import { renderList } from '../format/formatter.ts';
import { DEFAULT_CONTAINER_TABLE, containerContext, containerHeader, type ApiContainerSummary } from '../format/container.ts';

export const psCmd: CommandSpec = {
  name: 'ls',
  use: 'ls [OPTIONS]',
  short: 'List containers',
  aliases: ['list', 'ps'],
  aliasesLine: 'docker container ls, docker container list, docker container ps, docker ps',
  args: { kind: 'none' },
  flags: [
    { name: 'all', short: 'a', type: 'bool', usage: 'Show all containers (default shows just running)' },
    { name: 'filter', short: 'f', type: 'filter', usage: 'Filter output based on conditions provided' },
    { name: 'format', type: 'string', usage: FORMAT_TABLE_USAGE },
    { name: 'last', short: 'n', type: 'int', usage: 'Show n last created containers (includes all states)', defText: '-1' },
    { name: 'latest', short: 'l', type: 'bool', usage: 'Show the latest created container (includes all states)' },
    { name: 'no-trunc', type: 'bool', usage: "Don't truncate output" },
    { name: 'quiet', short: 'q', type: 'bool', usage: 'Only display container IDs' },
    { name: 'size', short: 's', type: 'bool', usage: 'Display total file sizes' },
  ],
  execute: executePs,
};

function executePs(c: CliCtx): CmdResult {
  const f = c.flags;
  const quiet = flagBool(f, 'quiet');
  let format = flagStr(f, 'format');
  if (format && quiet) c.io.err('WARNING: Ignoring custom format, because both --format and --quiet are set.\n');
  let size = flagBool(f, 'size');
  if (format) {
    const t = parseGoTemplate(format);
    if ('error' in t) return fail(c, `failed to parse template: ${t.error}`);
    const used = new Set<string>();
    const probe = executeGoTemplate(t, containerContext({ Id: '', Names: [], Image: '', Command: '', Created: 0, State: '', Status: '' }, { trunc: true, nowMs: 0, used }));
    if ('error' in probe) return fail(c, `failed to execute template: ${probe.error}`);
    if (!quiet && !size && !flagChanged(f, 'size') && used.has('Size')) size = true;
  }
  let limit = flagNum(f, 'last');
  if (flagBool(f, 'latest') && limit === -1) limit = 1;
  const r = c.api.get('/containers/json', {
    all: flagBool(f, 'all') ? '1' : undefined,
    limit: limit > 0 ? String(limit) : undefined,
    size: size ? '1' : undefined,
    filters: filtersQuery(flagList(f, 'filter')),
  });
  if (!r.ok) return apiFail(c, r);
  const list = (r.body as ApiContainerSummary[] | null) ?? [];
  if (quiet) format = '{{.ID}}';
  else if (!format || format === 'table') format = size ? `${DEFAULT_CONTAINER_TABLE}\\t{{.Size}}` : DEFAULT_CONTAINER_TABLE;
  const trunc = !flagBool(f, 'no-trunc');
  const now = c.sys.nowMs();
  const out = renderList(format, DEFAULT_CONTAINER_TABLE, list.map((x) => containerContext(x, { trunc, nowMs: now })), containerHeader());
  if ('error' in out) return fail(c, out.error);
  c.io.out(out.text);
  return 0;
}

/**
 * docker stats (cli/command/container/stats.go, stats_helpers.go,
 * formatter_stats.go): one GET /containers/{id}/stats?stream=false per
 * container, CPU % from the delta to the previous sample, memory without the
 * page cache (inactive_file), network and block I/O summed; a table redrawn
 * every second unless --no-stream.
 * SIMPLIFICATIONS: without names the list comes from GET /containers/json
 * (the events subscription that adds new containers is not made); streaming
 * re-asks the daemon every virtual second.
 */

import type { CliCtx, CmdResult, Continuation, ResumeCtx } from '../context.ts';
import { renderList } from '../format/formatter.ts';
import { DEFAULT_STATS_TABLE, daemonOs, statsContext, statsEntry, statsHeader, type ApiStats, type StatsEntry } from '../format/stats.ts';

interface StatsCont extends Continuation {
  k: 'stats';
  names: string[];
  all: boolean;
  trunc: boolean;
  format: string;
}

function round(c: ResumeCtx, st: StatsCont, stream: boolean): CmdResult {
  // A listed container's entry is named by its short ID; a named one by the name as typed.
  let ids = st.names;
  if (!ids.length) {
    const l = c.api.get('/containers/json', { all: st.all ? '1' : undefined });
    if (!l.ok) {
      c.io.err(`${l.error}\n`);
      return 1;
    }
    ids = ((l.body as Array<{ Id: string }> | null) ?? []).map((x) => x.Id.slice(0, 12));
  }
  const entries: StatsEntry[] = [];
  const errs: string[] = [];
  let os = 'linux';
  for (const id of ids) {
    const r = c.api.get(`/containers/${encodeURIComponent(id)}/stats`, { stream: 'false' });
    if (!r.ok) {
      if (r.status === 0 || st.names.length) errs.push(r.error);
      continue;
    }
    os = daemonOs(r.headers);
    entries.push(statsEntry(id, r.body as ApiStats));
  }
  if (errs.length && st.names.length) {
    c.io.err(`${errs.join('\n')}\n`);
    return 1;
  }
  const out = renderList(st.format, DEFAULT_STATS_TABLE, entries.map((e) => statsContext(e, { os, trunc: st.trunc })), statsHeader(os));
  if ('error' in out) {
    c.io.err(`${out.error}\n`);
    return 1;
  }
  c.io.out(stream ? `\x1b[2J\x1b[H${out.text}` : out.text);
  if (!stream) return 0;
  return { pending: st, wait: { kind: 'poll', ms: 1000, periodic: true } };
}

export function executeStatsCmd(c: CliCtx, o: { all: boolean; noStream: boolean; noTrunc: boolean; format: string }): CmdResult {
  const st: StatsCont = { k: 'stats', names: c.args, all: o.all, trunc: !o.noTrunc, format: o.format || 'table' };
  return round(c, st, !o.noStream);
}

export function resumeStats(c: ResumeCtx, data: Continuation): CmdResult {
  return round(c, data as StatsCont, true);
}

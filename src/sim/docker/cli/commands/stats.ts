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
import { renderList, goStruct } from '../format/formatter.ts';
import { bytesSize, humanSizeWithPrecision } from '../format/units.ts';
import { goJson, RawJson } from '../template/index.ts';

export interface ApiStats {
  name?: string;
  id?: string;
  read?: string;
  pids_stats?: { current?: number };
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op: string; value: number }> | null };
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
}

export const DEFAULT_STATS_TABLE = 'table {{.ID}}\\t{{.Name}}\\t{{.CPUPerc}}\\t{{.MemUsage}}\\t{{.MemPerc}}\\t{{.NetIO}}\\t{{.BlockIO}}\\t{{.PIDs}}';

interface Entry {
  id: string;
  name: string;
  cpu: number;
  mem: number;
  limit: number;
  memPerc: number;
  rx: number;
  tx: number;
  read: number;
  write: number;
  pids: number;
  invalid: boolean;
}

export function statsEntry(id: string, s: ApiStats | null): Entry {
  if (!s) return { id, name: '--', cpu: 0, mem: 0, limit: 0, memPerc: 0, rx: 0, tx: 0, read: 0, write: 0, pids: 0, invalid: true };
  const cpuDelta = (s.cpu_stats?.cpu_usage?.total_usage ?? 0) - (s.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const sysDelta = (s.cpu_stats?.system_cpu_usage ?? 0) - (s.precpu_stats?.system_cpu_usage ?? 0);
  const online = s.cpu_stats?.online_cpus || s.cpu_stats?.cpu_usage?.percpu_usage?.length || 0;
  const cpu = sysDelta > 0 && cpuDelta > 0 ? (cpuDelta / sysDelta) * online * 100 : 0;
  const st = s.memory_stats?.stats ?? {};
  let mem = s.memory_stats?.usage ?? 0;
  const cache = st.total_inactive_file ?? st.inactive_file;
  if (cache !== undefined && cache < mem) mem -= cache;
  const limit = s.memory_stats?.limit ?? 0;
  let rx = 0;
  let tx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    rx += n.rx_bytes ?? 0;
    tx += n.tx_bytes ?? 0;
  }
  let read = 0;
  let write = 0;
  for (const b of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    if (b.op.toLowerCase() === 'read') read += b.value;
    else if (b.op.toLowerCase() === 'write') write += b.value;
  }
  const name = s.name ?? '';
  return { id: s.id ?? id, name: name.length > 1 && name.startsWith('/') ? name.slice(1) : name, cpu, mem, limit, memPerc: limit ? (mem / limit) * 100 : 0, rx, tx, read, write, pids: s.pids_stats?.current ?? 0, invalid: false };
}

function statsContext(e: Entry, trunc: boolean): object {
  const inv = (f: () => string) => () => (e.invalid ? '--' : f());
  const ctx = {
    Container: () => e.id,
    ID: () => (trunc ? e.id.slice(0, 12) : e.id),
    Name: () => e.name,
    CPUPerc: inv(() => `${e.cpu.toFixed(2)}%`),
    MemUsage: inv(() => `${bytesSize(e.mem)} / ${bytesSize(e.limit)}`),
    MemPerc: inv(() => `${e.memPerc.toFixed(2)}%`),
    NetIO: inv(() => `${humanSizeWithPrecision(e.rx, 3)} / ${humanSizeWithPrecision(e.tx, 3)}`),
    BlockIO: inv(() => `${humanSizeWithPrecision(e.read, 3)} / ${humanSizeWithPrecision(e.write, 3)}`),
    PIDs: inv(() => String(e.pids)),
    MarshalJSON: () => {
      const o: Record<string, unknown> = {};
      for (const k of ['BlockIO', 'CPUPerc', 'Container', 'ID', 'MemPerc', 'MemUsage', 'Name', 'NetIO', 'PIDs']) o[k] = (ctx as unknown as Record<string, () => unknown>)[k]?.();
      return new RawJson(goJson(o, { escapeHtml: true }));
    },
  };
  return goStruct(ctx, '*formatter.statsContext');
}

function header(): object {
  return goStruct({ Container: 'CONTAINER', ID: 'CONTAINER ID', Name: 'NAME', CPUPerc: 'CPU %', MemUsage: 'MEM USAGE / LIMIT', MemPerc: 'MEM %', NetIO: 'NET I/O', BlockIO: 'BLOCK I/O', PIDs: 'PIDS' }, 'formatter.SubHeaderContext');
}

interface StatsCont extends Continuation {
  k: 'stats';
  names: string[];
  all: boolean;
  trunc: boolean;
  format: string;
}

function round(c: ResumeCtx, st: StatsCont, stream: boolean): CmdResult {
  let ids = st.names;
  if (!ids.length) {
    const l = c.api.get('/containers/json', { all: st.all ? '1' : undefined });
    if (!l.ok) {
      c.io.err(`${l.error}\n`);
      return 1;
    }
    ids = ((l.body as Array<{ Id: string }> | null) ?? []).map((x) => x.Id);
  }
  const entries: Entry[] = [];
  const errs: string[] = [];
  for (const id of ids) {
    const r = c.api.get(`/containers/${encodeURIComponent(id)}/stats`, { stream: 'false' });
    if (!r.ok) {
      if (r.status === 0 || st.names.length) errs.push(r.error);
      continue;
    }
    entries.push(statsEntry(id, r.body as ApiStats));
  }
  if (errs.length && st.names.length) {
    c.io.err(`${errs.join('\n')}\n`);
    return 1;
  }
  const out = renderList(st.format, DEFAULT_STATS_TABLE, entries.map((e) => statsContext(e, st.trunc)), header());
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

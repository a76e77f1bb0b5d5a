/**
 * docker stats rows (cli/command/container/stats_helpers.go and
 * formatter_stats.go): a StatsEntry computed from one GET
 * /containers/{id}/stats answer (CPU % from the delta to the previous
 * sample, memory without the page cache, network and block I/O summed), and
 * the *container.statsContext a --format template runs on: Go fields
 * {HeaderContext, s (the StatsEntry, its numbers float64), os, trunc} that
 * {{.}} prints, the columns as its methods.
 * Checked against the real client through `container-sim serve`:
 * `docker stats --no-stream --format '{{printf "%+v" .}}'`.
 * SIMPLIFICATIONS: os is the daemon's, read from the Server header
 * ("Docker/28.2.2 (linux)"), "linux" when there is none (the simulated dockerd).
 */

import { goJson, GoFloat, RawJson } from '../template/index.ts';
import { goFixed } from '../template/fmt.ts';
import { contextRow, goStruct, rowMethods } from './formatter.ts';
import { truncateID } from './display.ts';
import { bytesSize, humanSizeWithPrecision } from './units.ts';

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

/** stats_helpers.go's StatsEntry, in its field order. */
export interface StatsEntry {
  /** What the user named (a name or ID as typed), or the 12-character ID of a listed container. */
  Container: string;
  /** The daemon's name, with its leading "/". */
  Name: string;
  ID: string;
  CPUPercentage: number;
  Memory: number;
  MemoryLimit: number;
  MemoryPercentage: number;
  NetworkRx: number;
  NetworkTx: number;
  BlockRead: number;
  BlockWrite: number;
  PidsCurrent: number;
  IsInvalid: boolean;
}

const FLOAT_FIELDS = ['CPUPercentage', 'Memory', 'MemoryLimit', 'MemoryPercentage', 'NetworkRx', 'NetworkTx', 'BlockRead', 'BlockWrite'] as const;

/** calculateMemUsageUnixNoCache: usage without inactive_file (cgroup v2) or total_inactive_file (v1). */
function memNoCache(m: ApiStats['memory_stats']): number {
  const usage = m?.usage ?? 0;
  const st = m?.stats ?? {};
  const v1 = st.total_inactive_file;
  if (v1 !== undefined && v1 < usage) return usage - v1;
  const v2 = st.inactive_file ?? 0;
  if (v2 < usage) return usage - v2;
  return usage;
}

/**
 * One StatsEntry from a stats answer (`container`: what the CLI asked
 * about); null, an entry marked invalid (SetErrorAndReset: every number 0).
 */
export function statsEntry(container: string, s: ApiStats | null): StatsEntry {
  const e: StatsEntry = { Container: container, Name: '', ID: '', CPUPercentage: 0, Memory: 0, MemoryLimit: 0, MemoryPercentage: 0, NetworkRx: 0, NetworkTx: 0, BlockRead: 0, BlockWrite: 0, PidsCurrent: 0, IsInvalid: false };
  if (!s) return { ...e, IsInvalid: true };
  const cpuDelta = (s.cpu_stats?.cpu_usage?.total_usage ?? 0) - (s.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const sysDelta = (s.cpu_stats?.system_cpu_usage ?? 0) - (s.precpu_stats?.system_cpu_usage ?? 0);
  const online = s.cpu_stats?.online_cpus || s.cpu_stats?.cpu_usage?.percpu_usage?.length || 0;
  if (sysDelta > 0 && cpuDelta > 0) e.CPUPercentage = (cpuDelta / sysDelta) * online * 100;
  e.Memory = memNoCache(s.memory_stats);
  e.MemoryLimit = s.memory_stats?.limit ?? 0;
  if (e.MemoryLimit !== 0) e.MemoryPercentage = (e.Memory / e.MemoryLimit) * 100;
  for (const n of Object.values(s.networks ?? {})) {
    e.NetworkRx += n.rx_bytes ?? 0;
    e.NetworkTx += n.tx_bytes ?? 0;
  }
  // calculateBlockIO: by the first letter of the op ("Read"/"read", "Write"/"write").
  for (const b of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = b.op[0];
    if (op === 'r' || op === 'R') e.BlockRead += b.value;
    else if (op === 'w' || op === 'W') e.BlockWrite += b.value;
  }
  e.PidsCurrent = s.pids_stats?.current ?? 0;
  e.Name = s.name ?? '';
  e.ID = s.id ?? '';
  return e;
}

/** The StatsEntry as the Go struct {{.}} prints (its float64 fields as floats). */
function entryStruct(e: StatsEntry): object {
  const o: Record<string, unknown> = { ...e };
  for (const k of FLOAT_FIELDS) o[k] = new GoFloat(e[k]);
  return goStruct(o, 'container.StatsEntry');
}

const ROW = Symbol('container.statsContext row');
type Row = { [ROW]: { e: StatsEntry; os: string; trunc: boolean } };

const percent = (f: number): string => `${goFixed(f, 2)}%`;

/** The statsContext methods, the prototype of every row. */
const STATS_METHODS = rowMethods({
  Container(this: Row) {
    return this[ROW].e.Container;
  },
  Name(this: Row) {
    const n = this[ROW].e.Name;
    return n.length > 1 ? n.slice(1) : '--';
  },
  ID(this: Row) {
    const { e, trunc } = this[ROW];
    return trunc ? truncateID(e.ID) : e.ID;
  },
  CPUPerc(this: Row) {
    const { e } = this[ROW];
    return e.IsInvalid ? '--' : percent(e.CPUPercentage);
  },
  MemUsage(this: Row) {
    const { e, os } = this[ROW];
    if (e.IsInvalid) return '-- / --';
    if (os === 'windows') return bytesSize(e.Memory);
    return `${bytesSize(e.Memory)} / ${bytesSize(e.MemoryLimit)}`;
  },
  MemPerc(this: Row) {
    const { e, os } = this[ROW];
    return e.IsInvalid || os === 'windows' ? '--' : percent(e.MemoryPercentage);
  },
  NetIO(this: Row) {
    const { e } = this[ROW];
    return e.IsInvalid ? '--' : `${humanSizeWithPrecision(e.NetworkRx, 3)} / ${humanSizeWithPrecision(e.NetworkTx, 3)}`;
  },
  BlockIO(this: Row) {
    const { e } = this[ROW];
    return e.IsInvalid ? '--' : `${humanSizeWithPrecision(e.BlockRead, 3)} / ${humanSizeWithPrecision(e.BlockWrite, 3)}`;
  },
  PIDs(this: Row) {
    const { e, os } = this[ROW];
    return e.IsInvalid || os === 'windows' ? '--' : String(e.PidsCurrent);
  },
  MarshalJSON(this: Row) {
    const o: Record<string, unknown> = {};
    const self = this as unknown as Record<string, () => unknown>;
    for (const k of ['BlockIO', 'CPUPerc', 'Container', 'ID', 'MemPerc', 'MemUsage', 'Name', 'NetIO', 'PIDs']) o[k] = self[k]?.call(this);
    return new RawJson(goJson(o, { escapeHtml: true }));
  },
});

/** A *container.statsContext: Go fields {HeaderContext, s, os, trunc}, the methods on its prototype. */
export function statsContext(e: StatsEntry, o: { os: string; trunc: boolean }): object {
  const ctx = contextRow(STATS_METHODS, '*container.statsContext', { s: entryStruct(e), os: o.os, trunc: o.trunc });
  (ctx as unknown as Row)[ROW] = { e, os: o.os, trunc: o.trunc };
  return ctx;
}

export function statsHeader(os: string): object {
  return goStruct(
    { Container: 'CONTAINER', ID: 'CONTAINER ID', Name: 'NAME', CPUPerc: 'CPU %', MemUsage: os === 'windows' ? 'PRIV WORKING SET' : 'MEM USAGE / LIMIT', MemPerc: 'MEM %', NetIO: 'NET I/O', BlockIO: 'BLOCK I/O', PIDs: 'PIDS' },
    'formatter.SubHeaderContext',
  );
}

/** The daemon's OS as the client reads it from the Server header ("Docker/28.2.2 (linux)"). */
export function daemonOs(headers: Record<string, string>): string {
  const server = headers.Server ?? headers.server;
  const m = server ? /\(([^)]*)\)\s*$/.exec(server) : null;
  return m ? (m[1] as string) : 'linux';
}

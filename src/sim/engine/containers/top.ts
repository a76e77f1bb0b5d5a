/**
 * GET /containers/{id}/top (moby daemon/top_unix.go): dockerd runs the host's
 * `ps` with the given arguments (default -ef), finds the PID column in the
 * header, and keeps the lines whose PID is in the container's cgroup; the
 * answer is {Titles, Processes} with host PIDs.
 * GET /containers/{id}/stats (daemon/stats, stats_collector): one sample of
 * the cgroup's counters (cpu.stat usage, memory.current and memory.max,
 * pids.current and pids.max) in Docker's StatsJSON shape.
 * Network and block I/O counters: stats-io.ts.
 * SIMPLIFICATIONS: stats never streams (one sample). The daemon's collector
 * samples every second, so precpu_stats is the sample a second earlier: here
 * made from the CPU the container's cgroup is granted now (the machine's cores
 * shared as the kernel shares them) over that second, which is what it used
 * under a steady load.
 */

import type { Engine } from '../engine.ts';
import type { ApiResponse } from '../api/types.ts';
import { apiError, apiJson } from '../api/types.ts';
import { isErr } from '../../kernel/errno.ts';
import { cgroupProcs, getCgroup } from '../../kernel/cgroup/ops.ts';
import { withContainer, eventAttrs } from './lookup.ts';
import { daemonActor } from './actor.ts';
import { recordEvent } from '../system/events-log.ts';
import { rfc3339Nano, ZERO_TIME } from '../system/time.ts';
import { computeCpu, type CpuDistribution } from '../../kernel/cgroup/cpu.ts';
import { blockStats, networkStats } from './stats-io.ts';

function q1(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

/** Run the host's ps as dockerd and return its output. */
function runPs(engine: Engine, args: string[]): { out: string; status: number } {
  const ul = engine.ul;
  const parent = daemonActor(engine);
  const out = ul.newCapture();
  const err = ul.newCapture();
  const child = ul.spawn(parent, { argv: ['ps', ...args], path: '/usr/bin/ps', fds: { 0: { k: 'null' }, 1: { k: 'cap', id: out }, 2: { k: 'cap', id: err } } });
  ul.drain();
  const text = ul.takeCapture(out);
  const errText = ul.takeCapture(err);
  if (typeof child !== 'number') return { out: child.error, status: child.status };
  const status = ul.reapChild(parent, child) ?? 0;
  return { out: status === 0 ? text : errText || text, status };
}

/** GET /containers/{id}/top?ps_args= */
export function topRoute(engine: Engine, idOrName: string, query: Record<string, string | string[]>): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    if (c.rt.lifecycle.value === 'restarting') return apiError(409, `Container ${c.Id} is restarting, wait until the container is running`);
    if (!c.State.Running || !c.rt.task) return apiError(409, `container ${c.Id} is not running`);
    const raw = q1(query.ps_args) ?? '';
    const args = raw.trim() === '' ? ['-ef'] : raw.trim().split(/\s+/);
    const ps = runPs(engine, args);
    if (ps.status !== 0) return apiError(500, `ps: ${ps.out.trim()}`);
    const lines = ps.out.split('\n').filter((l) => l.trim() !== '');
    const titles = (lines[0] ?? '').trim().split(/\s+/);
    const pidCol = titles.indexOf('PID');
    if (pidCol < 0) return apiError(500, "Couldn't find PID field in ps output");
    const procs = cgroupProcs(engine.k, c.rt.cgroup);
    const pids = new Set(isErr(procs) ? [] : procs);
    const rows: string[][] = [];
    for (const line of lines.slice(1)) {
      const fields = line.trim().split(/\s+/);
      const head = fields.slice(0, titles.length - 1);
      const rest = fields.slice(titles.length - 1).join(' ');
      const row = [...head, rest];
      if (pids.has(Number(row[pidCol]))) rows.push(row);
    }
    recordEvent(engine, 'container', 'top', c.Id, eventAttrs(c));
    return apiJson(200, { Processes: rows, Titles: titles });
  });
}

/** How the cores are shared now, computed once per state of the kernel (docker stats asks for every container in a row). */
const cpuMemo = new WeakMap<Engine, { seq: number; at: number; cpu: CpuDistribution }>();

function cpuNow(engine: Engine): CpuDistribution {
  const k = engine.k;
  const m = cpuMemo.get(engine);
  if (m && m.seq === k.state.seq && m.at === k.uptimeMs) return m.cpu;
  const cpu = computeCpu(k.state);
  cpuMemo.set(engine, { seq: k.state.seq, at: k.uptimeMs, cpu });
  return cpu;
}

interface CpuSample {
  total: number;
  system: number;
  read: string;
}

function cpuBlock(s: CpuSample | null, online: number, throttle: { periods: number; throttled: number; time: number }): Record<string, unknown> {
  return {
    cpu_usage: { total_usage: s?.total ?? 0, usage_in_kernelmode: 0, usage_in_usermode: s?.total ?? 0 },
    system_cpu_usage: s?.system ?? 0,
    online_cpus: s ? online : 0,
    throttling_data: { periods: throttle.periods, throttled_periods: throttle.throttled, throttled_time: throttle.time },
  };
}

/** GET /containers/{id}/stats?stream=&one-shot= */
export function statsRoute(engine: Engine, idOrName: string): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    const k = engine.k;
    const running = c.State.Running && !!c.rt.task;
    const cg = running ? getCgroup(k, c.rt.cgroup) : undefined;
    const online = k.state.machine.cpus;
    const zero = { periods: 0, throttled: 0, time: 0 };
    if (!cg) {
      return apiJson(200, {
        name: c.Name,
        id: c.Id,
        read: ZERO_TIME,
        preread: ZERO_TIME,
        pids_stats: {},
        blkio_stats: { io_service_bytes_recursive: null, io_serviced_recursive: null, io_queue_recursive: null, io_service_time_recursive: null, io_wait_time_recursive: null, io_merged_recursive: null, io_time_recursive: null, sectors_recursive: null },
        num_procs: 0,
        storage_stats: {},
        cpu_stats: cpuBlock(null, online, zero),
        precpu_stats: cpuBlock(null, online, zero),
        memory_stats: {},
      });
    }
    const now: CpuSample = { total: cg.cpu.usageUsec * 1000, system: k.uptimeMs * 1e6 * online, read: rfc3339Nano(k.nowMs) };
    const granted = cpuNow(engine).byCgroup[cg.path]?.granted ?? 0;
    const prev: CpuSample | null =
      k.uptimeMs >= 1000 ? { total: Math.max(0, now.total - Math.round(granted * 1e9)), system: now.system - 1e9 * online, read: rfc3339Nano(k.nowMs - 1000) } : null;
    const limit = cg.memory.max === 'max' ? k.state.machine.memTotalBytes : cg.memory.max;
    const throttle = { periods: cg.cpu.nrPeriods, throttled: cg.cpu.nrThrottled, time: cg.cpu.throttledUsec * 1000 };
    return apiJson(200, {
      name: c.Name,
      id: c.Id,
      read: now.read,
      preread: prev?.read ?? ZERO_TIME,
      pids_stats: { current: cg.pidsCurrent, limit: cg.pidsMax === 'max' ? 4194304 : cg.pidsMax },
      blkio_stats: { io_service_bytes_recursive: blockStats(engine, c), io_serviced_recursive: null, io_queue_recursive: null, io_service_time_recursive: null, io_wait_time_recursive: null, io_merged_recursive: null, io_time_recursive: null, sectors_recursive: null },
      num_procs: 0,
      storage_stats: {},
      cpu_stats: cpuBlock(now, online, throttle),
      precpu_stats: cpuBlock(prev, online, prev ? throttle : zero),
      memory_stats: {
        usage: cg.memoryCurrent,
        stats: { anon: cg.memoryCurrent, file: 0, inactive_file: 0, active_file: 0, kernel: 0, shmem: 0, sock: 0, pgfault: 0, pgmajfault: 0 },
        limit,
      },
      networks: networkStats(engine, c),
    });
  });
}

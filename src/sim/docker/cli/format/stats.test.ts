/**
 * docker stats rows: what {{.}}, printf "%+v", json and the columns print,
 * against the real 28.2.2 client's output for the same answers.
 */

import { describe, expect, it } from 'vitest';
import { renderList } from './formatter.ts';
import { DEFAULT_STATS_TABLE, daemonOs, statsContext, statsEntry, statsHeader, type ApiStats } from './stats.ts';

const ID = '3431ff5cd14e458ee9e2523f5d81528e31f1f899364809d6b7dfb0067d2898c0';
const ANSWER: ApiStats = {
  name: '/r1',
  id: ID,
  pids_stats: { current: 1 },
  memory_stats: { usage: 1835008, limit: 8589934592, stats: { inactive_file: 1048576 } },
  cpu_stats: { cpu_usage: { total_usage: 300 }, system_cpu_usage: 2000, online_cpus: 2 },
  precpu_stats: { cpu_usage: { total_usage: 100 }, system_cpu_usage: 1000 },
  blkio_stats: { io_service_bytes_recursive: [{ op: 'read', value: 4096 }, { op: 'Write', value: 1095 }, { op: 'sync', value: 7 }] },
  networks: { eth0: { rx_bytes: 1500, tx_bytes: 20 } },
};

function render(format: string, rows: object[]): string {
  const out = renderList(format, DEFAULT_STATS_TABLE, rows, statsHeader('linux'));
  if ('error' in out) throw new Error(out.error);
  return out.text;
}

describe('docker stats rows', () => {
  const listed = statsContext(statsEntry(ID.slice(0, 12), ANSWER), { os: 'linux', trunc: true });

  it('{{.}} prints the *container.statsContext: HeaderContext, the StatsEntry with float64 numbers, os, trunc', () => {
    expect(render('{{.}}', [listed])).toBe(`{{<nil>} {3431ff5cd14e /r1 ${ID} 40 786432 8.589934592e+09 0.0091552734375 1500 20 4096 1095 1 false} linux true}\n`);
    expect(render('{{printf "%+v" .}}', [listed])).toBe(
      `&{HeaderContext:{Header:<nil>} s:{Container:3431ff5cd14e Name:/r1 ID:${ID} CPUPercentage:40 Memory:786432 MemoryLimit:8.589934592e+09 MemoryPercentage:0.0091552734375 NetworkRx:1500 NetworkTx:20 BlockRead:4096 BlockWrite:1095 PidsCurrent:1 IsInvalid:false} os:linux trunc:true}\n`,
    );
  });

  it('columns and JSON come from the methods; unexported fields are refused', () => {
    expect(render('{{json .}}', [listed])).toBe('{"BlockIO":"4.1kB / 1.09kB","CPUPerc":"40.00%","Container":"3431ff5cd14e","ID":"3431ff5cd14e","MemPerc":"0.01%","MemUsage":"768KiB / 8GiB","Name":"r1","NetIO":"1.5kB / 20B","PIDs":"1"}\n');
    const out = renderList('{{.s}}', DEFAULT_STATS_TABLE, [listed], statsHeader('linux'));
    expect(out).toEqual({ error: 'template parsing error: template: :1:2: executing "" at <.s>: s is an unexported field of struct type *container.statsContext' });
    const nope = renderList('{{.Nope}}', DEFAULT_STATS_TABLE, [listed], statsHeader('linux'));
    expect(nope).toEqual({ error: 'template parsing error: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *container.statsContext' });
  });

  it('an invalid entry prints "--" columns and no name', () => {
    const bad = statsContext(statsEntry('gone', null), { os: 'linux', trunc: true });
    expect(render('{{.Container}}|{{.Name}}|{{.CPUPerc}}|{{.MemUsage}}|{{.MemPerc}}|{{.NetIO}}|{{.BlockIO}}|{{.PIDs}}', [bad])).toBe('gone|--|--|-- / --|--|--|--|--\n');
    expect(render('{{.}}', [bad])).toBe('{{<nil>} {gone   0 0 0 0 0 0 0 0 0 true} linux true}\n');
  });

  it('reads the daemon OS from the Server header', () => {
    expect(daemonOs({ Server: 'Docker/28.2.2 (linux)' })).toBe('linux');
    expect(daemonOs({ Server: 'Docker/28.2.2 (windows)' })).toBe('windows');
    expect(daemonOs({})).toBe('linux');
  });
});

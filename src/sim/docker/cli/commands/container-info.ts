/**
 * Looking at one container (cli/command/container: inspect.go, top.go,
 * port.go, diff.go, stats.go): container inspect, top (the daemon's ps output
 * in docker's 20-wide tabwriter), port (NetworkSettings.Ports read on the
 * client), diff (A/C/D per changed path) and stats --no-stream.
 */

import type { CommandSpec } from '../spec/types.ts';
import type { CliCtx, CmdResult } from '../context.ts';
import { FORMAT_TABLE_USAGE, FORMAT_JSON_USAGE, fail } from './common.ts';
import { flagBool, flagStr } from '../spec/parse.ts';
import { inspectTyped } from './inspect.ts';
import { tabwrite } from '../format/tabwriter.ts';
import { naturalLess } from '../format/objects.ts';
import { executeStatsCmd } from './stats.ts';

export const containerInspectCmd: CommandSpec = {
  name: 'inspect',
  use: 'inspect [OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Display detailed information on one or more containers',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'format', short: 'f', type: 'string', usage: FORMAT_JSON_USAGE },
    { name: 'size', short: 's', type: 'bool', usage: 'Display total file sizes' },
  ],
  execute: executeContainerInspect,
};

export const topCmd: CommandSpec = {
  name: 'top',
  use: 'top CONTAINER [ps OPTIONS]',
  short: 'Display the running processes of a container',
  aliasesLine: 'docker container top, docker top',
  args: { kind: 'min', n: 1 },
  interspersed: false,
  flags: [
  ],
  execute: executeTop,
};

export const portCmd: CommandSpec = {
  name: 'port',
  use: 'port CONTAINER [PRIVATE_PORT[/PROTO]]',
  short: 'List port mappings or a specific mapping for the container',
  aliasesLine: 'docker container port, docker port',
  args: { kind: 'range', min: 1, max: 2 },
  flags: [
  ],
  execute: executePort,
};

export const diffCmd: CommandSpec = {
  name: 'diff',
  use: 'diff CONTAINER',
  short: "Inspect changes to files or directories on a container's filesystem",
  aliasesLine: 'docker container diff, docker diff',
  args: { kind: 'exact', n: 1 },
  flags: [
  ],
  execute: executeDiff,
};

export const statsCmd: CommandSpec = {
  name: 'stats',
  use: 'stats [OPTIONS] [CONTAINER...]',
  short: 'Display a live stream of container(s) resource usage statistics',
  aliasesLine: 'docker container stats, docker stats',
  args: { kind: 'any' },
  flags: [
    { name: 'all', short: 'a', type: 'bool', usage: 'Show all containers (default shows just running)' },
    { name: 'format', type: 'string', usage: FORMAT_TABLE_USAGE },
    { name: 'no-stream', type: 'bool', usage: 'Disable streaming stats and only pull the first result' },
    { name: 'no-trunc', type: 'bool', usage: 'Do not truncate output' },
  ],
  execute: executeStats,
};

function executeContainerInspect(c: CliCtx): CmdResult {
  return inspectTyped(c, 'container', { size: flagBool(c.flags, 'size') });
}

function executeTop(c: CliCtx): CmdResult {
  const args = c.args.slice(1);
  const r = c.api.get(`/containers/${encodeURIComponent(c.args[0] as string)}/top`, { ps_args: args.length ? args.join(' ') : undefined });
  if (!r.ok) return fail(c, r.error);
  const b = r.body as { Titles?: string[]; Processes?: string[][] };
  let text = `${(b.Titles ?? []).join('\t')}\n`;
  for (const p of b.Processes ?? []) text += `${p.join('\t')}\n`;
  c.io.out(tabwrite(text, { minwidth: 20, padding: 3 }));
  return 0;
}

interface PortBinding {
  HostIp: string;
  HostPort: string;
}

function joinHostPort(ip: string, port: string): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function executePort(c: CliCtx): CmdResult {
  const name = c.args[0] as string;
  const r = c.api.get(`/containers/${encodeURIComponent(name)}/json`);
  if (!r.ok) return fail(c, r.error);
  const ports = ((r.body as { NetworkSettings?: { Ports?: Record<string, PortBinding[] | null> | null } }).NetworkSettings?.Ports ?? {}) as Record<string, PortBinding[] | null>;
  const want = c.args[1];
  if (want !== undefined) {
    const [port, proto] = want.split('/') as [string, string | undefined];
    const key = `${port}/${proto ?? 'tcp'}`;
    const bindings = ports[key];
    if (bindings && bindings.length) {
      for (const b of bindings) c.io.out(`${joinHostPort(b.HostIp, b.HostPort)}\n`);
      return 0;
    }
    return fail(c, `Error: No public port '${want}' published for ${name}`);
  }
  const lines: string[] = [];
  for (const [key, bindings] of Object.entries(ports)) for (const b of bindings ?? []) lines.push(`${key} -> ${joinHostPort(b.HostIp, b.HostPort)}`);
  lines.sort((a, b) => (a === b ? 0 : naturalLess(a, b) ? -1 : 1));
  for (const l of lines) c.io.out(`${l}\n`);
  return 0;
}

function executeDiff(c: CliCtx): CmdResult {
  const r = c.api.get(`/containers/${encodeURIComponent(c.args[0] as string)}/changes`);
  if (!r.ok) return fail(c, r.error);
  for (const ch of (r.body as Array<{ Kind: number; Path: string }> | null) ?? []) c.io.out(`${['C', 'A', 'D'][ch.Kind] ?? '?'} ${ch.Path}\n`);
  return 0;
}

function executeStats(c: CliCtx): CmdResult {
  return executeStatsCmd(c, { all: flagBool(c.flags, 'all'), noStream: flagBool(c.flags, 'no-stream'), noTrunc: flagBool(c.flags, 'no-trunc'), format: flagStr(c.flags, 'format') });
}

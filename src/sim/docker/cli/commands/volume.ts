/**
 * docker volume ls|create|inspect|rm|prune|update (cli/command/volume): the
 * list sorted by name, create printing the volume's name, rm echoing names
 * and collecting errors.
 * SIMPLIFICATIONS: cluster volumes are not supported (update says so).
 */

import type { CommandSpec } from '../spec/types.ts';
import type { CliCtx, CmdResult } from '../context.ts';
import { FORMAT_TABLE_USAGE, FORMAT_JSON_USAGE, fail } from './common.ts';
import { flagBool, flagList, flagStr } from '../spec/parse.ts';
import { filtersQuery } from '../api/client.ts';
import { renderList } from '../format/formatter.ts';
import { DEFAULT_VOLUME_TABLE, compareNatural, volumeContext, volumeHeader, type ApiVolume } from '../format/objects.ts';
import { inspectTyped } from './inspect.ts';
import { startPrune } from './prune.ts';
import { eachArg } from '../seq.ts';
import { kvMap } from '../util/kv.ts';

export const volumeLsCmd: CommandSpec = {
  name: 'ls',
  use: 'ls [OPTIONS]',
  short: 'List volumes',
  aliases: ['list'],
  aliasesLine: 'docker volume ls, docker volume list',
  args: { kind: 'none' },
  flags: [
    { name: 'cluster', type: 'bool', usage: 'Display only cluster volumes, and use cluster volume list formatting' },
    { name: 'filter', short: 'f', type: 'filter', usage: 'Provide filter values (e.g. "dangling=true")' },
    { name: 'format', type: 'string', usage: FORMAT_TABLE_USAGE },
    { name: 'quiet', short: 'q', type: 'bool', usage: 'Only display volume names' },
  ],
  execute: executeVolumeLs,
};

export const volumeCreateCmd: CommandSpec = {
  name: 'create',
  use: 'create [OPTIONS] [VOLUME]',
  short: 'Create a volume',
  args: { kind: 'max', n: 1 },
  flags: [
    { name: 'availability', type: 'string', usage: 'Cluster Volume availability ("active", "pause", "drain")', defText: '"active"' },
    { name: 'driver', short: 'd', type: 'string', usage: 'Specify volume driver name', defText: '"local"' },
    { name: 'group', type: 'string', usage: 'Cluster Volume group (cluster volumes)' },
    { name: 'label', type: 'list', usage: 'Set metadata for a volume' },
    { name: 'limit-bytes', type: 'bytes', usage: 'Minimum size of the Cluster Volume in bytes' },
    { name: 'opt', short: 'o', type: 'map', usage: 'Set driver specific options', defText: 'map[]' },
    { name: 'required-bytes', type: 'bytes', usage: 'Maximum size of the Cluster Volume in bytes' },
    { name: 'scope', type: 'string', usage: 'Cluster Volume access scope ("single", "multi")', defText: '"single"' },
    { name: 'secret', type: 'map', usage: 'Cluster Volume secrets', defText: 'map[]' },
    { name: 'sharing', type: 'string', usage: 'Cluster Volume access sharing ("none", "readonly", "onewriter", "all")', defText: '"none"' },
    { name: 'topology-preferred', type: 'list', usage: 'A topology that the Cluster Volume would be preferred in' },
    { name: 'topology-required', type: 'list', usage: 'A topology that the Cluster Volume must be accessible from' },
    { name: 'type', type: 'string', usage: 'Cluster Volume access type ("mount", "block")', defText: '"block"' },
  ],
  execute: executeVolumeCreate,
};

export const volumeInspectCmd: CommandSpec = {
  name: 'inspect',
  use: 'inspect [OPTIONS] VOLUME [VOLUME...]',
  short: 'Display detailed information on one or more volumes',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'format', short: 'f', type: 'string', usage: FORMAT_JSON_USAGE },
  ],
  execute: executeVolumeInspect,
};

export const volumeRmCmd: CommandSpec = {
  name: 'rm',
  use: 'rm [OPTIONS] VOLUME [VOLUME...]',
  short: 'Remove one or more volumes',
  long: 'Remove one or more volumes. You cannot remove a volume that is in use by a container.',
  aliases: ['remove'],
  aliasesLine: 'docker volume rm, docker volume remove',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'force', short: 'f', type: 'bool', usage: 'Force the removal of one or more volumes' },
  ],
  execute: eachArg('volume-rm', (c) => ({ force: flagBool(c.flags, 'force') ? '1' : undefined })),
};

export const volumePruneCmd: CommandSpec = {
  name: 'prune',
  use: 'prune [OPTIONS]',
  short: 'Remove unused local volumes',
  args: { kind: 'none' },
  flags: [
    { name: 'all', short: 'a', type: 'bool', usage: 'Remove all unused volumes, not just anonymous ones' },
    { name: 'filter', type: 'filter', usage: 'Provide filter values (e.g. "label=<label>")' },
    { name: 'force', short: 'f', type: 'bool', usage: 'Do not prompt for confirmation' },
  ],
  execute: executeVolumePrune,
};

export const volumeUpdateCmd: CommandSpec = {
  name: 'update',
  use: 'update [OPTIONS] [VOLUME]',
  short: 'Update a volume (cluster volumes only)',
  args: { kind: 'exact', n: 1 },
  flags: [
    { name: 'availability', type: 'string', usage: 'Cluster Volume availability ("active", "pause", "drain")', defText: '"active"' },
  ],
  execute: executeVolumeUpdate,
};


function executeVolumeLs(c: CliCtx): CmdResult {
  const f = c.flags;
  const r = c.api.get('/volumes', { filters: filtersQuery(flagList(f, 'filter')) });
  if (!r.ok) return fail(c, r.error);
  const b = (r.body ?? {}) as { Volumes?: ApiVolume[] | null; Warnings?: string[] | null };
  const list = [...(b.Volumes ?? [])].sort((x, y) => compareNatural(x.Name, y.Name));
  const format = flagBool(f, 'quiet') ? '{{.Name}}' : flagStr(f, 'format') || 'table';
  const out = renderList(format, DEFAULT_VOLUME_TABLE, list.map((v) => volumeContext(v)), volumeHeader());
  if ('error' in out) return fail(c, out.error);
  c.io.out(out.text);
  for (const w of b.Warnings ?? []) c.io.err(`${w}\n`);
  return 0;
}

function executeVolumeCreate(c: CliCtx): CmdResult {
  const f = c.flags;
  const body: Record<string, unknown> = { Driver: flagStr(f, 'driver') };
  const opts = kvMap(flagList(f, 'opt'));
  if (Object.keys(opts).length) body.DriverOpts = opts;
  const labels = kvMap(flagList(f, 'label'));
  if (Object.keys(labels).length) body.Labels = labels;
  if (c.args[0]) body.Name = c.args[0];
  const r = c.api.post('/volumes/create', undefined, body);
  if (!r.ok) return fail(c, r.error);
  c.io.out(`${(r.body as { Name?: string }).Name ?? ''}\n`);
  return 0;
}

function executeVolumeInspect(c: CliCtx): CmdResult {
  return inspectTyped(c, 'volume');
}

function executeVolumePrune(c: CliCtx): CmdResult {
  const f = c.flags;
  return startPrune(c, { k: 'prune', kind: 'volume', all: flagBool(f, 'all'), volumes: false, filters: flagList(f, 'filter'), answer: '' }, flagBool(f, 'force'));
}

function executeVolumeUpdate(c: CliCtx): CmdResult {
  return fail(c, 'Error response from daemon: volume update is only supported for cluster volumes');
}

export const volumeCommands: CommandSpec[] = [volumeCreateCmd, volumeInspectCmd, volumeLsCmd, volumePruneCmd, volumeRmCmd, volumeUpdateCmd];

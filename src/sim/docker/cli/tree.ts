/**
 * The docker command tree: the root's global options, the management commands
 * (container, image, network, volume, system) with their subcommands, and the
 * top-level short forms (docker ps == docker container ls), as docker/cli 28
 * registers them (cli/command/commands/commands.go).
 */

import type { CommandSpec, FlagSpec, GroupSpec } from './spec/types.ts';
import type { CommandInstance } from './context.ts';
import { runCmd, createCmd } from './commands/container-run.ts';
import { psCmd } from './commands/container-ls.ts';
import { startCmd, stopCmd, restartCmd, killCmd, pauseCmd, unpauseCmd, rmCmd, waitCmd, renameCmd } from './commands/container-lifecycle.ts';
import { logsCmd, attachCmd, execCmd } from './commands/container-io.ts';
import { containerInspectCmd, topCmd, portCmd, diffCmd, statsCmd } from './commands/container-info.ts';
import { updateCmd, commitCmd, exportCmd, containerPruneCmd, cpCmd } from './commands/container-misc.ts';
import { imagesCmd } from './commands/image-ls.ts';
import { pullCmd, pushCmd, tagCmd, rmiCmd } from './commands/image-pull.ts';
import { historyCmd, imageInspectCmd, imagePruneCmd } from './commands/image-info.ts';
import { saveCmd, loadCmd, importCmd } from './commands/image-archive.ts';
import { buildCmd } from './commands/image-build.ts';
import { networkCommands } from './commands/network.ts';
import { volumeCommands } from './commands/volume.ts';
import { infoCmd, versionCmd, dfCmd, systemPruneCmd, eventsCmd } from './commands/system.ts';
import { loginCmd, logoutCmd, searchCmd } from './commands/auth.ts';
import { inspectCmd } from './commands/inspect.ts';

export { CLIENT_VERSION, CLIENT_COMMIT } from './client-version.ts';

export const GROUPS: GroupSpec[] = [
  {
    name: 'container',
    short: 'Manage containers',
    commands: [attachCmd, commitCmd, cpCmd, createCmd, diffCmd, execCmd, exportCmd, containerInspectCmd, killCmd, logsCmd, psCmd, pauseCmd, portCmd, containerPruneCmd, renameCmd, restartCmd, rmCmd, runCmd, startCmd, statsCmd, stopCmd, topCmd, unpauseCmd, updateCmd, waitCmd],
  },
  {
    name: 'image',
    short: 'Manage images',
    commands: [buildCmd, historyCmd, importCmd, imageInspectCmd, loadCmd, imagesCmd, imagePruneCmd, pullCmd, pushCmd, rmiCmd, saveCmd, tagCmd],
  },
  { name: 'network', short: 'Manage networks', commands: networkCommands },
  { name: 'volume', short: 'Manage volumes', commands: volumeCommands },
  { name: 'system', short: 'Manage Docker', commands: [dfCmd, eventsCmd, infoCmd, systemPruneCmd] },
];

/** Top-level commands: [name, the command they are] (short forms and root-only commands). */
const TOP: Array<[string, CommandSpec]> = [
  ['attach', attachCmd],
  ['build', buildCmd],
  ['commit', commitCmd],
  ['cp', cpCmd],
  ['create', createCmd],
  ['diff', diffCmd],
  ['events', eventsCmd],
  ['exec', execCmd],
  ['export', exportCmd],
  ['history', historyCmd],
  ['images', imagesCmd],
  ['import', importCmd],
  ['info', infoCmd],
  ['inspect', inspectCmd],
  ['kill', killCmd],
  ['load', loadCmd],
  ['login', loginCmd],
  ['logout', logoutCmd],
  ['logs', logsCmd],
  ['pause', pauseCmd],
  ['port', portCmd],
  ['ps', psCmd],
  ['pull', pullCmd],
  ['push', pushCmd],
  ['rename', renameCmd],
  ['restart', restartCmd],
  ['rm', rmCmd],
  ['rmi', rmiCmd],
  ['run', runCmd],
  ['save', saveCmd],
  ['search', searchCmd],
  ['start', startCmd],
  ['stats', statsCmd],
  ['stop', stopCmd],
  ['tag', tagCmd],
  ['top', topCmd],
  ['unpause', unpauseCmd],
  ['update', updateCmd],
  ['version', versionCmd],
  ['wait', waitCmd],
];

/** Listed in `docker --help` under "Common Commands", in this order. */
export const COMMON = ['run', 'exec', 'ps', 'build', 'pull', 'push', 'images', 'login', 'logout', 'search', 'version', 'info'];

/** Commands Docker 28 has that this simulation lists but does not implement. */
export const UNIMPLEMENTED_GROUPS: Array<{ name: string; short: string; swarm?: boolean }> = [
  { name: 'builder', short: 'Manage builds' },
  { name: 'checkpoint', short: 'Manage checkpoints' },
  { name: 'context', short: 'Manage contexts' },
  { name: 'manifest', short: 'Manage Docker image manifests and manifest lists' },
  { name: 'plugin', short: 'Manage plugins' },
  { name: 'trust', short: 'Manage trust on Docker images' },
  { name: 'config', short: 'Manage Swarm configs', swarm: true },
  { name: 'node', short: 'Manage Swarm nodes', swarm: true },
  { name: 'secret', short: 'Manage Swarm secrets', swarm: true },
  { name: 'service', short: 'Manage Swarm services', swarm: true },
  { name: 'stack', short: 'Manage Swarm stacks', swarm: true },
  { name: 'swarm', short: 'Manage Swarm', swarm: true },
];

/** The global options' table of each home directory, built once (parsing derives its lookups per table). */
const globalTables = new Map<string, readonly FlagSpec[]>();

/** The root's global options (cli/flags/options.go); defaults follow the caller's HOME. */
export function globalFlags(home: string): readonly FlagSpec[] {
  let t = globalTables.get(home);
  if (!t) {
    if (globalTables.size >= 64) globalTables.clear();
    t = Object.freeze(globalFlagTable(home));
    globalTables.set(home, t);
  }
  return t;
}

function globalFlagTable(home: string): FlagSpec[] {
  const dir = `${home}/.docker`;
  return [
    { name: 'config', type: 'string', usage: 'Location of client config files', defText: JSON.stringify(dir) },
    { name: 'context', short: 'c', type: 'string', usage: 'Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set with "docker context use")' },
    { name: 'debug', short: 'D', type: 'bool', usage: 'Enable debug mode' },
    { name: 'host', short: 'H', type: 'list', usage: 'Daemon socket to connect to' },
    { name: 'log-level', short: 'l', type: 'string', usage: 'Set the logging level ("debug", "info", "warn", "error", "fatal")', defText: '"info"' },
    { name: 'tls', type: 'bool', usage: 'Use TLS; implied by --tlsverify' },
    { name: 'tlscacert', type: 'string', usage: 'Trust certs signed only by this CA', defText: JSON.stringify(`${dir}/ca.pem`) },
    { name: 'tlscert', type: 'string', usage: 'Path to TLS certificate file', defText: JSON.stringify(`${dir}/cert.pem`) },
    { name: 'tlskey', type: 'string', usage: 'Path to TLS key file', defText: JSON.stringify(`${dir}/key.pem`) },
    { name: 'tlsverify', type: 'bool', usage: 'Use TLS and verify the remote' },
    { name: 'version', short: 'v', type: 'bool', usage: 'Print version information and quit' },
  ];
}

/** Replace the first word of a use line (the name) with another name. */
function renamed(use: string, name: string): string {
  const i = use.indexOf(' ');
  return i < 0 ? name : `${name}${use.slice(i)}`;
}

export function instanceOf(parentPath: string, spec: CommandSpec, name = spec.name): CommandInstance {
  const use = renamed(spec.use, name);
  return { path: `${parentPath} ${name}`, useLine: `${parentPath} ${use}`, spec };
}

export type Resolved = { kind: 'command'; inst: CommandInstance } | { kind: 'group'; group: GroupSpec } | { kind: 'unimplemented'; name: string } | null;

/** Top-level names already resolved (command instances are not changed by their users). */
const resolvedTop = new Map<string, Resolved>();

/** The top-level thing called `name`. */
export function resolveTop(name: string): Resolved {
  let r = resolvedTop.get(name);
  if (r === undefined) {
    r = findTop(name);
    // Only names of the table are kept (anything typed would grow the map).
    if (r) resolvedTop.set(name, r);
  }
  return r;
}

function findTop(name: string): Resolved {
  const top = TOP.find(([n]) => n === name);
  if (top) return { kind: 'command', inst: instanceOf('docker', top[1], top[0]) };
  const g = GROUPS.find((x) => x.name === name);
  if (g) return { kind: 'group', group: g };
  if (UNIMPLEMENTED_GROUPS.some((x) => x.name === name)) return { kind: 'unimplemented', name };
  return null;
}

/** A subcommand of a group by name or alias. */
export function resolveSub(g: GroupSpec, name: string): CommandInstance | null {
  const spec = g.commands.find((c) => c.name === name || (c.aliases ?? []).includes(name));
  return spec ? instanceOf(`docker ${g.name}`, spec) : null;
}

export function topLevelCommands(): Array<{ name: string; short: string }> {
  return TOP.map(([name, spec]) => ({ name, short: name === 'inspect' ? spec.short : spec.short }));
}

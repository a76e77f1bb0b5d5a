/**
 * The docker CLI's entry point (cmd/docker/docker.go): parse the global
 * options, find the command (management form or short form), parse its flags,
 * print help or usage errors exactly as docker 28 does, check the arguments,
 * connect to the daemon (DOCKER_HOST or -H, default unix:///var/run/docker.sock)
 * and run the command. Exit codes: 125 for flag errors, 1 for argument-count
 * errors and unknown commands, else the command's own.
 */

import type { CliIo, CliSystem, CmdResult, Continuation, ResumeCtx } from './context.ts';
import { ApiClient } from './api/client.ts';
import { parseFlags, flagList, flagBool } from './spec/parse.ts';
import { commandHelp, groupHelp, rootHelp } from './spec/help.ts';
import { checkArgs, flagErrorText } from './spec/usage-errors.ts';
import { CLIENT_COMMIT, CLIENT_VERSION } from './client-version.ts';
import { COMMON, GROUPS, UNIMPLEMENTED_GROUPS, globalFlags, resolveSub, resolveTop, topLevelCommands } from './tree.ts';
import type { CommandInstance } from './context.ts';
import type { FlagSpec, GroupSpec } from './spec/types.ts';
import { RESUME } from './resume.ts';

export const DEFAULT_HOST = 'unix:///var/run/docker.sock';
const ROOT_USE = 'docker [OPTIONS] COMMAND [ARG...]';
/** A management command's own flags (none but --help). */
const NO_FLAGS: readonly FlagSpec[] = Object.freeze([]);

export function rootHelpText(io: CliIo, sys: CliSystem): string {
  const top = topLevelCommands();
  const short = (n: string) => top.find((t) => t.name === n)?.short ?? '';
  return rootHelp(
    {
      common: COMMON.map((name) => ({ name, short: short(name) })),
      management: [...GROUPS.map((g) => ({ name: g.name, short: g.short })), ...UNIMPLEMENTED_GROUPS.filter((u) => !u.swarm)],
      swarm: UNIMPLEMENTED_GROUPS.filter((u) => u.swarm),
      commands: top.filter((t) => !COMMON.includes(t.name)),
      globalFlags: globalFlags(sys.env.HOME ?? '/root'),
    },
    io.termCols,
  );
}

function helpOf(inst: CommandInstance, io: CliIo): string {
  const s = inst.spec;
  return commandHelp({ path: inst.path, useLine: inst.useLine, short: s.short, long: s.long, aliasesLine: s.aliasesLine, flags: s.flags }, io.termCols);
}

function groupHelpText(g: GroupSpec): string {
  return groupHelp({ path: `docker ${g.name}`, short: g.short, commands: g.commands.map((c) => ({ name: c.name, short: c.short })) });
}

/** The daemon address: -H, else DOCKER_HOST, else the default socket. */
export function daemonHost(hosts: string[], env: Record<string, string>): string | { error: string } {
  if (hosts.length > 1) return { error: 'Failed to initialize: unable to resolve docker endpoint: Specify only one -H' };
  return hosts[0] ?? (env.DOCKER_HOST || DEFAULT_HOST);
}

/** Build the API client for a host address. */
export function clientFor(sys: CliSystem, host: string, pinged = false): ApiClient {
  const path = host.startsWith('unix://') ? host.slice('unix://'.length) : null;
  return new ApiClient(path ? sys.connect(path) : null, host, { pinged });
}

/** Run `docker <argv>` (argv without "docker"). */
export function runCli(argv: string[], io: CliIo, sys: CliSystem): CmdResult {
  const root = parseFlags(globalFlags(sys.env.HOME ?? '/root'), argv, { interspersed: false, env: sys.env });
  for (const n of root.notices) io.out(n);
  if (!root.ok) {
    io.err(flagErrorText(root.error, ROOT_USE, 'docker'));
    return 125;
  }
  if (flagBool(root.flags, 'version')) {
    io.out(`Docker version ${CLIENT_VERSION}, build ${CLIENT_COMMIT}\n`);
    return 0;
  }
  if (root.help) {
    io.out(rootHelpText(io, sys));
    return 0;
  }
  const rest = root.args;
  if (!rest.length) {
    io.err(rootHelpText(io, sys));
    return 0;
  }
  const name = rest[0] as string;
  if (name === 'help') return helpCommand(rest.slice(1), io, sys);
  const top = resolveTop(name);
  if (!top) {
    io.err(`docker: unknown command: docker ${name}\n\nRun 'docker --help' for more information\n`);
    return 1;
  }
  if (top.kind === 'unimplemented') {
    io.err(`docker: 'docker ${name}' is not available in this simulation\n`);
    return 1;
  }
  let inst: CommandInstance;
  let args = rest.slice(1);
  if (top.kind === 'group') {
    const g = top.group;
    const gp = parseFlags(NO_FLAGS, args, { interspersed: false, env: sys.env });
    for (const n of gp.notices) io.out(n);
    const useLine = `docker ${g.name}`;
    if (!gp.ok) {
      io.err(flagErrorText(gp.error, useLine, useLine));
      return 125;
    }
    if (gp.help) {
      io.out(groupHelpText(g));
      return 0;
    }
    if (!gp.args.length) {
      io.err(groupHelpText(g));
      return 0;
    }
    const sub = resolveSub(g, gp.args[0] as string);
    if (!sub) {
      io.err(checkArgs({ kind: 'none' }, gp.args, useLine, useLine, true) ?? '');
      return 1;
    }
    inst = sub;
    args = gp.args.slice(1);
  } else inst = top.inst;

  const parsed = parseFlags(inst.spec.flags, args, { interspersed: inst.spec.interspersed !== false, env: sys.env });
  for (const n of parsed.notices) io.out(n);
  if (!parsed.ok) {
    io.err(flagErrorText(parsed.error, inst.useLine, inst.path));
    return 125;
  }
  if (parsed.help) {
    io.out(helpOf(inst, io));
    return 0;
  }
  const argErr = checkArgs(inst.spec.args, parsed.args, inst.path, inst.useLine);
  if (argErr) {
    io.err(argErr);
    return 1;
  }
  const host = daemonHost(flagList(root.flags, 'host'), sys.env);
  if (typeof host !== 'string') {
    io.err(`${host.error}\n`);
    return 1;
  }
  const api = clientFor(sys, host);
  if (!inst.spec.execute) {
    io.err(helpOf(inst, io));
    return 0;
  }
  const r = inst.spec.execute({ io, sys, api, cmd: inst, flags: parsed.flags, args: parsed.args, argv });
  if (typeof r === 'object') r.pending.host ??= host;
  return r;
}

/** `docker help [COMMAND...]`. */
function helpCommand(args: string[], io: CliIo, sys: CliSystem): CmdResult {
  if (!args.length) {
    io.out(rootHelpText(io, sys));
    return 0;
  }
  const top = resolveTop(args[0] as string);
  if (!top || top.kind === 'unimplemented') {
    io.err(`unknown help topic: ${args[0]}\n`);
    return 1;
  }
  if (top.kind === 'command') {
    io.out(helpOf(top.inst, io));
    return 0;
  }
  const sub = args[1] !== undefined ? resolveSub(top.group, args[1]) : null;
  io.out(sub ? helpOf(sub, io) : groupHelpText(top.group));
  return 0;
}

/** Resume a waiting command's continuation. */
export function resumeCli(data: Continuation, why: 'timer' | 'input', io: CliIo, sys: CliSystem): CmdResult {
  const h = RESUME[data.k];
  if (!h) return 1;
  const host = typeof data.host === 'string' ? data.host : DEFAULT_HOST;
  const c: ResumeCtx = { io, sys, api: clientFor(sys, host, true) };
  const r = h(c, data, why);
  if (typeof r === 'object') r.pending.host ??= host;
  return r;
}

/**
 * Tab completion for `docker`, as docker's bash completion offers it: management
 * and top-level commands, subcommands of a group, the flags of the command being
 * typed, and container or image names from the daemon.
 *
 * SIMPLIFICATIONS: no completion of flag values (e.g. --network names); names
 * are offered for any positional argument.
 */

import { GROUPS, resolveTop, resolveSub, topLevelCommands } from './tree.ts';
import type { CommandSpec } from './spec/types.ts';

export interface DaemonNames {
  containers(): string[];
  images(): string[];
}

function flagsOf(spec: CommandSpec): string[] {
  const out: string[] = [];
  for (const f of spec.flags) {
    if ((f as { hidden?: boolean }).hidden) continue;
    out.push(`--${f.name}`);
    if (f.short) out.push(`-${f.short}`);
  }
  return [...out, '--help'];
}

const IMAGE_COMMANDS = new Set(['run', 'create', 'pull', 'push', 'rmi', 'history', 'tag', 'save']);

/** Candidates for the word being typed after `docker` and `words`. */
export function dockerCompletions(words: string[], current: string, names: DaemonNames): string[] {
  const args = words.filter((w) => !w.startsWith('-'));
  if (args.length === 0) {
    if (current.startsWith('-')) return ['--help', '--version', '--host', '--config', '--context', '--debug', '--log-level', '-H', '-D', '-v'];
    return [...topLevelCommands().map((c) => c.name), ...GROUPS.map((g) => g.name)];
  }
  const top = resolveTop(args[0] as string);
  if (!top || top.kind === 'unimplemented') return [];
  let spec: CommandSpec;
  let cmdName: string;
  if (top.kind === 'group') {
    if (args.length === 1) return current.startsWith('-') ? ['--help'] : top.group.commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
    const sub = resolveSub(top.group, args[1] as string);
    if (!sub) return [];
    spec = sub.spec;
    cmdName = top.group.name === 'image' && spec.name === 'ls' ? 'images' : spec.name;
  } else {
    spec = top.inst.spec;
    cmdName = args[0] as string;
  }
  if (current.startsWith('-')) return flagsOf(spec);
  return IMAGE_COMMANDS.has(cmdName) || (top.kind === 'group' && top.group.name === 'image') ? names.images() : names.containers();
}

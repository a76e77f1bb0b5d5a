/**
 * The usage errors of docker/cli 28 (cli/required.go, cli/cobra.go
 * FlagErrorFunc): argument-count errors (exit 1) and flag errors (exit 125),
 * each followed by the Usage line and a pointer to --help.
 */

import type { ArgsRule } from './types.ts';

/** A flag-parse error as FlagErrorFunc renders it. */
export function flagErrorText(err: string, useLine: string, path: string): string {
  return `${err}\n\nUsage:  ${useLine}\n\nRun '${path} --help' for more information\n`;
}

const plural = (word: string, n: number) => (n === 1 ? word : `${word}s`);

/**
 * Check positional arguments against a rule; the error text (ending in a
 * newline) or null. `hasSubCommands` turns NoArgs into "unknown command".
 */
export function checkArgs(rule: ArgsRule, args: string[], path: string, useLine: string, hasSubCommands = false): string | null {
  const n = args.length;
  const tail = (verb: 'See' | 'Run' | 'SRun') => `\n\nUsage:  ${useLine}\n\n${verb} '${path} --help' for more information\n`;
  switch (rule.kind) {
    case 'any':
      return null;
    case 'none':
      if (n === 0) return null;
      if (hasSubCommands) return `docker: unknown command: ${path} ${args[0]}${tail('Run')}`;
      return `docker: '${path}' accepts no arguments${tail('Run')}`;
    case 'exact':
      return n === rule.n ? null : `docker: '${path}' requires ${rule.n} ${plural('argument', rule.n)}${tail('Run')}`;
    case 'min':
      return n >= rule.n ? null : `docker: '${path}' requires at least ${rule.n} ${plural('argument', rule.n)}${tail('See')}`;
    case 'max':
      // Docker 28's RequiresMaxArgs really prints "SRun" (a typo in cli/required.go).
      return n <= rule.n ? null : `docker: '${path}' requires at most ${rule.n} ${plural('argument', rule.n)}${tail('SRun')}`;
    case 'range':
      return n >= rule.min && n <= rule.max ? null : `docker: '${path}' requires at least ${rule.min} and at most ${rule.max} ${plural('argument', rule.max)}${tail('Run')}`;
  }
}

/**
 * The declarative command table of the docker CLI: what a command is (its use
 * line, description, aliases, flags, argument rule and execute function), the
 * way docker/cli declares commands with spf13/cobra and spf13/pflag.
 *
 * Models: cobra.Command {Use, Short, Long, Aliases, Args, RunE} and pflag.Flag
 * {Name, Shorthand, Value.Type(), DefValue, Usage, Hidden, Deprecated}.
 * SIMPLIFICATIONS:
 * - A flag's help default is kept verbatim (`defText`) as Docker 28 prints it,
 *   instead of being derived from a Go value's String().
 * - Flag values are plain JSON data (boolean, number, string, string[]).
 */

import type { CliCtx, CmdResult } from '../context.ts';

export type FlagValue = boolean | number | string | string[];

/** The result of pflag's Value.Set: the new value, or the error text after "flag: ". */
export type SetResult = { value: FlagValue } | { error: string };

export interface FlagSpec {
  name: string;
  short?: string;
  /**
   * The type word the help shows after the flag name ("list", "string", "bytes",
   * "duration", "int", "filter" ...); "bool" shows nothing. Also picks the parser
   * unless `set` is given.
   */
  type: string;
  usage: string;
  /** The "(default X)" text of the help, verbatim (`"missing"`, `-1`, `map[]`, `0s`). */
  defText?: string;
  /** Initial value when the flag is not given (else derived from the type). */
  def?: FlagValue;
  hidden?: boolean;
  /** Deprecated (hidden, prints "Flag --x has been deprecated, <msg>" when used). */
  deprecated?: string;
  /** Parse one occurrence (pflag Value.Set); prev is the value so far (lists append). */
  set?: (raw: string, prev: FlagValue, env: Record<string, string>) => SetResult;
}

/** Positional-argument rules of docker/cli's cli/required.go. */
export type ArgsRule =
  | { kind: 'any' }
  | { kind: 'none' }
  | { kind: 'exact'; n: number }
  | { kind: 'min'; n: number }
  | { kind: 'max'; n: number }
  | { kind: 'range'; min: number; max: number };

export interface CommandSpec {
  /** The first word of `use`: the name the command is called by under its parent. */
  name: string;
  /** Use line without the parent path: "ls [OPTIONS] [REPOSITORY[:TAG]]". */
  use: string;
  /** One-line description (the list of commands shows it). */
  short: string;
  /** Longer description shown by --help instead of short. */
  long?: string;
  /** Other names under the same parent ("list", "ps" for container ls). */
  aliases?: string[];
  /** The "Aliases:" line of the help, when Docker prints one. */
  aliasesLine?: string;
  flags: FlagSpec[];
  args: ArgsRule;
  /** pflag interspersed: false stops flag parsing at the first argument (run, exec). */
  interspersed?: boolean;
  /** Run the command. Absent on management commands (they print their help). */
  execute?: (c: CliCtx) => CmdResult;
}

/** A management command ("docker container") holding subcommands. */
export interface GroupSpec {
  name: string;
  short: string;
  commands: CommandSpec[];
}

/** Parsed flags of one invocation. */
export interface Flags {
  /** Current value (default if not given). */
  readonly values: Record<string, FlagValue>;
  /** Names of flags given on the command line. */
  readonly changed: Record<string, true>;
}

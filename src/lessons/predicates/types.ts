/**
 * The goal language: declarative predicates on a host's state and on the
 * events since a step began. A goal is a list of predicates that must all hold;
 * any sequence of commands that reaches the goal passes.
 *
 * In YAML each predicate is a one-key map, `- container: {name: web, state: running}`,
 * plus the combinators `all: [...]`, `any: [...]` and `not: {...}`.
 * Every predicate is a pure function of a PredicateCtx (read-only views of the
 * state); none can change the host or run anything but the checks declared here.
 */

import type { KernelState } from '../../sim/kernel/state.ts';
import type { EngineState } from '../../sim/engine/state.ts';
import type { VmState } from '../../sim/vm/types.ts';
import type { LoggedEvent } from '../../sim/events.ts';
import type { Loc } from '../types.ts';

/** A parsed, validated predicate. */
export type Predicate =
  | { kind: 'all' | 'any'; items: Predicate[]; loc: Loc }
  | { kind: 'not'; item: Predicate; loc: Loc }
  | { kind: string; args: Record<string, unknown>; loc: Loc };

/** What a predicate may look at. */
export interface PredicateCtx {
  kernel: KernelState;
  /** dockerd's state; null on a host without an engine. */
  engine: EngineState | null;
  /** The hypervisor's state (libvirt's domains); null or not installed on a host without VMs. */
  vm?: VmState | null;
  /** Events since the step began, oldest first. */
  events: readonly LoggedEvent[];
  /**
   * A file's content as process `pid` sees it (default: the host's PID 1), or
   * null if it cannot be read. Reading has no side effects.
   */
  read(path: string, pid?: number): string | null;
  /** Is there a directory (or any file, with `anyType`) at `path` for process `pid`? */
  exists(path: string, pid?: number, anyType?: boolean): boolean;
}

/** true, or why not (shown to the learner as "Not yet: ..."). */
export type Verdict = true | string;

/** The type of one argument of a predicate (checked when the lesson is parsed). */
export type ArgType =
  | 'string'
  | 'number'
  | 'boolean'
  /** "64M", "512k", 67108864. */
  | 'size'
  /** 3 or {min: 1, max: 5}. */
  | 'count'
  /** a string or a number. */
  | 'scalar'
  /** a string, a number or a count ({min, max}). */
  | 'value'
  /** a list of strings (a single string is accepted as a list of one). */
  | 'strings'
  /** a map of field → scalar. */
  | 'map'
  | readonly string[];

export interface PredicateDef {
  /** Allowed arguments and their types. */
  args: Record<string, ArgType>;
  /** Arguments that must be given (at least one of each inner list). */
  required?: string[][];
  /** For keys not in `args` (cgroup knobs like memory.max): their type, or null if not allowed. */
  extraArg?: (key: string) => ArgType | null;
  /** Extra validation after the types passed; returns an error message or null. */
  validate?: (args: Record<string, unknown>) => string | null;
  /** A sentence for the learner: "a container named web is running". */
  describe(args: Record<string, unknown>): string;
  evaluate(args: Record<string, unknown>, ctx: PredicateCtx): Verdict;
}

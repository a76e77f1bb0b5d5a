/**
 * A Dockerfile as a build plan: stages (FROM ... [AS name]) with their
 * instructions, global ARGs, and the plan's plain-data state while it runs.
 *
 * Models: BuildKit's dockerfile frontend parsing (dockerfile2llb): instructions
 * before the first FROM may only be ARG; FROM names a base image, another
 * stage or scratch; keywords are case-insensitive; unknown ones are errors
 * ("dockerfile parse error on line N: unknown instruction: X").
 * SIMPLIFICATIONS: no heredocs, no ONBUILD triggers of base images, no
 * --platform; the target's stage and every stage before it are built.
 */

import type { TreeSpec } from '../../../kernel/fs/tree.ts';
import type { HistoryEntry, ImageConfig } from '../types.ts';
import { parseInstructions, type ParsedInstruction } from '../changes.ts';
import type { RunHandle } from './runner.ts';

export const KNOWN = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/** Instructions that are build steps (vertices) rather than config changes. */
export const STEP_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

export interface StagePlan {
  index: number;
  name: string | null;
  /** Base reference as written (after ARG expansion at run time). */
  base: string;
  line: number;
  steps: ParsedInstruction[];
}

/** Where the build stands in a stage: its layers, config and history so far. */
export interface Cursor {
  chainId: string;
  diffIds: string[];
  size: number;
  config: ImageConfig;
  history: HistoryEntry[];
  cacheKey: string;
  cmdSet: boolean;
  /** Variables for substitution: build args in scope and ENV. */
  vars: Record<string, string>;
  /** ARGs declared in this stage with their values (passed to RUN). */
  args: Record<string, string>;
  n: number;
  total: number;
}

export interface RunningStep {
  handle: RunHandle;
  vertex: number;
  startedMs: number;
  label: string;
  line: number;
  cacheKey: string;
  history: HistoryEntry;
  /** The command as BuildKit reports it in an error ("/bin/sh -c exit 3"). */
  command: string;
  output: string;
}

export interface BuildPlan {
  tags: string[];
  dockerfileName: string;
  dockerfileText: string;
  ctx: TreeSpec;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  noCache: boolean;
  target: string | null;
  globalArgs: Array<[string, string | null]>;
  stages: StagePlan[];
  stage: number;
  step: number;
  cur: Cursor | null;
  results: Record<string, Cursor>;
  vertex: number;
  startMs: number;
  contextShown: boolean;
  run: RunningStep | null;
  newLayers: boolean;
  imageId: string | null;
}

export type PlanResult = { stages: StagePlan[]; globalArgs: Array<[string, string | null]> } | { line: number; message: string };

/** Parse a Dockerfile into stages. */
export function planDockerfile(text: string): PlanResult {
  const { instructions } = parseInstructions(text);
  const stages: StagePlan[] = [];
  const globalArgs: Array<[string, string | null]> = [];
  for (const ins of instructions) {
    if (!KNOWN.has(ins.keyword)) return { line: ins.line, message: `dockerfile parse error on line ${ins.line}: unknown instruction: ${ins.keyword}` };
    if (ins.keyword === 'FROM') {
      const words = ins.args.split(/\s+/).filter(Boolean);
      const base = words[0] ?? '';
      if (!base) return { line: ins.line, message: `dockerfile parse error on line ${ins.line}: FROM requires either one or three arguments` };
      let name: string | null = null;
      if (words.length >= 3 && (words[1] ?? '').toUpperCase() === 'AS') name = (words[2] ?? '').toLowerCase();
      else if (words.length !== 1) return { line: ins.line, message: `dockerfile parse error on line ${ins.line}: FROM requires either one or three arguments` };
      stages.push({ index: stages.length, name, base, line: ins.line, steps: [] });
      continue;
    }
    const cur = stages[stages.length - 1];
    if (!cur) {
      if (ins.keyword === 'ARG') {
        globalArgs.push(...ins.props);
        continue;
      }
      return { line: ins.line, message: 'no build stage in current context' };
    }
    cur.steps.push(ins);
  }
  if (!stages.length) return { line: 1, message: 'the Dockerfile (Dockerfile) cannot be empty' };
  return { stages, globalArgs };
}

/** The steps (vertices) a stage shows: FROM plus its RUN/COPY/ADD/WORKDIR. */
export function stageTotal(s: StagePlan): number {
  return 1 + s.steps.filter((i) => STEP_KEYWORDS.has(i.keyword)).length;
}

/** "[2/3]" or, in a multi-stage build, "[builder 2/3]". */
export function stepLabel(plan: BuildPlan, s: StagePlan, n: number, total: number): string {
  if (plan.stages.length === 1) return `[${n}/${total}]`;
  return `[${s.name ?? `stage-${s.index}`} ${n}/${total}]`;
}

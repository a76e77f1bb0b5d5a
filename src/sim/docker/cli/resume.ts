/**
 * The resume handlers of waiting commands, by continuation kind (the `k` of a
 * Continuation): a program's plain state names its continuation, this table
 * finds the code. ON_SIGNAL: what a waiting command does with a caught
 * SIGINT/SIGTERM (null: keep waiting); kinds not listed end with 128+signal.
 */

import type { CmdResult, Continuation, ResumeCtx, ResumeHandler } from './context.ts';
import { resumeStream, signalStream } from './stream.ts';
import { resumeSeq } from './seq.ts';
import { resumePrune } from './commands/prune.ts';
import { resumeStats } from './commands/stats.ts';
import { resumeEvents } from './commands/events.ts';
import { resumeBuild, signalBuild } from './commands/build-follow.ts';
import { resumeProgress } from './commands/progress-follow.ts';
import { resumeRunPull, resumeRunStart } from './commands/container-run.ts';

export const RESUME: Record<string, ResumeHandler> = {
  stream: resumeStream,
  seq: resumeSeq,
  prune: resumePrune,
  stats: resumeStats,
  events: resumeEvents,
  build: resumeBuild,
  progress: resumeProgress,
  'run-start': resumeRunStart,
  'run-pull': resumeRunPull,
};

export type SignalHandler = (c: ResumeCtx, data: Continuation, sigName: string) => CmdResult | null;

export const ON_SIGNAL: Record<string, SignalHandler> = {
  stream: signalStream,
  build: signalBuild,
};

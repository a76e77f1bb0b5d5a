/**
 * The resume handlers of waiting commands, by continuation kind (the `k` of a
 * Continuation): a program's plain state names its continuation, this table
 * finds the code.
 */

import type { ResumeHandler } from './context.ts';
import { resumeStream } from './stream.ts';
import { resumeSeq } from './seq.ts';
import { resumePrune } from './commands/prune.ts';
import { resumeStats } from './commands/stats.ts';
import { resumeEvents } from './commands/events.ts';

export const RESUME: Record<string, ResumeHandler> = {
  stream: resumeStream,
  seq: resumeSeq,
  prune: resumePrune,
  stats: resumeStats,
  events: resumeEvents,
};

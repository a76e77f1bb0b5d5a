/**
 * Replaying a lesson headlessly to prove it works: on a host prepared like the
 * lesson's start, each demo must run as declared (exit 0, or fail when it says
 * `fails: true`), and each task's goal must be false before its solution and
 * true after it (with the events the solution caused). Used by
 * `container-sim lesson check` and by test/lessons.test.ts.
 */

import type { Course, Lesson } from './types.ts';
import { evaluateGoal, type GoalResult } from './predicates/index.ts';
import { hostCtx } from './context.ts';
import { newLessonHost, playStep, prepareStart, type RunOutcome } from './replay.ts';

export interface CheckItem {
  lesson: string;
  /** Step id ("task-1", "publish"), or "start" for the lesson's setup. */
  step: string;
  kind: 'task' | 'demo' | 'start';
  ok: boolean;
  /** Why it failed, and the commands that went wrong. */
  problems: string[];
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}

function describeRun(o: RunOutcome): string {
  const why = firstLine(o.stderr) || firstLine(o.stdout);
  return `\`${o.line}\` exited ${o.exitCode === null ? '(still running)' : o.exitCode}${why ? `: ${why}` : ''}`;
}

function failing(r: GoalResult): string[] {
  return r.items.filter((i) => i.verdict !== true).map((i) => `${i.text}: ${String(i.verdict)}`);
}

/** Check one lesson; returns one item per task (and per failing demo or setup). */
export function checkLesson(course: Course, lesson: Lesson): CheckItem[] {
  const items: CheckItem[] = [];
  const host = newLessonHost(course, lesson);
  try {
    const start = prepareStart(host, course, lesson);
    const bad = lesson.start.kind === 'setup' ? start.filter((o) => o.exitCode !== 0) : [];
    if (bad.length) items.push({ lesson: lesson.id, step: 'start', kind: 'start', ok: false, problems: bad.map(describeRun) });
  } catch (e) {
    items.push({ lesson: lesson.id, step: 'start', kind: 'start', ok: false, problems: [`crashed: ${(e as Error).message}`] });
    return items;
  }
  for (const step of lesson.steps) {
    try {
      if (step.kind === 'demo') {
        const outs = playStep(host, step);
        const bad = outs.filter((o) => (step.fails ? o.exitCode === 0 : o.exitCode !== 0));
        if (bad.length) {
          items.push({
            lesson: lesson.id,
            step: step.id,
            kind: 'demo',
            ok: false,
            problems: bad.map((o) => (step.fails ? `\`${o.line}\` was expected to fail but exited 0` : describeRun(o))),
          });
        }
      } else if (step.kind === 'task') {
        const before = evaluateGoal(step.goal, hostCtx(host, []));
        const mark = host.log.length;
        const outs = playStep(host, step);
        const after = evaluateGoal(step.goal, hostCtx(host, host.log.slice(mark)));
        const problems: string[] = [];
        if (before.ok) problems.push('the goal already holds before the solution runs');
        if (!after.ok) problems.push(...failing(after).map((f) => `not reached: ${f}`));
        if (!after.ok) problems.push(...outs.filter((o) => o.exitCode !== 0).map(describeRun));
        items.push({ lesson: lesson.id, step: step.id, kind: 'task', ok: problems.length === 0, problems });
      }
    } catch (e) {
      items.push({ lesson: lesson.id, step: step.id, kind: step.kind === 'task' ? 'task' : 'demo', ok: false, problems: [`crashed: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ') ?? String(e)}`] });
    }
  }
  return items;
}

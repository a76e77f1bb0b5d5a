/**
 * Playing a lesson's commands on a host: typing one command line (with the
 * lines to type into the program it starts, on a TTY), and preparing a host as
 * a lesson expects it at a given step (its start, then every earlier step's
 * demo commands and task solutions). The headless checker, the browser's
 * "play the solution" and resuming after a reload all use these.
 *
 * Virtual time moves at least 1 s per command, as `container-sim script` does,
 * so that what a learner sees ("Up 2 seconds") matches a replay.
 */

import { createHost, type Host } from '../sim/host/host.ts';
import { keystrokes, typeOnTerminal } from '../sim/host/typing.ts';
import type { CommandLine, Course, Lesson, Step } from './types.ts';
import { previousLesson } from './course.ts';

export interface RunOutcome {
  line: string;
  stdout: string;
  stderr: string;
  /** null if the command was left running in the foreground of its terminal. */
  exitCode: number | null;
}

/**
 * The keystrokes that type a command line and then its input lines, as a
 * terminal sends them ("^C", "^D", "^P^Q" are control keys). The app's
 * typeCommand can feed these to its terminal.
 */
export function commandKeystrokes(cmd: CommandLine): string[] {
  return keystrokes(cmd.run, cmd.input ?? []);
}

/** Type one command at the host's root shell (on a terminal when it has input lines). */
export function runCommand(host: Host, cmd: CommandLine, opts: { minMs?: number } = {}): RunOutcome {
  const before = host.kernel.state.clock.uptimeMs;
  let out: RunOutcome;
  if (!cmd.input || cmd.input.length === 0) {
    const r = host.run(cmd.run);
    out = { line: cmd.run, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  } else {
    const r = typeOnTerminal(host, cmd.run, cmd.input, { cols: 100, rows: 30, stripAnsi: true });
    out = { line: cmd.run, stdout: r.text, stderr: '', exitCode: r.exitCode };
  }
  const minMs = opts.minMs ?? 1000;
  const waited = host.kernel.state.clock.uptimeMs - before;
  if (waited < minMs) host.advance(minMs - waited);
  return out;
}

/** The commands a step types when it is played: a demo's commands, a task's solution. */
export function stepLines(step: Step): CommandLine[] {
  if (step.kind === 'demo') return step.commands;
  if (step.kind === 'task') return step.solution;
  return [];
}

/** Play one step on the host: type its commands (and let a demo's wait pass). */
export function playStep(host: Host, step: Step): RunOutcome[] {
  const outs = stepLines(step).map((c) => runCommand(host, c));
  if (step.kind === 'demo' && step.waitMs > 0) host.advance(step.waitMs);
  return outs;
}

/** The lesson whose host this lesson's host is (following `start: continue` back). */
export function chainRoot(course: Course, lesson: Lesson): Lesson {
  let l = lesson;
  for (let guard = 0; l.start.kind === 'continue' && guard < course.lessons.length; guard++) {
    const prev = previousLesson(course, l.id);
    if (!prev) break;
    l = prev;
  }
  return l;
}

/**
 * A fresh host for a lesson (seeded by the lesson its chain starts at), with
 * the hypervisor installed as the app's host has it, so lessons can start VMs.
 */
export function newLessonHost(course: Course, lesson: Lesson): Host {
  return createHost({ seed: chainRoot(course, lesson).seed, vms: true });
}

/** Bring a host to the lesson's start: the previous lesson's end, or its setup commands. */
export function prepareStart(host: Host, course: Course, lesson: Lesson, depth = 0): RunOutcome[] {
  if (lesson.start.kind === 'setup') return lesson.start.commands.map((c) => runCommand(host, c));
  if (lesson.start.kind === 'continue' && depth < course.lessons.length) {
    const prev = previousLesson(course, lesson.id);
    if (prev) return prepareLesson(host, course, prev, prev.steps.length, depth + 1);
  }
  return [];
}

/** Bring a host to the state a lesson expects at step `upto` (0 = just after its start). */
export function prepareLesson(host: Host, course: Course, lesson: Lesson, upto: number, depth = 0): RunOutcome[] {
  const outs = prepareStart(host, course, lesson, depth);
  for (const s of lesson.steps.slice(0, upto)) outs.push(...playStep(host, s));
  return outs;
}

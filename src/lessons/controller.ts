/**
 * The lesson controller: connects the pure lesson machine to a host, the
 * goal checker and the progress store. It provides the machine's effect
 * actions (snapshot at each step, type a demo, evaluate the goal, play the
 * solution, restore a snapshot, save progress) and gives the UI one plain
 * view object to render. It has no DOM dependency, so Node tests drive it the
 * way the panel does.
 *
 * Preparing a lesson (opening it, resuming after a reload, restarting it) is a
 * replay: a fresh host with the lesson's seed plays the lesson's start and the
 * demos and solutions of the steps before the resume point, and the app's host
 * is restored to that snapshot. The host object stays the same, so the app's
 * terminal and views keep working.
 */

import { createActor, type Actor } from 'xstate';
import type { Host, HostSnapshot } from '../sim/host/host.ts';
import type { CommandLine, Course, Lesson, Step } from './types.ts';
import { lessonMachine, type LessonContext, type LessonEvent, type StepInfo } from './lesson.machine.ts';
import { evaluateGoal, type GoalResult } from './predicates/index.ts';
import { hostCtx } from './context.ts';
import { newLessonHost, prepareLesson, runCommand, stepLines, type RunOutcome } from './replay.ts';
import { canOpen, courseMap, progressFor, type CourseProgress, type MapEntry, type ProgressStore } from './progress.ts';

export interface ControllerOptions {
  host: Host;
  course: Course;
  store: ProgressStore;
  /**
   * Type a command where the learner sees it (the app's terminal). When absent,
   * the controller runs it on the host itself and keeps the output for the panel.
   */
  typeCommand?: (cmd: CommandLine) => void;
  /**
   * Called after the controller itself changed the host: restored a snapshot
   * (opening, resuming or restarting a lesson or step) or ran commands without
   * typeCommand. The app should re-read the host (its event log may have been reset).
   */
  onHostChanged?: (how: 'restored' | 'ran') => void;
  /** No typing animation (prefers-reduced-motion). */
  reducedMotion?: boolean;
  /** For tests: XState's SimulatedClock. */
  clock?: { setTimeout(fn: (...args: unknown[]) => void, ms: number): unknown; clearTimeout(id: unknown): void };
}

export interface PanelView {
  lesson: Lesson | null;
  /** The machine's state as a dotted path: "intro", "step.task.working", "completed" ... */
  state: string;
  ctx: LessonContext | null;
  step: Step | null;
  /** Commands typed by this step and, when the panel ran them itself, their output. */
  transcript: RunOutcome[];
  /** The last goal check of this task. */
  goal: GoalResult | null;
  map: Array<{ id: string; title: string; lessons: MapEntry[] }>;
  progress: CourseProgress;
  /** The demo command being typed, for the typing animation. */
  typing: string | null;
}

function stateString(value: unknown): string {
  if (typeof value === 'string') return value;
  const [k, v] = Object.entries(value as Record<string, unknown>)[0] ?? ['?', ''];
  return `${k}.${stateString(v)}`;
}

const TYPE_MS_PER_CHAR = 28;

export class LessonController {
  private readonly host: Host;
  private readonly course: Course;
  private readonly store: ProgressStore;
  private readonly opts: ControllerOptions;
  private actor: Actor<typeof lessonMachine> | null = null;
  private lesson: Lesson | null = null;
  private stepSnap: HostSnapshot | null = null;
  private mark = 0;
  private transcript: RunOutcome[] = [];
  private goal: GoalResult | null = null;
  private typing: string | null = null;
  private readonly listeners = new Set<() => void>();
  private cached: PanelView | null = null;

  constructor(opts: ControllerOptions) {
    this.opts = opts;
    this.host = opts.host;
    this.course = opts.course;
    this.store = opts.store;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private notify(): void {
    this.cached = null;
    for (const fn of this.listeners) fn();
  }

  view(): PanelView {
    if (this.cached) return this.cached;
    const snap = this.actor?.getSnapshot();
    const progress = this.store.load();
    const ctx = snap?.context ?? null;
    this.cached = {
      lesson: this.lesson,
      state: snap ? stateString(snap.value) : 'closed',
      ctx,
      step: this.lesson && ctx ? (this.lesson.steps[ctx.step] ?? null) : null,
      transcript: this.transcript,
      goal: this.goal,
      map: courseMap(this.course, progress, this.lesson?.id ?? null),
      progress,
      typing: this.typing,
    };
    return this.cached;
  }

  /** The lesson to reopen after a reload: the one open last, else the first. */
  initialLessonId(): string | null {
    const cur = this.store.load().current;
    if (cur && this.course.lessons.some((l) => l.id === cur)) return cur;
    return this.course.lessons[0]?.id ?? null;
  }

  /** Open a lesson at its saved step (preparing the host for it). Returns false if it is locked. */
  open(id: string, opts: { force?: boolean } = {}): boolean {
    const lesson = this.course.lessons.find((l) => l.id === id);
    if (!lesson) return false;
    const progress = this.store.load();
    if (!opts.force && !canOpen(this.course, progress, id)) return false;
    this.actor?.stop();
    this.lesson = lesson;
    const lp = progressFor(progress, lesson);
    this.prepareHost(lesson, lp.step);
    this.transcript = [];
    this.goal = null;
    this.typing = null;
    const steps: StepInfo[] = lesson.steps.map((s) => ({
      kind: s.kind,
      hints: s.kind === 'task' ? s.hints.length : 0,
      answer: s.kind === 'quiz' ? s.answer : -1,
      typingMs: s.kind === 'demo' && !this.opts.reducedMotion ? Math.min(2500, 300 + s.commands.map((c) => c.run).join(' ').length * TYPE_MS_PER_CHAR) : 0,
    }));
    const machine = lessonMachine.provide({
      actions: {
        beginStep: () => this.beginStep(),
        typeDemo: ({ context }) => this.typeDemo(context),
        runDemo: ({ context }) => this.runDemo(context),
        checkGoal: ({ context }) => this.checkGoal(context),
        playSolution: ({ context }) => this.playSolution(context),
        restoreStep: () => this.restoreStep(),
        restoreLesson: () => this.restoreLesson(),
        saveProgress: ({ context }) => this.save(context, false),
        finishLesson: ({ context }) => this.save(context, true),
      },
    });
    const actor = createActor(machine, { input: { lessonId: lesson.id, steps, resume: lp }, ...(this.opts.clock ? { clock: this.opts.clock } : {}) });
    actor.subscribe(() => this.notify());
    this.actor = actor;
    actor.start();
    const p = this.store.load();
    p.current = lesson.id;
    this.store.save(p);
    this.notify();
    return true;
  }

  send(e: LessonEvent): void {
    this.actor?.send(e);
  }

  /** The learner ran something on the host: check the goal if a task is waiting for one. */
  hostChanged(): void {
    const s = this.view().state;
    if (/^step\.task\.(working|hint|solution)$/.test(s)) this.send({ type: 'COMMAND_DONE' });
  }

  /** Forget all progress (the course map starts over). */
  resetProgress(): void {
    this.store.clear();
    this.notify();
  }

  dispose(): void {
    this.actor?.stop();
    this.actor = null;
    this.listeners.clear();
  }

  // --- effects -------------------------------------------------------------

  private prepareHost(lesson: Lesson, upto: number): void {
    const tmp = newLessonHost(this.course, lesson);
    prepareLesson(tmp, this.course, lesson, upto);
    this.host.restore(tmp.snapshot());
    this.opts.onHostChanged?.('restored');
  }

  private beginStep(): void {
    this.stepSnap = this.host.snapshot();
    this.mark = this.host.log.length;
    this.transcript = [];
    this.goal = null;
    this.typing = null;
  }

  private type(cmd: CommandLine): void {
    if (this.opts.typeCommand) {
      this.opts.typeCommand(cmd);
      this.transcript.push({ line: cmd.run, stdout: '', stderr: '', exitCode: null });
    } else this.transcript.push(runCommand(this.host, cmd));
  }

  private typeDemo(ctx: LessonContext): void {
    const step = this.lesson?.steps[ctx.step];
    this.typing = step?.kind === 'demo' ? step.commands.map((c) => c.run).join('\n') : null;
  }

  private runDemo(ctx: LessonContext): void {
    const step = this.lesson?.steps[ctx.step];
    this.typing = null;
    if (step?.kind === 'demo') {
      for (const c of step.commands) this.type(c);
      if (step.waitMs > 0) this.host.advance(step.waitMs);
      if (step.commands.length || step.waitMs) this.opts.onHostChanged?.('ran');
    }
    this.actor?.send({ type: 'DEMO_DONE' });
  }

  private checkGoal(ctx: LessonContext): void {
    const step = this.lesson?.steps[ctx.step];
    if (step?.kind !== 'task') return;
    const r = evaluateGoal(step.goal, hostCtx(this.host, this.host.log.slice(this.mark)));
    this.goal = r;
    this.actor?.send({ type: 'CHECKED', ok: r.ok, unmet: r.items.filter((i) => i.verdict !== true).map((i) => (typeof i.verdict === 'string' ? i.verdict : i.text)) });
  }

  private playSolution(ctx: LessonContext): void {
    const step = this.lesson?.steps[ctx.step];
    if (step) for (const c of stepLines(step)) this.type(c);
    this.opts.onHostChanged?.('ran');
    this.actor?.send({ type: 'SOLUTION_PLAYED' });
  }

  private restoreStep(): void {
    if (this.stepSnap) {
      this.host.restore(this.stepSnap);
      this.opts.onHostChanged?.('restored');
    }
  }

  private restoreLesson(): void {
    if (this.lesson) this.prepareHost(this.lesson, 0);
  }

  private save(ctx: LessonContext, finished: boolean): void {
    const p = this.store.load();
    const prev = p.lessons[ctx.lessonId];
    const completed = finished || prev?.completed === true;
    p.lessons[ctx.lessonId] = { step: ctx.step, done: [...ctx.done], completed };
    p.current = ctx.lessonId;
    this.store.save(p);
    this.cached = null;
  }
}

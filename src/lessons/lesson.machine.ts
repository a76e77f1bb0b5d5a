/**
 * The lesson flow as an XState 5 machine:
 *
 *   intro ──START──▶ step ─┬─ narrate / compare              ──NEXT──▶ next step
 *                          ├─ demo: typing ─(delay)▶ running ─DEMO_DONE▶ done
 *                          ├─ task: working ⇄ hint ⇄ solution ─PLAY_SOLUTION▶ playing
 *                          │        └─COMMAND_DONE▶ checking ─CHECKED(ok)▶ solved
 *                          └─ quiz: asking ─ANSWER▶ answered | wrong
 *   last step ──NEXT──▶ completed
 *   BACK / GOTO move between steps; RESTART_STEP and RESTART_LESSON go back to a snapshot.
 *
 * The machine is pure: it holds only the position and flags. What touches the
 * world (typing a demo, evaluating the goal, restoring a snapshot, saving
 * progress) is a named action that does nothing here; the controller provides
 * it with machine.provide(). Tests drive it with transition() and a simulated
 * clock (the demo's typing time is the only delay).
 */

import { and, assign, setup } from 'xstate';
import type { StepKind } from './types.ts';

export interface StepInfo {
  kind: StepKind;
  /** Number of hints (tasks). */
  hints: number;
  /** Index of the correct choice (quizzes), -1 otherwise. */
  answer: number;
  /** How long typing the demo's commands takes on screen, ms (0 with reduced motion). */
  typingMs: number;
}

export interface LessonMachineInput {
  lessonId: string;
  steps: StepInfo[];
  /** Saved progress to resume from. */
  resume?: { step: number; done: boolean[] } | null;
}

export interface LessonContext {
  lessonId: string;
  steps: StepInfo[];
  /** Index of the current step. */
  step: number;
  done: boolean[];
  hintsShown: number;
  solutionShown: boolean;
  /** The learner's last quiz choice on this step. */
  choice: number | null;
  /** The last goal check on this step: unmet goals in words. */
  lastCheck: { ok: boolean; unmet: string[] } | null;
}

export type LessonEvent =
  | { type: 'START' }
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'GOTO'; step: number }
  | { type: 'HINT' }
  | { type: 'SHOW_SOLUTION' }
  | { type: 'PLAY_SOLUTION' }
  | { type: 'SOLUTION_PLAYED' }
  | { type: 'COMMAND_DONE' }
  | { type: 'CHECKED'; ok: boolean; unmet: string[] }
  | { type: 'ANSWER'; choice: number }
  | { type: 'SKIP_TYPING' }
  | { type: 'DEMO_DONE' }
  | { type: 'REPLAY_DEMO' }
  | { type: 'RESTART_STEP' }
  | { type: 'RESTART_LESSON' };

function kindIs(kind: StepKind) {
  return ({ context }: { context: LessonContext }) => context.steps[context.step]?.kind === kind;
}

const noop = (): void => {};

export const lessonMachine = setup({
  types: {
    context: {} as LessonContext,
    events: {} as LessonEvent,
    input: {} as LessonMachineInput,
  },
  actions: {
    resetStepFlags: assign({ hintsShown: 0, solutionShown: false, choice: null, lastCheck: null }),
    goNext: assign({ step: ({ context }) => context.step + 1 }),
    goBack: assign({ step: ({ context }) => context.step - 1 }),
    goLast: assign({ step: ({ context }) => context.steps.length - 1 }),
    goTo: assign({ step: ({ context, event }) => (event.type === 'GOTO' ? event.step : context.step) }),
    markDone: assign({ done: ({ context }) => context.done.map((d, i) => d || i === context.step) }),
    clearStepDone: assign({ done: ({ context }) => context.done.map((d, i) => d && i !== context.step) }),
    clearAll: assign({ step: 0, done: ({ context }) => context.done.map(() => false) }),
    showHint: assign({ hintsShown: ({ context }) => context.hintsShown + 1 }),
    revealSolution: assign({ solutionShown: true }),
    recordCheck: assign({ lastCheck: ({ event }) => (event.type === 'CHECKED' ? { ok: event.ok, unmet: event.unmet } : null) }),
    recordAnswer: assign({ choice: ({ event }) => (event.type === 'ANSWER' ? event.choice : null) }),
    // Effects, provided by the controller.
    beginStep: noop,
    typeDemo: noop,
    runDemo: noop,
    checkGoal: noop,
    playSolution: noop,
    restoreStep: noop,
    restoreLesson: noop,
    saveProgress: noop,
    finishLesson: noop,
  },
  guards: {
    isNarrate: kindIs('narrate'),
    isCompare: kindIs('compare'),
    isDemo: kindIs('demo'),
    isTask: kindIs('task'),
    isQuiz: kindIs('quiz'),
    stepDone: ({ context }) => context.done[context.step] === true,
    canAdvance: ({ context }) => {
      const k = context.steps[context.step]?.kind;
      return k === 'narrate' || k === 'compare' || context.done[context.step] === true;
    },
    isLast: ({ context }) => context.step >= context.steps.length - 1,
    hasPrev: ({ context }) => context.step > 0,
    hasSteps: ({ context }) => context.steps.length > 0,
    gotoAllowed: ({ context, event }) =>
      event.type === 'GOTO' && Number.isInteger(event.step) && event.step >= 0 && event.step < context.steps.length && context.done.slice(0, event.step).every(Boolean),
    noTyping: ({ context }) => (context.steps[context.step]?.typingMs ?? 0) <= 0,
    hasMoreHints: ({ context }) => context.hintsShown < (context.steps[context.step]?.hints ?? 0),
    checkOk: ({ event }) => event.type === 'CHECKED' && event.ok,
    solutionShown: ({ context }) => context.solutionShown,
    hintShown: ({ context }) => context.hintsShown > 0,
    answerCorrect: ({ context, event }) => event.type === 'ANSWER' && event.choice === context.steps[context.step]?.answer,
  },
  delays: {
    DEMO_TYPING: ({ context }) => context.steps[context.step]?.typingMs ?? 0,
  },
}).createMachine({
  id: 'lesson',
  context: ({ input }) => {
    const n = input.steps.length;
    const done = Array.from({ length: n }, (_, i) => input.resume?.done[i] === true);
    const step = Math.min(Math.max(0, input.resume?.step ?? 0), Math.max(0, n - 1));
    return { lessonId: input.lessonId, steps: input.steps, step, done, hintsShown: 0, solutionShown: false, choice: null, lastCheck: null };
  },
  initial: 'intro',
  states: {
    intro: {
      on: {
        START: [{ guard: 'hasSteps', target: 'step' }, { target: 'completed' }],
      },
    },
    step: {
      entry: ['resetStepFlags', 'beginStep', 'saveProgress'],
      initial: 'route',
      states: {
        route: {
          always: [
            { guard: 'isNarrate', target: 'narrate' },
            { guard: 'isCompare', target: 'compare' },
            { guard: and(['isDemo', 'stepDone']), target: 'demo.done' },
            { guard: 'isDemo', target: 'demo' },
            { guard: and(['isTask', 'stepDone']), target: 'task.solved' },
            { guard: 'isTask', target: 'task' },
            { guard: and(['isQuiz', 'stepDone']), target: 'quiz.answered' },
            { target: 'quiz' },
          ],
        },
        narrate: {},
        compare: {},
        demo: {
          initial: 'typing',
          states: {
            typing: {
              entry: 'typeDemo',
              always: { guard: 'noTyping', target: 'running' },
              after: { DEMO_TYPING: 'running' },
              on: { SKIP_TYPING: 'running' },
            },
            running: {
              entry: 'runDemo',
              on: { DEMO_DONE: { target: 'done', actions: ['markDone', 'saveProgress'] } },
            },
            done: {
              // Replaying starts from the host as it was before the demo typed anything.
              on: { REPLAY_DEMO: { target: 'typing', actions: 'restoreStep' } },
            },
          },
        },
        task: {
          initial: 'working',
          states: {
            working: {},
            hint: {},
            solution: {},
            playing: {
              entry: 'playSolution',
              on: { SOLUTION_PLAYED: 'checking' },
            },
            checking: {
              entry: 'checkGoal',
              on: {
                CHECKED: [
                  { guard: 'checkOk', target: 'solved', actions: ['recordCheck', 'markDone', 'saveProgress'] },
                  { guard: 'solutionShown', target: 'solution', actions: 'recordCheck' },
                  { guard: 'hintShown', target: 'hint', actions: 'recordCheck' },
                  { target: 'working', actions: 'recordCheck' },
                ],
              },
            },
            solved: {},
          },
          on: {
            COMMAND_DONE: { guard: ({ context }) => context.done[context.step] !== true, target: '.checking' },
            HINT: { guard: and(['hasMoreHints', ({ context }) => context.done[context.step] !== true]), target: '.hint', actions: 'showHint' },
            SHOW_SOLUTION: { guard: ({ context }) => context.done[context.step] !== true, target: '.solution', actions: 'revealSolution' },
            PLAY_SOLUTION: { guard: ({ context }) => context.done[context.step] !== true, target: '.playing', actions: 'revealSolution' },
          },
        },
        quiz: {
          initial: 'asking',
          states: {
            asking: {},
            wrong: {},
            answered: {},
          },
          on: {
            ANSWER: [
              { guard: and(['answerCorrect', ({ context }) => context.done[context.step] !== true]), target: '.answered', actions: ['recordAnswer', 'markDone', 'saveProgress'] },
              { guard: ({ context }) => context.done[context.step] !== true, target: '.wrong', actions: 'recordAnswer' },
            ],
          },
        },
      },
      on: {
        NEXT: [
          { guard: and(['canAdvance', 'isLast']), target: 'completed', actions: 'markDone' },
          { guard: 'canAdvance', target: 'step', reenter: true, actions: ['markDone', 'goNext'] },
        ],
        BACK: { guard: 'hasPrev', target: 'step', reenter: true, actions: 'goBack' },
        GOTO: { guard: 'gotoAllowed', target: 'step', reenter: true, actions: 'goTo' },
        RESTART_STEP: { target: 'step', reenter: true, actions: ['clearStepDone', 'restoreStep'] },
        RESTART_LESSON: { target: 'step', reenter: true, actions: ['clearAll', 'restoreLesson'] },
      },
    },
    completed: {
      entry: ['saveProgress', 'finishLesson'],
      on: {
        BACK: { guard: 'hasSteps', target: 'step', actions: 'goLast' },
        GOTO: { guard: 'gotoAllowed', target: 'step', actions: 'goTo' },
        RESTART_LESSON: [
          { guard: 'hasSteps', target: 'step', actions: ['clearAll', 'restoreLesson'] },
          // A sandbox (no steps): a fresh host.
          { target: 'completed', reenter: true, actions: 'restoreLesson' },
        ],
      },
    },
  },
});

export type LessonMachine = typeof lessonMachine;

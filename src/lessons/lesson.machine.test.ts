import { describe, expect, it } from 'vitest';
import { createActor, initialTransition, SimulatedClock, transition } from 'xstate';
import { lessonMachine, type LessonEvent, type LessonMachineInput, type StepInfo } from './lesson.machine.ts';

const narrate: StepInfo = { kind: 'narrate', hints: 0, answer: -1, typingMs: 0 };
const demo: StepInfo = { kind: 'demo', hints: 0, answer: -1, typingMs: 800 };
const task: StepInfo = { kind: 'task', hints: 2, answer: -1, typingMs: 0 };
const quiz: StepInfo = { kind: 'quiz', hints: 0, answer: 1, typingMs: 0 };

const input: LessonMachineInput = { lessonId: 'l', steps: [narrate, demo, task, quiz] };

type Snap = ReturnType<typeof initialTransition<typeof lessonMachine>>[0];

/** Apply events with the pure transition(); returns the final snapshot and every action type met. */
function run(events: LessonEvent[], from?: Snap): { snap: Snap; actions: string[] } {
  let [snap, acts] = from ? [from, []] : initialTransition(lessonMachine, input);
  const actions = acts.map((a) => a.type);
  for (const e of events) {
    [snap, acts] = transition(lessonMachine, snap, e);
    actions.push(...acts.map((a) => a.type));
  }
  return { snap, actions };
}

describe('lessonMachine (pure transitions)', () => {
  it('starts at the intro and enters the first step on START, asking for a snapshot and a save', () => {
    const { snap, actions } = run([{ type: 'START' }]);
    expect(snap.value).toEqual({ step: 'narrate' });
    expect(actions).toContain('beginStep');
    expect(actions).toContain('saveProgress');
  });

  it('a narrate step advances on NEXT and is marked done', () => {
    const { snap } = run([{ type: 'START' }, { type: 'NEXT' }]);
    expect(snap.context.step).toBe(1);
    expect(snap.context.done).toEqual([true, false, false, false]);
    expect(snap.value).toEqual({ step: { demo: 'typing' } });
  });

  it('a demo cannot be skipped before it ran; SKIP_TYPING runs it and DEMO_DONE finishes it', () => {
    let r = run([{ type: 'START' }, { type: 'NEXT' }, { type: 'NEXT' }]);
    expect(r.snap.context.step).toBe(1);
    r = run([{ type: 'SKIP_TYPING' }], r.snap);
    expect(r.snap.value).toEqual({ step: { demo: 'running' } });
    expect(r.actions).toContain('runDemo');
    r = run([{ type: 'DEMO_DONE' }, { type: 'NEXT' }], r.snap);
    expect(r.snap.value).toEqual({ step: { task: 'working' } });
  });

  it('a task goes working → checking on each command and stays until the goal holds', () => {
    let r = run([{ type: 'START' }, { type: 'NEXT' }, { type: 'SKIP_TYPING' }, { type: 'DEMO_DONE' }, { type: 'NEXT' }]);
    r = run([{ type: 'COMMAND_DONE' }], r.snap);
    expect(r.snap.value).toEqual({ step: { task: 'checking' } });
    expect(r.actions).toContain('checkGoal');
    r = run([{ type: 'CHECKED', ok: false, unmet: ['no container web'] }], r.snap);
    expect(r.snap.value).toEqual({ step: { task: 'working' } });
    expect(r.snap.context.lastCheck).toEqual({ ok: false, unmet: ['no container web'] });
    // NEXT is refused while the task is unsolved.
    r = run([{ type: 'NEXT' }], r.snap);
    expect(r.snap.context.step).toBe(2);
    r = run([{ type: 'COMMAND_DONE' }, { type: 'CHECKED', ok: true, unmet: [] }], r.snap);
    expect(r.snap.value).toEqual({ step: { task: 'solved' } });
    expect(r.snap.context.done[2]).toBe(true);
  });

  it('hints come one at a time, no more than the task has, and a failed check returns to the hint', () => {
    let r = run([{ type: 'START' }, { type: 'GOTO', step: 2 }]);
    expect(r.snap.context.step).toBe(0); // GOTO a step whose predecessors are not done is refused
    r = run([{ type: 'NEXT' }, { type: 'SKIP_TYPING' }, { type: 'DEMO_DONE' }, { type: 'NEXT' }], r.snap);
    r = run([{ type: 'HINT' }, { type: 'HINT' }, { type: 'HINT' }], r.snap);
    expect(r.snap.context.hintsShown).toBe(2);
    expect(r.snap.value).toEqual({ step: { task: 'hint' } });
    r = run([{ type: 'COMMAND_DONE' }, { type: 'CHECKED', ok: false, unmet: ['x'] }], r.snap);
    expect(r.snap.value).toEqual({ step: { task: 'hint' } });
  });

  it('showing and playing the solution goes through playing → checking → solved', () => {
    let r = run([{ type: 'START' }, { type: 'NEXT' }, { type: 'SKIP_TYPING' }, { type: 'DEMO_DONE' }, { type: 'NEXT' }]);
    r = run([{ type: 'SHOW_SOLUTION' }], r.snap);
    expect(r.snap.value).toEqual({ step: { task: 'solution' } });
    expect(r.snap.context.solutionShown).toBe(true);
    r = run([{ type: 'PLAY_SOLUTION' }], r.snap);
    expect(r.snap.value).toEqual({ step: { task: 'playing' } });
    expect(r.actions).toContain('playSolution');
    r = run([{ type: 'SOLUTION_PLAYED' }, { type: 'CHECKED', ok: true, unmet: [] }], r.snap);
    expect(r.snap.value).toEqual({ step: { task: 'solved' } });
  });

  it('a quiz accepts only the right answer as done; a wrong one can be retried', () => {
    const toQuiz: LessonEvent[] = [{ type: 'START' }, { type: 'NEXT' }, { type: 'SKIP_TYPING' }, { type: 'DEMO_DONE' }, { type: 'NEXT' }, { type: 'COMMAND_DONE' }, { type: 'CHECKED', ok: true, unmet: [] }, { type: 'NEXT' }];
    let r = run([...toQuiz, { type: 'ANSWER', choice: 0 }]);
    expect(r.snap.value).toEqual({ step: { quiz: 'wrong' } });
    expect(r.snap.context.done[3]).toBe(false);
    r = run([{ type: 'ANSWER', choice: 1 }], r.snap);
    expect(r.snap.value).toEqual({ step: { quiz: 'answered' } });
    r = run([{ type: 'NEXT' }], r.snap);
    expect(r.snap.value).toBe('completed');
    expect(r.actions).toContain('finishLesson');
    expect(r.snap.context.done).toEqual([true, true, true, true]);
  });

  it('BACK shows an earlier step as done; GOTO jumps to any reached step', () => {
    let r = run([{ type: 'START' }, { type: 'NEXT' }, { type: 'SKIP_TYPING' }, { type: 'DEMO_DONE' }, { type: 'NEXT' }]);
    r = run([{ type: 'BACK' }], r.snap);
    expect(r.snap.value).toEqual({ step: { demo: 'done' } });
    // Typing a demo again first puts the host back as the step found it.
    const replay = run([{ type: 'REPLAY_DEMO' }], r.snap);
    expect(replay.actions).toEqual(expect.arrayContaining(['restoreStep', 'typeDemo']));
    r = run([{ type: 'GOTO', step: 2 }], r.snap);
    expect(r.snap.value).toEqual({ step: { task: 'working' } });
    r = run([{ type: 'GOTO', step: 3 }], r.snap);
    expect(r.snap.context.step).toBe(2);
  });

  it('RESTART_STEP restores the step snapshot and clears its done flag; RESTART_LESSON goes to step 0', () => {
    let r = run([{ type: 'START' }, { type: 'NEXT' }, { type: 'SKIP_TYPING' }, { type: 'DEMO_DONE' }, { type: 'NEXT' }, { type: 'COMMAND_DONE' }, { type: 'CHECKED', ok: true, unmet: [] }]);
    r = run([{ type: 'RESTART_STEP' }], r.snap);
    expect(r.actions).toContain('restoreStep');
    expect(r.snap.value).toEqual({ step: { task: 'working' } });
    expect(r.snap.context.done[2]).toBe(false);
    r = run([{ type: 'RESTART_LESSON' }], r.snap);
    expect(r.actions).toContain('restoreLesson');
    expect(r.snap.context.step).toBe(0);
    expect(r.snap.context.done).toEqual([false, false, false, false]);
  });

  it('resumes at the saved step with the saved done flags', () => {
    const [s0] = initialTransition(lessonMachine, { ...input, resume: { step: 2, done: [true, true, false, false] } });
    const [s1] = transition(lessonMachine, s0, { type: 'START' });
    expect(s1.value).toEqual({ step: { task: 'working' } });
    expect(s1.context.done).toEqual([true, true, false, false]);
  });

  it('a lesson without steps (a sandbox) completes on START', () => {
    const [s0] = initialTransition(lessonMachine, { lessonId: 'sandbox', steps: [] });
    const [s1] = transition(lessonMachine, s0, { type: 'START' });
    expect(s1.value).toBe('completed');
    const [s2, acts] = transition(lessonMachine, s1, { type: 'RESTART_LESSON' });
    expect(s2.value).toBe('completed');
    expect(acts.map((a) => a.type)).toContain('restoreLesson');
  });
});

describe('lessonMachine (simulated clock)', () => {
  it('a demo types for its typing time, then runs', () => {
    const clock = new SimulatedClock();
    const ran: number[] = [];
    const m = lessonMachine.provide({ actions: { runDemo: ({ context }) => void ran.push(context.step) } });
    const actor = createActor(m, { input, clock }).start();
    actor.send({ type: 'START' });
    actor.send({ type: 'NEXT' });
    expect(actor.getSnapshot().value).toEqual({ step: { demo: 'typing' } });
    clock.increment(799);
    expect(actor.getSnapshot().value).toEqual({ step: { demo: 'typing' } });
    expect(ran).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().value).toEqual({ step: { demo: 'running' } });
    expect(ran).toEqual([1]);
    actor.stop();
  });

  it('leaving a demo while it types cancels the delayed run', () => {
    const clock = new SimulatedClock();
    let ran = 0;
    const m = lessonMachine.provide({ actions: { runDemo: () => void ran++ } });
    const actor = createActor(m, { input, clock }).start();
    actor.send({ type: 'START' });
    actor.send({ type: 'NEXT' });
    actor.send({ type: 'BACK' });
    clock.increment(5000);
    expect(ran).toBe(0);
    expect(actor.getSnapshot().value).toEqual({ step: 'narrate' });
    actor.stop();
  });
});

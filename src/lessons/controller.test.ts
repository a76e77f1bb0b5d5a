import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { createHost } from '../sim/host/host.ts';
import { buildCourse } from './course.ts';
import { LessonController } from './controller.ts';
import { memoryStore, storageStore, type KeyValueStorage } from './progress.ts';
import type { Course } from './types.ts';

const L1 = `---
title: First
summary: s
---
Intro.

:::demo
run: mkdir /sys/fs/cgroup/demo
:::

:::task {id: limit}
text: Set memory.max.
goal:
  - cgroup: {path: /demo, memory.max: 64M}
hints: [one, two]
solution:
  - echo 64M > /sys/fs/cgroup/demo/memory.max
:::

:::quiz
question: q
choices: [a, b]
answer: b
explanation: e
:::
`;

const L2 = `---
title: Second
summary: s
start: continue
---
:::demo
run: cat /sys/fs/cgroup/demo/memory.max
:::

:::task
text: t
goal:
  - file: {path: /tmp/done}
hints: [h]
solution: [touch /tmp/done]
:::

:::quiz
question: q
choices: [a, b]
answer: 1
explanation: e
:::
`;

function course(): Course {
  const r = buildCourse({ '01-c/meta.yaml': 'title: C\n', '01-c/01-first/lesson.md': L1, '01-c/02-second/lesson.md': L2 });
  expect(r.errors).toEqual([]);
  return r.course;
}

function mapStatus(c: LessonController): string[] {
  return c.view().map.flatMap((ch) => ch.lessons.map((e) => `${e.lesson.id}:${e.status}`));
}

describe('LessonController', () => {
  it('plays a lesson through: demo, task checked after the learner acts, quiz, completion and saved progress', () => {
    const host = createHost({ seed: 1 });
    const store = memoryStore();
    const clock = new SimulatedClock();
    const c = new LessonController({ host, course: course(), store, clock });
    expect(mapStatus(c)).toEqual(['01-c/01-first:open', '01-c/02-second:locked']);
    expect(c.open('01-c/02-second')).toBe(false);
    expect(c.open('01-c/01-first')).toBe(true);
    expect(c.view().state).toBe('intro');
    c.send({ type: 'START' });
    expect(c.view().state).toBe('step.demo.typing');
    clock.increment(5000);
    expect(c.view().state).toBe('step.demo.done');
    expect(c.view().transcript.map((t) => [t.line, t.exitCode])).toEqual([['mkdir /sys/fs/cgroup/demo', 0]]);
    expect(host.kernel.state.cgroup.byPath['/demo']).toBeDefined();

    c.send({ type: 'NEXT' });
    expect(c.view().state).toBe('step.task.working');
    host.run('echo 32M > /sys/fs/cgroup/demo/memory.max');
    c.hostChanged();
    expect(c.view().state).toBe('step.task.working');
    expect(c.view().ctx?.lastCheck?.unmet).toEqual(['memory.max of /demo is 33554432']);
    c.send({ type: 'HINT' });
    expect(c.view().state).toBe('step.task.hint');
    host.run('echo 64M > /sys/fs/cgroup/demo/memory.max');
    c.hostChanged();
    expect(c.view().state).toBe('step.task.solved');
    expect(c.view().goal?.ok).toBe(true);

    c.send({ type: 'NEXT' });
    c.send({ type: 'ANSWER', choice: 0 });
    expect(c.view().state).toBe('step.quiz.wrong');
    c.send({ type: 'ANSWER', choice: 1 });
    c.send({ type: 'NEXT' });
    expect(c.view().state).toBe('completed');
    expect(store.load().lessons['01-c/01-first']).toEqual({ step: 2, done: [true, true, true], completed: true });
    expect(mapStatus(c)).toEqual(['01-c/01-first:current', '01-c/02-second:open']);
  });

  it('resumes at the saved step after a reload, with the host prepared by replaying earlier steps', () => {
    const data: Record<string, string> = {};
    const storage: KeyValueStorage = { getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v), removeItem: (k) => void delete data[k] };
    const host1 = createHost({ seed: 1 });
    const c1 = new LessonController({ host: host1, course: course(), store: storageStore(storage), reducedMotion: true });
    c1.open('01-c/01-first');
    c1.send({ type: 'START' });
    expect(c1.view().state).toBe('step.demo.done'); // no typing delay with reduced motion
    c1.send({ type: 'NEXT' });
    c1.dispose();

    // A reload: new host, new controller, same storage.
    const host2 = createHost({ seed: 1 });
    const c2 = new LessonController({ host: host2, course: course(), store: storageStore(storage), reducedMotion: true });
    expect(c2.initialLessonId()).toBe('01-c/01-first');
    c2.open('01-c/01-first');
    c2.send({ type: 'START' });
    expect(c2.view().state).toBe('step.task.working');
    expect(host2.kernel.state.cgroup.byPath['/demo']).toBeDefined(); // the demo was replayed
    c2.send({ type: 'PLAY_SOLUTION' });
    expect(c2.view().state).toBe('step.task.solved');
    expect(c2.view().transcript.map((t) => t.line)).toEqual(['echo 64M > /sys/fs/cgroup/demo/memory.max']);
  });

  it('RESTART_STEP puts the host back as it was when the step began', () => {
    const host = createHost({ seed: 1 });
    const c = new LessonController({ host, course: course(), store: memoryStore(), reducedMotion: true });
    c.open('01-c/01-first');
    c.send({ type: 'START' });
    c.send({ type: 'NEXT' });
    host.run('echo 64M > /sys/fs/cgroup/demo/memory.max');
    c.hostChanged();
    expect(c.view().state).toBe('step.task.solved');
    c.send({ type: 'RESTART_STEP' });
    expect(c.view().state).toBe('step.task.working');
    expect(host.kernel.state.cgroup.byPath['/demo']?.memory.max).toBe('max');
    host.run('echo 64M > /sys/fs/cgroup/demo/memory.max');
    c.send({ type: 'RESTART_LESSON' });
    // A fresh host, and the first step (the demo) has typed its command again.
    expect(c.view().state).toBe('step.demo.done');
    expect(c.view().ctx?.done).toEqual([true, false, false]);
    expect(host.kernel.state.cgroup.byPath['/demo']?.memory.max).toBe('max');
  });

  it('a lesson that continues starts from the end of the one before', () => {
    const host = createHost({ seed: 1 });
    const c = new LessonController({ host, course: course(), store: memoryStore(), reducedMotion: true });
    expect(c.open('01-c/02-second', { force: true })).toBe(true);
    expect(host.kernel.state.cgroup.byPath['/demo']?.memory.max).toBe(64 * 1024 * 1024);
  });

  it('typeCommand sends commands to the app terminal instead of running them itself', () => {
    const host = createHost({ seed: 1 });
    const typed: string[] = [];
    const c = new LessonController({ host, course: course(), store: memoryStore(), reducedMotion: true, typeCommand: (cmd) => void (typed.push(cmd.run), host.run(cmd.run)) });
    c.open('01-c/01-first');
    c.send({ type: 'START' });
    expect(typed).toEqual(['mkdir /sys/fs/cgroup/demo']);
    expect(c.view().transcript[0]?.exitCode).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { buildCourse } from './course.ts';
import { canOpen, courseMap, emptyProgress, parseProgress, progressFor, storageStore } from './progress.ts';

const lesson = (extra = ''): string => `---\ntitle: t\nsummary: s\n${extra}---\n:::demo\nrun: ls\n:::\n:::task\ntext: x\ngoal:\n  - file: {path: /x}\nhints: [h]\nsolution: [touch /x]\n:::\n:::quiz\nquestion: q\nchoices: [a, b]\nanswer: 1\nexplanation: e\n:::\n`;

const { course } = buildCourse({
  '01-a/meta.yaml': 'title: A\n',
  '01-a/01-one/lesson.md': lesson(),
  '01-a/02-two/lesson.md': lesson(),
  '01-a/03-three/lesson.md': lesson('free: true\n'),
  '01-a/04-four/lesson.md': lesson(),
});

describe('parseProgress', () => {
  it('drops anything malformed instead of trusting it', () => {
    expect(parseProgress(null)).toEqual(emptyProgress());
    expect(parseProgress('{not json')).toEqual(emptyProgress());
    expect(parseProgress('{"version":2,"lessons":{}}')).toEqual(emptyProgress());
    const p = parseProgress(JSON.stringify({ version: 1, current: 'x', lessons: { ok: { step: 1, done: [true, 'yes'], completed: true }, bad: { step: -1, done: [] }, worse: 'x' } }));
    expect(p).toEqual({ version: 1, current: 'x', lessons: { ok: { step: 1, done: [true, false], completed: true } } });
  });

  it('fits saved progress to a lesson whose steps changed', () => {
    const l = course.lessons[0]!;
    const p = emptyProgress();
    p.lessons[l.id] = { step: 9, done: [true, true, true, true, true], completed: false };
    expect(progressFor(p, l)).toEqual({ step: 2, done: [true, true, true], completed: false });
  });
});

describe('courseMap', () => {
  it('opens the first lesson, free lessons and the one after a completed lesson; locks the rest', () => {
    const p = emptyProgress();
    const status = (cur: string | null): string[] => courseMap(course, p, cur)[0]!.lessons.map((e) => e.status);
    expect(status(null)).toEqual(['open', 'locked', 'open', 'locked']);
    p.lessons['01-a/01-one'] = { step: 2, done: [true, true, true], completed: true };
    expect(status('01-a/02-two')).toEqual(['done', 'current', 'open', 'locked']);
    expect(canOpen(course, p, '01-a/04-four')).toBe(false);
    expect(canOpen(course, p, '01-a/02-two')).toBe(true);
  });
});

describe('storageStore', () => {
  it('round-trips through storage and survives a storage that throws', () => {
    const data: Record<string, string> = {};
    const s = storageStore({ getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v), removeItem: (k) => void delete data[k] });
    const p = emptyProgress();
    p.current = 'a';
    s.save(p);
    expect(s.load().current).toBe('a');
    s.clear();
    expect(s.load().current).toBeNull();
    const broken = storageStore({
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {},
    });
    broken.save(p);
    expect(broken.load().current).toBe('a');
  });
});

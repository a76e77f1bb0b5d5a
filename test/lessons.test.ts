/**
 * Every lesson in lessons/ is valid and proven: each demo runs as declared and
 * each task's goal is false before its solution and true after it, replayed
 * headlessly (the same check as `container-sim lesson check`).
 */

import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { buildCourse } from '../src/lessons/course.ts';
import { readCourseFiles } from '../src/lessons/check.ts';
import { checkLesson } from '../src/lessons/verify.ts';
import { formatError } from '../src/lessons/types.ts';

const root = fileURLToPath(new URL('../lessons', import.meta.url));
const { course, errors } = buildCourse(readCourseFiles(root));

describe('lessons/', () => {
  it('every lesson file is valid', () => {
    expect(errors.map(formatError)).toEqual([]);
  });

  it('has the 18 lessons of the issue, a container built by hand, and a sandbox', () => {
    expect(course.lessons.filter((l) => !l.sandbox)).toHaveLength(19);
    expect(course.lessons.some((l) => l.sandbox)).toBe(true);
  });

  for (const lesson of course.lessons) {
    it(`${lesson.id}: demos run and every solution reaches its goal`, { timeout: 60_000 }, () => {
      const failures = checkLesson(course, lesson)
        .filter((i) => !i.ok)
        .map((i) => `${i.step}: ${i.problems.join('; ')}`);
      expect(failures).toEqual([]);
    });
  }
});

/**
 * Where the browser gets the course: the lesson files bundled by Vite from
 * lessons/ (each file is a lazily loaded chunk of text). A loader is just a
 * function returning the files, so a page can also pass a course from
 * elsewhere (a test, a link); whatever it returns is parsed and validated
 * like any lesson, and can only declare steps and predicates.
 */

import type { CourseFiles } from '../../lessons/types.ts';

export type CourseLoader = () => Promise<CourseFiles>;

const bundled = import.meta.glob(['/lessons/**/lesson.md', '/lessons/**/meta.yaml'], { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

/** The course shipped with the app (lessons/ in the repository). */
export const bundledCourse: CourseLoader = async () => {
  const files: CourseFiles = {};
  await Promise.all(
    Object.entries(bundled).map(async ([path, load]) => {
      files[path.replace(/^\/lessons\//, '')] = await load();
    }),
  );
  return files;
};

/**
 * `container-sim lesson check [DIR...]`: validate every lesson and replay each
 * task's solution headlessly (see verify.ts). Prints TAP-like lines
 *   ok - 02-namespaces/01-pid own-pid-ns
 *   not ok - 04-docker/02-images copy-up: not reached: ...
 * and a summary; returns 1 if anything failed.
 *
 * A DIR is the lessons root, a chapter folder or a lesson folder; the whole
 * course around it is loaded (lessons that `start: continue` need the ones
 * before them) and only the lessons under DIR are replayed. Default: ./lessons.
 */

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { CourseFiles } from './types.ts';
import { formatError } from './types.ts';
import { buildCourse } from './course.ts';
import { checkLesson } from './verify.ts';

export interface CheckOut {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Every lesson.md and meta.yaml under `root`, keyed by path relative to it. */
export function readCourseFiles(root: string): CourseFiles {
  const files: CourseFiles = {};
  const walk = (dir: string, depth: number): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (depth < 3 && !name.startsWith('.')) walk(p, depth + 1);
      } else if (name === 'lesson.md' || name === 'meta.yaml') {
        files[relative(root, p).split('\\').join('/')] = readFileSync(p, 'utf8');
      }
    }
  };
  walk(root, 0);
  return files;
}

/** The course root and the lesson-id prefix a DIR argument stands for. */
function locate(dir: string): { root: string; prefix: string } {
  const abs = resolve(dir);
  if (existsSync(join(abs, 'lesson.md'))) {
    const root = dirname(dirname(abs));
    return { root, prefix: relative(root, abs).split('\\').join('/') };
  }
  const isChapter = readdirSync(abs).some((n) => existsSync(join(abs, n, 'lesson.md')));
  if (isChapter) {
    const root = dirname(abs);
    return { root, prefix: relative(root, abs).split('\\').join('/') };
  }
  return { root: abs, prefix: '' };
}

export async function lessonCheck(dirs: string[], out: CheckOut): Promise<number> {
  const targets = dirs.length ? dirs : ['lessons'];
  let failed = 0;
  let passed = 0;
  let lessonsChecked = 0;
  let invalid = 0;
  for (const d of targets) {
    if (!existsSync(d) || !statSync(d).isDirectory()) {
      out.stderr(`container-sim lesson check: ${d}: No such directory\n`);
      failed++;
      continue;
    }
    const { root, prefix } = locate(d);
    const { course, errors } = buildCourse(readCourseFiles(root));
    const shown = relative(process.cwd(), root) || '.';
    const inScope = (file: string): boolean => prefix === '' || file === `${prefix}` || file.startsWith(`${prefix}/`);
    const scoped = errors.filter((e) => inScope(e.file) || e.file === 'meta.yaml');
    for (const e of scoped) out.stdout(`not ok - ${formatError({ ...e, file: join(shown, e.file) })}\n`);
    invalid += scoped.length;
    failed += scoped.length;
    const broken = new Set(errors.map((e) => e.file));
    for (const lesson of course.lessons) {
      if (!inScope(lesson.file)) continue;
      lessonsChecked++;
      if (broken.has(lesson.file)) {
        out.stdout(`not ok - ${lesson.id}: not replayed (fix the errors above first)\n`);
        continue;
      }
      for (const item of checkLesson(course, lesson)) {
        if (item.ok) {
          passed++;
          out.stdout(`ok - ${item.lesson} ${item.step}\n`);
        } else {
          failed++;
          out.stdout(`not ok - ${item.lesson} ${item.step}\n`);
          for (const p of item.problems) out.stdout(`#   ${p}\n`);
        }
      }
    }
  }
  out.stdout(`# ${lessonsChecked} lesson(s): ${passed} passed, ${failed} failed${invalid ? ` (${invalid} validation error(s))` : ''}\n`);
  return failed > 0 ? 1 : 0;
}

/**
 * Build a course from its files: chapters and lessons in folder order
 * (`NN-name`), chapter defaults cascading into each lesson's front matter
 * (course meta.yaml → chapter meta.yaml → lesson front matter), and the rules a
 * whole lesson must follow (at least a demo, a task and a quiz; commands within
 * the allowed list; `start: continue` only after another lesson).
 */

import type { Chapter, Course, CourseFiles, Lesson, LessonError, Step } from './types.ts';
import { parseLesson, parseMeta, type FrontMatter } from './parse.ts';
import { commandNames } from './fields.ts';

const NUMBERED = /^\d{2,}-[a-z0-9][a-z0-9-]*$/;

export interface CourseResult {
  course: Course;
  errors: LessonError[];
}

function cascade(...layers: FrontMatter[]): FrontMatter {
  const out: FrontMatter = {};
  for (const l of layers) for (const [k, v] of Object.entries(l)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Commands a step types (demos and solutions). */
export function stepCommands(s: Step): string[] {
  if (s.kind === 'demo') return s.commands.map((c) => c.run);
  if (s.kind === 'task') return s.solution.map((c) => c.run);
  return [];
}

export function buildCourse(files: CourseFiles): CourseResult {
  const errors: LessonError[] = [];
  const paths = Object.keys(files).sort();
  let root: FrontMatter = {};
  if (files['meta.yaml'] !== undefined) {
    const r = parseMeta('meta.yaml', files['meta.yaml']);
    errors.push(...r.errors);
    root = r.meta;
  }
  const chapterIds = [...new Set(paths.filter((p) => p.includes('/')).map((p) => p.split('/')[0] as string))].sort();
  const chapters: Chapter[] = [];
  for (const cid of chapterIds) {
    const inChapter = paths.filter((p) => p.startsWith(`${cid}/`));
    if (!NUMBERED.test(cid)) {
      errors.push({ file: inChapter[0] ?? cid, line: 1, message: `chapter folder "${cid}" must be named NN-name (two digits, a dash, lowercase words)` });
      continue;
    }
    const metaPath = `${cid}/meta.yaml`;
    let meta: FrontMatter = {};
    if (files[metaPath] === undefined) errors.push({ file: metaPath, line: 1, message: `chapter ${cid} has no meta.yaml (it needs at least a title)` });
    else {
      const r = parseMeta(metaPath, files[metaPath]);
      errors.push(...r.errors);
      meta = r.meta;
      if (!meta.title && r.errors.length === 0) errors.push({ file: metaPath, line: 1, message: 'meta.yaml: missing field "title"' });
    }
    const chapter: Chapter = { id: cid, title: meta.title ?? cid, lessons: [] };
    for (const p of inChapter) {
      const parts = p.split('/');
      if (p === metaPath) continue;
      if (parts.length !== 3 || parts[2] !== 'lesson.md') {
        if (p.endsWith('.md') || p.endsWith('.yaml')) errors.push({ file: p, line: 1, message: 'unexpected file: lessons live in <NN-chapter>/<NN-lesson>/lesson.md' });
        continue;
      }
      const lid = parts[1] as string;
      if (!NUMBERED.test(lid)) {
        errors.push({ file: p, line: 1, message: `lesson folder "${lid}" must be named NN-name (two digits, a dash, lowercase words)` });
        continue;
      }
      const parsed = parseLesson(p, files[p] as string);
      errors.push(...parsed.errors);
      const f = cascade({ ...root, title: undefined }, { ...meta, title: undefined }, parsed.front);
      const lesson: Lesson = {
        id: `${cid}/${lid}`,
        chapterId: cid,
        file: p,
        title: f.title ?? lid,
        summary: f.summary ?? '',
        views: f.views ?? ['terminal'],
        start: f.start ?? { kind: 'fresh' },
        allowed: f.allowed ?? null,
        seed: f.seed ?? 1,
        free: f.free ?? false,
        sandbox: f.sandbox ?? false,
        intro: parsed.intro,
        steps: parsed.steps,
      };
      chapter.lessons.push(lesson);
    }
    chapters.push(chapter);
  }
  const lessons = chapters.flatMap((c) => c.lessons);
  lessons.forEach((l, i) => errors.push(...lessonRules(l, i === 0)));
  return { course: { title: root.title ?? 'container-sim', chapters, lessons }, errors };
}

/** Rules about a whole lesson (beyond each field's own checks). */
function lessonRules(l: Lesson, first: boolean): LessonError[] {
  const errors: LessonError[] = [];
  if (l.start.kind === 'continue' && first) errors.push({ file: l.file, line: 2, message: 'start: continue, but this is the first lesson of the course' });
  if (!l.sandbox) {
    for (const kind of ['demo', 'task', 'quiz'] as const) {
      if (!l.steps.some((s) => s.kind === kind)) errors.push({ file: l.file, line: 1, message: `the lesson has no ${kind} step (every lesson needs a demo, a task and a quiz, unless sandbox: true)` });
    }
  }
  if (l.allowed) {
    const allowed = l.allowed;
    const check = (line: string, at: number): void => {
      for (const n of commandNames(line)) if (!allowed.includes(n)) errors.push({ file: l.file, line: at, message: `\`${line}\` runs ${n}, which is not in this lesson's allowed commands (${allowed.join(', ')})` });
    };
    for (const s of l.steps) for (const c of stepCommands(s)) check(c, s.loc.line);
  }
  return errors;
}

/** The lesson before `id` in course order (what `start: continue` continues from). */
export function previousLesson(course: Course, id: string): Lesson | null {
  const i = course.lessons.findIndex((l) => l.id === id);
  return i > 0 ? (course.lessons[i - 1] ?? null) : null;
}

export function findLesson(course: Course, id: string): Lesson | null {
  return course.lessons.find((l) => l.id === id) ?? null;
}

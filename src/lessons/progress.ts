/**
 * Saved progress: per lesson, the step reached and which steps are done, kept
 * in a key-value store (the browser's localStorage, or memory in tests), and
 * the course map that shows each lesson as done, current, open or locked.
 *
 * Stored data is untrusted (another version of the app, a hand edit): it is
 * validated on load, and anything malformed is dropped rather than believed.
 */

import type { Course, Lesson } from './types.ts';

export interface LessonProgress {
  /** The step to resume at. */
  step: number;
  done: boolean[];
  completed: boolean;
}

export interface CourseProgress {
  version: 1;
  lessons: Record<string, LessonProgress>;
  /** The lesson open last. */
  current: string | null;
}

/** The part of the Web Storage API the store needs. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface ProgressStore {
  load(): CourseProgress;
  save(p: CourseProgress): void;
  clear(): void;
}

export const PROGRESS_KEY = 'container-sim:lessons:progress:v1';

export function emptyProgress(): CourseProgress {
  return { version: 1, lessons: {}, current: null };
}

/** Parse stored progress; anything malformed becomes empty. */
export function parseProgress(text: string | null): CourseProgress {
  if (!text) return emptyProgress();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return emptyProgress();
  }
  if (!raw || typeof raw !== 'object') return emptyProgress();
  const r = raw as Record<string, unknown>;
  if (r.version !== 1 || !r.lessons || typeof r.lessons !== 'object') return emptyProgress();
  const out = emptyProgress();
  for (const [id, v] of Object.entries(r.lessons as Record<string, unknown>)) {
    if (!v || typeof v !== 'object' || id.length > 200) continue;
    const l = v as Record<string, unknown>;
    if (typeof l.step !== 'number' || !Number.isInteger(l.step) || l.step < 0 || !Array.isArray(l.done) || l.done.length > 500) continue;
    out.lessons[id] = { step: l.step, done: l.done.map((d) => d === true), completed: l.completed === true };
  }
  out.current = typeof r.current === 'string' ? r.current : null;
  return out;
}

export function storageStore(storage: KeyValueStorage | null, key = PROGRESS_KEY): ProgressStore {
  let memory = emptyProgress();
  return {
    load() {
      if (!storage) return structuredClone(memory);
      try {
        return parseProgress(storage.getItem(key));
      } catch {
        return structuredClone(memory);
      }
    },
    save(p) {
      memory = structuredClone(p);
      try {
        storage?.setItem(key, JSON.stringify(p));
      } catch {
        // Storage full or unavailable (private mode): progress lasts for this page only.
      }
    },
    clear() {
      memory = emptyProgress();
      try {
        storage?.removeItem(key);
      } catch {
        // ignore
      }
    },
  };
}

export function memoryStore(): ProgressStore {
  return storageStore(null);
}

/** Saved progress fitted to the lesson as it is now (steps may have been added or removed since). */
export function progressFor(p: CourseProgress, lesson: Lesson): LessonProgress {
  const n = lesson.steps.length;
  const saved = p.lessons[lesson.id];
  const done = Array.from({ length: n }, (_, i) => saved?.done[i] === true);
  const step = Math.min(saved?.step ?? 0, Math.max(0, n - 1));
  return { step, done, completed: saved?.completed === true };
}

export type MapStatus = 'done' | 'current' | 'open' | 'locked';

export interface MapEntry {
  lesson: Lesson;
  status: MapStatus;
  /** Completed at some point (a current lesson may be completed too). */
  completed: boolean;
  doneSteps: number;
  totalSteps: number;
}

/**
 * The course map. A lesson is open when it is free, the first, the lesson
 * before it is completed, or it was started already; otherwise locked.
 */
export function courseMap(course: Course, p: CourseProgress, currentId: string | null): Array<{ id: string; title: string; lessons: MapEntry[] }> {
  const entries = new Map<string, MapEntry>();
  course.lessons.forEach((lesson, i) => {
    const prog = p.lessons[lesson.id];
    const prev = i > 0 ? course.lessons[i - 1] : undefined;
    const doneSteps = progressFor(p, lesson).done.filter(Boolean).length;
    let status: MapStatus;
    if (prog?.completed) status = 'done';
    else if (lesson.id === currentId) status = 'current';
    else if (lesson.free || i === 0 || !prev || p.lessons[prev.id]?.completed || prog) status = 'open';
    else status = 'locked';
    if (lesson.id === currentId && status === 'done') status = 'current';
    entries.set(lesson.id, { lesson, status, completed: prog?.completed === true, doneSteps, totalSteps: lesson.steps.length });
  });
  return course.chapters.map((c) => ({ id: c.id, title: c.title, lessons: c.lessons.map((l) => entries.get(l.id) as MapEntry) }));
}

/** May the learner open this lesson? */
export function canOpen(course: Course, p: CourseProgress, id: string): boolean {
  for (const ch of courseMap(course, p, null)) for (const e of ch.lessons) if (e.lesson.id === id) return e.status !== 'locked';
  return false;
}

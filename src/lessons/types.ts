/**
 * The lesson format as data: a course of chapters of lessons, each lesson a
 * list of steps of five declared kinds (narrate, demo, task, quiz, compare).
 *
 * On disk (svelte.dev tutorial layout):
 *   lessons/meta.yaml                      course title (optional)
 *   lessons/<NN-chapter>/meta.yaml         chapter title and defaults that cascade
 *   lessons/<NN-chapter>/<NN-lesson>/lesson.md
 * lesson.md is YAML front matter and a Markdown body; steps are `:::kind`
 * directive blocks (see parse.ts). Everything here is plain data: a parsed
 * course can be serialised, and nothing in it can run code.
 */

import type { Predicate } from './predicates/types.ts';

/** Where something was written: a file and a 1-based line. */
export interface Loc {
  file: string;
  line: number;
}

/** A mistake in a lesson file: the file, the line and the problem. */
export interface LessonError extends Loc {
  message: string;
}

export function formatError(e: LessonError): string {
  return `${e.file}:${e.line}: ${e.message}`;
}

export const STEP_KINDS = ['narrate', 'demo', 'task', 'quiz', 'compare'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/**
 * The views a lesson may ask the app to show: the app's view ids
 * (src/app/views/registry.ts), the terminal, and `vm` for the VM model to come.
 * A name the app does not have yet is simply not shown.
 */
export const VIEW_NAMES = [
  'terminal',
  'processes',
  'namespaces',
  'cgroups',
  'capabilities',
  'filesystem',
  'network',
  'engine',
  'images',
  'vm',
] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/**
 * An object in a view to draw the eye to: `<kind>:<name>`, e.g. `container:web`,
 * `process:nginx`, `cgroup:/demo`, `namespace:uts`, `link:docker0`, `file:/etc/hostname`.
 */
export const HIGHLIGHT_KINDS = ['container', 'process', 'namespace', 'cgroup', 'file', 'mount', 'link', 'image', 'layer', 'network', 'volume', 'view'] as const;
export type HighlightKind = (typeof HIGHLIGHT_KINDS)[number];
export interface Highlight {
  kind: HighlightKind;
  name: string;
}

/** One command line typed by a demo or a solution; `input` lines go to the program it starts (on a TTY). */
export interface CommandLine {
  run: string;
  input?: string[];
}

interface StepBase {
  /** Unique within the lesson: given (`id: publish`) or `<kind>-<n>` (task-1 is the first task). */
  id: string;
  kind: StepKind;
  loc: Loc;
  /** Markdown shown for the step. */
  text: string;
  highlight?: Highlight;
}

export interface NarrateStep extends StepBase {
  kind: 'narrate';
}

export interface DemoStep extends StepBase {
  kind: 'demo';
  /** Typed in order, visibly. */
  commands: CommandLine[];
  /** Virtual time to let pass after the commands, ms (`wait: 5s`). */
  waitMs: number;
  /** The demo shows a command failing on purpose (the check then expects a non-zero exit). */
  fails: boolean;
}

export interface TaskStep extends StepBase {
  kind: 'task';
  title: string;
  /** Every predicate must hold (an implicit `all`). */
  goal: Predicate[];
  /** Shown one at a time, in order. */
  hints: string[];
  solution: CommandLine[];
}

export interface QuizStep extends StepBase {
  kind: 'quiz';
  /** `text` is the question. */
  choices: string[];
  /** Index of the correct choice. */
  answer: number;
  explanation: string;
}

/** One row of a containers-versus-VMs table. */
export interface CompareRow {
  aspect: string;
  container: string;
  vm: string;
}

export interface CompareStep extends StepBase {
  kind: 'compare';
  rows: CompareRow[];
  /** Views to set side by side (e.g. processes and vm) once the VM model exists. */
  views: ViewName[];
}

export type Step = NarrateStep | DemoStep | TaskStep | QuizStep | CompareStep;

/** How a lesson's host starts: a fresh host, the previous lesson's end, or a fresh host after some commands. */
export type StartSpec = { kind: 'fresh' } | { kind: 'continue' } | { kind: 'setup'; commands: CommandLine[] };

/** Fields of front matter that a chapter's meta.yaml may set as defaults. */
export interface LessonDefaults {
  views?: ViewName[];
  start?: StartSpec;
  allowed?: string[] | null;
  seed?: number;
  free?: boolean;
}

export interface Lesson {
  /** "<chapter dir>/<lesson dir>", e.g. "02-namespaces/01-pid". */
  id: string;
  chapterId: string;
  /** Path of lesson.md as given to the loader. */
  file: string;
  title: string;
  summary: string;
  views: ViewName[];
  start: StartSpec;
  /** Program names the lesson expects (solutions are checked against it); null = anything. */
  allowed: string[] | null;
  seed: number;
  /** Open without finishing the lesson before it. */
  free: boolean;
  /** A free playground: no steps required. */
  sandbox: boolean;
  /** Markdown shown before the first step. */
  intro: string;
  steps: Step[];
}

export interface Chapter {
  id: string;
  title: string;
  lessons: Lesson[];
}

export interface Course {
  title: string;
  chapters: Chapter[];
  /** Every lesson in course order. */
  lessons: Lesson[];
}

/** The lesson files as text, keyed by path relative to the lessons root ("01-x/02-y/lesson.md", "01-x/meta.yaml", "meta.yaml"). */
export type CourseFiles = Record<string, string>;

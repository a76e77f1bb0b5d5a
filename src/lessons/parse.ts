/**
 * The lesson.md parser.
 *
 *   ---
 *   title: The PID namespace
 *   summary: One line for the course map.
 *   views: [terminal, processes]
 *   start: fresh                     # fresh | continue | a list of setup commands
 *   ---
 *   Markdown before the first step is the lesson's introduction.
 *
 *   :::demo
 *   run: unshare --pid --fork --mount-proc ps -ef
 *   text: The new shell is PID 1.
 *   :::
 *
 *   Plain Markdown between steps is a narrate step.
 *
 *   :::narrate {highlight: "process:sleep"}
 *   A narrate block can highlight an object in a view.
 *   :::
 *
 *   :::task {id: own-pid-ns}
 *   text: ...
 *   goal:
 *     - process: {inOwnPidNs: true, nsPid: 1}
 *   hints: [...]
 *   solution: [...]
 *   :::
 *
 * Directive lines are `:::kind {attrs}` and a closing `:::`. Only the declared
 * kinds exist; narrate bodies are Markdown, the others YAML maps. Nothing in a
 * lesson is executed except the commands of demos and solutions, in the
 * simulator, and the declared predicates.
 */

import type { CompareRow, CompareStep, DemoStep, Highlight, LessonError, NarrateStep, QuizStep, StartSpec, Step, StepKind, TaskStep, ViewName } from './types.ts';
import { STEP_KINDS } from './types.ts';
import { parseYamlBlock } from './yaml-source.ts';
import { parseGoal, type ParseSink, type Path } from './predicates/index.ts';
import { bool, checkKeys, commands, duration, highlight, isObj, start, str, strList, views, type Obj } from './fields.ts';

/** Front matter (and meta.yaml) fields as written; cascading is the course builder's job. */
export interface FrontMatter {
  title?: string;
  summary?: string;
  views?: ViewName[];
  start?: StartSpec;
  allowed?: string[];
  seed?: number;
  free?: boolean;
  sandbox?: boolean;
}

export interface ParsedLesson {
  file: string;
  front: FrontMatter;
  intro: string;
  steps: Step[];
  errors: LessonError[];
}

const FRONT_KEYS = ['title', 'summary', 'views', 'start', 'allowed', 'seed', 'free', 'sandbox'];
export const META_KEYS = ['title', 'views', 'start', 'allowed', 'seed', 'free'];

const OPEN = /^:::\s*([A-Za-z][\w-]*)\s*(.*)$/;
const CLOSE = /^:::\s*$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

function sinkFor(errors: LessonError[], block: ReturnType<typeof parseYamlBlock>): ParseSink {
  return {
    loc: block.loc,
    error: (path, message) => errors.push({ ...block.loc(path), message }),
  };
}

/** Parse front matter fields shared with meta.yaml. */
export function parseFrontFields(data: Obj, sink: ParseSink, keys: readonly string[], what: string): FrontMatter {
  checkKeys(data, keys, [], sink, what);
  const f: FrontMatter = {};
  const title = str(data, 'title', [], sink, { what, required: keys === FRONT_KEYS });
  if (title !== undefined) f.title = title;
  if (keys.includes('summary')) {
    const summary = str(data, 'summary', [], sink, { what, required: true });
    if (summary !== undefined) f.summary = summary;
  }
  const v = views(data, 'views', [], sink, what);
  if (v) f.views = v;
  const s = start(data.start, ['start'], sink);
  if (s) f.start = s;
  const allowed = strList(data, 'allowed', [], sink, { what, min: 1 });
  if (allowed) f.allowed = allowed;
  if (data.seed !== undefined) {
    if (typeof data.seed === 'number' && Number.isInteger(data.seed) && data.seed >= 0) f.seed = data.seed;
    else sink.error(['seed'], `${what}: seed must be a whole number`);
  }
  const free = bool(data, 'free', [], sink, what);
  if (free !== undefined) f.free = free;
  if (keys.includes('sandbox')) {
    const sandbox = bool(data, 'sandbox', [], sink, what);
    if (sandbox !== undefined) f.sandbox = sandbox;
  }
  return f;
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
/** A step before its id is settled. */
type StepDraft = DistributiveOmit<Step, 'id'> & { id?: string };

interface RawBlock {
  kind: string;
  attrs: string;
  /** Line of the opening `:::` (1-based). */
  line: number;
  body: string[];
}

interface ProseBlock {
  line: number;
  text: string;
}

/** Split the body into prose runs and directive blocks, in order. */
function scan(lines: string[], firstLine: number, file: string, errors: LessonError[]): Array<RawBlock | ProseBlock> {
  const out: Array<RawBlock | ProseBlock> = [];
  let open: RawBlock | null = null;
  let prose: string[] = [];
  let proseLine = firstLine;
  let fence: string | null = null;
  const flushProse = (): void => {
    const text = prose.join('\n').trim();
    if (text) out.push({ line: proseLine, text });
    prose = [];
  };
  lines.forEach((line, i) => {
    const n = firstLine + i;
    const f = FENCE.exec(line);
    if (fence) {
      if (f && (f[1] as string)[0] === fence[0] && (f[1] as string).length >= fence.length && line.trim() === f[1]) fence = null;
    } else if (f && (!open || open.kind === 'narrate')) {
      fence = f[1] as string;
    } else if (CLOSE.test(line)) {
      if (!open) errors.push({ file, line: n, message: 'a closing ::: without an opening :::kind' });
      else {
        out.push(open);
        open = null;
        proseLine = n + 1;
      }
      return;
    } else {
      const m = OPEN.exec(line);
      if (m) {
        if (open) {
          errors.push({ file, line: open.line, message: `:::${open.kind} is not closed before the next step on line ${n} (end it with a line ":::")` });
          out.push(open);
        } else flushProse();
        open = { kind: m[1] as string, attrs: (m[2] as string).trim(), line: n, body: [] };
        return;
      }
    }
    if (open) open.body.push(line);
    else {
      if (prose.length === 0 && line.trim() === '') proseLine = n + 1;
      else prose.push(line);
    }
  });
  if (fence) errors.push({ file, line: firstLine + lines.length - 1, message: `a code block opened with ${fence} is never closed` });
  if (open) {
    const o: RawBlock = open;
    errors.push({ file, line: o.line, message: `:::${o.kind} is never closed (end it with a line ":::")` });
    out.push(o);
  } else flushProse();
  return out;
}

function stepKeys(kind: StepKind): string[] {
  switch (kind) {
    case 'narrate':
      return ['id', 'highlight'];
    case 'demo':
      return ['id', 'text', 'run', 'wait', 'fails', 'highlight'];
    case 'task':
      return ['id', 'title', 'text', 'goal', 'hints', 'solution', 'highlight'];
    case 'quiz':
      return ['id', 'question', 'choices', 'answer', 'explanation', 'highlight'];
    case 'compare':
      return ['id', 'text', 'rows', 'views', 'highlight'];
  }
}

/** Build one step from its fields; returns null after reporting errors. */
function buildStep(kind: StepKind, data: Obj, text: string | null, sink: ParseSink, line: number, file: string): StepDraft {
  const what = `:::${kind}`;
  checkKeys(data, stepKeys(kind), [], sink, what);
  const id = str(data, 'id', [], sink, { what });
  if (id !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(id)) sink.error(['id'], `${what}: id must be lowercase letters, digits and dashes; got "${id}"`);
  const hl: Highlight | undefined = highlight(data, [], sink, what);
  const base = { ...(id !== undefined ? { id } : {}), loc: { file, line }, ...(hl ? { highlight: hl } : {}) };
  switch (kind) {
    case 'narrate':
      return { ...base, kind, text: text ?? '' } satisfies Omit<NarrateStep, 'id'>;
    case 'demo': {
      const cmds = data.run === undefined ? (sink.error([], `${what}: missing field "run" (the command the lesson types)`), []) : (commands(data.run, ['run'], sink, what) ?? []);
      return {
        ...base,
        kind,
        text: str(data, 'text', [], sink, { what }) ?? '',
        commands: cmds,
        waitMs: duration(data.wait, ['wait'], sink, what) ?? 0,
        fails: bool(data, 'fails', [], sink, what) ?? false,
      } satisfies Omit<DemoStep, 'id'>;
    }
    case 'task': {
      const goal = data.goal === undefined ? (sink.error([], `${what}: missing field "goal"`), []) : parseGoal(data.goal, ['goal'], sink);
      const solution = data.solution === undefined ? (sink.error([], `${what}: missing field "solution" (commands that reach the goal)`), []) : (commands(data.solution, ['solution'], sink, `${what} solution`) ?? []);
      return {
        ...base,
        kind,
        title: str(data, 'title', [], sink, { what }) ?? '',
        text: str(data, 'text', [], sink, { what, required: true }) ?? '',
        goal,
        hints: strList(data, 'hints', [], sink, { what, required: true, min: 1 }) ?? [],
        solution,
      } satisfies Omit<TaskStep, 'id'>;
    }
    case 'quiz': {
      const choices = strList(data, 'choices', [], sink, { what, required: true, min: 2 }) ?? [];
      let answer = -1;
      const a = data.answer;
      if (a === undefined) sink.error([], `${what}: missing field "answer" (the correct choice, by its text or its number counting from 1)`);
      else if (typeof a === 'number') {
        if (Number.isInteger(a) && a >= 1 && a <= choices.length) answer = a - 1;
        else sink.error(['answer'], `${what}: answer ${a} is not a choice number (1 to ${choices.length})`);
      } else if (typeof a === 'string') {
        answer = choices.indexOf(a);
        if (answer < 0) sink.error(['answer'], `${what}: answer "${a}" is not one of the choices`);
      } else sink.error(['answer'], `${what}: answer must be the correct choice's text or number`);
      if (new Set(choices).size !== choices.length) sink.error(['choices'], `${what}: two choices are the same`);
      return {
        ...base,
        kind,
        text: str(data, 'question', [], sink, { what, required: true }) ?? '',
        choices,
        answer,
        explanation: str(data, 'explanation', [], sink, { what, required: true }) ?? '',
      } satisfies Omit<QuizStep, 'id'>;
    }
    case 'compare': {
      const rows: CompareRow[] = [];
      const raw = data.rows;
      if (!Array.isArray(raw) || raw.length === 0) sink.error(raw === undefined ? [] : ['rows'], `${what}: "rows" must be a non-empty list of {aspect, container, vm}`);
      else
        raw.forEach((r, i) => {
          if (!isObj(r)) return sink.error(['rows', i], `${what}: each row is {aspect, container, vm}`);
          checkKeys(r, ['aspect', 'container', 'vm'], ['rows', i], sink, what);
          const aspect = str(r, 'aspect', ['rows', i], sink, { what, required: true });
          const container = str(r, 'container', ['rows', i], sink, { what, required: true });
          const vm = str(r, 'vm', ['rows', i], sink, { what, required: true });
          if (aspect !== undefined && container !== undefined && vm !== undefined) rows.push({ aspect, container, vm });
        });
      return { ...base, kind, text: str(data, 'text', [], sink, { what }) ?? '', rows, views: views(data, 'views', [], sink, what) ?? [] } satisfies Omit<CompareStep, 'id'>;
    }
  }
}

export function parseLesson(file: string, source: string): ParsedLesson {
  const errors: LessonError[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const result: ParsedLesson = { file, front: {}, intro: '', steps: [], errors };
  if (lines[0]?.trim() !== '---') {
    errors.push({ file, line: 1, message: 'lesson.md must start with YAML front matter between two "---" lines (title, summary, ...)' });
    return result;
  }
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) {
    errors.push({ file, line: 1, message: 'the front matter is not closed by a "---" line' });
    return result;
  }
  const fm = parseYamlBlock(lines.slice(1, end).join('\n'), file, 2);
  errors.push(...fm.errors);
  if (fm.errors.length === 0) {
    if (!isObj(fm.data)) errors.push({ file, line: 2, message: 'the front matter must be a YAML map (title: ..., summary: ...)' });
    else result.front = parseFrontFields(fm.data, sinkFor(errors, fm), FRONT_KEYS, 'front matter');
  }

  const blocks = scan(lines.slice(end + 1), end + 2, file, errors);
  const counters: Record<string, number> = {};
  const ids = new Map<string, number>();
  blocks.forEach((b, i) => {
    let step: StepDraft | null = null;
    if (!('kind' in b)) {
      if (i === 0 && result.steps.length === 0) {
        result.intro = b.text;
        return;
      }
      step = { kind: 'narrate', text: b.text, loc: { file, line: b.line } };
    } else {
      if (!(STEP_KINDS as readonly string[]).includes(b.kind)) {
        errors.push({ file, line: b.line, message: `unknown step kind "${b.kind}" (expected one of ${STEP_KINDS.join(', ')})` });
        return;
      }
      const kind = b.kind as StepKind;
      let attrs: Obj = {};
      if (b.attrs) {
        const a = parseYamlBlock(b.attrs, file, b.line);
        if (a.errors.length) errors.push(...a.errors.map((e) => ({ ...e, message: `in the attributes of :::${kind}: ${e.message}` })));
        else if (!isObj(a.data)) errors.push({ file, line: b.line, message: `:::${kind}: attributes must be a map like {id: my-step}` });
        else attrs = a.data;
      }
      if (kind === 'narrate') {
        const sink: ParseSink = { loc: () => ({ file, line: b.line }), error: (_p: Path, message) => errors.push({ file, line: b.line, message }) };
        step = buildStep(kind, attrs, b.body.join('\n').trim(), sink, b.line, file);
      } else {
        const y = parseYamlBlock(b.body.join('\n'), file, b.line + 1);
        if (y.errors.length) {
          errors.push(...y.errors);
          return;
        }
        if (!isObj(y.data)) {
          errors.push({ file, line: b.line, message: `:::${kind}: the block must be a YAML map of fields (${stepKeys(kind).join(', ')})` });
          return;
        }
        for (const k of Object.keys(attrs)) if (k in y.data) errors.push({ file, line: b.line, message: `:::${kind}: "${k}" is given both in the attributes and in the block` });
        step = buildStep(kind, { ...attrs, ...y.data }, null, sinkFor(errors, y), b.line, file);
      }
    }
    const kind = step.kind;
    counters[kind] = (counters[kind] ?? 0) + 1;
    const id = step.id ?? `${kind}-${counters[kind]}`;
    if (ids.has(id)) errors.push({ file, line: step.loc.line, message: `step id "${id}" is already used by the step on line ${ids.get(id)}` });
    ids.set(id, step.loc.line);
    result.steps.push({ ...step, id } as Step);
  });
  errors.sort((a, b) => a.line - b.line);
  return result;
}

/** Parse a chapter's (or the course's) meta.yaml. */
export function parseMeta(file: string, source: string): { meta: FrontMatter; errors: LessonError[] } {
  const errors: LessonError[] = [];
  const y = parseYamlBlock(source, file, 1);
  errors.push(...y.errors);
  if (y.errors.length) return { meta: {}, errors };
  if (y.data === null || y.data === undefined) return { meta: {}, errors };
  if (!isObj(y.data)) {
    errors.push({ file, line: 1, message: 'meta.yaml must be a YAML map (title: ..., and defaults for its lessons)' });
    return { meta: {}, errors };
  }
  const meta = parseFrontFields(y.data, sinkFor(errors, y), META_KEYS, 'meta.yaml');
  return { meta, errors };
}

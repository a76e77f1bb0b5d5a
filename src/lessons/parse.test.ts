import { describe, expect, it } from 'vitest';
import { parseLesson, parseMeta } from './parse.ts';
import { buildCourse } from './course.ts';
import { commandNames } from './fields.ts';
import type { TaskStep, QuizStep, DemoStep, CompareStep } from './types.ts';

const FILE = '01-a/01-b/lesson.md';

function lesson(body: string, front = 'title: T\nsummary: S'): ReturnType<typeof parseLesson> {
  return parseLesson(FILE, `---\n${front}\n---\n${body}`);
}

const TASK = `:::task {id: run-web}
text: Start **web**.
goal:
  - container: {name: web, state: running}
hints:
  - Use docker run.
solution:
  - docker run -d --name web nginx
:::`;

describe('parseLesson', () => {
  it('reads front matter, the intro, implicit narrate steps and declared steps in order', () => {
    const r = lesson(`Intro text.\n\n:::demo\nrun: docker ps\n:::\n\nBetween steps.\n\n${TASK}\n`);
    expect(r.errors).toEqual([]);
    expect(r.front).toMatchObject({ title: 'T', summary: 'S' });
    expect(r.intro).toBe('Intro text.');
    expect(r.steps.map((s) => `${s.kind}:${s.id}`)).toEqual(['demo:demo-1', 'narrate:narrate-1', 'task:run-web']);
    const task = r.steps[2] as TaskStep;
    expect(task.solution).toEqual([{ run: 'docker run -d --name web nginx' }]);
    expect(task.goal[0]).toMatchObject({ kind: 'container', args: { name: 'web', state: 'running' } });
    expect(task.loc.line).toBe(13);
  });

  it('names the file and line of a typo in a predicate, and lists the known ones', () => {
    const r = lesson(`:::task\ntext: x\ngoal:\n  - contaner: {name: web}\nhints: [h]\nsolution: [ls]\n:::\n:::quiz\nquestion: q\nchoices: [a, b]\nanswer: 1\nexplanation: e\n:::\n:::demo\nrun: ls\n:::\n`);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: FILE, line: 8 });
    expect(r.errors[0]?.message).toMatch(/unknown predicate "contaner" \(expected one of container, containers/);
  });

  it('rejects an unknown field of a predicate and a wrong type, each on its own line', () => {
    const r = lesson(`:::task\ntext: x\ngoal:\n  - container:\n      name: web\n      colour: red\n  - cgroup: {path: /demo, procs: lots}\nhints: [h]\nsolution: [ls]\n:::\n`);
    const msgs = r.errors.map((e) => `${e.line}: ${e.message}`);
    expect(msgs).toContain('10: container: unknown field "colour" (expected name, exists, state, running, image, publishes, oomKilled, exitCode, memory, cpus, cpuShares, capAdd, capDrop, privileged, network, restart, hostname, user, pidMode, readOnly, env, mount)');
    expect(msgs.some((m) => m.startsWith('11: cgroup.procs: expected a number or {min, max}'))).toBe(true);
  });

  it('rejects unknown step kinds and unclosed blocks', () => {
    const r = lesson(`:::tsk\nx\n:::\n\n:::demo\nrun: ls\n`);
    expect(r.errors.map((e) => [e.line, e.message])).toEqual([
      [5, 'unknown step kind "tsk" (expected one of narrate, demo, task, quiz, compare)'],
      [9, ':::demo is never closed (end it with a line ":::")'],
    ]);
  });

  it('reports YAML syntax errors with the line in the file', () => {
    const r = lesson(`:::demo\ntext: Docker noticed: it exited\nrun: ls\n:::\n`);
    expect(r.errors[0]?.line).toBe(6);
    expect(r.errors[0]?.message).toMatch(/^YAML: /);
  });

  it('requires title and summary and rejects unknown front matter keys', () => {
    const r = parseLesson(FILE, `---\ntitle: T\ncolour: blue\nviews: [terminal, holodeck]\n---\n`);
    const msgs = r.errors.map((e) => `${e.line}: ${e.message}`);
    expect(msgs).toContain('2: front matter: missing field "summary"');
    expect(msgs.some((m) => m.startsWith('3: front matter: unknown field "colour"'))).toBe(true);
    expect(msgs.some((m) => m.startsWith('4: front matter: unknown view "holodeck"'))).toBe(true);
  });

  it('a file without front matter is an error on line 1', () => {
    expect(parseLesson(FILE, '# hello').errors).toEqual([{ file: FILE, line: 1, message: expect.stringMatching(/must start with YAML front matter/) }]);
  });

  it('quiz answers may be a choice number counting from 1 or the choice text', () => {
    const a = lesson(`:::quiz\nquestion: q\nchoices: [x, y, z]\nanswer: 2\nexplanation: e\n:::\n`).steps[0] as QuizStep;
    expect(a.answer).toBe(1);
    const b = lesson(`:::quiz\nquestion: q\nchoices: [x, y, z]\nanswer: z\nexplanation: e\n:::\n`).steps[0] as QuizStep;
    expect(b.answer).toBe(2);
    const bad = lesson(`:::quiz\nquestion: q\nchoices: [x, y]\nanswer: 3\nexplanation: e\n:::\n`);
    expect(bad.errors[0]?.message).toBe(':::quiz: answer 3 is not a choice number (1 to 2)');
  });

  it('demo commands may be one line, a list, or runs with typed input; wait is a duration', () => {
    const d = lesson(`:::demo\nrun:\n  - ls\n  - run: docker run -it alpine sh\n    input: [hostname, exit]\nwait: 5s\n:::\n`).steps[0] as DemoStep;
    expect(d.commands).toEqual([{ run: 'ls' }, { run: 'docker run -it alpine sh', input: ['hostname', 'exit'] }]);
    expect(d.waitMs).toBe(5000);
  });

  it('narrate attributes on the opening line give an id and a highlight', () => {
    const r = lesson(`:::narrate {id: look, highlight: "container:web"}\nSee **web**.\n:::\n`);
    expect(r.errors).toEqual([]);
    expect(r.steps[0]).toMatchObject({ kind: 'narrate', id: 'look', text: 'See **web**.', highlight: { kind: 'container', name: 'web' } });
    const bad = lesson(`:::narrate {highlight: "spaceship:x"}\nhi\n:::\n`);
    expect(bad.errors[0]?.message).toMatch(/highlight must be <kind>:<name>/);
  });

  it('a fenced code block in prose may contain ::: lines', () => {
    const r = lesson('Intro\n\n```\n:::task\n```\n\n:::demo\nrun: ls\n:::\n');
    expect(r.errors).toEqual([]);
    expect(r.intro).toContain(':::task');
  });

  it('compare steps hold rows of aspect, container and vm', () => {
    const c = lesson(`:::compare\nrows:\n  - {aspect: Kernel, container: shared, vm: own}\nviews: [vm]\n:::\n`).steps[0] as CompareStep;
    expect(c.rows).toEqual([{ aspect: 'Kernel', container: 'shared', vm: 'own' }]);
    expect(c.views).toEqual(['vm']);
  });

  it('step ids must be unique', () => {
    const r = lesson(`:::demo {id: a}\nrun: ls\n:::\n:::demo {id: a}\nrun: ls\n:::\n`);
    expect(r.errors[0]?.message).toBe('step id "a" is already used by the step on line 5');
  });
});

describe('parseMeta and buildCourse', () => {
  const lessonText = (extra = ''): string =>
    `---\ntitle: L\nsummary: s\n${extra}---\n:::demo\nrun: ls\n:::\n${TASK}\n:::quiz\nquestion: q\nchoices: [a, b]\nanswer: 1\nexplanation: e\n:::\n`;

  it('chapter defaults cascade into lessons; lesson front matter wins', () => {
    const { course, errors } = buildCourse({
      'meta.yaml': 'title: Course\nseed: 7\n',
      '01-intro/meta.yaml': 'title: Intro\nviews: [processes]\nfree: true\n',
      '01-intro/01-first/lesson.md': lessonText(),
      '01-intro/02-second/lesson.md': lessonText('views: [network]\nstart: continue\n'),
    });
    expect(errors).toEqual([]);
    expect(course.title).toBe('Course');
    const [a, b] = course.lessons;
    expect(a).toMatchObject({ id: '01-intro/01-first', views: ['processes'], free: true, seed: 7, start: { kind: 'fresh' } });
    expect(b).toMatchObject({ id: '01-intro/02-second', views: ['network'], start: { kind: 'continue' } });
  });

  it('needs a demo, a task and a quiz unless sandbox', () => {
    const { errors } = buildCourse({ '01-a/meta.yaml': 'title: A\n', '01-a/01-b/lesson.md': '---\ntitle: t\nsummary: s\n---\nJust prose.\n' });
    expect(errors.map((e) => e.message)).toEqual([
      'the lesson has no demo step (every lesson needs a demo, a task and a quiz, unless sandbox: true)',
      'the lesson has no task step (every lesson needs a demo, a task and a quiz, unless sandbox: true)',
      'the lesson has no quiz step (every lesson needs a demo, a task and a quiz, unless sandbox: true)',
    ]);
    expect(buildCourse({ '01-a/meta.yaml': 'title: A\n', '01-a/01-b/lesson.md': '---\ntitle: t\nsummary: s\nsandbox: true\n---\nJust prose.\n' }).errors).toEqual([]);
  });

  it('checks commands against the allowed list', () => {
    const { errors } = buildCourse({ '01-a/meta.yaml': 'title: A\nallowed: [ls, docker]\n', '01-a/01-b/lesson.md': lessonText().replace('run: ls', 'run: ls | grep x') });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe("`ls | grep x` runs grep, which is not in this lesson's allowed commands (ls, docker)");
  });

  it('rejects badly named folders, missing chapter meta and continue on the first lesson', () => {
    const { errors } = buildCourse({ '1-a/01-b/lesson.md': lessonText(), '02-c/01-d/lesson.md': lessonText('start: continue\n') });
    expect(errors.map((e) => `${e.file}: ${e.message}`)).toEqual([
      '02-c/meta.yaml: chapter 02-c has no meta.yaml (it needs at least a title)',
      '1-a/01-b/lesson.md: chapter folder "1-a" must be named NN-name (two digits, a dash, lowercase words)',
      '02-c/01-d/lesson.md: start: continue, but this is the first lesson of the course',
    ]);
  });

  it('meta.yaml rejects lesson-only fields', () => {
    expect(parseMeta('01-a/meta.yaml', 'title: A\nsummary: no\n').errors[0]?.message).toMatch(/unknown field "summary"/);
  });
});

describe('commandNames', () => {
  it('finds the program at the start of each pipeline part and substitution', () => {
    expect(commandNames("kill $(docker inspect -f '{{.State.Pid}}' web)")).toEqual(['kill', 'docker']);
    expect(commandNames('X=1 sleep 5 & echo $! > /sys/fs/cgroup/demo/cgroup.procs')).toEqual(['sleep', 'echo']);
    expect(commandNames('ps -ef | grep nginx && /usr/bin/id')).toEqual(['ps', 'grep', 'id']);
  });
});

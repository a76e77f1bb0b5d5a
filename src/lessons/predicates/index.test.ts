import { describe, expect, it } from 'vitest';
import { describe as describePred, evaluateGoal, parseGoal, type ParseSink } from './index.ts';
import { parseSize, valueMatches, familiar, toCount } from './values.ts';
import { ctxOf, freshHost, pred, sh } from './testkit.ts';

function collect(): { sink: ParseSink; errors: string[] } {
  const errors: string[] = [];
  return { errors, sink: { loc: () => ({ file: 'f', line: 1 }), error: (p, m) => errors.push(`${p.join('.')}: ${m}`) } };
}

describe('parseGoal', () => {
  it('accepts combinators and reports errors with their path', () => {
    const { sink, errors } = collect();
    const goal = parseGoal([{ any: [{ file: { path: '/a' } }, { file: { path: '/b' } }] }, { not: { cgroup: { path: '/x' } } }, { container: { name: 'w' }, file: { path: '/c' } }, 'text'], ['goal'], sink);
    expect(goal).toHaveLength(2);
    expect(errors).toEqual([
      'goal.2: a goal item must have exactly one predicate, got container, file (write one per list item)',
      'goal.3: a goal is a one-key map like "container: {name: web}"; got "text"',
    ]);
  });

  it('an empty goal is an error', () => {
    const { sink, errors } = collect();
    parseGoal([], ['goal'], sink);
    expect(errors[0]).toMatch(/non-empty list/);
  });

  it('reports a missing required field', () => {
    const { sink, errors } = collect();
    parseGoal([{ container: { state: 'running' } }], ['goal'], sink);
    expect(errors).toEqual(['goal.0.container: container: missing field name']);
  });
});

describe('evaluateGoal', () => {
  it('all predicates must hold; each gets a verdict and a description', () => {
    const h = freshHost();
    sh(h, 'echo hi > /tmp/a');
    const goal = [pred({ file: { path: '/tmp/a', contains: 'hi' } }), pred({ any: [{ file: { path: '/tmp/b' } }, { file: { path: '/tmp/c' } }] })];
    const r = evaluateGoal(goal, ctxOf(h));
    expect(r.ok).toBe(false);
    expect(r.items).toEqual([
      { text: '/tmp/a contains "hi"', verdict: true },
      { text: '/tmp/b exists or /tmp/c exists', verdict: '/tmp/b does not exist; or /tmp/c does not exist' },
    ]);
    sh(h, 'touch /tmp/c');
    expect(evaluateGoal(goal, ctxOf(h)).ok).toBe(true);
  });

  it('predicates never change the host', () => {
    const h = freshHost();
    const before = JSON.stringify(h.kernel.state);
    const logLen = h.log.length;
    evaluateGoal([pred({ cgroup: { path: '/system.slice', 'memory.current': { min: 0 }, 'memory.events.oom': 0 } }), pred({ file: { path: '/proc/1/status', contains: 'systemd' } }), pred({ process: { comm: 'sshd' } })], ctxOf(h));
    expect(JSON.stringify(h.kernel.state)).toBe(before);
    expect(h.log.length).toBe(logLen);
  });

  it('describes predicates in words', () => {
    expect(describePred(pred({ container: { name: 'web', state: 'running', publishes: 8080 } }))).toBe('a container named web exists and is running, publishes port 8080');
    expect(describePred(pred({ not: { command: { ran: 'docker stop' } } }))).toBe('not: the command `docker stop` was run');
  });
});

describe('values', () => {
  it('parses sizes like Docker and cgroupfs', () => {
    expect(parseSize('64M')).toBe(67108864);
    expect(parseSize('64m')).toBe(67108864);
    expect(parseSize('512k')).toBe(524288);
    expect(parseSize('1.5G')).toBe(1610612736);
    expect(parseSize('64MiB')).toBe(67108864);
    expect(parseSize('lots')).toBeNull();
  });

  it('compares file values with sizes and counts', () => {
    expect(valueMatches('67108864\n', '64M')).toBe(true);
    expect(valueMatches('max', 'max')).toBe(true);
    expect(valueMatches('3', { min: 1 })).toBe(true);
    expect(valueMatches('0', { min: 1 })).toBe(false);
    expect(toCount({ min: 1, most: 3 })).toBeNull();
  });

  it('fills in Docker Hub defaults of references', () => {
    expect(familiar('nginx')).toBe('nginx:latest');
    expect(familiar('docker.io/library/nginx:1.29')).toBe('nginx:1.29');
    expect(familiar('localhost:5000/tools/busybox')).toBe('localhost:5000/tools/busybox:latest');
  });
});

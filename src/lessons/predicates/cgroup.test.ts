import { describe, expect, it } from 'vitest';
import { check, ctxOf, engineWith, fakeContainer, freshHost, sh } from './testkit.ts';

describe('cgroup', () => {
  it('checks existence and a knob as cgroupfs shows it, sizes in any unit', () => {
    const h = freshHost();
    const goal = { cgroup: { path: '/demo', 'memory.max': '64M' } };
    expect(check(goal, ctxOf(h))).toBe('there is no cgroup /demo');
    sh(h, 'mkdir /sys/fs/cgroup/demo');
    expect(check(goal, ctxOf(h))).toBe('memory.max of /demo is max');
    sh(h, 'echo 64M > /sys/fs/cgroup/demo/memory.max');
    expect(check(goal, ctxOf(h))).toBe(true);
    expect(check({ cgroup: { path: 'demo', 'memory.max': 67108864 } }, ctxOf(h))).toBe(true);
    expect(check({ cgroup: { path: '/demo', 'memory.max': '65536K' } }, ctxOf(h))).toBe(true);
  });

  it('reads one key of a flat-keyed file and compares counts', () => {
    const h = freshHost();
    const goal = { cgroup: { path: '/demo', 'memory.events.oom_kill': { min: 1 } } };
    sh(h, 'mkdir /sys/fs/cgroup/demo', 'sleep 1000 &', 'echo $! > /sys/fs/cgroup/demo/cgroup.procs');
    expect(check(goal, ctxOf(h))).toBe('memory.events.oom_kill of /demo is 0');
    expect(check({ cgroup: { path: '/demo', procs: 1 } }, ctxOf(h))).toBe(true);
    sh(h, 'echo 100K > /sys/fs/cgroup/demo/memory.max');
    expect(check(goal, ctxOf(h))).toBe(true);
    expect(check({ cgroup: { path: '/demo', procs: 0 } }, ctxOf(h))).toBe(true);
  });

  it('multi-field knobs compare with normalised spaces', () => {
    const h = freshHost();
    sh(h, 'mkdir /sys/fs/cgroup/slow', "echo '25000 100000' > /sys/fs/cgroup/slow/cpu.max");
    expect(check({ cgroup: { path: '/slow', 'cpu.max': '25000  100000' } }, ctxOf(h))).toBe(true);
    expect(check({ cgroup: { path: '/slow', 'cpu.max': 'max 100000' } }, ctxOf(h))).toBe('cpu.max of /slow is 25000 100000');
  });

  it('a container: argument uses the container cgroup', () => {
    const h = freshHost();
    const c = fakeContainer('web', { rt: { ...fakeContainer('web').rt, cgroup: '/system.slice' } });
    expect(check({ cgroup: { container: 'web', 'cpu.weight': 100 } }, ctxOf(h, { engine: engineWith(c) }))).toBe(true);
    expect(check({ cgroup: { container: 'nope', 'cpu.weight': 100 } }, ctxOf(h, { engine: engineWith(c) }))).toBe('container nope has no cgroup');
  });

  it('rejects knob names that are not cgroup files, and path with container', () => {
    const h = freshHost();
    expect(() => check({ cgroup: { path: '/x', colour: 'red' } }, ctxOf(h))).toThrow(/unknown field "colour"/);
    expect(() => check({ cgroup: { path: '/x', container: 'y' } }, ctxOf(h))).toThrow(/either path or container/);
  });

  it('exists: false', () => {
    const h = freshHost();
    expect(check({ cgroup: { path: '/gone', exists: false } }, ctxOf(h))).toBe(true);
    expect(check({ cgroup: { path: '/system.slice', exists: false } }, ctxOf(h))).toMatch(/still exists/);
  });
});

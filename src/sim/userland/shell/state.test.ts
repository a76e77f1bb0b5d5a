import { describe, expect, it } from 'vitest';
import { newShellState, type ShellState } from './state.ts';
import { cloneShared } from '../../kernel/plain.ts';
import { parse } from './parser.ts';
import { testHost } from '../testkit.ts';

function busyState(): ShellState {
  const st = newShellState('bash', '-bash', { HOME: '/root', PATH: '/usr/bin:/bin' });
  const r = parse('echo hi; sleep 1');
  if (!r.ok) throw new Error('parse');
  st.stack.push({ f: 'list', items: r.list.items, i: 1, cond: false });
  st.stack.push({ f: 'wait', pids: [12], status: {}, bang: false, pgid: 0, job: false, cmd: 'sleep 1' });
  const fds = { 0: { k: 'null' as const }, 1: { k: 'cap' as const, id: 3 }, 2: { k: 'cap' as const, id: 4 } };
  st.fds = fds;
  // The same fd table in two places, as a redirection frame and runLine keep it.
  st.stack.push({ f: 'redir', saved: fds });
  st.runLine = { savedFds: fds, active: true, interactive: true };
  st.params = ['a', 'b'];
  st.stack.push({ f: 'func', params: st.params, locals: { x: null }, name: 'f' });
  st.jobs.push({ id: 1, pgid: 9, pids: [9], done: {}, cmd: 'sleep 5 &', state: 'Running', notified: false });
  st.vars.x = '1';
  return st;
}

describe("a shell handler's copy of its state (cloneShared)", () => {
  it('is equal, in the same key order; shared objects stay shared, frozen lines are not copied', () => {
    const st = busyState();
    const c = cloneShared(st);
    expect(c).toEqual(st);
    expect(Object.keys(c)).toEqual(Object.keys(st));
    expect(c).not.toBe(st);
    expect(c.vars).not.toBe(st.vars);
    expect(c.fds).not.toBe(st.fds);
    const redir = c.stack[2] as Extract<ShellState['stack'][number], { f: 'redir' }>;
    expect(redir.saved).toBe(c.fds);
    expect(c.runLine?.savedFds).toBe(c.fds);
    const fn = c.stack[3] as Extract<ShellState['stack'][number], { f: 'func' }>;
    expect(fn.params).toBe(c.params);
    const list = c.stack[0] as Extract<ShellState['stack'][number], { f: 'list' }>;
    expect(list.items).toBe((st.stack[0] as typeof list).items);
    c.vars.x = '2';
    (c.stack[1] as Extract<ShellState['stack'][number], { f: 'wait' }>).status[12] = 0;
    expect(st.vars.x).toBe('1');
    expect((st.stack[1] as Extract<ShellState['stack'][number], { f: 'wait' }>).status).toEqual({});
  });

  it('copies variables named __proto__ as own keys, and arrays and records that hold objects', () => {
    const st = busyState();
    Object.defineProperty(st.vars, '__proto__', { value: 'x', enumerable: true, writable: true, configurable: true });
    st.history.push('echo a', 'echo b');
    (st.aliases as Record<string, unknown>).odd = { nested: true };
    const c = cloneShared(st);
    expect(c).toEqual(st);
    expect(Object.getOwnPropertyDescriptor(c.vars, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(c.vars)).toBe(Object.prototype);
    expect(Object.keys(c.vars)).toEqual(Object.keys(st.vars));
    expect(c.history).toEqual(['echo a', 'echo b']);
    expect(c.history).not.toBe(st.history);
    expect((c.aliases as Record<string, unknown>).odd).not.toBe((st.aliases as Record<string, unknown>).odd);
    const frozen = Object.freeze({ a: '1' });
    st.traps = frozen;
    expect(cloneShared(st).traps).toBe(frozen);
  });

  it('keeps signalled (added last)', () => {
    const st = busyState();
    st.signalled = { 12: 9 };
    const c = cloneShared(st);
    expect(Object.keys(c)).toEqual(Object.keys(st));
    expect(c.signalled).toEqual({ 12: 9 });
    expect(c.signalled).not.toBe(st.signalled);
  });

  it('is what a shell handler works on: state survives across lines', () => {
    const t = testHost();
    expect(t.run('x=5; f() { echo "f$x $1"; }').exitCode).toBe(0);
    expect(t.run('f arg; x=6').stdout).toBe('f5 arg\n');
    expect(t.run('echo $x').stdout).toBe('6\n');
  });
});

import { describe, expect, test } from 'vitest';
import { setChildSubreaper, setKeepCaps, setNoNewPrivs } from './prctl.ts';
import { keepHashed } from './sparse.ts';
import { boot, fork, must } from './testkit.ts';

describe('prctl flags', () => {
  test('no_new_privs is set once and inherited', () => {
    const { k, log } = boot();
    const p = fork(k, 1);
    must(setNoNewPrivs(k, p.pid));
    const n = log.length;
    must(setNoNewPrivs(k, p.pid));
    expect(log.length).toBe(n);
    expect(fork(k, p.pid).noNewPrivs).toBe(true);
  });
  test('the subreaper flag is not inherited; keep-caps is', () => {
    const { k } = boot();
    const p = fork(k, 1);
    must(setChildSubreaper(k, p.pid, true));
    must(setKeepCaps(k, p.pid, true));
    const c = fork(k, p.pid);
    expect(k.proc(p.pid)).toMatchObject({ childSubreaper: true, keepCaps: true });
    expect(c).toMatchObject({ childSubreaper: false, keepCaps: true });
    expect(setChildSubreaper(k, 999, true)).toEqual({ errno: 'ESRCH' });
  });
});

describe('keepHashed', () => {
  test('leaves the record\'s contents unchanged', () => {
    const o: Record<number, number> = { 1: 1, 5: 5 };
    keepHashed(o);
    expect(o).toEqual({ 1: 1, 5: 5 });
    expect(JSON.stringify(o)).toBe('{"1":1,"5":5}');
  });
});

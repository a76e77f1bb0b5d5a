import { describe, expect, it } from 'vitest';
import { cloneShared } from './plain.ts';

describe('cloneShared', () => {
  it('copies deeply and keeps an object reached twice shared, as structuredClone does', () => {
    const frame = { env: { A: '1' } };
    const st = { stack: [frame, frame], top: frame, n: 1, s: 'x', u: undefined, nil: null };
    const c = cloneShared(st);
    expect(c).toEqual(st);
    expect(c.stack[0]).not.toBe(frame);
    expect(c.stack[0]).toBe(c.stack[1]);
    expect(c.top).toBe(c.stack[0]);
    c.top.env.A = '2';
    expect(frame.env.A).toBe('1');
    expect(c.stack[1]?.env.A).toBe('2');
  });

  it('keeps an own "__proto__" key an own key, and copies a RegExp as a RegExp', () => {
    const vars = JSON.parse('{"__proto__": "x", "PATH": "/bin"}') as Record<string, string>;
    const c = cloneShared({ vars, re: [/a+b/gi] });
    expect(Object.getPrototypeOf(c.vars)).toBe(Object.prototype);
    expect(Object.keys(c.vars)).toEqual(['__proto__', 'PATH']);
    expect(c.vars.__proto__).toBe('x');
    expect(c.re[0]).toBeInstanceOf(RegExp);
    expect(c.re[0]?.source).toBe('a+b');
    expect(c.re[0]?.flags).toBe('gi');
    expect(c.re[0]).not.toBe((c.re as RegExp[])[1]);
  });

  it('handles cycles', () => {
    const a: { self?: unknown; v: number } = { v: 1 };
    a.self = a;
    const c = cloneShared(a);
    expect(c.self).toBe(c);
    expect(c).not.toBe(a);
  });

  it('shares frozen objects instead of copying them, and copies what is around them', () => {
    const ast = Object.freeze({ kind: 'cmd', words: Object.freeze(['echo', 'hi']) });
    const st = { frames: [{ node: ast, i: 0 }], fns: { f: ast } };
    const c = cloneShared(st);
    expect(c.frames[0]?.node).toBe(ast);
    expect(c.fns.f).toBe(ast);
    expect(c.frames[0]).not.toBe(st.frames[0]);
    (c.frames[0] as { i: number }).i = 5;
    expect(st.frames[0]?.i).toBe(0);
  });
});

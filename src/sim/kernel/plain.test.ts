import { describe, expect, it } from 'vitest';
import { clonePlain } from './plain.ts';

describe('clonePlain', () => {
  it('copies keys in order and shares no object or array with the source', () => {
    const src = { b: 1, a: { x: [1, { y: 2 }] }, 10: 'ten', 2: 'two', n: null, u: undefined, s: 'str' };
    const c = clonePlain(src);
    expect(JSON.stringify(c)).toBe(JSON.stringify(src));
    expect(Object.keys(c)).toEqual(Object.keys(src));
    expect('u' in c).toBe(true);
    expect(c.a).not.toBe(src.a);
    expect(c.a.x).not.toBe(src.a.x);
    expect(c.a.x[1]).not.toBe(src.a.x[1]);
    (c.a.x[1] as { y: number }).y = 3;
    expect((src.a.x[1] as { y: number }).y).toBe(2);
  });

  it('keeps an own "__proto__" key an own key, copied, and the prototype Object.prototype', () => {
    const src = JSON.parse('{"a":"1","__proto__":{"x":[1]},"b":{"c":2}}') as Record<string, unknown>;
    const c = clonePlain(src);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect(Object.keys(c)).toEqual(['a', '__proto__', 'b']);
    expect(JSON.stringify(c)).toBe(JSON.stringify(src));
    const own = Object.getOwnPropertyDescriptor(c, '__proto__')?.value as { x: number[] };
    expect(own).toEqual({ x: [1] });
    expect(own).not.toBe(Object.getOwnPropertyDescriptor(src, '__proto__')?.value);
  });

  it('copies arrays element by element, holes staying holes (id tables have them)', () => {
    const sparse: unknown[] = new Array<unknown>(4);
    sparse[0] = 1;
    sparse[2] = { a: 3 };
    sparse[3] = undefined;
    const c = clonePlain({ sparse });
    expect(c.sparse).toEqual([1, undefined, { a: 3 }, undefined]);
    expect(c.sparse[2]).not.toBe(sparse[2]);
    expect(c.sparse.length).toBe(4);
    expect(1 in c.sparse).toBe(false);
    expect(3 in c.sparse).toBe(true);
    expect(Object.keys(c.sparse)).toEqual(['0', '2', '3']);
  });
});

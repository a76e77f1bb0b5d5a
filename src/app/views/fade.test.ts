import { describe, expect, it } from 'vitest';
import { cubicOut } from 'svelte/easing';
import { fadeOpaque, riseOpaque } from './fade.ts';

describe('fadeOpaque', () => {
  it("is svelte's fade to full opacity, reading nothing from the element", () => {
    // An element whose every property throws: the transition must not touch it (no getComputedStyle).
    const node = new Proxy({}, { get: () => { throw new Error('read the element'); } }) as Element;
    const t = fadeOpaque(node, { duration: 320 });
    expect(t.duration).toBe(320);
    expect(t.delay).toBe(0);
    expect(t.css?.(0, 1)).toBe('opacity: 0');
    expect(t.css?.(0.5, 0.5)).toBe('opacity: 0.5');
    expect(t.css?.(1, 0)).toBe('opacity: 1');
    expect(fadeOpaque(node).duration).toBe(400);
  });

  it("riseOpaque is svelte's fly from y pixels below, reading nothing from the element", () => {
    const node = new Proxy({}, { get: () => { throw new Error('read the element'); } }) as Element;
    const t = riseOpaque(node, { y: 8, duration: 200 });
    expect(t.duration).toBe(200);
    expect(t.easing).toBe(cubicOut);
    expect(t.css?.(0, 1)).toBe('transform: translate(0px, 8px); opacity: 0');
    expect(t.css?.(1, 0)).toBe('transform: translate(0px, 0px); opacity: 1');
  });
});

import { describe, expect, it } from 'vitest';
import { alnum, createRngState, hex, nextInt } from './rng.ts';

/** The plain definition: one draw per character, appended in order. */
function reference(seed: number, alphabet: string, len: number): { s: string; after: number } {
  const st = createRngState(seed);
  let s = '';
  for (let i = 0; i < len; i++) s += alphabet[nextInt(st, alphabet.length)];
  return { s, after: nextInt(st, 1_000_000) };
}

describe('random identifiers', () => {
  it('draw one number per character, in order, at every length (chunks of 4,096 included)', () => {
    for (const len of [0, 1, 12, 64, 4096, 4097, 9000]) {
      const h = createRngState(7);
      expect(hex(h, len)).toBe(reference(7, '0123456789abcdef', len).s);
      expect(nextInt(h, 1_000_000)).toBe(reference(7, '0123456789abcdef', len).after);
      const a = createRngState(7);
      expect(alnum(a, len)).toBe(reference(7, 'abcdefghijklmnopqrstuvwxyz0123456789', len).s);
    }
  });

  it('gives the same 64-digit ID for the same seed', () => {
    expect(hex(createRngState(1), 64)).toMatch(/^[0-9a-f]{64}$/);
    expect(hex(createRngState(1), 64)).toBe(hex(createRngState(1), 64));
  });
});

import { describe, expect, it } from 'vitest';
import { createRngState } from '../../host/rng.ts';
import { generateName, newContainerId, randomName, shortId, validName } from './names.ts';
import { LEFT, RIGHT } from './names.data.ts';

describe('container IDs and names', () => {
  it('draws 64-hex IDs whose short form is never all digits', () => {
    const rng = createRngState(3);
    for (let i = 0; i < 500; i++) {
      const id = newContainerId(rng);
      expect(id).toMatch(/^[0-9a-f]{64}$/);
      expect(shortId(id)).not.toMatch(/^[0-9]+$/);
    }
  });

  it('generates adjective_surname from moby\'s lists, digits on retries', () => {
    const rng = createRngState(1);
    for (let i = 0; i < 200; i++) {
      const n = randomName(rng, 0);
      expect(n).toMatch(/^[a-z]+_[a-z]+$/);
      const [l, r] = n.split('_');
      expect(LEFT).toContain(l);
      expect(RIGHT).toContain(r);
      expect(n).not.toBe('boring_wozniak');
    }
    expect(randomName(rng, 2)).toMatch(/^[a-z]+_[a-z]+[0-9]$/);
  });

  it('falls back to the short ID when every try is taken', () => {
    const id = 'abcdef0123456789'.repeat(4);
    expect(generateName(createRngState(1), id, () => true)).toBe('/abcdef012345');
    expect(generateName(createRngState(1), id, () => false)).toMatch(/^\/[a-z]+_[a-z]+$/);
  });

  it('validates names as the daemon does (two characters at least)', () => {
    expect(validName('web')).toBe(true);
    expect(validName('/web-1.a_b')).toBe(true);
    expect(validName('a')).toBe(false);
    expect(validName('-web')).toBe(false);
    expect(validName('bad name!')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeCgroupPath } from './tree.ts';

/** The definition the fast path must agree with. */
function slowNormalize(path: string): string | null {
  if (!path.startsWith('/')) return null;
  const parts = path.split('/').filter((x) => x !== '');
  if (parts.some((x) => x === '.' || x === '..')) return null;
  return '/' + parts.join('/');
}

describe('normalizeCgroupPath', () => {
  it('keeps canonical paths, folds slashes, refuses relative paths and dot components', () => {
    expect(normalizeCgroupPath('/')).toBe('/');
    expect(normalizeCgroupPath('/system.slice/docker-ab.scope')).toBe('/system.slice/docker-ab.scope');
    expect(normalizeCgroupPath('//a///b/')).toBe('/a/b');
    expect(normalizeCgroupPath('a/b')).toBeNull();
    expect(normalizeCgroupPath('/a/./b')).toBeNull();
    expect(normalizeCgroupPath('/a/..')).toBeNull();
    expect(normalizeCgroupPath('/.hidden/..x')).toBe('/.hidden/..x');
  });

  it('agrees with splitting and joining on any path', () => {
    const seg = fc.constantFrom('', '.', '..', 'a', '.a', '..b', 'x.y', 'docker-1.scope');
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 6 }), fc.boolean(), (segs, abs) => {
        const p = (abs ? '/' : '') + segs.join('/');
        expect(normalizeCgroupPath(p)).toBe(slowNormalize(p));
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});

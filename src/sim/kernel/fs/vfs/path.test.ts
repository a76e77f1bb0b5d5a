import { describe, expect, it } from 'vitest';
import { components, pathComponents } from './path.ts';

describe('path components', () => {
  it('splits on runs of slashes and keeps . and ..', () => {
    expect(components('/a//b/')).toEqual(['a', 'b']);
    expect(components('a/./../b')).toEqual(['a', '.', '..', 'b']);
    expect(components('/')).toEqual([]);
  });

  it('pathComponents gives what components gives, one frozen array per path, however many paths pass', () => {
    const first = pathComponents('/proc/sys/kernel');
    expect(first).toEqual(['proc', 'sys', 'kernel']);
    expect(Object.isFrozen(first)).toBe(true);
    expect(pathComponents(`/proc/${'sys'}/kernel`)).toBe(first);
    // More distinct paths than the cache holds: answers stay right after it forgets.
    for (let i = 0; i < 3000; i++) expect(pathComponents(`/var/lib/docker/containers/${i}/hosts`)).toEqual(['var', 'lib', 'docker', 'containers', String(i), 'hosts']);
    expect(pathComponents('/proc/sys/kernel')).toEqual(['proc', 'sys', 'kernel']);
  });
});

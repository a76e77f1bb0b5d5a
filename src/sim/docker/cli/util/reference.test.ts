import { describe, expect, it } from 'vitest';
import { canonicalString, familiarString, fullName, parseReference, withDefaultTag } from './reference.ts';

describe('image references (distribution/reference)', () => {
  it('normalises Docker Hub names', () => {
    const r = parseReference('alpine');
    expect(r).toEqual({ domain: 'docker.io', path: 'library/alpine', tag: undefined, digest: undefined });
    if ('error' in r) return;
    expect(fullName(r)).toBe('docker.io/library/alpine');
    expect(canonicalString(withDefaultTag(r))).toBe('docker.io/library/alpine:latest');
    expect(familiarString(withDefaultTag(r))).toBe('alpine:latest');
  });
  it('keeps registries, users, tags and digests', () => {
    const r = parseReference('localhost:5000/team/app:1.0');
    expect(r).toMatchObject({ domain: 'localhost:5000', path: 'team/app', tag: '1.0' });
    const d = parseReference('myrepo/app@sha256:a8560b36e8b8210634f77d9f7f9efd7ffa463e380b75e2e74aff4511df3ef88c');
    expect(d).toMatchObject({ domain: 'docker.io', path: 'myrepo/app', digest: 'sha256:a8560b36e8b8210634f77d9f7f9efd7ffa463e380b75e2e74aff4511df3ef88c' });
  });
  it('rejects bad references with docker 28 texts', () => {
    expect(parseReference('Alpine')).toEqual({ error: 'invalid reference format: repository name (library/Alpine) must be lowercase' });
    expect(parseReference('alpine:bad:tag')).toEqual({ error: 'invalid reference format' });
    expect(parseReference('a'.repeat(64).replace(/a/g, 'f'))).toEqual({ error: `invalid repository name (${'f'.repeat(64)}), cannot specify 64-byte hexadecimal strings` });
  });

  it('answers each call with its own object (a caller may change it)', () => {
    const a = parseReference('nginx:1.27');
    if ('error' in a) throw new Error(a.error);
    a.tag = 'changed';
    expect(parseReference('nginx:1.27')).toEqual({ domain: 'docker.io', path: 'library/nginx', tag: '1.27', digest: undefined });
    expect(parseReference('nginx:1.27')).not.toBe(parseReference('nginx:1.27'));
    const e = parseReference('UPPER');
    expect(e).toEqual(parseReference('UPPER'));
    expect(e).not.toBe(parseReference('UPPER'));
  });
});

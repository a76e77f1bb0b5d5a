import { describe, expect, it } from 'vitest';
import { familiarName, familiarTagged, parseReference } from './reference.ts';
import { sha256Hex } from './sha256.ts';

describe('parseReference', () => {
  it('normalises official images to docker.io/library', () => {
    expect(parseReference('alpine')).toEqual({ domain: 'docker.io', path: 'library/alpine' });
    expect(parseReference('alpine:3.21')).toEqual({ domain: 'docker.io', path: 'library/alpine', tag: '3.21' });
    expect(parseReference('learner/app:v1')).toEqual({ domain: 'docker.io', path: 'learner/app', tag: 'v1' });
  });

  it('recognises registry domains', () => {
    expect(parseReference('localhost:5000/app')).toEqual({ domain: 'localhost:5000', path: 'app' });
    expect(parseReference('ghcr.io/org/tool:1.2')).toEqual({ domain: 'ghcr.io', path: 'org/tool', tag: '1.2' });
  });

  it('keeps digests', () => {
    const d = `sha256:${'a'.repeat(64)}`;
    expect(parseReference(`alpine@${d}`)).toEqual({ domain: 'docker.io', path: 'library/alpine', digest: d });
  });

  it('words errors as Docker', () => {
    expect(parseReference('Alpine')).toEqual({ error: 'invalid reference format: repository name (library/Alpine) must be lowercase' });
    expect(parseReference('alpine:')).toEqual({ error: 'invalid reference format' });
    expect(parseReference('a b')).toEqual({ error: 'invalid reference format' });
    expect(parseReference('')).toEqual({ error: 'invalid reference format' });
  });

  it('prints familiar names', () => {
    const r = parseReference('docker.io/library/nginx');
    if ('error' in r) throw new Error(r.error);
    expect(familiarName(r)).toBe('nginx');
    expect(familiarTagged(r)).toBe('nginx:latest');
  });
});

describe('sha256Hex', () => {
  it('matches the standard test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('a'.repeat(1000))).toBe('41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3');
  });
});

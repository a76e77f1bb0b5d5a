import { describe, expect, it } from 'vitest';
import { runDocker, fakeIo, fakeSystem } from '../testkit.ts';
import cases from '../fixtures/errors.json';

// Captured from the real docker 28.2.2 client with DOCKER_HOST=unix:///tmp/nonexistent.sock
// and stdin not a terminal: flag errors, argument-count errors, client-side validation.
interface Case {
  argv: string[];
  exit: number;
  stdout: string;
  stderr: string;
}

describe('usage and validation errors match docker 28.2.2', () => {
  for (const c of cases as Case[]) {
    it(`docker ${c.argv.join(' ')}`, () => {
      const sys = fakeSystem({ env: { DOCKER_HOST: 'unix:///tmp/nonexistent.sock' }, engine: null });
      const r = runDocker(c.argv, fakeIo(), sys);
      expect({ exit: r.exit, stdout: r.stdout, stderr: r.stderr }).toEqual({ exit: c.exit, stdout: c.stdout, stderr: c.stderr });
    });
  }
});

import { describe, expect, it } from 'vitest';
import { runDocker, fakeIo } from '../testkit.ts';

// Captured from the real docker 28.2.2 client (`docker <cmd> --help`, stdin not a terminal → 80 columns).
const fixtures = import.meta.glob('../fixtures/help/*.txt', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

function argvOf(file: string): string[] {
  const name = file.replace(/^.*\//, '').replace(/\.txt$/, '');
  return name.split('_');
}

describe('--help matches docker 28.2.2 byte for byte', () => {
  const names = Object.keys(fixtures).filter((f) => !/\/_/.test(f));
  it('has the fixtures', () => expect(names.length).toBeGreaterThan(60));
  for (const file of names) {
    const argv = argvOf(file);
    it(`docker ${argv.join(' ')} --help`, () => {
      const r = runDocker([...argv, '--help']);
      expect(r.exit).toBe(0);
      expect(r.stdout).toBe(fixtures[file]);
    });
  }
  it('docker alone prints the root help on stderr', () => {
    const r = runDocker([]);
    expect(r.exit).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(fixtures['../fixtures/help/_root.txt']);
  });
  it('wraps to the terminal width of stdin (120 and 50 columns)', () => {
    expect(runDocker(['run', '--help'], fakeIo({ stdinTty: true, termCols: 120 })).stdout).toBe(fixtures['../fixtures/help/_run_cols120.txt']);
    expect(runDocker(['ps', '--help'], fakeIo({ stdinTty: true, termCols: 50 })).stdout).toBe(fixtures['../fixtures/help/_ps_cols50.txt']);
  });
});

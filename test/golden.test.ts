/**
 * Golden transcripts: every script under test/scripts runs on a fresh host and its
 * transcript must match test/golden/<name>.txt byte for byte. `npm run golden:update`
 * rewrites them locally (read the diff before committing); in CI a missing or
 * different golden file fails.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, formatTranscript } from '../src/node/script-runner.ts';

const scripts = join(import.meta.dirname, 'scripts');
const golden = join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1' && !process.env.CI;

describe('golden transcripts', () => {
  for (const f of readdirSync(scripts).filter((n) => n.endsWith('.sh'))) {
    it(f, () => {
      const text = readFileSync(join(scripts, f), 'utf8');
      const out = formatTranscript(runScript(f, text), false);
      const file = join(golden, f.replace(/\.sh$/, '.txt'));
      if (update) writeFileSync(file, out);
      expect(existsSync(file), `${file} is missing: run npm run golden:update`).toBe(true);
      expect(out).toBe(readFileSync(file, 'utf8'));
    });
  }
});

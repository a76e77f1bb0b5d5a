import { describe, expect, it } from 'vitest';
import { replayGolden, normalizeCall, type GoldenCase, type ScenarioRoute } from './testkit.ts';

// Golden runs of the real docker 28.2.2 client against a stub daemon (fixtures/scenarios/<name>.json):
// what it printed, its exit code and the API calls it made. The simulated CLI must do the same.
const goldens = import.meta.glob('./fixtures/golden/*.json', { eager: true, import: 'default' }) as Record<string, GoldenCase[]>;
const scenarios = import.meta.glob('./fixtures/scenarios/*.json', { eager: true, import: 'default' }) as Record<string, ScenarioRoute[]>;

/** Extra client-side state some captures relied on (files, environment). */
const SETUP: Record<string, { env?: Record<string, string>; files?: Record<string, string> }> = {
  system: { env: { HOME: '/tmp/stub/home2' }, files: {} },
  run: { env: { HOME: '/root' }, files: { '/tmp/stub/envfile': 'A=1\n# comment\nB = two\n\nHOME\nEMPTY=\nUNSET_X\n', '/tmp/stub/labelfile': 'x=1\ny\n', '/tmp/stub/envfile2': 'A=1\n# comment\n  B=two\n\nHOME\nEMPTY=\nUNSET_X\n' } },
};

for (const [file, cases] of Object.entries(goldens)) {
  const name = file.replace(/^.*\//, '').replace(/\.json$/, '');
  const scenario = scenarios[`./fixtures/scenarios/${name}.json`] ?? [];
  describe(`golden ${name} (docker 28.2.2)`, () => {
    // Files persist across a golden file's runs, as they did on the capturing machine.
    const setup = { env: SETUP[name]?.env, files: { ...(SETUP[name]?.files ?? {}) } };
    for (const g of cases) {
      it(`docker ${g.argv.join(' ')}`, () => {
        const r = replayGolden(g, scenario, setup);
        expect({ exit: r.exit, stdout: r.stdout, stderr: r.stderr }).toEqual({ exit: g.exit, stdout: g.stdout, stderr: g.stderr });
        // docker runs some of these in parallel: compare the calls as sets.
        expect([...r.requests].sort()).toEqual(g.requests.map(normalizeCall).sort());
        const bodies = r.engine.requests.filter((q) => q.body !== undefined && typeof q.body !== 'string').map((q) => q.body);
        expect(bodies).toEqual(g.bodies.map((b) => JSON.parse(b)));
      });
    }
  });
}

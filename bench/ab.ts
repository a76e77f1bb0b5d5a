/**
 * `npm run bench:ab -- REV`: the wall-clock cost of `docker run -d alpine
 * sleep 1000` in the working tree against git revision REV, both measured in
 * one Node process, in alternating slices of 25 runs.
 *
 * Why: on a shared machine a wall-clock median swings by a third within
 * minutes (the machine's slow spells slow every figure alike), so two
 * versions timed one after the other cannot be told apart below ~10%; and
 * instruction counts (bench:instructions) miss what instructions cost: SipHash
 * and string hashing, which this project removed in bulk, run several
 * instructions a cycle, a cache miss none. Here both versions are built with
 * Vite into one module each, loaded side by side, warmed as `npm run bench`
 * warms (bench/warmup.ts), and then a host of each makes its runs in turns,
 * 25 at a time, so both see the same spells. Each pair of hosts gives a ratio
 * of medians; the result is their median and range.
 * A development tool, not part of `npm run bench` (~2 minutes per pair of
 * hosts; REV must have bench/warmup.ts).
 * Usage: npm run bench:ab -- REV [--hosts 6] [--runs 600]
 */
import { build } from 'vite';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cache = join(root, 'node_modules', '.cache', 'container-sim-ab');

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} needs a whole number of at least 1`);
  return v;
}
const rev = process.argv[2];
if (!rev || rev.startsWith('--')) {
  console.error('usage: npm run bench:ab -- REV [--hosts 6] [--runs 600]');
  process.exit(2);
}
const hosts = arg('--hosts', 6);
const runs = arg('--runs', 600);
const SLICE = 25;

const ENTRY = "export { createHost } from './src/sim/host/host.ts';\nexport { COLD_RUNS, COLD_SEED, warmHosts } from './bench/warmup.ts';\n";

/** Build a checkout's simulator into one module; returns its path. */
async function bundle(dir: string, out: string): Promise<string> {
  writeFileSync(join(dir, 'ab-entry.ts'), ENTRY);
  try {
    await build({
      configFile: false,
      root: dir,
      logLevel: 'warn',
      ssr: { noExternal: true },
      build: { ssr: join(dir, 'ab-entry.ts'), outDir: out, emptyOutDir: true, target: 'es2022', copyPublicDir: false, rollupOptions: { output: { entryFileNames: 'sim.mjs' } } },
    });
  } finally {
    rmSync(join(dir, 'ab-entry.ts'));
  }
  return join(out, 'sim.mjs');
}

// REV's sources, unpacked beside the cache (git archive: no worktree to clean up), with this tree's node_modules.
const sha = execFileSync('git', ['rev-parse', '--verify', `${rev}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
const old = join(cache, sha);
if (!existsSync(join(old, 'src'))) {
  rmSync(old, { recursive: true, force: true });
  mkdirSync(old, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${sha} src bench | tar -x -C "${old}"`], { cwd: root });
  symlinkSync(join(root, 'node_modules'), join(old, 'node_modules'));
}
const aPath = await bundle(old, join(cache, 'out-a'));
const bPath = await bundle(root, join(cache, 'out-b'));

interface Sim {
  createHost(o: { seed: number }): { run(line: string): { exitCode: number; stderr: string } };
  COLD_RUNS: number;
  COLD_SEED: number;
  warmHosts(f: (h: { run(line: string): { exitCode: number; stderr: string } }, n: number) => unknown, n?: number): void;
}
const A = (await import(pathToFileURL(aPath).href)) as Sim;
const B = (await import(pathToFileURL(bPath).href)) as Sim;

type Host = ReturnType<Sim['createHost']>;
function timed(h: Host, n: number, out: number[]): void {
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const r = h.run('docker run -d alpine sleep 1000');
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.exitCode !== 0) throw new Error(`docker run failed: ${r.stderr}`);
  }
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

for (const M of [A, B]) {
  const cold = M.createHost({ seed: M.COLD_SEED });
  cold.run('docker pull alpine');
  timed(cold, M.COLD_RUNS, []);
  M.warmHosts((h, n) => {
    const t: number[] = [];
    timed(h, n, t);
    return t;
  });
}

const ratios: number[] = [];
console.log(`docker run -d alpine sleep 1000, median ms: ${rev} (A) against the working tree (B), ${runs} runs a host in slices of ${SLICE}`);
for (let i = 0; i < hosts; i++) {
  const seed = 100 + i;
  const ha = A.createHost({ seed });
  const hb = B.createHost({ seed });
  ha.run('docker pull alpine');
  hb.run('docker pull alpine');
  const ta: number[] = [];
  const tb: number[] = [];
  for (let done = 0; done < runs; done += SLICE) {
    // Each goes first every other slice.
    if ((done / SLICE) % 2 === 0) {
      timed(ha, SLICE, ta);
      timed(hb, SLICE, tb);
    } else {
      timed(hb, SLICE, tb);
      timed(ha, SLICE, ta);
    }
  }
  const r = median(tb) / median(ta);
  ratios.push(r);
  console.log(`  hosts ${i + 1}: A ${median(ta).toFixed(3)}  B ${median(tb).toFixed(3)}  B/A ${r.toFixed(3)}`);
}
const sorted = [...ratios].sort((a, b) => a - b);
console.log(`B/A: median ${median(ratios).toFixed(3)}, range ${(sorted[0] as number).toFixed(3)}-${(sorted[sorted.length - 1] as number).toFixed(3)} over ${hosts} pairs of hosts`);

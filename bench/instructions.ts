/**
 * `npm run bench:instructions`: how many machine instructions one
 * `docker run -d alpine sleep 1000` costs, counted by valgrind's cachegrind.
 * A development tool for comparing two versions of the code (not part of
 * `npm run bench`, and valgrind is not installed by CI): wall-clock medians on
 * a shared machine swing by 30-50% within a minute, while this count repeats
 * to a few parts in ten thousand, so a 1% change shows.
 *
 * How: bench/instructions-run.ts (a warm-up host, then a measured host) is
 * built with Vite into one module (tsx's per-module transform makes the count
 * vary by a few per cent) and run under cachegrind twice with Node's
 * deterministic flags (--single-threaded --predictable and fixed seeds), once
 * with 0 measured runs and once with 400; the difference over 400 is the cost
 * of a run, start-up, loading and the warm-up cancelling out. It takes a few
 * minutes (valgrind runs Node ~50x slower).
 * Usage: npm run bench:instructions [-- --runs 400 --warmup 300]
 */
import { build } from 'vite';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = join(root, 'node_modules', '.cache', 'container-sim-instructions');

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a whole number`);
  return v;
}
const runs = arg('--runs', 400);
const warmup = arg('--warmup', 300);

if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error('bench:instructions needs valgrind (Debian: apt-get install valgrind)');
  process.exit(1);
}

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  ssr: { noExternal: true },
  build: {
    ssr: join(root, 'bench', 'instructions-run.ts'),
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    copyPublicDir: false,
    rollupOptions: { output: { entryFileNames: 'run.mjs' } },
  },
});

/** Instructions valgrind counts for one Node process that makes `measured` runs after the warm-up. */
function count(measured: number): Promise<number> {
  const args = ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', '--smc-check=all-non-file'];
  const node = [process.execPath, '--single-threaded', '--predictable', '--hash-seed=42', '--random-seed=42', join(outDir, 'run.mjs')];
  const child = spawn('valgrind', [...args, ...node], { env: { ...process.env, WARMUP: String(warmup), RUNS: String(measured) } });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      const m = /I\s+refs:\s+([\d,]+)/.exec(err);
      if (code !== 0 || !m) reject(new Error(`valgrind failed:\n${err}`));
      else resolve(Number((m[1] as string).replace(/,/g, '')));
    });
  });
}

// Both at once (one per core).
const [base, full] = await Promise.all([count(0), count(runs)]);
const per = (full - base) / runs;
console.log(`docker run -d alpine sleep 1000: ${(per / 1e6).toFixed(3)} M instructions per run (runs 1-${runs} of a fresh host after ${warmup} warm-up runs)`);

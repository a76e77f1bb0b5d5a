/**
 * `npm run bench:instructions`: how many machine instructions one
 * `docker run -d alpine sleep 1000` costs, counted by valgrind's cachegrind.
 * A development tool for comparing two versions of the code (not part of
 * `npm run bench`, and valgrind is not installed by CI): wall-clock medians on
 * a shared machine swing by 30-50% within a minute, while this count repeats
 * to a few parts in ten thousand, so a 1% change shows.
 *
 * How: bench/instructions-run.ts (the warm-up hosts, then a measured host) is
 * built with Vite into one module (tsx's per-module transform makes the count
 * vary by a few per cent) and run under cachegrind twice with Node's
 * deterministic flags (--single-threaded --predictable and fixed seeds), once
 * making 400 runs on the measured host and once 800; the difference over 400
 * is the cost of runs 401-800, start-up, loading, the warm-up and the first
 * 400 runs cancelling out. The warm-up is the timed bench's (bench/warmup.ts):
 * three hosts of 1,000 runs, which stay alive (see instructions-run.ts: when
 * they died, V8 threw away and recompiled a few hundred optimised functions
 * inside the measured runs, 4-5 M instructions a run of TurboFan, for some
 * versions of the code and not others). Runs 1-400 (--skip 0) still hold ~1 M
 * instructions a run of TurboFan compiling what turns hot only then, and more
 * garbage collection; runs 401-800 show the steady state.
 * The count is split by where valgrind found the instructions: V8's optimising
 * compiler (TurboFan, which should be near zero once warm: a large share means
 * the code keeps being deoptimised and compiled again), the garbage collector
 * (with allocation's slow paths and the write barrier, whose cost follows the
 * collector's timing rather than the code: counted with "the rest", they moved
 * it by ~5% between two versions whose own code differed by 1%), and the rest
 * (the simulator's compiled code with the V8 builtins and runtime it calls),
 * by the function names cachegrind reports. The median run `npm run bench`
 * times holds no collection (a scavenge comes every ~30 runs), so "the rest"
 * is what to compare. It takes about four
 * minutes on two cores (valgrind runs Node ~50x slower).
 * Usage: npm run bench:instructions [-- --skip 400 --runs 400 --warmup 1000]
 */
import { build } from 'vite';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = join(root, 'node_modules', '.cache', 'container-sim-instructions');

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a whole number`);
  return v;
}
const skip = arg('--skip', 400);
const runs = arg('--runs', 400);
if (runs < 1) throw new Error('--runs needs at least 1');
const warmup = arg('--warmup', 1000);

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

interface Count {
  total: number;
  /** Instructions by kind (see kindOf). */
  kinds: Map<string, number>;
}

/** Where an instruction ran, from the function name cachegrind gives it. */
function kindOf(fn: string): string {
  if (fn.includes('compiler::') || fn.includes('Zone')) return 'TurboFan compiling';
  if (/Scaveng|Mark|Sweep|Evacuat|heap::|Heap|GC|Pretenur|IteratePointers/.test(fn)) return 'garbage collection';
  // What moves with the collector's timing rather than with the code: allocation's slow paths (refilling
  // a linear allocation area, free lists) and the write barrier, whose cost depends on whether marking is on.
  if (/RecordWrite|WriteBarrier|PagedSpace|FreeList|SetTopAndLimit|LinearAllocation|SpaceWithLinearArea|OldGenerationSize|ShouldBePromoted|Filler|ActiveSystemPages|Worklist|MemoryChunk|LiveObject|RememberedSet|NewSpace/.test(fn)) return 'garbage collection';
  return 'the rest';
}

/** Instructions valgrind counts for one Node process that makes `measured` runs after the warm-up. */
function count(measured: number): Promise<Count> {
  const file = join(outDir, `cachegrind.${measured}.out`);
  const args = ['--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${file}`, '--smc-check=all-non-file'];
  const node = [process.execPath, '--single-threaded', '--predictable', '--hash-seed=42', '--random-seed=42', join(outDir, 'run.mjs')];
  const child = spawn('valgrind', [...args, ...node], { env: { ...process.env, WARMUP: String(warmup), RUNS: String(measured) } });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      const m = /I\s+refs:\s+([\d,]+)/.exec(err);
      if (code !== 0 || !m) {
        reject(new Error(`valgrind failed:\n${err}`));
        return;
      }
      const kinds = new Map<string, number>();
      let kind = 'the rest';
      for (const l of readFileSync(file, 'utf8').split('\n')) {
        if (l.startsWith('fn=')) kind = kindOf(l.slice(3));
        else if (/^\d/.test(l)) kinds.set(kind, (kinds.get(kind) ?? 0) + Number(l.split(' ')[1] ?? 0));
      }
      resolve({ total: Number((m[1] as string).replace(/,/g, '')), kinds });
    });
  });
}

// Both at once (one per core).
const [base, full] = await Promise.all([count(skip), count(skip + runs)]);
const per = (full.total - base.total) / runs;
console.log(`docker run -d alpine sleep 1000: ${(per / 1e6).toFixed(3)} M instructions per run (runs ${skip + 1}-${skip + runs} of a fresh host after warm-up hosts of ${warmup} runs)`);
for (const k of ['the rest', 'garbage collection', 'TurboFan compiling']) {
  const v = ((full.kinds.get(k) ?? 0) - (base.kinds.get(k) ?? 0)) / runs;
  console.log(`  ${k.padEnd(20)} ${(v / 1e6).toFixed(3)} M (${((100 * v) / per).toFixed(1)}%)`);
}

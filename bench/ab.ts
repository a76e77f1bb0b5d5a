/**
 * `npm run bench:ab -- REV`: the wall-clock cost of `docker run -d alpine
 * sleep 1000` in the working tree against git revision REV, both measured in
 * one Node process, in alternating slices of 25 runs.
 *
 * Why: on a shared machine a wall-clock median swings by a third within
 * minutes (the machine's slow spells slow every figure alike), so two
 * versions timed one after the other cannot be told apart below ~10%; and
 * instruction counts (bench:instructions) miss what instructions cost: SipHash
 * and string hashing run several instructions a cycle, a cache miss none.
 * Here both versions are built with Vite into one module each, loaded side by
 * side, warmed as `npm run bench` warms (bench/warmup.ts), and then a host of
 * each makes its runs in turns, 25 at a time, so both see the same spells.
 * Each pair of hosts gives a ratio of medians (B/A, B the working tree).
 * The version loaded second ran ~3% faster than the same code loaded first
 * (HEAD against an unchanged tree gave 0.968), so the comparison is made
 * twice, in two processes, once loading each version first; the result is the
 * geometric mean of the two orders' median ratios, which cancels that.
 * A development tool, not part of `npm run bench` (~1 minute per pair of
 * hosts, plus ~20 s of warm-up per process; REV must have bench/warmup.ts).
 * Usage: npm run bench:ab -- REV [--hosts 4] [--runs 600]   (hosts per order)
 */
import { build } from 'vite';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';

const SLICE = 25;

interface Sim {
  createHost(o: { seed: number }): Host;
  COLD_RUNS: number;
  COLD_SEED: number;
  warmHosts(f: (h: Host, n: number) => unknown, n?: number): void;
}
interface Host {
  run(line: string): { exitCode: number; stderr: string };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function timed(h: Host, n: number, out: number[]): void {
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const r = h.run('docker run -d alpine sleep 1000');
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.exitCode !== 0) throw new Error(`docker run failed: ${r.stderr}`);
  }
}

/** One process's measurement: load the two bundles in the order given, warm both, time pairs of hosts. */
async function child(aPath: string, bPath: string, bFirst: boolean, hosts: number, runs: number): Promise<void> {
  const first = (await import(pathToFileURL(bFirst ? bPath : aPath).href)) as Sim;
  const second = (await import(pathToFileURL(bFirst ? aPath : bPath).href)) as Sim;
  const A = bFirst ? second : first;
  const B = bFirst ? first : second;
  for (const M of [first, second]) {
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
    console.log(`  ${bFirst ? 'B' : 'A'} loaded first, hosts ${i + 1}: A ${median(ta).toFixed(3)}  B ${median(tb).toFixed(3)}  B/A ${r.toFixed(3)}`);
  }
  console.log(`RATIOS ${JSON.stringify(ratios)}`);
}

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} needs a whole number of at least 1`);
  return v;
}

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

async function main(): Promise<void> {
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const cache = join(root, 'node_modules', '.cache', 'container-sim-ab');
  const rev = process.argv[2];
  if (!rev || rev.startsWith('--')) {
    console.error('usage: npm run bench:ab -- REV [--hosts 4] [--runs 600]');
    process.exit(2);
  }
  const hosts = arg('--hosts', 4);
  const runs = arg('--runs', 600);
  // REV's sources, unpacked in the cache (git archive: no worktree to clean up), with this tree's node_modules.
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
  console.log(`docker run -d alpine sleep 1000, median ms: ${rev} (A) against the working tree (B), ${runs} runs a host in slices of ${SLICE}`);
  const orderMedians: number[] = [];
  for (const order of ['ab', 'ba']) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', fileURLToPath(import.meta.url)], {
      env: { ...process.env, AB_CHILD: JSON.stringify({ aPath, bPath, bFirst: order === 'ba', hosts, runs }) },
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    const out = r.stdout ?? '';
    process.stdout.write(out.split('\n').filter((l) => !l.startsWith('RATIOS ')).join('\n'));
    const line = out.split('\n').find((l) => l.startsWith('RATIOS '));
    if (r.status !== 0 || !line) throw new Error(`measurement (${order}) failed with status ${r.status}`);
    orderMedians.push(median(JSON.parse(line.slice(7)) as number[]));
  }
  const [ab, ba] = orderMedians as [number, number];
  console.log(`B/A: ${Math.sqrt(ab * ba).toFixed(3)} (A loaded first: median ${ab.toFixed(3)}; B loaded first: median ${ba.toFixed(3)})`);
}

const spec = process.env.AB_CHILD;
if (spec) {
  const c = JSON.parse(spec) as { aPath: string; bPath: string; bFirst: boolean; hosts: number; runs: number };
  await child(c.aPath, c.bPath, c.bFirst, c.hosts, c.runs);
} else {
  await main();
}

/**
 * What bench/instructions.ts counts: warm-up hosts as bench/run.ts has them
 * (a cold host's 100 runs, then WARMUP_HOSTS hosts of WARMUP runs of
 * `docker run -d alpine sleep 1000` and five `docker ps` each), so V8 has
 * compiled what a run passes and the maps and field types of a host's state
 * have settled (a first new host after a single warm-up host made V8 throw
 * away ~200 optimised functions, and half the instructions of its next 400
 * runs were TurboFan's), then a fresh host makes RUNS of them.
 */
import { createHost } from '../src/sim/host/host.ts';

const warmup = Number(process.env.WARMUP ?? 1000);
const warmupHosts = Number(process.env.WARMUP_HOSTS ?? 3);
const runs = Number(process.env.RUNS ?? 400);
const line = 'docker run -d alpine sleep 1000';

function runs_(seed: number, n: number): ReturnType<typeof createHost> {
  const h = createHost({ seed });
  h.run('docker pull alpine');
  for (let i = 0; i < n; i++) {
    const r = h.run(line);
    if (r.exitCode !== 0) throw new Error(`docker run failed: ${r.stderr}`);
  }
  return h;
}

runs_(3, Math.min(100, warmup));
for (let i = 0; i < warmupHosts; i++) {
  const w = runs_([2, 4, 5][i % 3] as number, warmup);
  for (let j = 0; j < 5; j++) w.run('docker ps');
}
runs_(1, runs);

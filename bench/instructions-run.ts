/**
 * What bench/instructions.ts counts: a warm-up host makes WARMUP runs of
 * `docker run -d alpine sleep 1000` (so the JIT has compiled what a run
 * passes), then a fresh host makes RUNS of them.
 */
import { createHost } from '../src/sim/host/host.ts';

const warmup = Number(process.env.WARMUP ?? 300);
const runs = Number(process.env.RUNS ?? 400);
const line = 'docker run -d alpine sleep 1000';

const w = createHost({ seed: 2 });
w.run('docker pull alpine');
for (let i = 0; i < warmup; i++) w.run(line);
const h = createHost({ seed: 1 });
h.run('docker pull alpine');
for (let i = 0; i < runs; i++) {
  const r = h.run(line);
  if (r.exitCode !== 0) throw new Error(`docker run failed: ${r.stderr}`);
}

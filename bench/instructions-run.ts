/**
 * What bench/instructions.ts counts: the timed bench's warm-up
 * (bench/warmup.ts; WARMUP runs on each warm-up host), so V8 has compiled
 * what a run passes and the maps and field types of a host's state have
 * settled, then a fresh host makes RUNS of `docker run -d alpine sleep 1000`.
 * Every host stays alive to the end. Under the count's flags (--single-threaded
 * --predictable) the first full GC after the warm-up hosts died found under
 * 10% of the old generation alive, and at that V8 throws away all optimised
 * code tied to its allocation sites ("Deopt all allocation sites dependent
 * code due to low survival rate in the old generation", --trace-pretenuring):
 * some hundred functions compiled again inside the measured runs, up to 5 M
 * instructions a run, for some versions of the code and not others. A
 * learner's host lives on, and the timed bench (no such flags) showed no such
 * event.
 */
import { createHost } from '../src/sim/host/host.ts';
import { COLD_RUNS, COLD_SEED, WARM_RUNS, warmHosts } from './warmup.ts';

const warmup = Number(process.env.WARMUP ?? WARM_RUNS);
const runs = Number(process.env.RUNS ?? 400);

const alive: Array<ReturnType<typeof createHost>> = [];

function dockerRuns(h: ReturnType<typeof createHost>, n: number): void {
  alive.push(h);
  for (let i = 0; i < n; i++) {
    const r = h.run('docker run -d alpine sleep 1000');
    if (r.exitCode !== 0) throw new Error(`docker run failed: ${r.stderr}`);
  }
}

function freshHost(seed: number): ReturnType<typeof createHost> {
  const h = createHost({ seed });
  h.run('docker pull alpine');
  return h;
}

dockerRuns(freshHost(COLD_SEED), Math.min(COLD_RUNS, warmup));
warmHosts(dockerRuns, warmup);
dockerRuns(freshHost(1), runs);

/**
 * The JIT warm-up both benches make before they measure `docker run -d alpine
 * sleep 1000`: bench/run.ts times what follows it, bench/instructions-run.ts
 * counts its instructions, and the two figures only compare while the warm-ups
 * are the same. A cold host of 100 runs comes first (bench/run.ts reports its
 * times), then three hosts of 1,000 runs and five `docker ps` each: after a
 * single warm-up host V8 threw away ~200 optimised functions when the next host
 * was made.
 */
import { createHost } from '../src/sim/host/host.ts';

export const COLD_SEED = 3;
export const COLD_RUNS = 100;
export const WARM_SEEDS = [2, 4, 5] as const;
export const WARM_RUNS = 1000;

type Host = ReturnType<typeof createHost>;

/** The three warm-up hosts, each `runs` docker runs made by `dockerRuns`, then five `docker ps`. */
export function warmHosts(dockerRuns: (host: Host, n: number) => unknown, runs: number = WARM_RUNS): void {
  for (const seed of WARM_SEEDS) {
    const warm = createHost({ seed });
    warm.run('docker pull alpine');
    dockerRuns(warm, runs);
    for (let i = 0; i < 5; i++) warm.run('docker ps');
  }
}

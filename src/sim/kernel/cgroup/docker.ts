/**
 * Conversions from `docker run` resource flags to cgroup v2 values, as the
 * Docker daemon and runc do them (moby daemon/daemon_unix.go; runc's
 * opencontainers/cgroups utils.go ConvertCPUSharesToCgroupV2Value and
 * ConvertMemorySwapToCgroupV2Value). Pure helpers for the engine.
 *
 * SIMPLIFICATIONS: only the runc ≥ 1.3.2 shares formula (the older linear
 * one gives 1024 → 39); values are JS numbers, exact below 2^53.
 */

import { CPU_PERIOD_DEFAULT_US } from './types.ts';

/** -c/--cpu-shares → cpu.weight (runc ≥ 1.3.2). 0 means unset and stays 0. */
export function sharesToWeight(shares: number): number {
  if (shares === 0) return 0;
  if (shares <= 2) return 1;
  if (shares >= 262144) return 10000;
  const l = Math.log2(shares);
  const exponent = (l * l + 125 * l) / 612 - 7 / 34;
  return Math.ceil(10 ** exponent);
}

/**
 * --cpus=N → cpu.max text. Docker stores N as NanoCPUs and sets
 * quota = NanoCPUs × period / 1e9 with the 100 ms period: 1.5 → "150000 100000".
 * 0 (unset) → "max 100000".
 */
export function cpusToCpuMax(cpus: number, periodUs: number = CPU_PERIOD_DEFAULT_US): string {
  const nano = Math.round(cpus * 1e9);
  if (nano <= 0) return `max ${periodUs}`;
  return `${Math.floor((nano * periodUs) / 1e9)} ${periodUs}`;
}

export type SwapMaxResult = { ok: true; value: number | 'max' | null } | { ok: false; error: string };

/**
 * --memory-swap (memory + swap, bytes; -1 unlimited, 0 unset) with --memory
 * (bytes; -1 unlimited, 0 unset) → memory.swap.max: a byte count, "max", or
 * null to leave it unset. Errors carry runc's wording.
 */
export function memorySwapToSwapMax(memorySwap: number, memory: number): SwapMaxResult {
  if (memory === -1 && memorySwap === 0) return { ok: true, value: 'max' };
  if (memorySwap === -1) return { ok: true, value: 'max' };
  if (memorySwap === 0) return { ok: true, value: null };
  if (memory === -1) return { ok: true, value: memorySwap };
  if (memory === 0) return { ok: false, error: 'unable to set swap limit without memory limit' };
  if (memory < 0) return { ok: false, error: `invalid memory value: ${memory}` };
  if (memorySwap < memory) return { ok: false, error: 'memory+swap limit should be >= memory limit' };
  return { ok: true, value: memorySwap - memory };
}

/**
 * What one Engine instance keeps beside its plain-data state and that is not
 * state: whether its kernel hooks are installed, seams a test put on it, and
 * the listeners on container terminals. Like Kernel.ports and Kernel.hooks it
 * is wiring, not simulation state, so snapshots leave it out.
 *
 * Kept on the instance under a symbol (never in module-level variables), so two
 * hosts on one page never share it.
 */

import type { Engine } from '../engine.ts';
import type { Seams } from './seams.ts';

export interface EngineRuntime {
  hooksInstalled: boolean;
  seams: Partial<Seams> | null;
  /** Unsubscribe functions of tty listeners, by container or exec ID. */
  ttyListeners: Record<string, () => void>;
  /** Depth of engine operations in progress (nested calls from hooks). */
  busy: number;
  /**
   * Which container each task capture belongs to, valid while the userland's capture table is
   * `caps` (a restore replaces it): lets a drain read only the containers
   * whose captures were written (Userland.dirtyCaptures).
   */
  capOwners: { caps: object; owner: Map<number, string> } | null;
}

const KEY = Symbol.for('container-sim.engine.runtime');

export function runtimeOf(engine: Engine): EngineRuntime {
  const holder = engine as unknown as Record<symbol, EngineRuntime | undefined>;
  let rt = holder[KEY];
  if (!rt) {
    rt = { hooksInstalled: false, seams: null, ttyListeners: {}, busy: 0, capOwners: null };
    Object.defineProperty(engine, KEY, { value: rt, enumerable: false, configurable: false, writable: false });
  }
  return rt;
}

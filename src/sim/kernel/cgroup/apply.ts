import type { KernelState } from '../state.ts';
import type { SimEvent } from '../../events.ts';

/** Applies cgroup events to the cgroup slice of the kernel state. The only writer of that slice. */
export function applyCgroupEvent(_s: KernelState, _e: SimEvent): void {}

import type { KernelState } from '../state.ts';
import type { SimEvent } from '../../events.ts';

/** Applies fs events to the fs slice of the kernel state. The only writer of that slice. */
export function applyFsEvent(_s: KernelState, _e: SimEvent): void {}

import type { KernelState } from '../state.ts';
import type { SimEvent } from '../../events.ts';

/** Applies net events to the net slice of the kernel state. The only writer of that slice. */
export function applyNetEvent(_s: KernelState, _e: SimEvent): void {}

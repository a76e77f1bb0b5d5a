import type { EngineState } from '../state.ts';
import type { EngineEvent } from '../events.ts';

/** The only writer of the network slice of EngineState. */
export function applyNetworkEvent(_s: EngineState, _e: EngineEvent): void {}

import type { EngineState } from '../state.ts';
import type { EngineEvent } from '../events.ts';

/** The only writer of the containers slice of EngineState. */
export function applyContainersEvent(_s: EngineState, _e: EngineEvent): void {}

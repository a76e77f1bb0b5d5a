import type { EngineState } from '../state.ts';
import type { EngineEvent } from '../events.ts';

/** The only writer of the system slice of EngineState. */
export function applySystemEvent(_s: EngineState, _e: EngineEvent): void {}

import type { EngineState } from '../state.ts';
import type { EngineEvent } from '../events.ts';

/** The only writer of the volumes slice of EngineState. */
export function applyVolumesEvent(_s: EngineState, _e: EngineEvent): void {}

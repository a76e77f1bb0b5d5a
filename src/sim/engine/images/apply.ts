import type { EngineState } from '../state.ts';
import type { EngineEvent } from '../events.ts';

/** The only writer of the images slice of EngineState. */
export function applyImagesEvent(_s: EngineState, _e: EngineEvent): void {}

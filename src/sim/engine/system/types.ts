/** State of the engine's system slice. Placeholder until the slice lands. */
export interface SystemState {
  placeholder?: true;
}
export function createInitialSystemState(): SystemState {
  return {};
}

/** State of the engine's containers slice. Placeholder until the slice lands. */
export interface ContainersState {
  placeholder?: true;
}
export function createInitialContainersState(): ContainersState {
  return {};
}

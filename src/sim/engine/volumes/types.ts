/** State of the engine's volumes slice. Placeholder until the slice lands. */
export interface VolumesState {
  placeholder?: true;
}
export function createInitialVolumesState(): VolumesState {
  return {};
}
